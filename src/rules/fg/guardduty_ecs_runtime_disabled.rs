use crate::model::{Field, Kind, Node};
use crate::rules::{Check, Equivalent, Example, Expect, Rule, Severity, Subject};

/// The detector feature and its ECS Fargate switch.
/// Source: https://docs.aws.amazon.com/cli/latest/reference/guardduty/update-detector.html
const FEATURE: &str = "RUNTIME_MONITORING";
const ECS_FARGATE: &str = "ECS_FARGATE_AGENT_MANAGEMENT";

pub static RULE: Rule = Rule {
    id: "FG-15",
    name: "guardduty-ecs-runtime-disabled",
    title: "ECS Fargate Runtime Monitoring not enabled on the detector",
    severity: Severity::Medium,
    kinds: &[Kind::Detector],
    description: "GuardDuty monitors Fargate tasks at runtime only when the detector enables the feature \
        `RUNTIME_MONITORING` and, within it, the additional configuration `ECS_FARGATE_AGENT_MANAGEMENT` \
        (update-detector.html; Security Hub GuardDuty.12, AWS Config guardduty-ecs-protection-runtime-enabled). \
        Either one missing or not `ENABLED` leaves every Fargate task of the account and Region unmonitored. Some \
        third-party ports of the Config rule test a feature named `ECS_RUNTIME_MONITORING`, which does not exist; \
        this rule reads only the real names (rules.md §4).",
    remediation: "In the detector's `Features`, set `RUNTIME_MONITORING` to `ENABLED` with an \
        `AdditionalConfiguration` entry `ECS_FARGATE_AGENT_MANAGEMENT` = `ENABLED`.",
    equivalents: &[
        Equivalent { tool: "Security Hub", id: "GuardDuty.12" },
        Equivalent { tool: "AWS Config", id: "guardduty-ecs-protection-runtime-enabled" },
    ],
    params: &[],
    check,
    examples: &[
        Example {
            title: "detector without Runtime Monitoring",
            expect: Expect::Fail,
            input: r#"{"Resources": {"Detector": {"Type": "AWS::GuardDuty::Detector", "Properties": {"Enable": true}}}}"#,
        },
        Example {
            title: "Runtime Monitoring enabled, ECS Fargate agent management disabled",
            expect: Expect::Fail,
            input: r#"{"Resources": {"Detector": {"Type": "AWS::GuardDuty::Detector", "Properties": {"Enable": true,
  "Features": [{"Name": "RUNTIME_MONITORING", "Status": "ENABLED",
    "AdditionalConfiguration": [{"Name": "EKS_ADDON_MANAGEMENT", "Status": "ENABLED"}, {"Name": "ECS_FARGATE_AGENT_MANAGEMENT", "Status": "DISABLED"}]}]}}}}"#,
        },
        Example {
            title: "only the non-existent ECS_RUNTIME_MONITORING feature (rules.md §4)",
            expect: Expect::Fail,
            input: r#"{"Resources": {"Detector": {"Type": "AWS::GuardDuty::Detector", "Properties": {"Enable": true,
  "Features": [{"Name": "ECS_RUNTIME_MONITORING", "Status": "ENABLED"}]}}}}"#,
        },
        Example {
            title: "Runtime Monitoring with ECS Fargate agent management",
            expect: Expect::Pass,
            input: r#"{"Resources": {"Detector": {"Type": "AWS::GuardDuty::Detector", "Properties": {"Enable": true,
  "Features": [{"Name": "S3_DATA_EVENTS", "Status": "ENABLED"}, {"Name": "RUNTIME_MONITORING", "Status": "ENABLED",
    "AdditionalConfiguration": [{"Name": "ECS_FARGATE_AGENT_MANAGEMENT", "Status": "ENABLED"}]}]}}}}"#,
        },
    ],
};

/// The first entry of a `[{name, status, …}]` list with the given name; records undecided for an unknown list or
/// name and returns `None` then.
fn named<'a>(check: &mut Check<'_>, list: Field<'a>, wanted: &str) -> Result<Option<&'a Node>, ()> {
    if list.is_unknown() {
        check.undecided(list, format!("The list that should hold {wanted} is not known before deployment."));
        return Err(());
    }
    let mut unknown = None;
    for item in list.items() {
        let name = item.get("name");
        match name.as_str() {
            Some(text) if text == wanted => return Ok(Some(item)),
            _ if name.is_unknown() => unknown = Some(name),
            _ => {}
        }
    }
    match unknown {
        Some(name) => {
            check.undecided(name, format!("A name is not known before deployment; it could be {wanted}."));
            Err(())
        }
        None => Ok(None),
    }
}

/// Fails unless the entry's `status` is `ENABLED`; `what` names it in messages.
fn require_enabled(check: &mut Check<'_>, entry: &Node, what: &str) -> bool {
    let status = entry.get("status");
    match status {
        Field::Unknown(_) => {
            check.undecided(status, format!("{what}: its status is not known before deployment."));
            false
        }
        _ if status.as_str() == Some("ENABLED") => true,
        _ => {
            check.fail(status, format!("{what} is not ENABLED, so GuardDuty does not monitor Fargate tasks at runtime."));
            false
        }
    }
}

fn check(check: &mut Check<'_>, detector: &Subject<'_>) {
    let features = detector.body().get("features");
    let Ok(feature) = named(check, features, FEATURE) else { return };
    let Some(feature) = feature else {
        return check.fail(features, format!("The detector does not enable the {FEATURE} feature, so GuardDuty does not monitor Fargate tasks at runtime."));
    };
    if !require_enabled(check, feature, &format!("The {FEATURE} feature")) {
        return;
    }
    let configuration = feature.get("additionalConfiguration");
    let Ok(fargate) = named(check, configuration, ECS_FARGATE) else { return };
    match fargate {
        Some(entry) => {
            require_enabled(check, entry, &format!("The {FEATURE} configuration {ECS_FARGATE}"));
        }
        None => check.fail(
            configuration,
            format!("{FEATURE} has no {ECS_FARGATE} configuration, so GuardDuty does not manage the agent for Fargate tasks."),
        ),
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tests::findings_of;

    /// rules.md §4: third-party ports of the Config rule accept a feature named `ECS_RUNTIME_MONITORING`, which does
    /// not exist. Enabling it (even with the real configuration name under it) must not count as enabled.
    #[test]
    fn the_non_existent_ecs_runtime_monitoring_feature_does_not_count() {
        let template = r#"{"Resources": {"Detector": {"Type": "AWS::GuardDuty::Detector", "Properties": {"Enable": true,
  "Features": [{"Name": "ECS_RUNTIME_MONITORING", "Status": "ENABLED",
    "AdditionalConfiguration": [{"Name": "ECS_FARGATE_AGENT_MANAGEMENT", "Status": "ENABLED"}]}]}}}}"#;
        let findings = findings_of("FG-15", template, "");
        assert_eq!(findings.len(), 1);
        assert!(findings[0].message.contains("RUNTIME_MONITORING feature"), "{}", findings[0].message);
        assert_eq!(findings[0].path, "/Resources/Detector/Properties/Features");
    }

    #[test]
    fn a_missing_fargate_configuration_points_at_the_feature() {
        let template = r#"{"Resources": {"Detector": {"Type": "AWS::GuardDuty::Detector", "Properties": {
  "Features": [{"Name": "RUNTIME_MONITORING", "Status": "ENABLED"}]}}}}"#;
        let findings = findings_of("FG-15", template, "");
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].path, "/Resources/Detector/Properties/Features/0");
        assert_eq!(findings[0].missing.as_deref(), Some("AdditionalConfiguration"));
    }
}
