use super::{presence, Presence};
use crate::rules::sc::is_private_ecr_image;
use crate::model::{Field, Kind};
use crate::rules::support::{container_label, known_containers, task_definition_is_fargate, Decision};
use crate::rules::{At, Check, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "FD-12",
    name: "execution-role-required",
    title: "Execution role needed but absent",
    severity: Severity::High,
    kinds: &[Kind::TaskDefinition],
    description: "The task execution role is what ECS uses to fetch `secrets` and log `secretOptions` from Secrets Manager \
        or SSM, read `repositoryCredentials` for a private registry and download `environmentFiles` from S3, and — on \
        Fargate, where there is no container instance role to fall back on — to pull images from private Amazon ECR and \
        send logs with the `awslogs` driver (task_execution_IAM_role.html). Without `executionRoleArn` these tasks fail to \
        start.",
    remediation: "Create a task execution role (the managed policy AmazonECSTaskExecutionRolePolicy covers ECR and CloudWatch \
        Logs; add `secretsmanager:GetSecretValue`, `ssm:GetParameters`, `kms:Decrypt` or `s3:GetObject` as needed) and set \
        it as `executionRoleArn`.",
    equivalents: &[],
    params: &[],
    check,
    examples: &[
        Example {
            title: "private ECR image and awslogs on Fargate without an execution role",
            expect: Expect::Fail,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "containerDefinitions": [{"name": "web", "image": "111122223333.dkr.ecr.eu-west-1.amazonaws.com/web:1.4.2",
    "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/app", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "web"}}}]}"#,
        },
        Example {
            title: "secrets without an execution role on EC2",
            expect: Expect::Fail,
            input: r#"{"Resources": {"TaskDef": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"RequiresCompatibilities": ["EC2"],
  "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27", "Memory": 256,
    "Secrets": [{"Name": "DB_PASSWORD", "ValueFrom": "arn:aws:ssm:eu-west-1:111122223333:parameter/app/db-password"}]}]}}}}"#,
        },
        Example {
            title: "private ECR image with an execution role",
            expect: Expect::Pass,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "executionRoleArn": "arn:aws:iam::111122223333:role/ecsTaskExecutionRole",
  "containerDefinitions": [{"name": "web", "image": "111122223333.dkr.ecr.eu-west-1.amazonaws.com/web:1.4.2"}]}"#,
        },
        Example {
            title: "public image, no logging, no secrets",
            expect: Expect::Pass,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "containerDefinitions": [{"name": "web", "image": "public.ecr.aws/nginx/nginx:1.27"}]}"#,
        },
        Example {
            title: "private ECR image on EC2 (the container instance role pulls it)",
            expect: Expect::Pass,
            input: r#"{"family": "app", "requiresCompatibilities": ["EC2"],
  "containerDefinitions": [{"name": "web", "image": "111122223333.dkr.ecr.eu-west-1.amazonaws.com/web:1.4.2", "memory": 256}]}"#,
        },
        Example {
            title: "awslogs on EC2 uses the container instance role",
            expect: Expect::Pass,
            input: r#"{"family": "app", "requiresCompatibilities": ["EC2"],
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 256, "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/app", "awslogs-region": "us-east-1"}}}]}"#,
        },
    ],
};

/// Container fields whose values the execution role fetches.
const FETCHED: &[(&str, &str)] = &[
    ("secrets", "references secrets"),
    ("repositoryCredentials", "pulls with repositoryCredentials"),
    ("environmentFiles", "loads environmentFiles from S3"),
];

fn check(check: &mut Check<'_>, td: &Subject<'_>) {
    let body = td.body();
    let role = body.get("executionRoleArn");
    if role.is_unknown() || role.as_str().is_some_and(|arn| !arn.trim().is_empty()) {
        return;
    }
    let Some(containers) = known_containers(check, body) else { return };
    let fargate = task_definition_is_fargate(body);
    let mut reasons = Vec::new();
    let mut doubts = Vec::new();
    for (index, container) in containers.iter().enumerate() {
        let label = container_label(container, index);
        let config = container.get("logConfiguration");
        let mut fields: Vec<(Field<'_>, &str)> = FETCHED.iter().map(|&(key, what)| (container.get(key), what)).collect();
        fields.push((config.get("secretOptions"), "references log secretOptions"));
        for (field, what) in fields {
            match presence(field) {
                Presence::Yes(_) => reasons.push(format!("container {label} {what}")),
                Presence::Unknown(_) => doubts.push(format!("whether container {label} {what}")),
                Presence::No => {}
            }
        }
        // On EC2 the container instance role pulls from ECR and ships awslogs; on Fargate only the execution role can.
        let on_fargate = [
            (private_ecr(container.get("image")), "pulls its image from private Amazon ECR"),
            (awslogs(config.get("logDriver")), "uses the awslogs log driver"),
        ];
        for (uses, what) in on_fargate {
            match (uses, fargate) {
                (Decision::No, _) | (_, Decision::No) => {}
                (Decision::Yes, Decision::Yes) => reasons.push(format!("container {label} {what} on Fargate")),
                _ => doubts.push(format!("whether container {label} {what} on Fargate")),
            }
        }
    }
    if !reasons.is_empty() {
        check.fail(role, format!("executionRoleArn is not set, but {}; tasks fail to start without an execution role.", reasons.join(", ")));
    } else if !doubts.is_empty() {
        check.undecided(role, format!("executionRoleArn is not set, and a value is not known before deployment: {}.", doubts.join(", ")));
    }
}

/// `<account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]/…`: an image the execution role must pull.
fn private_ecr(image: Field<'_>) -> Decision {
    match image {
        Field::Unknown(node) => Decision::Unknown(At::from(node)),
        Field::Known(node) if node.as_str().is_some_and(is_private_ecr_image) => Decision::Yes,
        _ => Decision::No,
    }
}

fn awslogs(driver: Field<'_>) -> Decision {
    match driver {
        Field::Unknown(node) => Decision::Unknown(At::from(node)),
        Field::Known(node) if node.as_str() == Some("awslogs") => Decision::Yes,
        _ => Decision::No,
    }
}
