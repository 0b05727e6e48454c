//! A workload for profilers (valgrind --tool=callgrind), which criterion's timing
//! loops do not suit: `cargo run --release -p benches --example profile -- score 20000`.
//! Modes: `score`, `assess`, `parse`, `network`, `table` (score a table built
//! before timing), `table-json` (read JSON text into a table and score it).

use std::hint::black_box;

use benches::{national_network, standard_records, standard_values};
use learning_city::assess::{score, score_table};
use learning_city::table::{MissingColumns, Table};
use learning_city::{assess, Record, Rulebook};

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

#[inline(never)]
fn run_table(rulebook: &Rulebook, table: &Table) -> f64 {
    let scores = score_table(rulebook, table, MissingColumns::NoData).unwrap();
    scores.score.iter().sum()
}

/// The fields a table keeps for `rulebook`.
fn keep(rulebook: &Rulebook) -> Vec<String> {
    let mut names = vec!["unit".to_string(), "period".to_string()];
    names.extend(rulebook.fields());
    names
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
        "table" => {
            // Built before timing, from JSON values (650 000 records are more JSON
            // text than `Table::from_json` takes); the best of five runs.
            let names = keep(&rulebook);
            let keep: Vec<&str> = names.iter().map(String::as_str).collect();
            let table = Table::from_values(&standard_values(n), &keep);
            let (mut best, mut best_cpu) = (std::time::Duration::MAX, u64::MAX);
            let mut total = 0.0;
            for _ in 0..5 {
                let (t, cpu) = (std::time::Instant::now(), benches::thread_cpu_ns());
                total = run_table(&rulebook, &table);
                best = best.min(t.elapsed());
                best_cpu = best_cpu.min(benches::thread_cpu_ns() - cpu);
            }
            let cpu_ms = best_cpu as f64 / 1e6;
            eprintln!("score_table {n}: best of 5 {best:?} wall, {cpu_ms:.1} ms CPU");
            total.to_string()
        }
        "table-json" => {
            let names = keep(&rulebook);
            let keep: Vec<&str> = names.iter().map(String::as_str).collect();
            let text = serde_json::to_string(&standard_values(n)).unwrap();
            let t0 = std::time::Instant::now();
            let table = Table::from_json(&text, &keep).unwrap();
            let read = t0.elapsed();
            let t1 = std::time::Instant::now();
            let total = run_table(&rulebook, &table);
            eprintln!("from_json {read:?}, score_table {:?}", t1.elapsed());
            total.to_string()
        }
        "explain" => {
            // Chunks of CHUNK_ROWS rows as the main job reads them, built before
            // timing; then explained (English) and written as compact JSON lines.
            let names = keep(&rulebook);
            let keep: Vec<&str> = names.iter().map(String::as_str).collect();
            let values = standard_values(n);
            let chunk = learning_city::documents::CHUNK_ROWS;
            let tables: Vec<Table> = values
                .chunks(chunk)
                .map(|c| Table::from_values(c, &keep))
                .collect();
            let explain = learning_city::assess::Explain::En;
            let mut explainer = learning_city::assess::Explainer::new(&rulebook, explain);
            let (mut t_explain, mut t_write) =
                (std::time::Duration::ZERO, std::time::Duration::ZERO);
            let mut out = Vec::with_capacity(1 << 22);
            let mut bytes = 0;
            for (c, t) in tables.iter().enumerate() {
                let t0 = std::time::Instant::now();
                let e = explainer
                    .explain(t, MissingColumns::NoData, c * chunk)
                    .unwrap();
                t_explain += t0.elapsed();
                let t1 = std::time::Instant::now();
                out.clear();
                for row in e.compact_rows() {
                    serde_json::to_writer(&mut out, &row).unwrap();
                    out.push(b'\n');
                }
                bytes += out.len();
                t_write += t1.elapsed();
            }
            let t2 = std::time::Instant::now();
            let scores: Vec<_> = tables.iter().map(|t| run_table(&rulebook, t)).collect();
            eprintln!("explain_table {t_explain:?}, compact JSON {t_write:?} ({bytes} bytes), score_table {:?}", t2.elapsed());
            scores.len().to_string()
        }
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
