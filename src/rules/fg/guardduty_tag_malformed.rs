use super::{guardduty_tags, GUARDDUTY_TAG_KEY};
use crate::model::Kind;
use crate::rules::{Check, Edit, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "FG-11",
    name: "guardduty-tag-malformed",
    title: "GuardDutyManaged tag that GuardDuty ignores",
    severity: Severity::Medium,
    kinds: &[Kind::Cluster],
    description: "GuardDuty matches the cluster tag key `GuardDutyManaged` and its values `true` / `false` \
        case-sensitively (managing-gdu-agent-ecs-automated.html). A tag such as `guarddutymanaged`, \
        `GuardDutyManaged ` or a value `False`, `TRUE`, `no` or `0` is silently ignored, so the cluster is not \
        included or excluded as its owner intended. Values written as YAML booleans (`Value: false`) are the strings \
        `false` / `true` and are fine (rules.md §5.23).",
    remediation: "Spell the key exactly `GuardDutyManaged` and the value exactly `true` or `false`.",
    equivalents: &[],
    params: &[],
    check,
    examples: &[
        Example {
            title: "lower-case key",
            expect: Expect::Fail,
            input: r#"{"clusterName": "prod", "tags": [{"key": "guarddutymanaged", "value": "false"}]}"#,
        },
        Example {
            title: "capitalised value",
            expect: Expect::Fail,
            input: r#"{"clusterName": "prod", "tags": [{"key": "GuardDutyManaged", "value": "False"}]}"#,
        },
        Example {
            title: "CloudFormation value written as a number",
            expect: Expect::Fail,
            input: r#"{"Resources": {"Cluster": {"Type": "AWS::ECS::Cluster", "Properties": {"Tags": [{"Key": "GuardDutyManaged", "Value": 0}]}}}}"#,
        },
        Example {
            title: "exact key and value",
            expect: Expect::Pass,
            input: r#"{"clusterName": "prod", "tags": [{"key": "GuardDutyManaged", "value": "true"}]}"#,
        },
        Example {
            title: "CloudFormation value written as a boolean",
            expect: Expect::Pass,
            input: r#"{"Resources": {"Cluster": {"Type": "AWS::ECS::Cluster", "Properties": {"Tags": [{"Key": "GuardDutyManaged", "Value": true}]}}}}"#,
        },
        Example {
            title: "unrelated tags",
            expect: Expect::Pass,
            input: r#"{"clusterName": "prod", "tags": [{"key": "GuardDuty", "value": "False"}]}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, cluster: &Subject<'_>) {
    let tags = guardduty_tags(check, cluster.body());
    if tags.is_empty() {
        return check.not_applicable();
    }
    for tag in tags {
        if !tag.exact_key {
            let fix = tag.key.as_str().map(|from| Edit::Respell { at: tag.key.into(), from: from.to_string(), to: GUARDDUTY_TAG_KEY.to_string() });
            check.fail_with_fix(
                tag.key,
                format!("The tag key is not spelled exactly `{GUARDDUTY_TAG_KEY}` (case-sensitive), so GuardDuty ignores the tag."),
                fix.into_iter().collect(),
            );
        }
        if tag.value.is_unknown() {
            check.undecided(tag.value, "The value of the GuardDutyManaged tag is not known before deployment.");
        } else if !matches!(tag.value_text().as_deref(), Some("true" | "false")) {
            // The value is not echoed: tag values are user data. `True` has one meaning; `no` or `0` could mean either.
            let meant = tag.value_text().and_then(|text| ["true", "false"].into_iter().find(|word| text.trim().eq_ignore_ascii_case(word)));
            let fix = meant.map(|word| Edit::set(tag.value, word.into())).into_iter().collect();
            check.fail_with_fix(tag.value, "The GuardDutyManaged tag value is not exactly `true` or `false` (case-sensitive), so GuardDuty ignores the tag.", fix);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tests::findings_of;
    use crate::rules::Status;

    #[test]
    fn a_padded_key_is_malformed_and_the_value_is_not_echoed() {
        let findings = findings_of("FG-11", r#"{"clusterName": "prod", "tags": [{"key": "GuardDutyManaged ", "value": "disabled-by-ops"}]}"#, "");
        assert_eq!(findings.len(), 2);
        assert!(findings.iter().all(|f| !f.message.contains("disabled-by-ops")));
    }

    #[test]
    fn unknown_tags_are_undecided() {
        let template = r#"{"Resources": {"Cluster": {"Type": "AWS::ECS::Cluster", "Properties": {
  "Tags": [{"Key": "GuardDutyManaged", "Value": {"Fn::If": ["Prod", "true", "False"]}}]}}}}"#;
        let findings = findings_of("FG-11", template, "");
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].status, Status::Undecided);
        let findings = findings_of("FG-10", template, "");
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].status, Status::Undecided);
    }
}
