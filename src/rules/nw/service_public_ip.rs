use crate::model::Kind;
use crate::rules::{Check, Equivalent, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "NW-01",
    name: "service-public-ip",
    title: "Service auto-assigns public IP",
    severity: Severity::High,
    kinds: &[Kind::Service],
    description: "With `networkConfiguration.awsvpcConfiguration.assignPublicIp: ENABLED` every task of the service \
        gets a public IP address on its elastic network interface, so it is reachable from the internet wherever its \
        security groups allow it, and it can reach the internet without passing a NAT gateway or egress controls. The \
        API default is DISABLED. (Terraform and Pulumi classic write this as the boolean `assign_public_ip` / \
        `assignPublicIp`; `true` means ENABLED.)",
    remediation: "Set `assignPublicIp` to `DISABLED` (or remove it), run the tasks in private subnets, and give them \
        outbound access through a NAT gateway or VPC endpoints (ECR, S3, CloudWatch Logs, Secrets Manager); put a load \
        balancer in front of the service if it must be reachable.",
    equivalents: &[
        Equivalent { tool: "Security Hub", id: "ECS.2" },
        Equivalent { tool: "AWS Config", id: "ecs-service-assign-public-ip-disabled (SH custom)" },
        Equivalent { tool: "Checkov", id: "CKV_AWS_333" },
        Equivalent { tool: "KICS", id: "tf:ecs_services_assigned_with_public_ip_address" },
        Equivalent { tool: "KICS", id: "cf:ecs_services_assigned_with_public_ip_address" },
        Equivalent { tool: "Prowler", id: "ecs_service_no_assign_public_ip" },
        Equivalent { tool: "Control Tower", id: "CT.ECS.PR.9" },
    ],
    params: &[],
    check,
    examples: &[
        Example {
            title: "Fargate service with a public IP",
            expect: Expect::Fail,
            input: r#"{"serviceName": "web", "cluster": "prod", "taskDefinition": "web:3", "desiredCount": 2, "launchType": "FARGATE",
  "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d"], "securityGroups": ["sg-0a1b2c3d"], "assignPublicIp": "ENABLED"}}}"#,
        },
        Example {
            title: "CloudFormation service with AssignPublicIp ENABLED",
            expect: Expect::Fail,
            input: r#"{"Resources": {"Service": {"Type": "AWS::ECS::Service", "Properties": {"LaunchType": "FARGATE", "TaskDefinition": "web:3",
  "NetworkConfiguration": {"AwsvpcConfiguration": {"AssignPublicIp": "ENABLED", "Subnets": ["subnet-0a1b2c3d"], "SecurityGroups": ["sg-0a1b2c3d"]}}}}}}"#,
        },
        Example {
            title: "public IP disabled",
            expect: Expect::Pass,
            input: r#"{"serviceName": "web", "cluster": "prod", "taskDefinition": "web:3", "desiredCount": 2, "launchType": "FARGATE",
  "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d"], "securityGroups": ["sg-0a1b2c3d"], "assignPublicIp": "DISABLED"}}}"#,
        },
        Example {
            title: "assignPublicIp omitted (DISABLED by default)",
            expect: Expect::Pass,
            input: r#"{"serviceName": "web", "taskDefinition": "web:3", "launchType": "FARGATE",
  "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d"], "securityGroups": ["sg-0a1b2c3d"]}}}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, service: &Subject<'_>) {
    super::check_public_ip(check, service, "service");
}
