//! A resource with [`Variant`]s (CloudFormation `Fn::If` on conditions that cannot be decided offline) is checked
//! once per variant; this merges what a rule said about each into what is reported for the resource.
//!
//! A finding is reported once however many variants have it (same status, place and message). One that only
//! some variants have says when, e.g. " (when condition IsProd is false)", and keeps its fix only when every
//! edit is inside an `Fn::If` branch that variant took: the fix then changes that branch alone.

use crate::model::{Origin, Origins, Variant};
use crate::rules::{At, Edit, Hit, Status};

/// Conjunctions of up to this many conditions are tried when saying in which variants a finding occurs.
const MAX_TERM: usize = 3;
/// Only the first conditions (those the `Fn::If`s name come first) are combined into such conjunctions.
const MAX_TERM_CONDITIONS: usize = 10;

/// What makes two findings of different variants the same finding.
#[derive(PartialEq)]
struct Key {
    status: Status,
    document: u32,
    pointer: String,
    embedded: Option<String>,
    missing: Option<&'static str>,
    message: String,
}

impl Key {
    fn of(hit: &Hit, origins: &Origins) -> Key {
        let missing = match hit.at {
            At::Missing { key, .. } => Some(key),
            At::Value(_) => None,
        };
        let path = origins.path(place(hit.at));
        Key { status: hit.status, document: path.document, pointer: path.pointer, embedded: path.embedded, missing, message: hit.message.clone() }
    }
}

struct Merged {
    key: Key,
    hit: Hit,
    /// The variants that have it, in order; the first is where `hit` (and its origins) come from.
    found_in: Vec<usize>,
}

/// The hits of every variant (in variant order) merged into the resource's.
pub fn merge(variants: &[Variant], hits: Vec<Vec<Hit>>, origins: &Origins) -> Vec<Hit> {
    let mut merged: Vec<Merged> = Vec::new();
    for (variant, hits) in hits.into_iter().enumerate() {
        for hit in hits {
            let key = Key::of(&hit, origins);
            match merged.iter_mut().find(|m| m.key == key) {
                Some(m) => {
                    m.hit.severity = m.hit.severity.max(hit.severity);
                    if !m.found_in.contains(&variant) {
                        m.found_in.push(variant);
                    }
                }
                None => merged.push(Merged { key, hit, found_in: vec![variant] }),
            }
        }
    }
    merged
        .into_iter()
        .map(|Merged { mut hit, found_in, .. }| {
            if found_in.len() < variants.len() {
                let branches = found_in.first().and_then(|v| variants.get(*v)).map_or(&[][..], |v| v.branches.as_slice());
                // The conditions of the branches the finding is in describe it best.
                let on_path: Vec<&str> =
                    branches.iter().filter(|(branch, _)| origins.is_within(place(hit.at), &[*branch])).map(|(_, c)| c.as_str()).collect();
                hit.message.push_str(&describe(variants, &found_in, &on_path));
                let branch_origins: Vec<Origin> = branches.iter().map(|(origin, _)| *origin).collect();
                if !hit.fix.iter().all(|edit| origins.is_within(target(edit), &branch_origins)) {
                    hit.fix.clear();
                }
            }
            hit
        })
        .collect()
}

/// The value a finding is about, or the object that lacks its key.
fn place(at: At) -> Origin {
    match at {
        At::Value(origin) => origin,
        At::Missing { parent, .. } => parent,
    }
}

/// Where an edit writes.
fn target(edit: &Edit) -> Origin {
    match edit {
        Edit::Set { at, .. } | Edit::Remove { at } | Edit::Respell { at, .. } => place(*at),
        Edit::Append { list, .. } => *list,
    }
}

/// A conjunction of (condition column, value).
type Term = Vec<(usize, bool)>;

/// " (when condition A is false)", " (when condition A is true and condition B is false, or when …)": the
/// variants `found_in`, in few conditions, those in `preferred` if they suffice.
fn describe(variants: &[Variant], found_in: &[usize], preferred: &[&str]) -> String {
    let Some(first) = variants.first().filter(|v| !v.when.is_empty()) else { return String::new() };
    let columns: Vec<usize> = (0..first.when.len()).collect();
    let named: Vec<usize> = columns.iter().copied().filter(|c| first.when.get(*c).is_some_and(|(name, _)| preferred.contains(&name.as_str()))).collect();
    let chosen = Some(named)
        .filter(|named| !named.is_empty())
        .and_then(|named| cover(variants, found_in, &named, false))
        .or_else(|| cover(variants, found_in, &columns, true))
        .unwrap_or_default();
    let name = |column: usize| first.when.get(column).map_or("?", |(name, _)| name.as_str());
    let phrases: Vec<String> = chosen
        .iter()
        .map(|term| term.iter().map(|(column, value)| format!("condition {} is {value}", name(*column))).collect::<Vec<_>>().join(" and "))
        .collect();
    format!(" (when {})", phrases.join(", or when "))
}

