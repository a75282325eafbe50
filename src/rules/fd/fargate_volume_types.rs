use super::forbid;
use crate::model::Kind;
use crate::rules::support::{container_label, require_fargate_task_definition};
use crate::rules::{Check, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "FD-08",
    name: "fargate-volume-types",
    title: "Host-path / Docker volumes on Fargate",
    severity: Severity::Critical,
    kinds: &[Kind::TaskDefinition],
    description: "Fargate tasks can use empty bind mounts (a volume with a name only, or `host: {}`), Amazon EFS and Amazon \
        EBS volumes, but not bind mounts of a host path (`host.sourcePath`) or Docker volumes \
        (`dockerVolumeConfiguration`) (fargate-tasks-services.html). There is no host to mount from: such a task \
        definition is rejected.",
    remediation: "Use an empty bind mount for scratch space shared between containers, `ephemeralStorage` for more space, or \
        an EFS volume (`efsVolumeConfiguration`) for persistent data.",
    equivalents: &[],
    params: &[],
    check,
    examples: &[
        Example {
            title: "host path bind mount on Fargate",
            expect: Expect::Fail,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "volumes": [{"name": "docker-sock", "host": {"sourcePath": "/var/run/docker.sock"}}],
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "mountPoints": [{"sourceVolume": "docker-sock", "containerPath": "/var/run/docker.sock"}]}]}"#,
        },
        Example {
            title: "Docker volume in a CloudFormation Fargate task definition",
            expect: Expect::Fail,
            input: r#"{"Resources": {"TaskDef": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"RequiresCompatibilities": ["FARGATE"],
  "NetworkMode": "awsvpc", "Cpu": "256", "Memory": "512",
  "Volumes": [{"Name": "data", "DockerVolumeConfiguration": {"Scope": "task", "Driver": "local"}}],
  "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27"}]}}}}"#,
        },
        Example {
            title: "empty bind mount and EFS volume on Fargate",
            expect: Expect::Pass,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "volumes": [{"name": "scratch", "host": {}}, {"name": "shared", "efsVolumeConfiguration": {"fileSystemId": "fs-0123456789abcdef0", "transitEncryption": "ENABLED"}}],
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]}"#,
        },
        Example {
            title: "host path on an EC2-only task definition",
            expect: Expect::Pass,
            input: r#"{"family": "agent", "requiresCompatibilities": ["EC2"], "volumes": [{"name": "proc", "host": {"sourcePath": "/proc"}}],
  "containerDefinitions": [{"name": "agent", "image": "agent:1", "memory": 256}]}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, td: &Subject<'_>) {
    let body = td.body();
    if !require_fargate_task_definition(check, body) {
        return;
    }
    let volumes = body.get("volumes");
    if volumes.is_unknown() {
        return check.undecided(volumes, "volumes is not known before deployment; Fargate rejects host-path and Docker volumes.");
    }
    for (index, volume) in volumes.items().iter().enumerate() {
        let label = container_label(volume, index);
        forbid(check, volume.get("host").get("sourcePath"), &format!("Volume {label}: host.sourcePath"), "Fargate has no host path to mount; only empty bind mounts, EFS and EBS volumes are allowed", false);
        forbid(check, volume.get("dockerVolumeConfiguration"), &format!("Volume {label}: dockerVolumeConfiguration"), "Fargate does not support Docker volumes", false);
    }
}
