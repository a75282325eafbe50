//! Damaged inputs never panic: every fixture, mutated many times over with the characters that matter to
//! JSON and YAML, is read and validated (a data error is fine, a panic is not).

use fargate_guard::api::{validate, ValidateOptions};

const FIXTURES: &[&str] = &[
    include_str!("fixtures/cloudformation/service.yaml"),
    include_str!("fixtures/cloudformation/cdk.template.json"),
    include_str!("fixtures/aws-api/requests.json"),
    include_str!("fixtures/aws-api/requests.ndjson"),
    include_str!("fixtures/aws-api/task-definition.yaml"),
];

const PIECES: &[&str] = &[
    "[", "]", "{", "}", ",", ":", " ", "\n", "\r\n", "\t", "-", "- ", "\"", "'", "\\", "#", "&a ", "*a", "!Ref ", "!If ",
    "!GetAtt ", "? ", "|", ">", "---\n", "...", "~", "0", "1e400", "{{resolve:ssm:x}}", "${", "é", "\u{feff}", "Fn::If",
    "!!str ", "<<: ", "%YAML 1.2\n",
];

/// xorshift64*: deterministic, so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n.max(1)
    }
}

fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(chars.len() + 1);
        match rng.below(3) {
            0 if at < chars.len() => {
                let end = (at + 1 + rng.below(8)).min(chars.len());
                chars.drain(at..end);
            }
            1 => {
                let piece = PIECES[rng.below(PIECES.len())];
                chars.splice(at..at, piece.chars());
            }
            _ => {
                // Duplicate a slice: repeated keys, anchors, nesting.
                let end = (at + rng.below(40)).min(chars.len());
                let copy: Vec<char> = chars[at..end].to_vec();
                chars.splice(at..at, copy);
            }
        }
    }
    chars.into_iter().collect()
}

#[test]
fn mutated_fixtures_never_panic() {
    let rounds: usize = std::env::var("FARGATE_GUARD_MUTATIONS").ok().and_then(|n| n.parse().ok()).unwrap_or(400);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for fixture in FIXTURES {
        for _ in 0..rounds {
            let text = mutate(fixture, &mut rng);
            let result = std::panic::catch_unwind(|| validate(&text, ValidateOptions::default()));
            assert!(result.is_ok(), "panic on input:\n{text}");
        }
    }
}
