//! A workload for profilers (valgrind --tool=callgrind), which criterion's timing
//! loops do not suit: `cargo run --release -p benches --example profile -- score 20000`.
//! Modes: `score`, `assess`, `parse`, `network`.

use std::hint::black_box;

use benches::{national_network, standard_records, standard_values};
use learning_city::{assess, assess::score, Record, Rulebook};

#[inline(never)]
fn run_score(rulebook: &Rulebook, records: &[Record]) -> f64 {
    records
        .iter()
        .map(|r| score(rulebook, r).map_or(0.0, |s| s.score))
        .sum()
}

#[inline(never)]
fn run_assess(rulebook: &Rulebook, records: &[Record]) -> usize {
    records
        .iter()
        .map(|r| black_box(assess(rulebook, r)).map_or(0, |a| a.work_list.len()))
        .sum()
}

#[inline(never)]
fn run_parse(values: &[serde_json::Value]) -> usize {
    values
        .iter()
        .filter_map(|v| Record::from_value(v).ok())
        .map(|r| r.fields.len())
        .sum()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_else(|| "score".into());
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(20_000);
    let rulebook = Rulebook::builtin("standard").unwrap();
    let start = std::time::Instant::now();
    let out = match mode.as_str() {
        "score" => run_score(&rulebook, &standard_records(n)).to_string(),
        "assess" => run_assess(&rulebook, &standard_records(n)).to_string(),
        "parse" => run_parse(&standard_values(n)).to_string(),
        "network" => {
            let (units, members) = national_network(n);
            learning_city::network::check(&units, &members)
                .len()
                .to_string()
        }
        other => panic!("unknown mode {other}"),
    };
    eprintln!(
        "{mode} {n}: {out} in {:?} (generation included)",
        start.elapsed()
    );
}
