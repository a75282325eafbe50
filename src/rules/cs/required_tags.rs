use crate::model::{Field, Kind, Value};
use crate::rules::{At, Check, Equivalent, Example, Expect, Param, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "CS-09",
    name: "required-tags",
    title: "Missing required tags",
    severity: Severity::Low,
    kinds: &[Kind::Service, Kind::Cluster, Kind::TaskDefinition, Kind::CapacityProvider],
    description: "Tags are what cost allocation, ownership lookups and tag-based IAM conditions (ABAC, e.g. who may \
        `ecs:ExecuteCommand` where) work with; a resource without them falls outside those controls. The rule checks \
        the tag keys listed in the `requiredTags` parameter (case-sensitive, as AWS tag keys are); keys starting with \
        `aws:` are reserved for AWS and ignored. With no keys configured (the default) the rule does not apply.",
    remediation: "Add the missing keys to the resource's `tags` (CloudFormation `Tags`, Terraform `tags`), or set \
        them once through your IaC tool's default tags.",
    equivalents: &[
        Equivalent { tool: "Security Hub", id: "ECS.13" },
        Equivalent { tool: "Security Hub", id: "ECS.14" },
        Equivalent { tool: "Security Hub", id: "ECS.15" },
        Equivalent { tool: "AWS Config", id: "ecs-capacity-provider-tagged" },
        Equivalent { tool: "AWS Config", id: "SH custom tagged-ecs-*" },
        Equivalent { tool: "Pulumi compliance-policies", id: "Service/requireTags" },
    ],
    params: &[Param {
        name: "requiredTags",
        description: "Tag keys every service, cluster, task definition and capacity provider must carry (`aws:` keys are ignored).",
        default: "[]",
    }],
    check,
    // Run by the test suite with `requiredTags: ["team", "cost-center"]` (rules/mod.rs EXAMPLE_PARAMS).
    examples: &[
        Example {
            title: "service without the cost-center tag (requiredTags: team, cost-center)",
            expect: Expect::Fail,
            input: r#"{"serviceName": "web", "taskDefinition": "web:3", "tags": [{"key": "team", "value": "payments"}]}"#,
        },
        Example {
            title: "CloudFormation cluster without tags (requiredTags: team, cost-center)",
            expect: Expect::Fail,
            input: r#"{"Resources": {"Cluster": {"Type": "AWS::ECS::Cluster", "Properties": {"ClusterName": "prod"}}}}"#,
        },
        Example {
            title: "task definition with every required tag (requiredTags: team, cost-center)",
            expect: Expect::Pass,
            input: r#"{"taskDefinition": {"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]},
  "tags": [{"key": "team", "value": "payments"}, {"key": "cost-center", "value": "cc-1234"}]}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, subject: &Subject<'_>) {
    let required: Vec<String> = check.param_strings("requiredTags").into_iter().filter(|key| !key.starts_with("aws:")).collect();
    if required.is_empty() {
        return check.not_applicable();
    }
    let tags = subject.body().get("tags");
    let node = match tags {
        Field::Unknown(_) => return check.undecided(tags, "tags are not known before deployment."),
        Field::Absent { .. } => return check.fail(tags, format!("The resource has no tags; required: {}.", required.join(", "))),
        Field::Known(node) => node,
    };
    // API and CloudFormation write `[{key, value}]`; a map `{key: value}` is accepted as well.
    let mut keys: Vec<&str> = Vec::new();
    let mut unknown: Option<At> = None;
    match &node.value {
        Value::Map(entries) => keys.extend(entries.iter().map(|(key, _)| &**key)),
        _ => {
            for tag in node.items() {
                let key = tag.get("key");
                match key.as_str() {
                    Some(key) => keys.push(key),
                    None if key.is_unknown() => unknown = Some(At::from(key)),
                    None => {}
                }
            }
        }
    }
    let missing: Vec<&str> = required.iter().map(String::as_str).filter(|key| !keys.contains(key)).collect();
    if missing.is_empty() {
        return;
    }
    match unknown {
        // A tag whose key is not known before deployment may be a missing one.
        Some(at) => check.undecided(at, format!("A tag key is not known before deployment; required tags not seen: {}.", missing.join(", "))),
        None => check.fail(node, format!("Missing required tags: {}.", missing.join(", "))),
    }
}

#[cfg(test)]
mod tests {
    use crate::api;

    #[test]
    fn without_configured_keys_the_rule_does_not_apply() {
        let input = r#"{"clusterName": "prod"}"#;
        let report = api::validate(input, api::ValidateOptions::default()).expect("valid options");
        assert!(report.findings.iter().all(|f| f.rule_id != "CS-09"));
    }

    #[test]
    fn aws_keys_are_ignored_and_maps_are_read() {
        let options = r#"{"config": {"rules": {"CS-09": {"params": {"requiredTags": ["aws:cloudformation:stack-name", "team"]}}}}}"#;
        let input = r#"{"clusterName": "prod", "tags": {"team": "payments"}}"#;
        let report = api::validate(input, api::parse_options(options).expect("options")).expect("valid options");
        assert!(report.findings.iter().all(|f| f.rule_id != "CS-09"));
    }
}
