//! SE: secrets (rules.md §1.4): credentials in the environment, secret references and their prerequisites.
//!
//! Findings of this group must never carry a secret: messages name containers, variable names that are plain
//! identifiers, positions and the *kind* of material found, never a value. Credential material is recognised
//! by hand-written linear scans (no regex engine: it would cost wasm size and could not be fed user patterns
//! safely).

mod env_aws_credential_keys;
mod env_file_unscanned;
mod env_secret_like_name;
mod env_secret_like_value;
mod secret_ref_format;
mod secrets_without_exec_role;

#[cfg(test)]
mod tests;

use crate::rules::support::ContainerLabel;
use super::{Check, Rule};
use crate::model::{Field, Node};

pub static RULES: &[&Rule] = &[
    &env_aws_credential_keys::RULE,
    &env_secret_like_name::RULE,
    &env_secret_like_value::RULE,
    &secret_ref_format::RULE,
    &secrets_without_exec_role::RULE,
    &env_file_unscanned::RULE,
];

/// A container's `environment` entries, or `None` after recording undecided when the list is unknown.
pub fn known_environment<'a>(check: &mut Check<'_>, container: &'a Node, label: ContainerLabel<'_>) -> Option<&'a [Node]> {
    let field = container.get("environment");
    if field.is_unknown() {
        check.undecided(field, format!("Container {label}: environment is not known before deployment."));
        return None;
    }
    Some(field.items())
}

/// How a message names an environment variable: its name when that is a plain identifier holding no
/// credential material itself, else its position (a value pasted into `name` must not reach the report).
pub fn variable_label(entry: &Node, index: usize) -> String {
    match entry.get("name").as_str() {
        Some(name)
            if (1..=128).contains(&name.len())
                && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
                && find_material(name).is_none() =>
        {
            name.to_string()
        }
        _ => format!("environment[{index}]"),
    }
}

/// Credential material SE-03 recognises in a value (rules.md §1.4 and §5.19).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Material {
    /// `AKIA` followed by 16 upper-case letters or digits.
    AwsAccessKeyId,
    /// `-----BEGIN ` … `PRIVATE KEY-----` on one line.
    PrivateKey,
    /// `ghp_` followed by 36 letters or digits.
    GitHubToken,
    /// `xoxa-`, `xoxb-` or `xoxp-` followed by at least 10 token characters.
    SlackToken,
    /// `eyJ…` `.` `eyJ…`: the base64url JSON header and payload of a JSON Web Token.
    Jwt,
    /// §5.19, applied to each word of a value: ≥ 32 characters of `[A-Za-z0-9+/=_-]` with letters and digits
    /// and ≥ 4.0 bits of entropy per character.
    HighEntropy,
}

impl Material {
    /// What the message calls it: the kind only, never the value or part of it.
    pub fn describe(self) -> &'static str {
        match self {
            Material::AwsAccessKeyId => "an AWS access key ID",
            Material::PrivateKey => "a private key",
            Material::GitHubToken => "a GitHub personal access token",
            Material::SlackToken => "a Slack token",
            Material::Jwt => "a JSON Web Token",
            Material::HighEntropy => "a high-entropy string (a likely key, token or password)",
        }
    }
}

/// The first kind of credential material found in `text`. Every scan is linear in the length of `text`.
pub fn find_material(text: &str) -> Option<Material> {
    let upper_or_digit = |b: u8| b.is_ascii_uppercase() || b.is_ascii_digit();
    let slack = |b: u8| b.is_ascii_alphanumeric() || b == b'-';
    if has_prefixed_run(text, "AKIA", 16, upper_or_digit) {
        Some(Material::AwsAccessKeyId)
    } else if has_private_key(text) {
        Some(Material::PrivateKey)
    } else if has_prefixed_run(text, "ghp_", 36, |b| b.is_ascii_alphanumeric()) {
        Some(Material::GitHubToken)
    } else if ["xoxa-", "xoxb-", "xoxp-"].iter().any(|prefix| has_prefixed_run(text, prefix, 10, slack)) {
        Some(Material::SlackToken)
    } else if has_jwt(text.as_bytes()) {
        Some(Material::Jwt)
    } else if text.split(|c: char| c.is_whitespace() || matches!(c, '\'' | '"' | '`')).any(is_high_entropy) {
        // Each word on its own: shell strings in `command` (`sh -c "app --key …"`) and `Bearer …` values.
        Some(Material::HighEntropy)
    } else {
        None
    }
}

/// `prefix` followed by at least `run` bytes of `class`. A match that overlaps an earlier occurrence of the
/// same prefix is also a match at that occurrence, so checking every occurrence finds the same texts.
fn has_prefixed_run(text: &str, prefix: &str, run: usize, class: impl Fn(u8) -> bool) -> bool {
    occurrences(text.as_bytes(), prefix.as_bytes()).any(|at| {
        let after = text.as_bytes().get(at + prefix.len()..).unwrap_or_default();
        after.len() >= run && after.iter().take(run).all(|&b| class(b))
    })
}

/// Where `needle` starts in `haystack`, found by its first byte: these needles are short constants and most
/// texts hold none of them, where `str::match_indices` would first build a two-way searcher for each.
fn occurrences<'a>(haystack: &'a [u8], needle: &'a [u8]) -> impl Iterator<Item = usize> + 'a {
    let first = needle.first().copied();
    haystack.iter().enumerate().filter(move |&(at, &b)| Some(b) == first && haystack.get(at..).is_some_and(|rest| rest.starts_with(needle))).map(|(at, _)| at)
}

