use crate::model::{Field, Kind, Node, Value};
use crate::rules::support::is_provided;
use crate::rules::{Check, Equivalent, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "CH-11",
    name: "roles-distinct",
    title: "Execution role reused as task role",
    severity: Severity::Medium,
    kinds: &[Kind::TaskDefinition],
    description: "The execution role is what ECS uses to pull images, fetch secrets and write logs; the task role is \
        what the application's code gets. Using one role for both hands the application every secret and \
        repository the agent may read, and the agent every permission the application needs.",
    remediation: "Create a separate task role with only the permissions the application needs, and keep the \
        execution role to image pulls, log delivery and the task's own secrets.",
    equivalents: &[Equivalent { tool: "Checkov", id: "CKV_AWS_249" }],
    params: &[],
    check,
    examples: &[
        Example {
            title: "CloudFormation: both roles are `Fn::GetAtt` of the same role resource",
            expect: Expect::Fail,
            input: r#"{"Resources": {"Role": {"Type": "AWS::IAM::Role", "Properties": {}},
  "Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
    "ExecutionRoleArn": {"Fn::GetAtt": ["Role", "Arn"]}, "TaskRoleArn": {"Fn::GetAtt": ["Role", "Arn"]},
    "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27"}]}}}}"#,
        },
        Example {
            title: "CloudFormation: execution and task roles are different role resources",
            expect: Expect::Pass,
            input: r#"{"Resources": {"ExecRole": {"Type": "AWS::IAM::Role", "Properties": {}}, "TaskRole": {"Type": "AWS::IAM::Role", "Properties": {}},
  "Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
    "ExecutionRoleArn": {"Fn::GetAtt": ["ExecRole", "Arn"]}, "TaskRoleArn": {"Ref": "TaskRole"},
    "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27"}]}}}}"#,
        },
        Example {
            title: "the same ARN for both roles",
            expect: Expect::Fail,
            input: r#"{"family": "app", "executionRoleArn": "arn:aws:iam::111122223333:role/app", "taskRoleArn": "arn:aws:iam::111122223333:role/app",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 256}]}"#,
        },
        Example {
            title: "task role given by name, execution role by ARN, same role",
            expect: Expect::Fail,
            input: r#"{"family": "app", "executionRoleArn": "arn:aws:iam::111122223333:role/app", "taskRoleArn": "app",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 256}]}"#,
        },
        Example {
            title: "distinct roles",
            expect: Expect::Pass,
            input: r#"{"family": "app", "executionRoleArn": "arn:aws:iam::111122223333:role/app-execution", "taskRoleArn": "arn:aws:iam::111122223333:role/app-task",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 256}]}"#,
        },
        Example {
            title: "no task role",
            expect: Expect::Pass,
            input: r#"{"family": "app", "executionRoleArn": "arn:aws:iam::111122223333:role/app-execution",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 256}]}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, td: &Subject<'_>) {
    let body = td.body();
    let (execution, task) = (body.get("executionRoleArn"), body.get("taskRoleArn"));
    if !is_provided(execution) || !is_provided(task) {
        return;
    }
    let same = match (execution, task) {
        (Field::Known(a), Field::Known(b)) => a.as_str().zip(b.as_str()).map(|(a, b)| same_role(a, b)),
        // Both computed from template resources (`Fn::GetAtt TaskRole.Arn`): the same reference is the same role.
        (Field::Unknown(a), Field::Unknown(b)) => template_reference(a).zip(template_reference(b)).map(|(a, b)| a == b),
        _ => None,
    };
    match same {
        Some(true) => check.fail(task, "taskRoleArn names the same role as executionRoleArn."),
        Some(false) => {}
        None => {
            let unknown = if task.is_unknown() { task } else { execution };
            check.undecided(unknown, "executionRoleArn or taskRoleArn is not known before deployment, so whether they are the same role cannot be decided.");
        }
    }
}

/// The template resource a computed value comes from, when the reason names one (`Ref Role`, `Fn::GetAtt Role.Arn`).
fn template_reference(node: &Node) -> Option<&str> {
    match &node.value {
        Value::Unknown(why) if why.starts_with("Ref ") || why.starts_with("Fn::GetAtt ") => Some(why),
        _ => None,
    }
}

/// Two ARNs are the same role when equal; a bare role name (allowed for `taskRoleArn`) is compared with the
/// other's name, the part after the last `/`.
fn same_role(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    if a == b {
        return true;
    }
    if a.starts_with("arn:") && b.starts_with("arn:") {
        return false;
    }
    let name = |s: &str| s.rsplit('/').next().unwrap_or(s).to_string();
    name(a) == name(b)
}