/// A greedy cover of `found_in` by conjunctions over `columns` that hold in no other variant: each step takes
/// the one that covers the most variants not yet covered (the smallest first among equals). `None` when some
/// variant cannot be covered, unless `exhaustive`: then all the conditions of that variant describe it alone.
fn cover(variants: &[Variant], found_in: &[usize], columns: &[usize], exhaustive: bool) -> Option<Vec<Term>> {
    let value = |variant: usize, column: usize| variants.get(variant).and_then(|v| v.when.get(column)).map(|(_, value)| *value);
    let covers = |term: &Term, variant: usize| term.iter().all(|(column, wanted)| value(variant, *column) == Some(*wanted));
    let candidates = terms(columns.get(..MAX_TERM_CONDITIONS).unwrap_or(columns));
    let mut uncovered: Vec<usize> = found_in.to_vec();
    let mut chosen: Vec<Term> = Vec::new();
    while let Some(&next) = uncovered.first() {
        let mut best: Option<(usize, &Term)> = None;
        for term in &candidates {
            let covered: Vec<usize> = (0..variants.len()).filter(|v| covers(term, *v)).collect();
            if covered.is_empty() || !covered.iter().all(|v| found_in.contains(v)) {
                continue;
            }
            let gain = covered.iter().filter(|v| uncovered.contains(v)).count();
            if gain > best.map_or(0, |(g, _)| g) {
                best = Some((gain, term));
            }
        }
        let term = match best {
            Some((_, term)) => term.clone(),
            None if exhaustive => columns.iter().filter_map(|c| Some((*c, value(next, *c)?))).collect(),
            None => return None,
        };
        uncovered.retain(|v| !covers(&term, *v) && *v != next);
        chosen.push(term);
    }
    Some(chosen)
}

/// Every conjunction of 1 to [`MAX_TERM`] of `columns`, smallest first, in column order.
fn terms(columns: &[usize]) -> Vec<Term> {
    let mut out: Vec<Term> = vec![Vec::new()];
    let mut all = Vec::new();
    for _ in 0..MAX_TERM.min(columns.len()) {
        let mut longer = Vec::new();
        for term in &out {
            let start = term.last().and_then(|(last, _)| columns.iter().position(|c| c == last)).map_or(0, |i| i + 1);
            for column in columns.iter().skip(start) {
                for value in [true, false] {
                    let mut next = term.clone();
                    next.push((*column, value));
                    longer.push(next);
                }
            }
        }
        all.extend(longer.iter().cloned());
        out = longer;
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Node, Origins, Value};

    fn variants(columns: &[&str]) -> Vec<Variant> {
        let mut origins = Origins::default();
        let origin = origins.document(0, crate::model::KeyStyle::Pascal);
        (0..1usize << columns.len())
            .map(|combination| Variant {
                when: columns.iter().enumerate().map(|(bit, name)| (name.to_string(), combination & (1 << bit) == 0)).collect(),
                body: Node::new(Value::Null, origin),
                branches: Vec::new(),
            })
            .collect()
    }

    #[test]
    fn the_variants_of_a_finding_are_named_in_few_conditions() {
        // Variants: 0 = A,B true; 1 = A false, B true; 2 = A true, B false; 3 = both false.
        let v = variants(&["A", "B"]);
        assert_eq!(describe(&v, &[1, 3], &[]), " (when condition A is false)");
        assert_eq!(describe(&v, &[2], &[]), " (when condition A is true and condition B is false)");
        assert_eq!(describe(&v, &[1, 2, 3], &[]), " (when condition A is false, or when condition B is false)");
        assert_eq!(describe(&v, &[0, 3], &[]), " (when condition A is true and condition B is true, or when condition A is false and condition B is false)");
        // C = A and not B: one condition says it, but the finding is in branches on A and B.
        let mut v = variants(&["A", "B", "C"]);
        v.retain(|variant| variant.when[2].1 == (variant.when[0].1 && !variant.when[1].1));
        let found: Vec<usize> = (0..v.len()).filter(|i| v[*i].when[2].1).collect();
        assert_eq!(describe(&v, &found, &[]), " (when condition C is true)");
        assert_eq!(describe(&v, &found, &["A", "B"]), " (when condition A is true and condition B is false)");
        // Conditions on the path that do not say it alone give way to those that do.
        assert_eq!(describe(&v, &found, &["A"]), " (when condition C is true)");
    }
}
