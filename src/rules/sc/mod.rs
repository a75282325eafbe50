//! SC: supply chain (rules.md §1.8): image pinning, registry allow-list, private-registry credentials.
//! Helpers shared by the SC rules live here: reading container images and parsing image references.

mod image_mutable_ref;
mod image_registry_allowlist;
mod private_registry_auth;

use crate::rules::support::ContainerLabel;
use super::support::{container_label, known_containers};
use super::{Check, Rule};
use crate::config::glob_match;
use crate::model::{Field, Node};

pub static RULES: &[&Rule] = &[&image_mutable_ref::RULE, &image_registry_allowlist::RULE, &private_registry_auth::RULE];

/// Host patterns of private Amazon ECR registries: `<account>.dkr.ecr.<region>.amazonaws.com`, its FIPS form and
/// the China Regions' domain. Source: https://docs.aws.amazon.com/AmazonECR/latest/userguide/Registries.html
const PRIVATE_ECR_HOSTS: &[&str] = &["*.dkr.ecr.*.amazonaws.com", "*.dkr.ecr-fips.*.amazonaws.com", "*.dkr.ecr.*.amazonaws.com.cn"];

/// Amazon ECR Public's registry host.
const ECR_PUBLIC_HOST: &str = "public.ecr.aws";

/// Docker Hub: what an image without a registry host pulls from, and the host names that mean the same.
const DOCKER_HUB: &str = "docker.io";
const DOCKER_HUB_ALIASES: &[&str] = &["docker.io", "index.docker.io", "registry-1.docker.io"];

/// Public registries that need no credentials besides Docker Hub (rules.md §5.18).
const PUBLIC_REGISTRIES: &[&str] = &[ECR_PUBLIC_HOST, "mcr.microsoft.com", "ghcr.io", "quay.io", "gcr.io", "registry.k8s.io"];

/// Whether an image is pulled from a private Amazon ECR registry (also used by FD-12: pulling from one needs
/// the execution role).
pub(crate) fn is_private_ecr_image(image: &str) -> bool {
    ImageRef::parse(image).is_private_ecr()
}

/// An image reference split as Docker does: `[host[:port]/]path[:tag][@digest]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct ImageRef<'a> {
    /// The registry host as written; `None` means Docker Hub.
    host: Option<&'a str>,
    tag: Option<&'a str>,
    digest: Option<&'a str>,
}

impl<'a> ImageRef<'a> {
    fn parse(image: &'a str) -> Self {
        let image = image.trim();
        let (name, digest) = match image.split_once('@') {
            Some((name, digest)) => (name, Some(digest)),
            None => (image, None),
        };
        // The first path component is a registry host only if it looks like one (Docker's rule).
        let (host, path) = match name.split_once('/') {
            Some((first, rest)) if first.contains('.') || first.contains(':') || first == "localhost" => (Some(first), rest),
            _ => (None, name),
        };
        let last = path.rsplit_once('/').map_or(path, |(_, last)| last);
        let tag = last.split_once(':').map(|(_, tag)| tag);
        ImageRef { host, tag, digest }
    }

    /// Pinned by an immutable content digest: `sha256:` and 64 hex digits.
    fn is_pinned(&self) -> bool {
        self.digest
            .and_then(|d| d.strip_prefix("sha256:"))
            .is_some_and(|hex| hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
    }

    /// The host in lower case (DNS names are case-insensitive), Docker Hub for none.
    fn registry(&self) -> String {
        self.host.map_or_else(|| DOCKER_HUB.to_string(), str::to_ascii_lowercase)
    }

    fn is_docker_hub(&self) -> bool {
        DOCKER_HUB_ALIASES.contains(&self.registry().as_str())
    }

    fn is_private_ecr(&self) -> bool {
        let registry = self.registry();
        PRIVATE_ECR_HOSTS.iter().any(|pattern| glob_match(pattern, &registry))
    }

    fn is_public_registry(&self) -> bool {
        self.is_docker_hub() || PUBLIC_REGISTRIES.contains(&self.registry().as_str())
    }
}

/// One container of a task definition whose image is known.
struct Image<'a> {
    label: ContainerLabel<'a>,
    container: &'a Node,
    /// The `image` value, where findings about it point.
    node: &'a Node,
    text: &'a str,
}

impl Image<'_> {
    fn reference(&self) -> ImageRef<'_> {
        ImageRef::parse(self.text)
    }
}

/// The containers whose image is a known string. Records undecided for an image computed at deploy time (a
/// CloudFormation `Fn::Sub`, a Terraform reference) and for an unknown container list; `None` for the latter.
/// Containers without an image or with a blank one are left out (the API requires one).
fn images<'a>(check: &mut Check<'_>, td: &'a Node) -> Option<Vec<Image<'a>>> {
    let containers = known_containers(check, td)?;
    let mut out = Vec::with_capacity(containers.len());
    for (index, container) in containers.iter().enumerate() {
        let label = container_label(container, index);
        let image = container.get("image");
        match image {
            Field::Unknown(_) => check.undecided(image, format!("Container {label}: image is not known before deployment.")),
            Field::Known(node) => {
                // A blank image is a template placeholder, not a reference to judge.
                if let Some(text) = node.as_str().filter(|t| !t.trim().is_empty()) {
                    out.push(Image { label, container, node, text });
                }
            }
            Field::Absent { .. } => {}
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::ImageRef;

    #[test]
    fn image_references_are_split_like_docker() {
        let hub = ImageRef::parse("nginx");
        assert_eq!((hub.host, hub.tag, hub.digest), (None, None, None));
        assert!(hub.is_docker_hub() && hub.is_public_registry());
        let tagged = ImageRef::parse("library/nginx:1.27");
        assert_eq!((tagged.host, tagged.tag), (None, Some("1.27")));
        let port = ImageRef::parse("registry.example.com:5000/team/app");
        assert_eq!((port.host, port.tag), (Some("registry.example.com:5000"), None));
        let both = ImageRef::parse("localhost:5000/app:2@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
        assert_eq!((both.host, both.tag), (Some("localhost:5000"), Some("2")));
        assert!(both.is_pinned());
        assert!(!ImageRef::parse("app@sha256:0123").is_pinned());
        assert!(ImageRef::parse("111122223333.dkr.ecr.us-east-1.amazonaws.com/app:1").is_private_ecr());
        assert!(ImageRef::parse("111122223333.DKR.ECR.eu-west-1.amazonaws.com/app").is_private_ecr());
        assert!(ImageRef::parse("111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/app").is_private_ecr());
        assert!(!ImageRef::parse("public.ecr.aws/nginx/nginx:1").is_private_ecr());
        assert!(ImageRef::parse("public.ecr.aws/nginx/nginx:1").is_public_registry());
        assert!(ImageRef::parse("index.docker.io/library/nginx").is_docker_hub());
        assert!(!ImageRef::parse("registry.gitlab.com/group/app:1").is_public_registry());
    }
}
