use crate::model::{Field, Kind};
use crate::rules::support::{enum_is, Decision};
use crate::rules::{Check, Equivalent, Example, Expect, Linked, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "CS-10",
    name: "service-role",
    title: "Service LB role set/admin",
    severity: Severity::Medium,
    kinds: &[Kind::Service],
    description: "A service's `role` is the IAM role ECS assumes to register tasks with the load balancer. With \
        `awsvpc` networking it is not used at all (ECS uses its service-linked role), so it is an unused grant that \
        can only be abused; and a role whose name contains `admin` (case-insensitive, the KICS heuristic) suggests \
        far more than the few Elastic Load Balancing permissions needed. A role not known before deployment (e.g. \
        Terraform's computed `iam_role`) is skipped.",
    remediation: "Remove `role` from awsvpc services; elsewhere use a role with only the \
        `AmazonEC2ContainerServiceRole` permissions, or omit it and let ECS use its service-linked role.",
    equivalents: &[
        Equivalent { tool: "KICS", id: "tf:ecs_service_admin_role_is_present" },
        Equivalent { tool: "KICS", id: "cf:ecs_service_admin_role_is_present" },
    ],
    params: &[],
    check,
    examples: &[
        Example {
            title: "admin role on a service",
            expect: Expect::Fail,
            input: r#"{"serviceName": "web", "taskDefinition": "web:3", "launchType": "EC2", "role": "arn:aws:iam::111122223333:role/ecs-admin",
  "loadBalancers": [{"targetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web/0123456789abcdef", "containerName": "web", "containerPort": 80}]}"#,
        },
        Example {
            title: "CloudFormation: role on a service whose task definition uses awsvpc",
            expect: Expect::Fail,
            input: r#"{"Resources": {
  "Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"RequiresCompatibilities": ["FARGATE"], "NetworkMode": "awsvpc", "Cpu": "256", "Memory": "512",
    "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27"}]}},
  "Service": {"Type": "AWS::ECS::Service", "Properties": {"TaskDefinition": {"Ref": "Task"}, "LaunchType": "FARGATE", "Role": "ecsServiceRole"}}}}"#,
        },
        Example {
            title: "bridge-mode service with a load balancer role",
            expect: Expect::Pass,
            input: r#"[{"family": "web", "networkMode": "bridge", "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 256}]},
 {"serviceName": "web", "taskDefinition": "web", "launchType": "EC2", "role": "ecsServiceRole"}]"#,
        },
        Example {
            title: "no role",
            expect: Expect::Pass,
            input: r#"{"serviceName": "web", "taskDefinition": "web:3", "launchType": "FARGATE"}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, service: &Subject<'_>) {
    let body = service.body();
    let role = body.get("role");
    let arn = match role {
        // rules.md §5.17: not known before deployment → skip.
        Field::Unknown(_) => return check.not_applicable(),
        Field::Known(node) => node.as_str().map(str::trim).unwrap_or_default(),
        Field::Absent { .. } => "",
    };
    if arn.is_empty() {
        return;
    }
    let name = arn.rsplit('/').next().unwrap_or(arn);
    if name.to_ascii_lowercase().contains("admin") {
        check.fail(role, format!("The service's load balancer role '{name}' looks like an administrator role; it needs only Elastic Load Balancing permissions."));
    }
    // CreateService requires awsvpcConfiguration for awsvpc task definitions, so the service's own block tells the
    // network mode when the task definition cannot be read (or its networkMode is not known).
    let from_service = match body.get("networkConfiguration").get("awsvpcConfiguration") {
        Field::Known(_) => Decision::Yes,
        field @ Field::Unknown(_) => Decision::Unknown(field.into()),
        Field::Absent { .. } => Decision::No,
    };
    let awsvpc = match service.task_definition() {
        Linked::Resolved(td) => match enum_is(td.body().get("networkMode"), "awsvpc") {
            Decision::Unknown(_) => from_service,
            decision => decision,
        },
        Linked::NotWritten | Linked::Unresolved(_) => from_service,
    };
    match awsvpc {
        Decision::Yes => check.fail(role, "role is set on a service whose tasks use awsvpc networking, where ECS does not use it."),
        Decision::Unknown(at) => check.undecided(at, "role is set, and whether the tasks use awsvpc networking is not known before deployment."),
        Decision::No => {}
    }
}
