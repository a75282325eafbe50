//! SE tests: no report ever carries a secret, the credential scans (kinds, boundaries, linear time), the
//! Pulumi compliance-policies defect (rules.md §4), and unknown inputs.
//!
//! Token-shaped strings are assembled at run time so that secret scanners reading this repository do not
//! mistake the fixtures for leaked credentials.

use super::{find_material, is_high_entropy, Material};
use crate::api;
use crate::report::Finding;
use crate::rules::tests::findings_of;
use crate::rules::Status;

/// A task definition with one container whose body is `container` (JSON members).
fn task(container: &str) -> String {
    format!(r#"{{"family": "app", "containerDefinitions": [{{"name": "web", "image": "nginx:1.27", "memory": 256, {container}}}]}}"#)
}

fn env(name: &str, value: &str) -> String {
    task(&format!(r#""environment": [{{"name": {}, "value": {}}}]"#, json(name), json(value)))
}

fn json(text: &str) -> String {
    serde_json::Value::String(text.to_string()).to_string()
}

/// Validates with every rule and returns the whole serialised report plus this rule's failures.
fn report(rule_id: &str, input: &str) -> (String, Vec<Finding>) {
    let report = api::validate(input, api::ValidateOptions::default()).expect("valid call");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let failures = report.findings.iter().filter(|f| f.rule_id == rule_id && f.status == Status::Fail).cloned().collect();
    (report.to_json(), failures)
}

/// The rule fails, and the serialised report holds none of `secrets` (nor a long fragment of them).
fn assert_fails_without_leaking(rule_id: &str, input: &str, secrets: &[&str]) -> Vec<Finding> {
    let (text, failures) = report(rule_id, input);
    assert!(!failures.is_empty(), "{rule_id} should fail on {input}");
    for secret in secrets {
        assert!(!text.contains(secret), "{rule_id}: the report contains a secret value");
        let fragment: String = secret.chars().take(12).collect();
        assert!(fragment.len() < 12 || !text.contains(&fragment), "{rule_id}: the report contains part of a secret value");
    }
    failures
}

fn github_token() -> String {
    format!("{}{}", "ghp", "_R2d2C3poBb8Luke4Leia5Han6Solo7Chewie8")
}

fn slack_token() -> String {
    format!("{}{}", "xox", "b-2048-4096-NotARealSlackTokenValue")
}

fn jwt() -> String {
    format!("{}.{}.{}", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9", "eyJzdWIiOiIxMjM0NTY3ODkwIn0", "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c")
}

fn private_key() -> String {
    format!("-----BEGIN {} KEY-----\\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\\n-----END RSA PRIVATE KEY-----", "RSA PRIVATE")
}

const HIGH_ENTROPY: &str = "q8Vd3LzP0wX7nK2bR5tY9mJ4hG6fC1sA";

#[test]
fn se01_report_never_holds_the_credential() {
    let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    let failures = assert_fails_without_leaking("SE-01", &env("aws_secret_access_key", secret), &[secret]);
    // Matched in any case; the message names the listed variable.
    assert!(failures[0].message.contains("AWS_SECRET_ACCESS_KEY"));
    assert_eq!(failures[0].path, "/containerDefinitions/0/environment/0/name");
    assert!(findings_of("SE-01", &env("ECS_ENGINE_AUTH_DATA", "{}"), "").iter().any(|f| f.status == Status::Fail));
}

#[test]
fn se02_report_never_holds_the_value() {
    let secret = "correct-horse-battery-staple-42";
    let failures = assert_fails_without_leaking("SE-02", &env("DB_PASSWORD", secret), &[secret]);
    assert_eq!(failures[0].path, "/containerDefinitions/0/environment/0/value");
    assert!(failures[0].message.contains("DB_PASSWORD"));
}

#[test]
fn se03_report_never_holds_the_material_of_any_kind() {
    let kinds = [
        ("AKIAIOSFODNN7EXAMPLE".to_string(), Material::AwsAccessKeyId),
        (private_key(), Material::PrivateKey),
        (github_token(), Material::GitHubToken),
        (slack_token(), Material::SlackToken),
        (jwt(), Material::Jwt),
        (HIGH_ENTROPY.to_string(), Material::HighEntropy),
    ];
    for (secret, kind) in &kinds {
        let decoded = secret.replace("\\n", "\n");
        assert_eq!(find_material(&decoded), Some(*kind));
        for input in [
            env("SETTING", &decoded),
            task(&format!(r#""command": ["run", {}]"#, json(&decoded))),
            task(&format!(r#""entryPoint": ["sh", "-c", {}]"#, json(&format!("exec app --key {decoded}")))),
        ] {
            let failures = assert_fails_without_leaking("SE-03", &input, &[&decoded]);
            assert!(failures[0].message.contains(kind.describe()), "{}", failures[0].message);
        }
    }
    // Material pasted into a variable *name* is not echoed either: the variable is named by position.
    let failures = assert_fails_without_leaking("SE-03", &env(&github_token(), &HIGH_ENTROPY.to_lowercase().replace('q', "Q")), &[&github_token()]);
    assert!(failures[0].message.contains("environment[0]"));
}

#[test]
fn se04_report_never_holds_a_secret_pasted_as_reference() {
    let pasted = "Sup3r-S3cret p@ssword!";
    let role = r#""executionRoleArn": "arn:aws:iam::111122223333:role/e","#;
    let input = task(&format!(r#""secrets": [{{"name": "DB", "valueFrom": {}}}], "repositoryCredentials": {{"credentialsParameter": {}}}"#, json(pasted), json(pasted)))
        .replacen('{', &format!("{{{role}"), 1);
    let failures = assert_fails_without_leaking("SE-04", &input, &[pasted]);
    assert_eq!(failures.len(), 2);
}

#[test]
fn se05_report_does_not_repeat_the_reference() {
    let arn = "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf";
    let failures = assert_fails_without_leaking("SE-05", &task(&format!(r#""secrets": [{{"name": "DB", "valueFrom": {}}}]"#, json(arn))), &[arn]);
    assert_eq!((failures[0].path.as_str(), failures[0].missing.as_deref()), ("", Some("executionRoleArn")));
}

#[test]
fn se06_report_does_not_repeat_the_file_location() {
    let object = "arn:aws:s3:::config-bucket/app/prod.env";
    let failures = assert_fails_without_leaking("SE-06", &task(&format!(r#""environmentFiles": [{{"type": "s3", "value": {}}}]"#, json(object))), &[object]);
    assert_eq!(failures[0].severity, crate::rules::Severity::Info);
}

#[test]
fn pulumi_compliance_policies_regression_names_match_case_insensitively_without_regex() {
    // Their pattern `new RegExp("(?i)…")` throws in JavaScript; ours is plain text compared in lower case.
    for name in ["DB_PASSWORD", "db_password", "Db_PassWord", "MY_API_KEY", "GitHub_Token", "aws_Credentials"] {
        let found = findings_of("SE-02", &env(name, "literal-value"), "");
        assert!(found.iter().any(|f| f.status == Status::Fail), "{name} should fail");
    }
    // Configured patterns and allow-list are case-insensitive too (rules.md §5.20).
    let options = r#"{"config": {"rules": {"SE-02": {"params": {"secretNamePatterns": ["PIN_CODE"], "allowedNames": ["*_Hint"]}}}}}"#;
    assert!(!findings_of("SE-02", &env("user_Pin_Code", "1234"), options).is_empty());
    assert!(findings_of("SE-02", &env("USER_PIN_CODE_HINT", "your birthday"), options).is_empty());
    assert!(findings_of("SE-02", &env("DB_PASSWORD", "x"), options).is_empty(), "configured patterns replace the defaults");
    // The default allow-list matches in any case.
    assert!(findings_of("SE-02", &env("db_password_file", "/run/secrets/db"), "").is_empty());
    assert!(findings_of("SE-02", &env("Token_Type", "Bearer"), "").is_empty());
    // Regular-expression syntax in a pattern is text: it neither throws nor matches by regex.
    let regex = r#"{"config": {"rules": {"SE-02": {"params": {"secretNamePatterns": ["(?i)password", "[unclosed"]}}}}}"#;
    assert!(findings_of("SE-02", &env("DB_PASSWORD", "x"), regex).is_empty());
    assert!(!findings_of("SE-02", &env("X_(?I)PASSWORD", "x"), regex).is_empty());
}

#[test]
fn se02_needs_a_literal_non_arn_value() {
    assert!(findings_of("SE-02", &env("DB_PASSWORD", ""), "").is_empty());
    assert!(findings_of("SE-02", &env("DB_PASSWORD", "  "), "").is_empty());
    assert!(findings_of("SE-02", &env("DB_PASSWORD", "arn:aws:ssm:us-east-1:111122223333:parameter/db"), "").is_empty());
    assert!(!findings_of("SE-02", &task(r#""environment": [{"name": "PIN_TOKEN", "value": 1234}]"#), "").is_empty());
}

#[test]
fn material_boundaries() {
    let cases: &[(String, Option<Material>)] = &[
        ("AKIAIOSFODNN7EXAMPL".into(), None),
        ("key=AKIAIOSFODNN7EXAMPLE;".into(), Some(Material::AwsAccessKeyId)),
        ("AKIAiosfodnn7example".into(), None),
        (format!("{}{}", "ghp", "_").to_string() + &"ab1".repeat(12), Some(Material::GitHubToken)),
        (format!("{}{}", "ghp", "_").to_string() + &"ab1".repeat(12)[1..], None),
        (format!("{}{}", "xox", "b-123456789"), None),
        (format!("{}{}", "xox", "c-1234567890abcdef"), None),
        (format!("{}{}", "xox", "p-1234567890"), Some(Material::SlackToken)),
        ("eyJhbGciOiJIUzI1NiJ9 only a header".into(), None),
        ("eyJhbGciOiJIUzI1NiJ9.eyJ".into(), None),
        ("x.eyJzdWIiOiIxIn0".into(), None),
        ("-----BEGIN PUBLIC KEY-----".into(), None),
        ("-----BEGIN CERTIFICATE-----\nPRIVATE KEY-----".into(), None),
        ("-----BEGIN OPENSSH PRIVATE KEY-----".into(), Some(Material::PrivateKey)),
        ("-----BEGIN ENCRYPTED PRIVATE KEY-----".into(), Some(Material::PrivateKey)),
    ];
    for (text, expected) in cases {
        assert_eq!(find_material(text), *expected, "{text:?}");
    }
}

#[test]
fn high_entropy_follows_decision_5_19() {
    assert!(is_high_entropy(HIGH_ENTROPY));
    assert!(is_high_entropy("  q8Vd3LzP0wX7nK2bR5tY9mJ4hG6fC1sA  "), "surrounding blanks are trimmed");
    assert!(is_high_entropy("w/Jalr+XUtn=FEMI_K7MD-ENGbPxRfiCY1"), "the whole base64 alphabet counts");
    for ordinary in [
        "q8Vd3LzP0wX7nK2bR5tY9mJ4hG6fC1s",               // 31 characters
        "qVdLzPwXnKbRtYmJhGfCsAeUoIpNaBcDqW",            // no digit
        "8302746159283746501928374650192837",            // no letter
        "q8Vd3LzP0wX7nK2bR5tY9mJ4hG6fC1sA.x",            // a character outside the set
        "9fceb02d0ae598e95dc970b74767f19372d61af8",      // a hex digest stays below 4.0 bits
        "3f2b8c4e-9a1d-4e7f-b6c5-2d8e0f1a3b9c",          // UUID
        "/q8Vd3LzP0wX7nK2bR5tY9mJ4hG6fC1sA",             // path
        "./q8Vd3LzP0wX7nK2bR5tY9mJ4hG6fC1sA",            // path
        "my-team/log-router-with-plugins-2024-v2",       // image repository
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1",      // low entropy
        "https://user@q8Vd3LzP0wX7nK2bR5tY9mJ4hG6fC1sA", // URL
        "arn:aws:iam::111122223333:role/q8Vd3LzP0wX7nK2bR5tY9m", // ARN
    ] {
        assert!(!is_high_entropy(ordinary), "{ordinary}");
    }
}

#[test]
fn scans_are_linear_on_hostile_input() {
    let n = 200_000;
    let started = std::time::Instant::now();
    for hostile in [
        "AKIA".repeat(n),
        "-----BEGIN ".repeat(n),
        "eyJ".repeat(n) + ".",
        "eyJ.".repeat(n),
        format!("{}{}", "xox", "b-").repeat(n),
        "ghp_".repeat(n),
        "ab".repeat(n),
    ] {
        let _ = find_material(&hostile);
    }
    assert!(started.elapsed().as_secs() < 10, "credential scans took {:?}", started.elapsed());
}

#[test]
fn unknown_values_are_undecided() {
    let template = |container: &str, task: &str| {
        format!(
            r#"{{"Parameters": {{"P": {{"Type": "String", "NoEcho": true}}}},
  "Resources": {{"T": {{"Type": "AWS::ECS::TaskDefinition", "Properties": {{{task} "ContainerDefinitions": [{{"Name": "c", "Image": "x", {container}}}]}}}}}}}}"#
        )
    };
    let env = template(r#""Environment": [{"Name": "DB_PASSWORD", "Value": {"Ref": "P"}}, {"Name": "URL", "Value": {"Fn::Sub": "https://${P}"}}]"#, "");
    let se02 = findings_of("SE-02", &env, "");
    assert_eq!(se02.len(), 1);
    assert_eq!(se02[0].status, Status::Undecided);
    let se03 = findings_of("SE-03", &env, "");
    assert_eq!(se03.iter().filter(|f| f.status == Status::Undecided).count(), 2);
    let whole = template(r#""Environment": {"Ref": "P"}, "Command": {"Fn::Split": [",", {"Ref": "P"}]}"#, "");
    for rule in ["SE-01", "SE-02"] {
        assert_eq!(findings_of(rule, &whole, "").len(), 1, "{rule}");
    }
    assert_eq!(findings_of("SE-03", &whole, "").len(), 2);
    // A computed execution role is one that will be set; computed references without a role are undecided.
    let secrets = r#""Secrets": [{"Name": "DB", "ValueFrom": {"Ref": "P"}}]"#;
    assert!(findings_of("SE-05", &template(secrets, r#""ExecutionRoleArn": {"Fn::GetAtt": ["Role", "Arn"]},"#), "").is_empty());
    let se04 = findings_of("SE-04", &template(secrets, ""), "");
    assert_eq!((se04.len(), se04[0].status), (1, Status::Undecided));
    let maybe = findings_of("SE-05", &template(r#""Secrets": {"Ref": "P"}"#, ""), "");
    assert_eq!((maybe.len(), maybe[0].status), (1, Status::Undecided));
    // A dynamic reference is resolved at deploy time: undecided, not scanned.
    let dynamic = template(r#""Environment": [{"Name": "API_TOKEN", "Value": "{{resolve:secretsmanager:api:SecretString:token}}"}]"#, "");
    assert_eq!(findings_of("SE-02", &dynamic, "")[0].status, Status::Undecided);
}

#[test]
fn secret_reference_forms() {
    let role = r#""executionRoleArn": "arn:aws:iam::111122223333:role/e""#;
    let with = |value: &str| {
        format!(
            r#"{{"family": "a", {role}, "containerDefinitions": [{{"name": "c", "image": "x", "secrets": [{{"name": "S", "valueFrom": {}}}]}}]}}"#,
            json(value)
        )
    };
    for good in [
        "arn:aws:secretsmanager:us-east-1:111122223333:secret:db",
        "arn:aws-cn:secretsmanager:cn-north-1:111122223333:secret:a/b+c=d.e@f-g",
        "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf:::9d4cb84b-ad69-40c0-a0ab-cead3EXAMPLE",
        "arn:aws:ssm:us-east-1:111122223333:parameter/db",
        "arn:aws:ssm:us-east-1:111122223333:parameter/a/b/c",
        "db_password",
        "/prod/db/password",
    ] {
        assert!(findings_of("SE-04", &with(good), "").is_empty(), "{good}");
    }
    for bad in [
        "",
        "arn:aws:secretsmanager:us-east-1:111122223333:secret:",
        "arn:aws:secretsmanager:us-east-1:111122223333:secret:db:key",
        "arn:aws:secretsmanager:us-east-1:111122223333:secret:db:key:stage",
        "arn:aws:secretsmanager:us-east-1:111122223333:db",
        "arn:aws:secretsmanager:us-east-1:1111:secret:db",
        "arn:aws:secretsmanager::111122223333:secret:db",
        "arn:azure:secretsmanager:us-east-1:111122223333:secret:db",
        "arn:aws:ssm:us-east-1:111122223333:parameter:/db",
        "arn:aws:ssm:us-east-1:111122223333:db",
        "arn:aws:s3:::bucket/key",
        "secretsmanager:db",
        "db password",
    ] {
        let found = findings_of("SE-04", &with(bad), "");
        assert_eq!(found.iter().filter(|f| f.status == Status::Fail).count(), 1, "{bad:?}");
    }
    // No references at all: not applicable, so nothing is reported.
    assert!(findings_of("SE-04", &task(r#""secrets": []"#), "").is_empty());
}
