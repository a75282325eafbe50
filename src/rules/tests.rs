//! The registry's own invariants, and every rule's examples run as tests.

use super::{all, example_config, Expect, EXAMPLE_PARAMS};
use crate::api;
use crate::rules::Status;

/// The 77 ids and names of rules.md §1, in catalogue order.
const SPEC_IDS: &str = include_str!("../../tests/rule-ids.txt");

#[test]
fn ids_and_names_are_unique_and_well_formed() {
    let mut seen = std::collections::HashSet::new();
    for rule in all() {
        assert!(seen.insert(rule.id), "duplicate id {}", rule.id);
        assert!(seen.insert(rule.name), "duplicate name {}", rule.name);
        let (group, number) = rule.id.split_once('-').expect("id has a dash");
        assert!(group.len() == 2 && group.chars().all(|c| c.is_ascii_uppercase()), "{}", rule.id);
        assert!(number.len() == 2 && number.chars().all(|c| c.is_ascii_digit()), "{}", rule.id);
        assert!(rule.name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'), "{}", rule.name);
    }
}

#[test]
fn the_registry_is_the_catalogue_of_the_spec() {
    let spec: Vec<(&str, &str)> = SPEC_IDS.lines().filter_map(|l| l.split_once(' ')).collect();
    let implemented: Vec<(&str, &str)> = all().map(|rule| (rule.id, rule.name)).collect();
    assert_eq!(spec.len(), 77);
    assert_eq!(implemented, spec, "the registry must list exactly the rules of rules.md, in catalogue order");
}

#[test]
fn every_rule_has_a_failing_and_a_passing_example() {
    for rule in all() {
        assert!(rule.examples.iter().any(|e| e.expect == Expect::Fail), "{} has no failing example", rule.id);
        assert!(rule.examples.iter().any(|e| e.expect == Expect::Pass), "{} has no passing example", rule.id);
    }
}

#[test]
fn every_example_does_what_it_says() {
    for rule in all() {
        for example in rule.examples {
            let config = example_config(rule.id);
            assert_eq!(config.is_some(), EXAMPLE_PARAMS.iter().any(|(id, _)| *id == rule.id), "{}: example params are invalid", rule.id);
            let options = api::ValidateOptions { file_name: Some(format!("{}.example", rule.id)), config, ..Default::default() };
            let report = api::validate(example.input, options).expect("default options are valid");
            assert!(report.errors.is_empty(), "{} example '{}' does not parse: {:?}", rule.id, example.title, report.errors);
            let failures: Vec<_> = report.findings.iter().filter(|f| f.rule_id == rule.id && f.status == Status::Fail).collect();
            match example.expect {
                Expect::Fail => assert!(!failures.is_empty(), "{} example '{}' should fail but passed", rule.id, example.title),
                Expect::Pass => assert!(
                    failures.is_empty(),
                    "{} example '{}' should pass but failed: {:?}",
                    rule.id,
                    example.title,
                    failures.iter().map(|f| &f.message).collect::<Vec<_>>()
                ),
            }
        }
    }
}

#[test]
fn equivalents_name_known_tools() {
    for rule in all() {
        for equivalent in rule.equivalents {
            assert!(
                crate::docs::TOOLS.contains(&equivalent.tool) || equivalent.tool == "Pulumi compliance-policies",
                "{}: unknown tool name `{}` in equivalents",
                rule.id,
                equivalent.tool
            );
        }
    }
}

/// The findings one rule reports on an input (any format), with options as JSON (`""` for the defaults).
pub(crate) fn findings_of(rule_id: &str, input: &str, options_json: &str) -> Vec<crate::report::Finding> {
    let report = api::validate(input, api::parse_options(options_json).expect("valid options")).expect("valid call");
    assert!(report.errors.is_empty(), "input does not parse: {:?}", report.errors);
    report.findings.into_iter().filter(|f| f.rule_id == rule_id).collect()
}
