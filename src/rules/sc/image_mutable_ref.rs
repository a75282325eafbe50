use super::images;
use crate::model::Kind;
use crate::rules::{Check, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "SC-01",
    name: "image-mutable-ref",
    title: "Image not pinned",
    severity: Severity::Medium,
    kinds: &[Kind::TaskDefinition],
    description: "A container image referenced without a content digest can change between deployments and between \
        tasks of one deployment: whoever can push to the repository decides what runs. An image with no tag or the \
        `latest` tag and no `@sha256:` digest is reported at medium; a tag without a digest (tags are mutable unless \
        the repository enforces immutability) at low. An image reference computed at deploy time is undecided.",
    remediation: "Reference images by digest (`repo@sha256:<64 hex>` or `repo:tag@sha256:<64 hex>`), resolved in CI, \
        or at least by an explicit version tag in a repository with tag immutability.",
    equivalents: &[],
    params: &[],
    check,
    examples: &[
        Example {
            title: "no tag",
            expect: Expect::Fail,
            input: r#"{"family": "app", "containerDefinitions": [{"name": "web", "image": "nginx"}]}"#,
        },
        Example {
            title: "latest tag on a private ECR image",
            expect: Expect::Fail,
            input: r#"{"family": "app", "containerDefinitions": [{"name": "web", "image": "111122223333.dkr.ecr.us-east-1.amazonaws.com/web:latest"}]}"#,
        },
        Example {
            title: "version tag without digest (low)",
            expect: Expect::Fail,
            input: r#"{"family": "app", "containerDefinitions": [{"name": "web", "image": "public.ecr.aws/nginx/nginx:1.27"}]}"#,
        },
        Example {
            title: "registry with a port, no tag",
            expect: Expect::Fail,
            input: r#"{"family": "app", "containerDefinitions": [{"name": "web", "image": "registry.example.com:5000/team/web"}]}"#,
        },
        Example {
            title: "pinned by digest",
            expect: Expect::Pass,
            input: r#"{"family": "app", "containerDefinitions": [{"name": "web",
  "image": "111122223333.dkr.ecr.us-east-1.amazonaws.com/web@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}]}"#,
        },
        Example {
            title: "tag and digest",
            expect: Expect::Pass,
            input: r#"{"family": "app", "containerDefinitions": [{"name": "web",
  "image": "nginx:1.27@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}]}"#,
        },
        Example {
            title: "image from Fn::Sub (undecided, not a failure)",
            expect: Expect::Pass,
            input: r#"{"Resources": {"Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
  "ContainerDefinitions": [{"Name": "web", "Image": {"Fn::Sub": "${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/web:latest"}}]}}}}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, td: &Subject<'_>) {
    let Some(images) = images(check, td.body()) else { return };
    if images.is_empty() {
        return check.not_applicable();
    }
    for image in &images {
        let reference = image.reference();
        if reference.is_pinned() {
            continue;
        }
        let label = &image.label;
        // A malformed digest pins nothing; say so rather than only "no digest".
        let digest = if reference.digest.is_some() { "its digest is not a sha256 digest of 64 hex digits" } else { "no digest" };
        match reference.tag {
            None => check.fail(image.node, format!("Container {label}: image has no tag and {digest}, so it runs whatever `latest` points to at launch.")),
            Some("latest") => check.fail(image.node, format!("Container {label}: image uses the mutable `latest` tag and {digest}.")),
            Some(_) => check.fail_with(
                Severity::Low,
                image.node,
                format!("Container {label}: image is pinned by tag only ({digest}); a tag can be moved to other content."),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tests::findings_of;
    use crate::rules::{Severity, Status};

    fn td(image: &str) -> String {
        format!(r#"{{"family": "app", "containerDefinitions": [{{"name": "web", "image": "{image}"}}]}}"#)
    }

    #[test]
    fn severities_follow_the_table() {
        for (image, severity) in
            [("nginx", Severity::Medium), ("nginx:latest", Severity::Medium), ("nginx:1.27", Severity::Low), ("localhost:5000/app", Severity::Medium)]
        {
            let findings = findings_of("SC-01", &td(image), "");
            assert_eq!(findings.len(), 1, "{image}");
            assert_eq!(findings[0].severity, severity, "{image}");
        }
        assert_eq!(findings_of("SC-01", &td("nginx@sha256:ab12"), "")[0].severity, Severity::Medium);
    }

    #[test]
    fn the_message_does_not_echo_the_tag() {
        let findings = findings_of("SC-01", &td("example.com/team/web:release-2024-secret-build"), "");
        assert_eq!(findings.len(), 1);
        assert!(!findings[0].message.contains("release-2024"), "{}", findings[0].message);
        assert!(!findings[0].message.contains("example.com"), "{}", findings[0].message);
    }

    #[test]
    fn an_image_from_fn_sub_is_undecided() {
        let template = r#"{"Resources": {"Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
  "ContainerDefinitions": [{"Name": "web", "Image": {"Fn::Sub": "${Repo}:latest"}}]}}}}"#;
        let findings = findings_of("SC-01", template, "");
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].status, Status::Undecided);
        assert_eq!(findings[0].path, "/Resources/Task/Properties/ContainerDefinitions/0/Image");
    }
}
