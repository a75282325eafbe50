use crate::model::{Field, Kind};
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
    if !is_present(execution) || !is_present(task) {
        return;
    }
    match (execution.as_str(), task.as_str()) {
        (Some(a), Some(b)) if same_role(a, b) => check.fail(task, "taskRoleArn names the same role as executionRoleArn."),
        (Some(_), Some(_)) => {}
        _ => {
            let unknown = if task.is_unknown() { task } else { execution };
            check.undecided(unknown, "executionRoleArn or taskRoleArn is not known before deployment, so whether they are the same role cannot be decided.");
        }
    }
}

/// Set: unknown (it will be set) or a non-empty string.
fn is_present(field: Field<'_>) -> bool {
    field.is_unknown() || field.as_str().is_some_and(|s| !s.trim().is_empty())
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
