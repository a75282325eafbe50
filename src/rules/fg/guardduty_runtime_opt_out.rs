use super::guardduty_tags;
use crate::model::Kind;
use crate::rules::{Check, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "FG-10",
    name: "guardduty-runtime-opt-out",
    title: "Cluster opted out of GuardDuty Runtime Monitoring",
    severity: Severity::High,
    kinds: &[Kind::Cluster],
    description: "GuardDuty Runtime Monitoring with automated agent management skips every Fargate task of a cluster \
        tagged `GuardDutyManaged` = `false`: the tasks start without the security agent sidecar and runtime threats in \
        them go undetected (managing-gdu-agent-ecs-automated.html, ecs-guard-duty-manage-subset-automatic.html). Key \
        and value are case-sensitive; a value written as a YAML boolean (`Value: false`) is the string `false` \
        (rules.md §5.23).",
    remediation: "Remove the `GuardDutyManaged` tag (or set it to `true`) so that GuardDuty manages the agent for the \
        cluster; if the exclusion is deliberate, suppress this finding with the reason.",
    equivalents: &[],
    params: &[],
    check,
    examples: &[
        Example {
            title: "cluster tagged GuardDutyManaged=false",
            expect: Expect::Fail,
            input: r#"{"clusterName": "prod", "capacityProviders": ["FARGATE"], "tags": [{"key": "team", "value": "web"}, {"key": "GuardDutyManaged", "value": "false"}]}"#,
        },
        Example {
            title: "CloudFormation tag value written as a boolean",
            expect: Expect::Fail,
            input: r#"{"Resources": {"Cluster": {"Type": "AWS::ECS::Cluster", "Properties": {"ClusterName": "prod",
  "Tags": [{"Key": "GuardDutyManaged", "Value": false}]}}}}"#,
        },
        Example {
            title: "cluster tagged GuardDutyManaged=true",
            expect: Expect::Pass,
            input: r#"{"clusterName": "prod", "tags": [{"key": "GuardDutyManaged", "value": "true"}]}"#,
        },
        Example {
            title: "no GuardDuty tag",
            expect: Expect::Pass,
            input: r#"{"clusterName": "prod", "tags": [{"key": "team", "value": "web"}]}"#,
        },
        Example {
            title: "wrong-case key or value (ignored by GuardDuty: FG-11's finding)",
            expect: Expect::Pass,
            input: r#"{"clusterName": "prod", "tags": [{"key": "guarddutymanaged", "value": "false"}, {"key": "GuardDutyManaged", "value": "False"}]}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, cluster: &Subject<'_>) {
    for tag in guardduty_tags(check, cluster.body()).into_iter().filter(|tag| tag.exact_key) {
        if tag.value.is_unknown() {
            check.undecided(tag.value, "The value of the GuardDutyManaged tag is not known before deployment.");
        } else if tag.value_text().as_deref() == Some("false") {
            check.fail(tag.value, "The cluster is tagged GuardDutyManaged=false, so GuardDuty Runtime Monitoring does not monitor its Fargate tasks.");
        }
    }
}
