use crate::model::Kind;
use crate::rules::support::{container_label, enum_is, known_containers, Decision};
use crate::rules::{Check, Equivalent, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "LM-02",
    name: "log-delivery-mode",
    title: "Log delivery mode made explicit",
    severity: Severity::Info,
    kinds: &[Kind::TaskDefinition],
    description: "In `non-blocking` delivery mode the log driver buffers lines in memory and drops them when the buffer \
        is full, so a burst of output (or a slow destination) loses logs silently; `max-buffer-size` sizes that buffer. \
        Non-blocking has been the ECS default since 2025-06-25 unless the account setting `defaultLogDriverMode` says \
        otherwise, so an unset `mode` is not reported (Prowler's ecs_task_definitions_logging_block_mode fails it \
        although the effective default is already non-blocking): the rule speaks up only when `mode: non-blocking` is \
        written without a `max-buffer-size`.",
    remediation: "Add `max-buffer-size` (e.g. `25m`) to `logConfiguration.options` next to `mode: non-blocking`, sized \
        for your bursts; or choose `mode: blocking` if losing log lines is worse than the application stalling while \
        the destination is slow.",
    equivalents: &[Equivalent { tool: "Prowler", id: "ecs_task_definitions_logging_block_mode" }],
    params: &[],
    check,
    examples: &[
        Example {
            title: "non-blocking without max-buffer-size",
            expect: Expect::Fail,
            input: r#"{"family": "app", "containerDefinitions": [{"name": "web", "image": "nginx:1.27",
  "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/app", "awslogs-region": "us-east-1",
    "awslogs-stream-prefix": "web", "mode": "non-blocking"}}}]}"#,
        },
        Example {
            title: "non-blocking with a buffer size",
            expect: Expect::Pass,
            input: r#"{"family": "app", "containerDefinitions": [{"name": "web", "image": "nginx:1.27",
  "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/app", "awslogs-region": "us-east-1",
    "awslogs-stream-prefix": "web", "mode": "non-blocking", "max-buffer-size": "25m"}}}]}"#,
        },
        Example {
            title: "mode unset: no finding (regression for Prowler's logging_block_mode)",
            expect: Expect::Pass,
            input: r#"{"family": "app", "containerDefinitions": [{"name": "web", "image": "nginx:1.27",
  "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/app", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "web"}}}]}"#,
        },
        Example {
            title: "blocking mode",
            expect: Expect::Pass,
            input: r#"{"Resources": {"Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"Family": "app",
  "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27", "LogConfiguration": {"LogDriver": "awslogs",
    "Options": {"awslogs-group": {"Ref": "LogGroup"}, "awslogs-region": {"Ref": "AWS::Region"}, "awslogs-stream-prefix": "web", "mode": "blocking"}}}]}}}}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, td: &Subject<'_>) {
    let Some(containers) = known_containers(check, td.body()) else { return };
    for (index, container) in containers.iter().enumerate() {
        let label = container_label(container, index);
        // A container without logConfiguration is LM-01's finding.
        let options = container.get("logConfiguration").get("options");
        match enum_is(options.get("mode"), "non-blocking") {
            Decision::No => {}
            Decision::Unknown(at) => check.undecided(at, format!("Container {label}: the log delivery mode is not known before deployment.")),
            Decision::Yes => {
                let buffer = options.get("max-buffer-size");
                if buffer.is_absent() {
                    check.fail(
                        buffer,
                        format!(
                            "Container {label}: log delivery mode is non-blocking without max-buffer-size; log lines are \
                             dropped whenever the in-memory buffer is full."
                        ),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::api;

    /// Regression for Prowler: an unset mode (effective default non-blocking) yields no finding at all.
    #[test]
    fn unset_mode_gives_no_finding() {
        let input = r#"{"family": "app", "containerDefinitions": [{"name": "web", "image": "nginx:1.27",
  "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/app"}}}]}"#;
        let report = api::validate(input, api::ValidateOptions::default()).expect("valid options");
        assert!(report.findings.iter().all(|f| f.rule_id != "LM-02"));
    }
}
