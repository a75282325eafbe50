//! Provenance: where every model value came from in the user's own document.
//!
//! Adapters register one origin per value in an arena (parent + segment), so building the model costs one push
//! per value and a JSON Pointer string is only built for values that end up in a finding.

/// Index of one value's origin in [`Origins`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Origin(u32);

/// How keys are spelled in the part of the document an origin belongs to, so that a finding about a
/// missing key names it the way the user must write it (`readonlyRootFilesystem` vs `ReadonlyRootFilesystem`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyStyle {
    /// AWS API, Pulumi and the JSON inside Terraform's `container_definitions`.
    Camel,
    /// CloudFormation.
    Pascal,
    /// Terraform plan attributes.
    Snake,
    /// Pulumi classic (`aws`): the Terraform provider's attribute names in camelCase (`sizeInGib`,
    /// `capacityProviderStrategies`).
    Bridged,
    /// Pulumi `aws-native`: CloudFormation's names with a lower-case first letter (`clusterSettings`).
    Native,
}

#[derive(Debug)]
enum Segment {
    /// The root of document `n` (index into the report's file list).
    Document(u32),
    Key(Box<str>),
    Index(u32),
    /// Below this point pointers address the decoded contents of a JSON-encoded string.
    Embedded,
}

/// Where a finding points: an RFC 6901 pointer into the user's document, plus a pointer into a
/// JSON-encoded string value when the offending value lives inside one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourcePath {
    pub document: u32,
    pub pointer: String,
    pub embedded: Option<String>,
}

#[derive(Debug, Default)]
pub struct Origins {
    parent: Vec<u32>,
    segment: Vec<Segment>,
    style: Vec<KeyStyle>,
}

impl Origins {
    fn push(&mut self, parent: Option<Origin>, segment: Segment, style: KeyStyle) -> Origin {
        let index = u32::try_from(self.segment.len()).unwrap_or(u32::MAX);
        self.parent.push(parent.map_or(index, |p| p.0));
        self.segment.push(segment);
        self.style.push(style);
        Origin(index)
    }

    /// Room for about the origins of `input_bytes` of documents (a value per ~24 bytes of JSON), allocated
    /// once: the arena otherwise doubles, and copies itself, about twenty times on a large input.
    pub fn with_room_for(input_bytes: usize) -> Origins {
        let values = input_bytes / 24;
        let mut origins = Origins::default();
        // A reservation that cannot be had changes nothing: the arena grows as before.
        let _ = (origins.parent.try_reserve(values), origins.segment.try_reserve(values), origins.style.try_reserve(values));
        origins
    }

    pub fn document(&mut self, document: u32, style: KeyStyle) -> Origin {
        self.push(None, Segment::Document(document), style)
    }

    pub fn key(&mut self, parent: Origin, key: &str, style: KeyStyle) -> Origin {
        self.push(Some(parent), Segment::Key(key.into()), style)
    }

    pub fn index(&mut self, parent: Origin, index: usize, style: KeyStyle) -> Origin {
        self.push(Some(parent), Segment::Index(u32::try_from(index).unwrap_or(u32::MAX)), style)
    }

    /// The decoded contents of the JSON-encoded string at `parent` (Terraform `container_definitions`).
    pub fn embedded(&mut self, parent: Origin, style: KeyStyle) -> Origin {
        self.push(Some(parent), Segment::Embedded, style)
    }

    pub fn style(&self, origin: Origin) -> KeyStyle {
        self.style.get(origin.0 as usize).copied().unwrap_or(KeyStyle::Camel)
    }

    /// The key under which the value at `origin` is written, if it is a member of an object.
    pub fn leaf_key(&self, origin: Origin) -> Option<&str> {
        match self.segment.get(origin.0 as usize)? {
            Segment::Key(key) => Some(key),
            _ => None,
        }
    }

    /// Whether `origin` is one of `ancestors` or lies below one of them.
    pub fn is_within(&self, origin: Origin, ancestors: &[Origin]) -> bool {
        let mut at = origin.0;
        // Bounded by the arena size: a corrupt parent chain cannot loop forever.
        for _ in 0..=self.segment.len() {
            if ancestors.contains(&Origin(at)) {
                return true;
            }
            match self.parent.get(at as usize) {
                Some(parent) if *parent != at => at = *parent,
                _ => return false,
            }
        }
        false
    }

