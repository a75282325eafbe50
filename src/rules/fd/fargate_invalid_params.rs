use super::{fargate_containers, forbid};
use crate::model::Kind;
use crate::rules::support::container_label;
use crate::rules::{Check, Edit, Equivalent, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "FD-06",
    name: "fargate-invalid-params",
    title: "Parameters not valid on Fargate",
    severity: Severity::Critical,
    kinds: &[Kind::TaskDefinition],
    description: "Fargate does not support these task definition parameters (fargate-tasks-services.html): a container's \
        `privileged`, `links`, `dnsServers`, `dnsSearchDomains`, `dockerSecurityOptions`, `extraHosts`, \
        `disableNetworking`, `linuxParameters.devices`, `sharedMemorySize`, `tmpfs`, `maxSwap`, `swappiness` and GPU \
        `resourceRequirements`, and the task's `ipcMode` and `placementConstraints`. Setting any of them on a task \
        definition that requires FARGATE makes registration or launch fail. Each one is reported at its own path. \
        \"Set\" means an enabling value (rules.md §5.10): `privileged: false`, `disableNetworking: false`, empty lists and \
        the `placementConstraints: []` that describe-task-definition prints are tolerated. cfn-lint E3048 covers \
        `placementConstraints` only.",
    remediation: "Remove the listed parameters from the task definition, or run the workload on EC2 if it needs them \
        (privileged mode, devices, GPUs, host IPC, swap).",
    equivalents: &[Equivalent { tool: "cfn-lint", id: "E3048" }],
    params: &[],
    check,
    examples: &[
        Example {
            title: "privileged container with a device and tmpfs on Fargate",
            expect: Expect::Fail,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "privileged": true,
    "linuxParameters": {"devices": [{"hostPath": "/dev/fuse"}], "tmpfs": [{"containerPath": "/run", "size": 64}]}}]}"#,
        },
        Example {
            title: "GPU, links and placementConstraints in a CloudFormation task definition",
            expect: Expect::Fail,
            input: r#"{"Resources": {"TaskDef": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"RequiresCompatibilities": ["FARGATE"],
  "NetworkMode": "awsvpc", "Cpu": "4096", "Memory": "16384", "PlacementConstraints": [{"Type": "memberOf", "Expression": "attribute:ecs.instance-type =~ g4dn.*"}],
  "ContainerDefinitions": [{"Name": "train", "Image": "trainer:1", "Links": ["db"], "ResourceRequirements": [{"Type": "GPU", "Value": "1"}]}]}}}}"#,
        },
        Example {
            title: "ipcMode and maxSwap on Fargate",
            expect: Expect::Fail,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512", "ipcMode": "task",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "linuxParameters": {"maxSwap": 0}}]}"#,
        },
        Example {
            title: "describe-task-definition output with privileged false and placementConstraints []",
            expect: Expect::Pass,
            input: r#"{"taskDefinition": {"family": "app", "revision": 3, "requiresCompatibilities": ["FARGATE"], "compatibilities": ["EC2", "FARGATE"],
  "networkMode": "awsvpc", "cpu": "256", "memory": "512", "placementConstraints": [], "volumes": [],
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "privileged": false, "disableNetworking": false, "links": [],
    "dnsServers": [], "extraHosts": [], "linuxParameters": {"capabilities": {"add": ["SYS_PTRACE"]}, "devices": [], "tmpfs": []}}]}}"#,
        },
        Example {
            title: "EC2 task definition with privileged and GPU",
            expect: Expect::Pass,
            input: r#"{"family": "gpu", "requiresCompatibilities": ["EC2"], "networkMode": "bridge",
  "containerDefinitions": [{"name": "train", "image": "trainer:1", "memory": 4096, "privileged": true, "resourceRequirements": [{"type": "GPU", "value": "1"}]}]}"#,
        },
    ],
};

const WHY: &str = "Fargate does not support it";

/// Container parameters Fargate rejects. Source: fargate-tasks-services.html (rules.md §3.2).
const CONTAINER_PARAMS: &[&str] = &["privileged", "links", "dnsServers", "dnsSearchDomains", "dockerSecurityOptions", "extraHosts", "disableNetworking"];
const LINUX_PARAMS: &[&str] = &["devices", "sharedMemorySize", "tmpfs", "maxSwap", "swappiness"];
const TASK_PARAMS: &[&str] = &["ipcMode", "placementConstraints"];

fn check(check: &mut Check<'_>, td: &Subject<'_>) {
    let body = td.body();
    let Some(containers) = fargate_containers(check, body) else { return };
    for &key in TASK_PARAMS {
        forbid(check, body.get(key), key, WHY, true);
    }
    for (index, container) in containers.iter().enumerate() {
        let label = container_label(container, index);
        for &key in CONTAINER_PARAMS {
            forbid(check, container.get(key), &format!("Container {label}: {key}"), WHY, true);
        }
        let linux = container.get("linuxParameters");
        if linux.is_unknown() {
            check.undecided(linux, format!("Container {label}: linuxParameters is not known before deployment; Fargate rejects its devices, sharedMemorySize, tmpfs, maxSwap and swappiness."));
        } else {
            for &key in LINUX_PARAMS {
                forbid(check, linux.get(key), &format!("Container {label}: linuxParameters.{key}"), WHY, true);
            }
        }
        let requirements = container.get("resourceRequirements");
        if requirements.is_unknown() {
            check.undecided(requirements, format!("Container {label}: resourceRequirements is not known before deployment; Fargate does not support GPUs."));
        }
        for requirement in requirements.items() {
            let kind = requirement.get("type");
            match kind.as_str() {
                Some("GPU") => check.fail_with_fix(
                    requirement,
                    format!("Container {label} requests a GPU in resourceRequirements; Fargate does not support GPUs."),
                    vec![Edit::remove(requirement)],
                ),
                _ if kind.is_unknown() => check.undecided(kind, format!("Container {label}: a resourceRequirements type is not known before deployment; Fargate does not support GPUs.")),
                _ => {}
            }
        }
    }
}
