//! Numbers as text as `f64`'s `Display` writes them (`250`, `0.25`, `-0`, `10000000000000000`, `0.00000015`,
//! `NaN`, `inf`), built from the shortest round-trip digits of serde_json's float printer, which the JSON
//! output links anyway: core's float formatting (Grisu, Dragon and their tables) would add ~22 KB to the wasm
//! module for a few messages (docs/size.md). The one difference: when two shortest spellings are equally
//! close (`1658206780088562.25`), this rounds to even, as JavaScript does, where `Display` rounds up.

pub fn to_text(n: f64) -> String {
    if n.is_nan() {
        return "NaN".into();
    }
    let sign = if n.is_sign_negative() { "-" } else { "" };
    let Some(number) = serde_json::Number::from_f64(n.abs()) else {
        return format!("{sign}inf");
    };
    // Shortest digits, fixed or scientific: `250.0`, `0.25`, `1e16`, `1.5e-7`.
    let shortest = number.to_string();
    let (mantissa, exponent) = match shortest.split_once('e') {
        Some((mantissa, exponent)) => (mantissa, exponent.parse::<i64>().unwrap_or(0)),
        None => (shortest.as_str(), 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    // The value is 0.DIGITS × 10^point.
    let digits = format!("{whole}{fraction}");
    let significant = digits.trim_start_matches('0');
    let point = (whole.len() as i64) + exponent - ((digits.len() - significant.len()) as i64);
    let significant = significant.trim_end_matches('0');
    if significant.is_empty() {
        return format!("{sign}0");
    }
    let zeros = |count: i64| "0".repeat(usize::try_from(count).unwrap_or(0));
    match usize::try_from(point).ok().and_then(|point| significant.split_at_checked(point)) {
        _ if point <= 0 => format!("{sign}0.{}{significant}", zeros(-point)),
        Some((integral, "")) => format!("{sign}{integral}"),
        Some((integral, decimals)) => format!("{sign}{integral}.{decimals}"),
        None => format!("{sign}{significant}{}", zeros(point - significant.len() as i64)),
    }
}

/// A decimal number as `str::parse::<f64>` reads one (`256`, `-0.5`, `+1`, `.25`, `1.`, `1e3`; not `inf` or
/// `NaN`), through serde_json's number parser, which the JSON input links anyway: core's (~16 KB of wasm, 12 KB
/// after gzip, mostly a table that does not compress) is then not needed (docs/size.md). The test finds the
/// same value as `str::parse` for every number it tries.
pub fn parse(text: &str) -> Option<f64> {
    // Whole numbers (most of what documents hold: `256`, `"512"`) without building JSON text first.
    if let Ok(whole) = text.parse::<u64>() {
        return Some(whole as f64);
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => unsigned.split_at(at),
        None => (unsigned, ""),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    let exponent_digits = exponent.get(1..).map(|e| e.strip_prefix(['-', '+']).unwrap_or(e));
    if whole.is_empty() && fraction.is_empty() || !digits(whole) || !digits(fraction) || exponent_digits.is_some_and(|e| e.is_empty() || !digits(e)) {
        return None;
    }
    // JSON's spelling of the same number: no `+`, no leading zeros, digits on both sides of the point.
    let whole = whole.trim_start_matches('0');
    let json = format!("{}{}.{}{exponent}", if text.starts_with('-') { "-" } else { "" }, if whole.is_empty() { "0" } else { whole }, if fraction.is_empty() { "0" } else { fraction });
    serde_json::from_str::<serde_json::Value>(&json).ok()?.as_f64()
}

#[cfg(test)]
mod tests {
    use super::{parse, to_text};

    #[test]
    fn writes_what_display_writes() {
        let mut samples = vec![
            0.0, -0.0, 1.0, -1.0, 0.25, 250.0, 20.5, 1e15, 1e16, 1.5e-7, 1e-5, 1e-6, 123456.789, 1e300, 5e-324, f64::MAX, f64::MIN_POSITIVE,
            f64::INFINITY, f64::NEG_INFINITY, f64::NAN, 0.1 + 0.2, 9007199254740993.0, 4.35, 100.0 / 3.0,
        ];
        // Random bit patterns (every exponent) and random short decimals (the numbers documents hold).
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..200_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            samples.push(f64::from_bits(state));
            samples.push((state % 100_000) as f64 / [1.0, 10.0, 100.0, 1000.0, 1e6][(state >> 40) as usize % 5]);
        }
        let mut ties = 0;
        for n in samples {
            let (ours, display) = (to_text(n), n.to_string());
            if ours != display {
                // A tie between two shortest spellings: Display rounds it up, serde_json (like JavaScript) to even.
                let same = ours.parse::<f64>().ok() == Some(n) && ours.len() == display.len();
                assert!(same, "bits {:#x}: {ours} but Display writes {display}", n.to_bits());
                ties += 1;
            }
        }
        assert!(ties < 100, "{ties} ties");
    }

    #[test]
    fn reads_what_str_parse_reads() {
        for text in ["0", "-0", "+1", ".5", "-.5", "1.", "1e3", "1E-3", "2.5e+2", "00012", "0.25", "256", "-1.5", "1e22", "123456789012345"] {
            assert_eq!(parse(text), text.parse::<f64>().ok(), "{text}");
        }
        for text in ["", ".", "-", "e5", "1e", "1e+", "1.2.3", "--1", "+-1", " 1", "1 ", "1_000", "0x10", "inf", "NaN", "1e5.5"] {
            assert_eq!(parse(text), None, "{text}");
        }
        // Up to 15 significant digits and exponents within ±22, serde_json's parse is exact.
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..100_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let digits = (state % 1_000_000_000_000_000).to_string();
            let point = (state >> 50) as usize % (digits.len() + 1);
            let text = format!("{}.{}e{}", &digits[..point], &digits[point..], (state >> 56) as i64 % 23 - 11);
            assert_eq!(parse(&text), text.parse::<f64>().ok(), "{text}");
        }
    }
}