    /// Builds the pointer(s) for an origin by walking up to its document root.
    pub fn path(&self, origin: Origin) -> SourcePath {
        let mut outer: Vec<&Segment> = Vec::new();
        let mut inner: Option<Vec<&Segment>> = None;
        let mut document = 0;
        let mut at = origin.0 as usize;
        // Bounded by the arena size: a corrupt parent chain cannot loop forever.
        for _ in 0..=self.segment.len() {
            let Some(segment) = self.segment.get(at) else { break };
            match segment {
                Segment::Document(d) => {
                    document = *d;
                    break;
                }
                Segment::Embedded => inner = Some(std::mem::take(&mut outer)),
                other => outer.push(other),
            }
            at = self.parent.get(at).copied().unwrap_or(0) as usize;
        }
        SourcePath { document, pointer: render_pointer(&outer), embedded: inner.map(|s| render_pointer(&s)) }
    }
}

/// Segments come leaf-first; RFC 6901 escapes `~` and `/`.
fn render_pointer(leaf_first: &[&Segment]) -> String {
    // Written in place: a pointer is rendered for every finding, and a copy per segment showed in profiles.
    let mut out = String::with_capacity(leaf_first.len() * 16);
    for segment in leaf_first.iter().rev() {
        out.push('/');
        match segment {
            Segment::Key(k) => {
                for c in k.chars() {
                    match c {
                        '~' => out.push_str("~0"),
                        '/' => out.push_str("~1"),
                        _ => out.push(c),
                    }
                }
            }
            Segment::Index(i) => {
                let _ = std::fmt::Write::write_fmt(&mut out, format_args!("{i}"));
            }
            Segment::Document(_) | Segment::Embedded => {}
        }
    }
    out
}

/// Canonical keys the Terraform provider names differently: (API, Terraform, Pulumi classic). Only keys a
/// finding can name as missing matter; the adapters map the other direction (`src/input/provider.rs`).
const PROVIDER_SPELLINGS: &[(&str, &str, &str)] = &[
    ("sizeInGiB", "size_in_gib", "sizeInGib"),
    ("s3EncryptionEnabled", "s3_bucket_encryption_enabled", "s3BucketEncryptionEnabled"),
    ("settings", "setting", "settings"),
    ("volumes", "volume", "volumes"),
    ("capacityProviderStrategy", "capacity_provider_strategy", "capacityProviderStrategies"),
    ("defaultCapacityProviderStrategy", "default_capacity_provider_strategy", "defaultCapacityProviderStrategies"),
    ("loadBalancers", "load_balancer", "loadBalancers"),
    ("loadBalancerName", "elb_name", "elbName"),
    ("placementStrategy", "ordered_placement_strategy", "orderedPlacementStrategies"),
    ("inferenceAccelerators", "inference_accelerator", "inferenceAccelerators"),
    ("serviceName", "name", "name"),
    ("clusterName", "name", "name"),
    ("role", "iam_role", "iamRole"),
    ("maximumPercent", "deployment_maximum_percent", "deploymentMaximumPercent"),
    ("minimumHealthyPercent", "deployment_minimum_healthy_percent", "deploymentMinimumHealthyPercent"),
    ("host", "host_path", "hostPath"),
    ("volumeConfigurations", "volume_configuration", "volumeConfiguration"),
    ("managedEBSVolume", "managed_ebs_volume", "managedEbsVolume"),
    ("filesystemType", "file_system_type", "fileSystemType"),
    ("services", "service", "services"),
    ("clientAliases", "client_alias", "clientAlias"),
    ("secretOptions", "secret_option", "secretOptions"),
    ("additionalConfiguration", "additional_configuration", "additionalConfigurations"),
    ("dataSources", "datasources", "datasources"),
];

