//! The shipped scenarios and data files, mutated a few thousand ways
//! (numbers set to 0, -1, 1e308, NaN, infinity, huge integers; lines
//! deleted, duplicated or swapped; files truncated; `--set` with odd values):
//! no mutant may panic or run past a deadline, and every error names the file
//! (and, for the scenario's own lines, the key) it is about.

use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};
use targetsim::scenario::Sources;

/// Mutants of each input, a fixed sequence for a fixed seed.
const MUTANTS_PER_FILE: usize = 400;
/// Longest any one mutant may take.
const DEADLINE: Duration = Duration::from_secs(30);

/// Numbers a mutation puts in place of a number.
const ODD_NUMBERS: [&str; 14] = [
    "0",
    "-1",
    "1e308",
    "-1e308",
    "nan",
    "inf",
    "-inf",
    "18446744073709551615",
    "-9223372036854775809",
    "1e20",
    "0.5",
    "1e-308",
    "99999999999",
    "2",
];

/// `(start, end)` byte spans of the numbers in `text`, outside strings and
/// comments.
fn number_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let code = line.split('#').next().unwrap();
        let bytes = code.as_bytes();
        let mut in_string = false;
        let mut i = 0;
        while i < bytes.len() {
            let c = bytes[i];
            if c == b'"' {
                in_string = !in_string;
            }
            let starts = !in_string
                && (c.is_ascii_digit()
                    || (c == b'-' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)))
                && (i == 0 || b" =[{,".contains(&bytes[i - 1]));
            if starts {
                let mut j = i + 1;
                while j < bytes.len()
                    && (bytes[j].is_ascii_alphanumeric() || b".+-_".contains(&bytes[j]))
                {
                    j += 1;
                }
                spans.push((offset + i, offset + j));
                i = j;
                continue;
            }
            i += 1;
        }
        offset += line.len();
    }
    spans
}

/// One mutant of `text`, and what was done.
fn mutate(text: &str, rng: &mut Xoshiro256PlusPlus) -> (String, String) {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let spans = number_spans(text);
    match rng.random_range(0..10) {
        0..=5 if !spans.is_empty() => {
            let (a, b) = spans[rng.random_range(0..spans.len())];
            let new = ODD_NUMBERS[rng.random_range(0..ODD_NUMBERS.len())];
            let what = format!("number {:?} at byte {a} -> {new}", &text[a..b]);
            (format!("{}{new}{}", &text[..a], &text[b..]), what)
        }
        6 => {
            let k = rng.random_range(0..lines.len());
            let mut out = lines.clone();
            out.remove(k);
            (out.concat(), format!("line {} deleted", k + 1))
        }
        7 => {
            let k = rng.random_range(0..lines.len());
            let mut out = lines.clone();
            out.insert(k, lines[k]);
            (out.concat(), format!("line {} duplicated", k + 1))
        }
        8 => {
            let (a, b) = (
                rng.random_range(0..lines.len()),
                rng.random_range(0..lines.len()),
            );
            let mut out = lines.clone();
            out.swap(a, b);
            (
                out.concat(),
                format!("lines {} and {} swapped", a + 1, b + 1),
            )
        }
        _ => {
            let mut cut = rng.random_range(0..text.len());
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            (text[..cut].to_string(), format!("truncated at byte {cut}"))
        }
    }
}

/// A copy of the repository's scenarios and seeds in a temporary
/// directory, so that mutants keep their relative paths.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for folder in ["scenarios/kunshan", "benches/scenarios", "seeds"] {
        let to = dir.path().join(folder);
        std::fs::create_dir_all(&to).unwrap();
        for entry in std::fs::read_dir(crate::util::repo(folder)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
            }
        }
    }
    dir
}

/// What became of one mutant.
enum Outcome {
    Ran,
    Refused(String),
}

/// Read, validate and briefly simulate `scenario` (with `set` applied), on
/// another thread, within the deadline. A panic or a missed deadline fails
/// the test, naming the mutant.
fn try_mutant(scenario: &Path, set: Vec<String>, what: &str) -> Outcome {
    let (tx, rx) = mpsc::channel();
    let path = scenario.to_path_buf();
    std::thread::spawn(move || {
        let result = std::panic::catch_unwind(|| -> targetsim::Result<()> {
            let sources = Sources::read(&path)?;
            targetsim::fuzz::overrides(&sources, set.join("\n").as_bytes())
        });
        let _ = tx.send(result.map_err(|_| ()));
    });
    match rx.recv_timeout(DEADLINE) {
        Ok(Ok(Ok(()))) => Outcome::Ran,
        Ok(Ok(Err(e))) => Outcome::Refused(e.to_string()),
        Ok(Err(())) => panic!("{what}: panicked"),
        Err(_) => panic!("{what}: still running after {DEADLINE:?}"),
    }
}

