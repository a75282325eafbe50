use crate::model::{Field, Kind};
use serde_json::json;
use crate::rules::{At, Check, Edit, Equivalent, Example, Expect, Rule, Severity, Subject};

/// The `containerInsights` values that turn it on. Comparing against these (not against the one value known at
/// the time) keeps `enhanced` from being flagged, as happened in Checkov (issue #7000) and KICS (#7338).
const ON: &[&str] = &["enabled", "enhanced"];

pub static RULE: Rule = Rule {
    id: "LM-03",
    name: "container-insights",
    title: "Container Insights off",
    severity: Severity::Medium,
    kinds: &[Kind::Cluster],
    description: "Container Insights collects per-task and per-service CPU, memory, network and storage metrics (and \
        with `enhanced`, per-container detail) into CloudWatch; without it there is no record to investigate a \
        runaway or compromised task after it stopped. It is on when the cluster's \
        `settings[name=containerInsights].value` is `enabled` or `enhanced`. A cluster without the setting gets the \
        account's `containerInsights` default, which is off unless someone changed it.",
    remediation: "Add `{\"name\": \"containerInsights\", \"value\": \"enhanced\"}` (or `enabled`) to the cluster's \
        `settings` (CloudFormation `ClusterSettings`, Terraform `setting`).",
    equivalents: &[
        Equivalent { tool: "Security Hub", id: "ECS.12" },
        Equivalent { tool: "AWS Config", id: "ecs-container-insights-enabled" },
        Equivalent { tool: "Checkov", id: "CKV_AWS_65" },
        Equivalent { tool: "Trivy", id: "AVD-AWS-0034" },
        Equivalent { tool: "KICS", id: "tf:ecs_cluster_container_insights_disabled" },
        Equivalent { tool: "KICS", id: "cf:ecs_cluster_container_insights_disabled" },
        Equivalent { tool: "cdk-nag", id: "AwsSolutions-ECS4" },
        Equivalent { tool: "Prowler", id: "ecs_cluster_container_insights_enabled" },
        Equivalent { tool: "Control Tower", id: "CT.ECS.PR.2" },
    ],
    params: &[],
    check,
    examples: &[
        Example {
            title: "Container Insights disabled",
            expect: Expect::Fail,
            input: r#"{"clusterName": "prod", "settings": [{"name": "containerInsights", "value": "disabled"}]}"#,
        },
        Example {
            title: "no settings at all",
            expect: Expect::Fail,
            input: r#"{"clusterName": "prod", "capacityProviders": ["FARGATE"]}"#,
        },
        Example {
            title: "enhanced observability (regression: Checkov issue #7000 flagged it)",
            expect: Expect::Pass,
            input: r#"{"clusterName": "prod", "settings": [{"name": "containerInsights", "value": "enhanced"}]}"#,
        },
        Example {
            title: "CloudFormation ClusterSettings enabled",
            expect: Expect::Pass,
            input: r#"{"Resources": {"Cluster": {"Type": "AWS::ECS::Cluster", "Properties": {"ClusterName": "prod",
  "ClusterSettings": [{"Name": "containerInsights", "Value": "enabled"}]}}}}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, cluster: &Subject<'_>) {
    let settings = cluster.body().get("settings");
    let list = match settings {
        Field::Unknown(_) => return check.undecided(settings, "The cluster's settings are not known before deployment."),
        Field::Absent { .. } => {
            let fix = vec![Edit::set(settings, json!([{"name": "containerInsights", "value": "enabled"}]))];
            return check.fail_with_fix(settings, "The cluster has no containerInsights setting, so Container Insights is off.", fix);
        }
        Field::Known(list) => list,
    };
    // An entry not known before deployment may be the containerInsights one: never read it as "disabled".
    let mut unknown_entry: Option<At> = None;
    for entry in list.items() {
        let name = entry.get("name");
        if name.as_str() == Some("containerInsights") {
            let value = entry.get("value");
            match value {
                Field::Unknown(_) => check.undecided(value, "The containerInsights setting's value is not known before deployment."),
                Field::Known(node) if node.as_str().is_some_and(|v| ON.iter().any(|on| v.trim().eq_ignore_ascii_case(on))) => {}
                _ => check.fail_with_fix(
                    value,
                    "The containerInsights setting is neither `enabled` nor `enhanced`, so Container Insights is off.",
                    vec![Edit::set(value, "enabled".into())],
                ),
            }
            return;
        }
        if name.is_unknown() {
            unknown_entry = Some(At::from(name));
        }
    }
    match unknown_entry {
        Some(at) => check.undecided(at, "A cluster setting is not known before deployment; it may be containerInsights."),
        None => check.fail_with_fix(
            list,
            "The cluster's settings have no containerInsights entry, so Container Insights is off.",
            vec![Edit::Append { list: list.origin, value: json!({"name": "containerInsights", "value": "enabled"}) }],
        ),
    }
}

#[cfg(test)]
mod tests {
    use crate::api;
    use crate::rules::Status;

    /// A setting not known before deployment is undecided, never read as "disabled".
    #[test]
    fn unknown_settings_are_undecided() {
        let input = r#"{"Resources": {"Cluster": {"Type": "AWS::ECS::Cluster", "Properties": {
  "ClusterSettings": [{"Name": "containerInsights", "Value": {"Fn::If": ["Prod", "enhanced", "disabled"]}}]}}}}"#;
        let report = api::validate(input, api::ValidateOptions::default()).expect("valid options");
        let statuses: Vec<Status> = report.findings.iter().filter(|f| f.rule_id == "LM-03").map(|f| f.status).collect();
        assert_eq!(statuses, [Status::Undecided]);
    }
}