/// CloudFormation property names that are not the API name with an upper-case first letter (the reverse of
/// the CloudFormation adapter's renames).
const PASCAL_SPELLINGS: &[(&str, &str)] = &[
    ("settings", "ClusterSettings"),
    ("efsVolumeConfiguration", "EFSVolumeConfiguration"),
    ("fileSystemId", "FilesystemId"),
    ("iam", "IAM"),
];

/// Spells a canonical (camelCase) key the way the user's format spells it.
pub fn spell_key(key: &str, style: KeyStyle) -> String {
    if matches!(style, KeyStyle::Snake | KeyStyle::Bridged) {
        if let Some((_, snake, bridged)) = PROVIDER_SPELLINGS.iter().find(|(api, _, _)| *api == key) {
            return if style == KeyStyle::Snake { snake } else { bridged }.to_string();
        }
    }
    let cloudformation = || PASCAL_SPELLINGS.iter().find(|(api, _)| *api == key).map(|(_, cfn)| *cfn);
    match style {
        KeyStyle::Camel | KeyStyle::Bridged => key.to_string(),
        KeyStyle::Native => match cloudformation() {
            Some(cfn) => crate::input::convert::lower_camel(cfn).into_owned(),
            None => key.to_string(),
        },
        KeyStyle::Pascal => cloudformation().map_or_else(
            || {
                let mut chars = key.chars();
                chars.next().map_or_else(String::new, |c| c.to_ascii_uppercase().to_string() + chars.as_str())
            },
            str::to_string,
        ),
        KeyStyle::Snake => {
            let mut out = String::with_capacity(key.len() + 4);
            let mut previous_lower = false;
            for c in key.chars() {
                if c.is_ascii_uppercase() {
                    if previous_lower {
                        out.push('_');
                    }
                    out.push(c.to_ascii_lowercase());
                    previous_lower = false;
                } else {
                    out.push(c);
                    previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
                }
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_and_split_embedded_strings() {
        let mut o = Origins::default();
        let root = o.document(3, KeyStyle::Snake);
        let cd = o.key(root, "container_definitions", KeyStyle::Snake);
        let inner = o.embedded(cd, KeyStyle::Camel);
        let first = o.index(inner, 0, KeyStyle::Camel);
        let odd = o.key(first, "a/b~c", KeyStyle::Camel);
        let path = o.path(odd);
        assert_eq!(path.document, 3);
        assert_eq!(path.pointer, "/container_definitions");
        assert_eq!(path.embedded.as_deref(), Some("/0/a~1b~0c"));
        assert_eq!(o.path(cd).embedded, None);
    }

    #[test]
    fn keys_are_spelled_per_format() {
        assert_eq!(spell_key("readonlyRootFilesystem", KeyStyle::Pascal), "ReadonlyRootFilesystem");
        assert_eq!(spell_key("settings", KeyStyle::Pascal), "ClusterSettings");
        assert_eq!(spell_key("efsVolumeConfiguration", KeyStyle::Pascal), "EFSVolumeConfiguration");
        assert_eq!(spell_key("executionRoleArn", KeyStyle::Snake), "execution_role_arn");
        assert_eq!(spell_key("sizeInGiB", KeyStyle::Camel), "sizeInGiB");
        assert_eq!(spell_key("sizeInGiB", KeyStyle::Snake), "size_in_gib");
        assert_eq!(spell_key("sizeInGiB", KeyStyle::Bridged), "sizeInGib");
        assert_eq!(spell_key("fargateEphemeralStorageKmsKeyId", KeyStyle::Snake), "fargate_ephemeral_storage_kms_key_id");
        assert_eq!(spell_key("s3EncryptionEnabled", KeyStyle::Snake), "s3_bucket_encryption_enabled");
        assert_eq!(spell_key("capacityProviderStrategy", KeyStyle::Bridged), "capacityProviderStrategies");
        assert_eq!(spell_key("readonlyRootFilesystem", KeyStyle::Bridged), "readonlyRootFilesystem");
        assert_eq!(spell_key("settings", KeyStyle::Pascal), "ClusterSettings");
        assert_eq!(spell_key("settings", KeyStyle::Native), "clusterSettings");
        assert_eq!(spell_key("readonlyRootFilesystem", KeyStyle::Native), "readonlyRootFilesystem");
    }
}
