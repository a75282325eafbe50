use crate::model::Kind;
use crate::rules::support::{container_label, is_true, known_containers, Decision};
use crate::rules::{Check, Example, Expect, Linked, Rule, Severity, Subject};

/// Where the SSM agent behind ECS Exec writes (rules.md §5.15).
const SSM_PATHS: [&str; 2] = ["/var/lib/amazon/ssm", "/var/log/amazon/ssm"];

pub static RULE: Rule = Rule {
    id: "CS-05",
    name: "exec-readonly-conflict",
    title: "ECS Exec with read-only root FS",
    severity: Severity::Info,
    kinds: &[Kind::Service],
    description: "ECS Exec runs the SSM agent inside each container, and the agent writes under `/var/lib/amazon/ssm` \
        and `/var/log/amazon/ssm`. With `readonlyRootFilesystem: true` and no writable mount there, the agent cannot \
        start and `execute-command` fails although the service enables it (amazon-ecs-exec-checker#21, \
        containers-roadmap#1359). Checked against the linked task definition's containers.",
    remediation: "Add writable volumes (e.g. bind mounts of task ephemeral storage) mounted at `/var/lib/amazon` and \
        `/var/log/amazon` (or deeper, down to the `ssm` directories) in containers with a read-only root file system, \
        or leave ECS Exec off for this service.",
    equivalents: &[],
    params: &[],
    check,
    examples: &[
        Example {
            title: "exec enabled, read-only root file system, no writable mounts",
            expect: Expect::Fail,
            input: r#"[{"family": "web", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "readonlyRootFilesystem": true}]},
 {"serviceName": "web", "taskDefinition": "web", "launchType": "FARGATE", "enableExecuteCommand": true}]"#,
        },
        Example {
            title: "CloudFormation: writable mount for only one of the agent's directories",
            expect: Expect::Fail,
            input: r#"{"Resources": {
  "Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"RequiresCompatibilities": ["FARGATE"], "NetworkMode": "awsvpc", "Cpu": "256", "Memory": "512",
    "Volumes": [{"Name": "ssm-lib"}],
    "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27", "ReadonlyRootFilesystem": true,
      "MountPoints": [{"SourceVolume": "ssm-lib", "ContainerPath": "/var/lib/amazon"}]}]}},
  "Service": {"Type": "AWS::ECS::Service", "Properties": {"TaskDefinition": {"Ref": "Task"}, "LaunchType": "FARGATE", "EnableExecuteCommand": true}}}}"#,
        },
        Example {
            title: "writable mounts for the agent",
            expect: Expect::Pass,
            input: r#"[{"family": "web", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "volumes": [{"name": "ssm-lib"}, {"name": "ssm-log"}],
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "readonlyRootFilesystem": true,
    "mountPoints": [{"sourceVolume": "ssm-lib", "containerPath": "/var/lib/amazon/ssm"}, {"sourceVolume": "ssm-log", "containerPath": "/var/log/amazon"}]}]},
 {"serviceName": "web", "taskDefinition": "web", "launchType": "FARGATE", "enableExecuteCommand": true}]"#,
        },
        Example {
            title: "read-only root file system without exec",
            expect: Expect::Pass,
            input: r#"[{"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "readonlyRootFilesystem": true}]},
 {"serviceName": "web", "taskDefinition": "web", "launchType": "FARGATE"}]"#,
        },
    ],
};

fn check(check: &mut Check<'_>, service: &Subject<'_>) {
    let body = service.body();
    let flag = body.get("enableExecuteCommand");
    match is_true(flag) {
        Decision::No => return check.not_applicable(),
        Decision::Unknown(at) => return check.undecided(at, "enableExecuteCommand is not known before deployment."),
        Decision::Yes => {}
    }
    let td = match service.task_definition() {
        Linked::Resolved(td) => td,
        Linked::NotWritten => return check.not_applicable(),
        Linked::Unresolved(why) => {
            return check.undecided(body.get("taskDefinition"), format!("ECS Exec is enabled but the task definition cannot be read: {why}."))
        }
    };
    let Some(containers) = known_containers(check, td.body()) else { return };
    for (index, container) in containers.iter().enumerate() {
        let label = container_label(container, index);
        match is_true(container.get("readonlyRootFilesystem")) {
            Decision::No => continue,
            Decision::Unknown(_) => {
                check.undecided(flag, format!("Container {label}: readonlyRootFilesystem is not known before deployment."));
                continue;
            }
            Decision::Yes => {}
        }
        let mounts = container.get("mountPoints");
        let paths: Vec<Option<&str>> = mounts.items().iter().map(|m| m.get("containerPath").as_str()).collect();
        let uncovered: Vec<&str> = SSM_PATHS
            .into_iter()
            .filter(|path| !paths.iter().flatten().any(|mount| covers(mount, path)))
            .collect();
        if uncovered.is_empty() {
            continue;
        }
        // A mount whose path is not known before deployment may be the missing one.
        if mounts.is_unknown() || paths.contains(&None) {
            check.undecided(flag, format!("Container {label}: its mountPoints are not known before deployment."));
        } else {
            check.fail(
                flag,
                format!(
                    "ECS Exec is enabled but container {label} has a read-only root file system and no writable mount for {}; \
                     the exec agent cannot start there.",
                    uncovered.join(" and ")
                ),
            );
        }
    }
}

/// A mount makes `path` writable when it is at `path` or above it: `/var/lib/amazon`, `/var/lib/amazon/ssm`, and also
/// `/var` (a volume there covers everything below it).
fn covers(mount: &str, path: &str) -> bool {
    let mount = mount.trim().trim_end_matches('/');
    !mount.is_empty() && (path == mount || path.strip_prefix(mount).is_some_and(|rest| rest.starts_with('/')))
}

#[cfg(test)]
mod tests {
    use super::covers;

    #[test]
    fn mounts_cover_the_agent_directories() {
        let path = "/var/lib/amazon/ssm";
        assert!(covers("/var/lib/amazon", path));
        assert!(covers("/var/lib/amazon/ssm/", path));
        assert!(covers("/var", path));
        assert!(!covers("/var/lib/amazon/other", path));
        assert!(!covers("/var/lib/amazonx", path));
        assert!(!covers("/", path));
    }
}