/// A refusal names a file of the scenario (or the `--set` flag), and the
/// scenario's own refusals name a key.
fn check_message(message: &str, what: &str) {
    let names_input = ["mutant.toml", ".toml", ".csv", "--set"]
        .iter()
        .any(|name| message.contains(name))
        || message.starts_with("indicator.");
    assert!(names_input, "{what}: the message names no input: {message}");
    // A message about the scenario's own text says where: `file:line: key:`
    // (or `file (merged over parent): key:` for a scenario that extends one).
    if let Some(rest) = message.split("mutant.toml").nth(1) {
        let located = rest.starts_with(':') || rest.starts_with(" (merged over");
        assert!(
            located && rest.contains(": "),
            "{what}: no line or key after the file: {message}"
        );
    }
}

#[test]
fn mutated_shipped_inputs_end_in_a_message() {
    let dir = workspace();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(20261130);
    let started = Instant::now();
    let scenarios = [
        "benches/scenarios/peer-12.toml",
        "benches/scenarios/kunshan-counts.toml",
        "scenarios/kunshan/baseline.toml",
        "scenarios/kunshan/nowcast-2024.toml",
    ];
    let (mut ran, mut refused) = (0, 0);
    for file in scenarios {
        let original = std::fs::read_to_string(dir.path().join(file)).unwrap();
        let mutant_path = dir.path().join(file).with_file_name("mutant.toml");
        for k in 0..MUTANTS_PER_FILE {
            let (text, change) = mutate(&original, &mut rng);
            std::fs::write(&mutant_path, &text).unwrap();
            let what = format!("{file} mutant {k} ({change})");
            match try_mutant(&mutant_path, Vec::new(), &what) {
                Outcome::Ran => ran += 1,
                Outcome::Refused(message) => {
                    check_message(&message, &what);
                    refused += 1;
                }
            }
        }
    }
    // The data files the Kunshan baseline reads, mutated under it.
    for data in [
        "seeds/kunshan-observations.csv",
        "seeds/kunshan-firms.csv",
        "seeds/kunshan-2025-targets.toml",
    ] {
        let path = dir.path().join(data);
        let original = std::fs::read_to_string(&path).unwrap();
        for k in 0..MUTANTS_PER_FILE / 3 {
            let (text, change) = mutate(&original, &mut rng);
            std::fs::write(&path, &text).unwrap();
            let what = format!("{data} mutant {k} ({change})");
            let baseline = dir.path().join("scenarios/kunshan/baseline.toml");
            match try_mutant(&baseline, Vec::new(), &what) {
                Outcome::Ran => ran += 1,
                Outcome::Refused(message) => {
                    check_message(&message, &what);
                    refused += 1;
                }
            }
        }
        std::fs::write(&path, original).unwrap();
    }
    // `--set` with odd values on the keys the what-if tools move.
    let keys = [
        "g0.growth.mean",
        "g0.growth.sd",
        "c0.additions.mean",
        "shock.downturn.probability",
        "correlation.g0~g1.rho",
        "target.g0.value",
        "scenario.target_year",
    ];
    let peer = dir.path().join("benches/scenarios/peer-12.toml");
    for k in 0..MUTANTS_PER_FILE {
        let key = keys[rng.random_range(0..keys.len())];
        let value = ODD_NUMBERS[rng.random_range(0..ODD_NUMBERS.len())];
        let set = vec![format!("{key}={value}")];
        let what = format!("--set {key}={value} (case {k})");
        match try_mutant(&peer, set, &what) {
            Outcome::Ran => ran += 1,
            Outcome::Refused(message) => {
                check_message(&message, &what);
                refused += 1;
            }
        }
    }
    eprintln!(
        "{ran} mutants ran, {refused} were refused, in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert!(ran > 0 && refused > 0, "{ran} ran, {refused} refused");
}

#[test]
fn number_spans_skip_strings_and_comments() {
    let text = "a = 12\nb = \"x 3\" # 4\nc = { m = -0.5, s = 1e-3 }\nid = \"g0\"\n";
    let found: Vec<&str> = number_spans(text)
        .iter()
        .map(|&(a, b)| &text[a..b])
        .collect();
    assert_eq!(found, ["12", "-0.5", "1e-3"]);
}