/// `-----BEGIN .*PRIVATE KEY-----` where `.` does not cross a newline: on each line, the first `BEGIN`
/// has the longest tail, so looking after it alone is enough.
fn has_private_key(text: &str) -> bool {
    text.as_bytes().split(|&b| b == b'\n').any(|line| {
        occurrences(line, b"-----BEGIN ").next().is_some_and(|at| occurrences(line.get(at..).unwrap_or_default(), b"PRIVATE KEY-----").next().is_some())
    })
}

fn is_base64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// `eyJ[A-Za-z0-9_-]*\.eyJ[A-Za-z0-9_-]`: one pass, remembering whether the current base64url run holds `eyJ`.
fn has_jwt(bytes: &[u8]) -> bool {
    let mut header_seen = false;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'.' {
            let payload = bytes.get(i + 1..i + 4) == Some(b"eyJ".as_slice()) && bytes.get(i + 4).is_some_and(|&c| is_base64url(c));
            if header_seen && payload {
                return true;
            }
            header_seen = false;
        } else if !is_base64url(b) {
            header_seen = false;
        } else if b == b'J' && i.checked_sub(2).and_then(|start| bytes.get(start..i)) == Some(b"ey".as_slice()) {
            header_seen = true;
        }
    }
    false
}

/// Shannon entropy in bits per byte.
pub fn shannon_entropy(text: &str) -> f64 {
    let mut counts = [0u32; 256];
    for b in text.bytes() {
        if let Some(count) = counts.get_mut(usize::from(b)) {
            *count += 1;
        }
    }
    let total = text.len() as f64;
    counts.iter().filter(|&&c| c > 0).map(|&c| f64::from(c) / total).map(|p| -p * p.log2()).sum()
}

/// rules.md §5.19: a value of ≥ 32 characters from `[A-Za-z0-9+/=_-]`, containing letters and digits, with
/// Shannon entropy ≥ 4.0 bits per character, that is not an ARN, a URL without user-info, a path, a UUID or an
/// image reference. ARNs and URLs contain `:`, which the character set already excludes.
pub fn is_high_entropy(text: &str) -> bool {
    let value = text.trim();
    value.len() >= 32
        && value.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'_' | b'-'))
        && value.bytes().any(|b| b.is_ascii_alphabetic())
        && value.bytes().any(|b| b.is_ascii_digit())
        && !is_uuid(value)
        && !is_path(value)
        && !is_image_reference(value)
        && shannon_entropy(value) >= 4.0
}

fn is_uuid(value: &str) -> bool {
    value.len() == 36
        && value.bytes().enumerate().all(|(i, b)| if matches!(i, 8 | 13 | 18 | 23) { b == b'-' } else { b.is_ascii_hexdigit() })
}

fn is_path(value: &str) -> bool {
    ["/", "./", "../", "~/"].iter().any(|prefix| value.starts_with(prefix))
}

/// A repository path such as `my-team/my-service`: segments of lower-case letters, digits, `_` and `-`
/// (Docker repository names cannot hold upper case, `+` or `=`, which base64 keys almost always do).
fn is_image_reference(value: &str) -> bool {
    value.contains('/')
        && value.split('/').all(|segment| !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-'))
}

/// Where a container refers to a secret by ARN or name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReferenceKind {
    /// `secrets[].valueFrom`
    Secret,
    /// `logConfiguration.secretOptions[].valueFrom`
    LogSecretOption,
    /// `repositoryCredentials.credentialsParameter`
    RepositoryCredentials,
}

/// One secret reference of a container: its kind, position and the field that holds the ARN or name
/// (Unknown when the reference or its value is computed; Absent when the object lacks it).
#[derive(Clone, Copy, Debug)]
pub struct SecretReference<'a> {
    pub kind: ReferenceKind,
    pub position: usize,
    pub value: Field<'a>,
}

impl SecretReference<'_> {
    /// `secrets[0].valueFrom`, `logConfiguration.secretOptions[1].valueFrom`, `repositoryCredentials.credentialsParameter`.
    pub fn place(&self) -> String {
        match self.kind {
            ReferenceKind::Secret => format!("secrets[{}].valueFrom", self.position),
            ReferenceKind::LogSecretOption => format!("logConfiguration.secretOptions[{}].valueFrom", self.position),
            ReferenceKind::RepositoryCredentials => "repositoryCredentials.credentialsParameter".to_string(),
        }
    }
}

/// A container's secret references, and the lists that are unknown (they may or may not hold references).
pub fn secret_references(container: &Node) -> (Vec<SecretReference<'_>>, Vec<Field<'_>>) {
    let mut references = Vec::new();
    let mut unknown = Vec::new();
    for (kind, list) in [
        (ReferenceKind::Secret, container.get("secrets")),
        (ReferenceKind::LogSecretOption, container.get("logConfiguration").get("secretOptions")),
    ] {
        if list.is_unknown() {
            unknown.push(list);
        }
        for (position, item) in list.items().iter().enumerate() {
            references.push(SecretReference { kind, position, value: item.get("valueFrom") });
        }
    }
    let credentials = container.get("repositoryCredentials");
    if credentials.is_unknown() {
        unknown.push(credentials);
    } else if credentials.is_set() {
        references.push(SecretReference { kind: ReferenceKind::RepositoryCredentials, position: 0, value: credentials.get("credentialsParameter") });
    }
    (references, unknown)
}
