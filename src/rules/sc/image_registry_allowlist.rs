use super::{images, DOCKER_HUB};
use crate::config::glob_match;
use crate::model::Kind;
use crate::rules::{Check, Example, Expect, Param, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "SC-02",
    name: "image-registry-allowlist",
    title: "Image from non-approved registry",
    severity: Severity::Low,
    kinds: &[Kind::TaskDefinition],
    description: "Pulling images only from approved registries keeps third-party and typo-squatted images out of \
        production and keeps pulls inside controlled networks. The registry host of every container image (Docker Hub, \
        `docker.io`, when the image names no host) must match a pattern in `allowedRegistries`; by default private \
        Amazon ECR (`<account>.dkr.ecr.<region>.amazonaws.com`, its FIPS and China forms) and Amazon ECR Public \
        (`public.ecr.aws`).",
    remediation: "Mirror the image into an approved registry (for example with an ECR pull-through cache) and \
        reference it there, or add the registry to the rule's `allowedRegistries` parameter.",
    equivalents: &[],
    params: &[Param {
        name: "allowedRegistries",
        description: "Glob patterns (`*` matches any run of characters) on the lower-case registry host (with port, if \
            written); `docker.io` stands for images that name no registry.",
        default: r#"["*.dkr.ecr.*.amazonaws.com", "*.dkr.ecr-fips.*.amazonaws.com", "*.dkr.ecr.*.amazonaws.com.cn", "public.ecr.aws"]"#,
    }],
    check,
    examples: &[
        Example {
            title: "Docker Hub image without a registry host",
            expect: Expect::Fail,
            input: r#"{"family": "app", "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]}"#,
        },
        Example {
            title: "third-party registry",
            expect: Expect::Fail,
            input: r#"{"family": "app", "containerDefinitions": [
  {"name": "web", "image": "111122223333.dkr.ecr.us-east-1.amazonaws.com/web:1.4.2"},
  {"name": "agent", "image": "quay.io/prometheus/node-exporter:v1.8.2"}]}"#,
        },
        Example {
            title: "private ECR and ECR Public",
            expect: Expect::Pass,
            input: r#"{"family": "app", "containerDefinitions": [
  {"name": "web", "image": "111122223333.dkr.ecr.us-east-1.amazonaws.com/web:1.4.2"},
  {"name": "proxy", "image": "public.ecr.aws/nginx/nginx:1.27"}]}"#,
        },
        Example {
            title: "image from Fn::Sub (undecided, not a failure)",
            expect: Expect::Pass,
            input: r#"{"Resources": {"Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
  "ContainerDefinitions": [{"Name": "web", "Image": {"Fn::Sub": "${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/web:1"}}]}}}}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, td: &Subject<'_>) {
    let Some(images) = images(check, td.body()) else { return };
    if images.is_empty() {
        return check.not_applicable();
    }
    let allowed: Vec<String> = check.param_strings("allowedRegistries").iter().map(|p| p.to_ascii_lowercase()).collect();
    for image in &images {
        let reference = image.reference();
        let registry = reference.registry();
        // A pattern for Docker Hub matches every spelling of it.
        let matches = |name: &str| allowed.iter().any(|pattern| glob_match(pattern, name));
        if matches(&registry) || (reference.is_docker_hub() && matches(DOCKER_HUB)) {
            continue;
        }
        let shown = if reference.host.is_none() { format!("{DOCKER_HUB} (Docker Hub; the image names no registry)") } else { registry };
        check.fail(image.node, format!("Container {}: image is pulled from {shown}, which is not in allowedRegistries.", image.label));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::tests::findings_of;
    use crate::rules::sc::{ECR_PUBLIC_HOST, PRIVATE_ECR_HOSTS};
    use serde_json::json;

    #[test]
    fn the_default_allows_private_ecr_and_ecr_public() {
        let default: Vec<String> = RULE.params.first().and_then(|p| serde_json::from_str(p.default).ok()).expect("default is a JSON list");
        for pattern in PRIVATE_ECR_HOSTS.iter().chain([&ECR_PUBLIC_HOST]) {
            assert!(default.iter().any(|d| d == pattern), "{pattern}");
        }
    }

    #[test]
    fn the_message_names_the_registry_but_not_the_tag_or_digest() {
        let input = r#"{"family": "app", "containerDefinitions": [{"name": "web",
  "image": "registry.gitlab.com/group/web:build-77@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}]}"#;
        let findings = findings_of("SC-02", input, "");
        assert_eq!(findings.len(), 1);
        let message = &findings[0].message;
        assert!(message.contains("registry.gitlab.com"), "{message}");
        assert!(!message.contains("build-77") && !message.contains("sha256") && !message.contains("group/web"), "{message}");
    }

    #[test]
    fn docker_hub_can_be_allowed_in_any_spelling() {
        let config = json!({"rules": {"SC-02": {"params": {"allowedRegistries": ["docker.io"]}}}});
        let input = r#"{"family": "app", "containerDefinitions": [{"name": "a", "image": "nginx"}, {"name": "b", "image": "index.docker.io/library/redis:7"},
  {"name": "c", "image": "public.ecr.aws/nginx/nginx:1"}]}"#;
        let findings = findings_of("SC-02", input, &serde_json::json!({"config": config}).to_string());
        assert_eq!(findings.len(), 1);
        assert!(findings[0].message.contains("Container 'c'"), "{}", findings[0].message);
    }
}
