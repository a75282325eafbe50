use crate::model::{Field, Kind, Node, Value};
use crate::rules::support::{container_label, known_containers};
use crate::rules::{Check, Edit, Equivalent, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "FD-09",
    name: "awsvpc-host-port",
    title: "hostPort must equal containerPort",
    severity: Severity::High,
    kinds: &[Kind::TaskDefinition],
    description: "In the `awsvpc` network mode (always the case on Fargate) and in the `host` mode a container's port is the \
        task's or host's port: `hostPort` may be left blank or set to the same value as `containerPort` \
        (AWS::ECS::TaskDefinition PortMapping). A different value is rejected when the task definition is registered; \
        port remapping is a `bridge` mode feature.",
    remediation: "Remove `hostPort`, or set it to the `containerPort` value. To expose a different port, change the port \
        the application listens on or put a load balancer in front of it.",
    equivalents: &[Equivalent { tool: "cfn-lint", id: "E3053" }],
    params: &[],
    check,
    examples: &[
        Example {
            title: "awsvpc task maps host port 80 to container port 8080",
            expect: Expect::Fail,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "portMappings": [{"containerPort": 8080, "hostPort": 80, "protocol": "tcp"}]}]}"#,
        },
        Example {
            title: "host network mode with different ports (CloudFormation, ports as strings)",
            expect: Expect::Fail,
            input: r#"{"Resources": {"TaskDef": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"RequiresCompatibilities": ["EC2"], "NetworkMode": "host",
  "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27", "Memory": 256, "PortMappings": [{"ContainerPort": "8080", "HostPort": "80"}]}]}}}}"#,
        },
        Example {
            title: "awsvpc with hostPort equal to containerPort, and one without hostPort",
            expect: Expect::Pass,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "portMappings": [{"containerPort": 80, "hostPort": 80}, {"containerPort": 9090}]}]}"#,
        },
        Example {
            title: "bridge mode may remap ports",
            expect: Expect::Pass,
            input: r#"{"family": "app", "requiresCompatibilities": ["EC2"], "networkMode": "bridge",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 256, "portMappings": [{"containerPort": 8080, "hostPort": 80}]}]}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, td: &Subject<'_>) {
    let body = td.body();
    let mode = body.get("networkMode");
    let mode_unknown = match mode.as_str() {
        Some("awsvpc" | "host") => false,
        _ if mode.is_unknown() => true,
        // Absent means bridge; bridge and none may remap.
        _ => return check.not_applicable(),
    };
    let Some(containers) = known_containers(check, body) else { return };
    for (index, container) in containers.iter().enumerate() {
        let label = container_label(container, index);
        let mappings = container.get("portMappings");
        if mappings.is_unknown() {
            check.undecided(mappings, format!("Container {label}: portMappings is not known before deployment."));
        }
        for mapping in mappings.items() {
            let Some(problem) = mismatch(mapping) else { continue };
            let at = mapping.get("hostPort");
            match problem {
                Mismatch::Unknown => check.undecided(at, format!("Container {label}: hostPort or containerPort is not known before deployment; in awsvpc and host mode they must be equal.")),
                Mismatch::Different if mode_unknown => check.undecided(
                    mode,
                    format!("networkMode is not known before deployment; container {label} maps hostPort to a different containerPort, which awsvpc and host mode reject."),
                ),
                Mismatch::Different => check.fail_with_fix(
                    at,
                    format!("Container {label}: hostPort differs from containerPort; in awsvpc and host network mode hostPort must be blank or equal to containerPort."),
                    vec![host_port_fix(mapping)],
                ),
            }
        }
    }
}

/// hostPort = containerPort as written; without a single containerPort, no hostPort (blank is valid).
fn host_port_fix(mapping: &Node) -> Edit {
    let host = mapping.get("hostPort");
    let port = mapping.get("containerPort").known().and_then(|node| match &node.value {
        Value::Number(n) if n.fract() == 0.0 && (0.0..=65535.0).contains(n) => Some(serde_json::Value::from(*n as u32)),
        Value::String(s) => Some(serde_json::Value::from(s.to_string())),
        _ => None,
    });
    match port {
        Some(port) => Edit::set(host, port),
        None => Edit::remove(host),
    }
}

enum Mismatch {
    Different,
    Unknown,
}

/// Whether a port mapping sets a hostPort that is not its containerPort.
fn mismatch(mapping: &Node) -> Option<Mismatch> {
    let host = match mapping.get("hostPort") {
        Field::Absent { .. } => return None,
        Field::Unknown(_) => return Some(Mismatch::Unknown),
        Field::Known(node) => node.as_f64(),
    };
    match mapping.get("containerPort") {
        Field::Unknown(_) => Some(Mismatch::Unknown),
        // A hostPort with a containerPortRange (or alone) cannot equal a single container port.
        Field::Absent { .. } => Some(Mismatch::Different),
        Field::Known(node) => (node.as_f64() != host).then_some(Mismatch::Different),
    }
}
