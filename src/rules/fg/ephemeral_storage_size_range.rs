use crate::facts::EPHEMERAL_STORAGE_GIB;
use crate::model::{Field, Kind};
use crate::number::to_text;
use crate::rules::{Check, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "FG-04",
    name: "ephemeral-storage-size-range",
    title: "ephemeralStorage outside 21..200 GiB",
    severity: Severity::Critical,
    kinds: &[Kind::TaskDefinition],
    description: "`ephemeralStorage.sizeInGiB` must be an integer from 21 to 200 (API_EphemeralStorage); 20 GiB is the \
        implicit default when the block is omitted. Any other value is rejected when the task definition is registered.",
    remediation: "Set `ephemeralStorage.sizeInGiB` to a whole number between 21 and 200, or remove the block to get the \
        20 GiB default.",
    equivalents: &[],
    params: &[],
    check,
    examples: &[
        Example {
            title: "20 GiB written explicitly",
            expect: Expect::Fail,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "cpu": "256", "memory": "512", "networkMode": "awsvpc",
  "ephemeralStorage": {"sizeInGiB": 20}, "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]}"#,
        },
        Example {
            title: "more than 200 GiB",
            expect: Expect::Fail,
            input: r#"{"family": "app", "ephemeralStorage": {"sizeInGiB": 250}, "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]}"#,
        },
        Example {
            title: "100 GiB",
            expect: Expect::Pass,
            input: r#"{"family": "app", "ephemeralStorage": {"sizeInGiB": 100}, "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]}"#,
        },
        Example {
            title: "no ephemeralStorage block (20 GiB default)",
            expect: Expect::Pass,
            input: r#"{"family": "app", "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, td: &Subject<'_>) {
    let storage = td.body().get("ephemeralStorage");
    if storage.is_absent() {
        return check.not_applicable();
    }
    let size = storage.get("sizeInGiB");
    let (min, max) = EPHEMERAL_STORAGE_GIB;
    match size {
        Field::Unknown(_) => check.undecided(size, "ephemeralStorage.sizeInGiB is not known before deployment."),
        Field::Absent { .. } => check.fail(size, "ephemeralStorage is set without sizeInGiB, which the API requires."),
        Field::Known(node) => match node.as_f64() {
            Some(gib) if gib.fract() == 0.0 && gib >= f64::from(min) && gib <= f64::from(max) => {}
            Some(gib) => check.fail(size, format!("ephemeralStorage.sizeInGiB is {}; it must be a whole number from {min} to {max}.", to_text(gib))),
            None => check.fail(size, format!("ephemeralStorage.sizeInGiB is not a number; it must be a whole number from {min} to {max}.")),
        },
    }
}
