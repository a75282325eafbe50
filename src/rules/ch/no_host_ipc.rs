use super::check_task_mode_not_host;
use crate::model::Kind;
use crate::rules::{Check, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "CH-03",
    name: "no-host-ipc",
    title: "Host IPC namespace",
    severity: Severity::High,
    kinds: &[Kind::TaskDefinition],
    description: "Task-level `ipcMode: host` shares the host's IPC namespace (System V shared memory, semaphores, \
        message queues) with the containers, so they can read and corrupt the shared memory of processes outside \
        the task. No other tool checks it. Fargate rejects the parameter.",
    remediation: "Remove `ipcMode`, or use `task` (share IPC between the task's containers) or `none`.",
    equivalents: &[],
    params: &[],
    check,
    examples: &[
        Example {
            title: "`ipcMode: host`",
            expect: Expect::Fail,
            input: r#"{"family": "db", "requiresCompatibilities": ["EC2"], "ipcMode": "host",
  "containerDefinitions": [{"name": "db", "image": "postgres:16.4", "memory": 1024}]}"#,
        },
        Example {
            title: "`ipcMode: task`",
            expect: Expect::Pass,
            input: r#"{"family": "db", "requiresCompatibilities": ["EC2"], "ipcMode": "task",
  "containerDefinitions": [{"name": "db", "image": "postgres:16.4", "memory": 1024}]}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, td: &Subject<'_>) {
    check_task_mode_not_host(check, td.body(), "ipcMode", "the containers share the host's IPC namespace and can reach shared memory of processes outside the task.");
}
