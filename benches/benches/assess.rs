//! Assessing `standard` records: one record (latency), batches of 1 000 to 650 000
//! (throughput), scores only (`assess::score`) against full assessments with their
//! explanations, from parsed records and from JSON values, and side by side with a
//! hand-written loop that computes the same score and grade with no engine.
//!
//! `cargo bench -p benches --bench assess`; `benches/report.py` turns the results
//! into the table of `benches/README.md`.

use std::hint::black_box;
use std::time::Duration;

use benches::{standard_records, standard_values, thread_clock, ThreadTime, SIZES};
use criterion::measurement::Measurement;
use criterion::{
    criterion_group, BenchmarkGroup, BenchmarkId, Criterion, SamplingMode, Throughput,
};
use learning_city::assess::{score, score_table};
use learning_city::table::{MissingColumns, Table};
use learning_city::{assess, assess_values, Record, Rulebook};
use serde_json::Value;

// ---------------------------------------------------------------------------
// The baseline: what a Rust programmer would write by hand for the `standard`
// rulebook of DOMAIN.md §4 — the same fields read from the same `Record`, the
// same formulas and the same refusals of impossible data, but every target typed
// into the code, no rulebook, no explanations.

/// The score and grade of one record, or `None` when the record holds impossible
/// data (the engine then gives an error).
fn baseline(r: &Record) -> Option<(f64, &'static str)> {
    let year = year_of(&r.period)?;
    let f = &r.fields;
    let count = |k: &str| -> Result<Option<f64>, ()> {
        match f.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => match n.as_f64() {
                Some(x) if x.is_finite() && x >= 0.0 => Ok(Some(x)),
                _ => Err(()),
            },
            Some(_) => Err(()),
        }
    };
    let linear = |v: f64, target: f64, points: f64| {
        let half = target / 2.0;
        points * ((v - half) / half).clamp(0.0, 1.0)
    };
    let ratio = |n: Option<f64>, d: Option<f64>, target: f64, points: f64| match (n, d) {
        (Some(n), Some(d)) if d == 0.0 || n > d => Err(()),
        (Some(n), Some(d)) => Ok(linear(n / d, target, points)),
        _ => Ok(0.0),
    };
    let all = |met: bool, points: f64| if met { points } else { 0.0 };

    let residents = count("residents").ok()?;
    let surveyed = count("surveyed").ok()?;
    let mut score = 0.0;
    score += ratio(count("participants").ok()?, residents, 0.25, 20.0).ok()?;
    score += ratio(count("aware").ok()?, surveyed, 0.7, 10.0).ok()?;
    score += ratio(count("recognising").ok()?, surveyed, 0.7, 10.0).ok()?;
    score += ratio(count("satisfied").ok()?, surveyed, 0.5, 15.0).ok()?;
    score += match (count("funding_cny").ok()?, residents) {
        (Some(_), Some(0.0)) => return None,
        (Some(a), Some(p)) => linear(a / p, 2.0, 15.0),
        _ => 0.0,
    };
    // T6: twelve monthly counts, each at least 2.
    score += match f.get("activities_by_month") {
        None | Some(Value::Null) => 0.0,
        Some(Value::Array(months)) if months.len() == 12 => {
            let mut met = 0;
            for m in months {
                match m.as_f64() {
                    Some(x) if x.is_finite() && x >= 0.0 => met += usize::from(x >= 2.0),
                    _ => return None,
                }
            }
            15.0 * met as f64 / 12.0
        }
        Some(_) => return None,
    };
    // T7: a report on or before the 25th of every month.
    score += match f.get("reports") {
        None | Some(Value::Null) => 0.0,
        Some(Value::Array(dates)) => {
            let mut covered = [false; 12];
            for d in dates {
                let (y, m, day) = date_of(d.as_str()?)?;
                if y != year {
                    return None;
                }
                covered[m as usize - 1] |= day <= 25;
            }
            5.0 * covered.iter().filter(|c| **c).count() as f64 / 12.0
        }
        Some(_) => return None,
    };
    score += count("staff_trainings")
        .ok()?
        .map_or(0.0, |c| all(c >= 2.0, 3.0));
    score += count("leading_group_meetings")
        .ok()?
        .map_or(0.0, |c| all(c >= 1.0, 2.0));
    score += match f.get("centre_organised_on") {
        None | Some(Value::Null) => 0.0,
        Some(d) => {
            let (y, m, day) = date_of(d.as_str()?)?;
            if y != year {
                return None;
            }
            all((m, day) <= (6, 30), 2.0)
        }
    };
    score += match f.get("signature_courses") {
        None | Some(Value::Null) => 0.0,
        Some(Value::Bool(b)) => all(*b, 3.0),
        Some(_) => all(count("signature_courses").ok()?? >= 1.0, 3.0),
    };
    let grade = match score {
        s if s >= 90.0 => "excellent",
        s if s >= 75.0 => "good",
        s if s >= 60.0 => "pass",
        _ => "fail",
    };
    Some((score, grade))
}

fn year_of(period: &str) -> Option<i32> {
    let b = period.as_bytes();
    if b.len() != 4 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let y = b.iter().fold(0, |y, d| y * 10 + i32::from(d - b'0'));
    (y >= 1000).then_some(y)
}

/// A strict `YYYY-MM-DD` date that exists.
fn date_of(text: &str) -> Option<(i32, u32, u32)> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let mut digits = [0u32; 8];
    for (slot, &c) in digits.iter_mut().zip(b.iter().filter(|c| **c != b'-')) {
        if !c.is_ascii_digit() {
            return None;
        }
        *slot = u32::from(c - b'0');
    }
    let y = digits[..4].iter().fold(0, |y, d| y * 10 + d) as i32;
    let m = digits[4] * 10 + digits[5];
    let d = digits[6] * 10 + digits[7];
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&d).then_some((y, m, d))
}

// ---------------------------------------------------------------------------
// What a columnar record source could reach: the same hand-written loop over the
// same records laid out as columns (one array per field, dates packed as numbers,
// all built before timing), instead of one map of JSON values per record. Not a
// baseline for the engine, whose input is `Record`; it measures what the record
// layout itself costs (see README.md).

/// A date packed as `year << 9 | month << 5 | day`, so that dates compare as numbers.
fn pack(y: i32, m: u32, d: u32) -> u32 {
    (y as u32) << 9 | m << 5 | d
}

#[derive(Default)]
struct Columns {
    year: Vec<i32>,
    /// `NaN` where the record lacks the field.
    residents: Vec<f64>,
    participants: Vec<f64>,
    surveyed: Vec<f64>,
    aware: Vec<f64>,
    recognising: Vec<f64>,
    satisfied: Vec<f64>,
    funding: Vec<f64>,
    months: Vec<[f64; 12]>,
    /// Record `i`'s reports are `reports[report_start[i]..report_start[i + 1]]`.
    report_start: Vec<u32>,
    reports: Vec<u32>,
    trainings: Vec<f64>,
    meetings: Vec<f64>,
    organised: Vec<u32>,
    courses: Vec<f64>,
}

impl Columns {
    /// Only for the generated records, which hold every list and all dates valid.
    fn from_records(records: &[Record]) -> Columns {
        let mut c = Columns::default();
        c.report_start.push(0);
        for r in records {
            let num = |k: &str| r.fields.get(k).and_then(Value::as_f64).unwrap_or(f64::NAN);
            let day = |v: &Value| {
                let (y, m, d) = date_of(v.as_str().unwrap()).unwrap();
                pack(y, m, d)
            };
            c.year.push(year_of(&r.period).unwrap());
            c.residents.push(num("residents"));
            c.participants.push(num("participants"));
            c.surveyed.push(num("surveyed"));
            c.aware.push(num("aware"));
            c.recognising.push(num("recognising"));
            c.satisfied.push(num("satisfied"));
            c.funding.push(num("funding_cny"));
            let mut months = [0.0; 12];
            let counts = r.fields["activities_by_month"].as_array().unwrap();
            for (slot, v) in months.iter_mut().zip(counts) {
                *slot = v.as_f64().unwrap();
            }
            c.months.push(months);
            let reports = r.fields["reports"].as_array().unwrap();
            c.reports.extend(reports.iter().map(day));
            c.report_start.push(c.reports.len() as u32);
            c.trainings.push(num("staff_trainings"));
            c.meetings.push(num("leading_group_meetings"));
            c.organised.push(day(&r.fields["centre_organised_on"]));
            c.courses.push(num("signature_courses"));
        }
        c
    }

    /// Record `i`'s score and grade, as [`baseline`] computes them.
    fn score(&self, i: usize) -> (f64, &'static str) {
        let linear = |v: f64, target: f64, points: f64| {
            let half = target / 2.0;
            points * ((v - half) / half).clamp(0.0, 1.0)
        };
        let ratio = |n: f64, d: f64, target: f64, points: f64| {
            if n.is_nan() || d.is_nan() {
                0.0
            } else {
                linear(n / d, target, points)
            }
        };
        let all = |met: bool, points: f64| if met { points } else { 0.0 };
        let (residents, surveyed) = (self.residents[i], self.surveyed[i]);
        let mut score = 0.0;
        score += ratio(self.participants[i], residents, 0.25, 20.0);
        score += ratio(self.aware[i], surveyed, 0.7, 10.0);
        score += ratio(self.recognising[i], surveyed, 0.7, 10.0);
        score += ratio(self.satisfied[i], surveyed, 0.5, 15.0);
        score += ratio(self.funding[i], residents, 2.0, 15.0);
        let met = self.months[i].iter().filter(|m| **m >= 2.0).count();
        score += 15.0 * met as f64 / 12.0;
        let mut covered = 0u16;
        let (from, to) = (self.report_start[i], self.report_start[i + 1]);
        for &d in &self.reports[from as usize..to as usize] {
            if d & 31 <= 25 {
                covered |= 1 << ((d >> 5) & 15);
            }
        }
        score += 5.0 * f64::from(covered.count_ones()) / 12.0;
        score += all(self.trainings[i] >= 2.0, 3.0);
        score += all(self.meetings[i] >= 1.0, 2.0);
        score += all(self.organised[i] <= pack(self.year[i], 6, 30), 2.0);
        score += all(self.courses[i] >= 1.0, 3.0);
        let grade = match score {
            s if s >= 90.0 => "excellent",
            s if s >= 75.0 => "good",
            s if s >= 60.0 => "pass",
            _ => "fail",
        };
        (score, grade)
    }
}

/// The baseline must give the engine's very answer, or the comparison means nothing.
fn check_baseline_agrees(rulebook: &Rulebook, records: &[Record]) {
    for r in records {
        let engine = score(rulebook, r).ok().map(|s| (s.score, s.grade));
        let by_hand = baseline(r);
        assert_eq!(
            engine.map(|(s, g)| (s.to_bits(), g.to_string())),
            by_hand.map(|(s, g)| (s.to_bits(), g.to_string())),
            "baseline and engine disagree on {}",
            r.unit
        );
    }
    let columns = Columns::from_records(records);
    for (i, r) in records.iter().enumerate() {
        let (s, g) = columns.score(i);
        assert_eq!(baseline(r), Some((s, g)), "columns disagree on {}", r.unit);
    }
}

/// Whether to run the full assessments at 650 000 records too (about 30 s an
/// iteration on the reference machine, so ten samples take minutes).
fn all_sizes() -> bool {
    std::env::var_os("LC_BENCH_ALL").is_some()
}

// ---------------------------------------------------------------------------

fn configure<M: Measurement>(group: &mut BenchmarkGroup<'_, M>, n: usize) {
    group.throughput(Throughput::Elements(n as u64));
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(2));
    // From 100 000 records one iteration is long enough to time on its own: ten
    // samples of one iteration each, rather than criterion's growing series.
    group.sampling_mode(if n >= 100_000 {
        SamplingMode::Flat
    } else {
        SamplingMode::Auto
    });
}

fn latency<M: Measurement>(c: &mut Criterion<M>) {
    let rulebook = Rulebook::builtin("standard").unwrap();
    let record = standard_records(1).remove(0);
    let mut g = c.benchmark_group("latency");
    g.bench_function("assess", |b| {
        b.iter(|| assess(&rulebook, black_box(&record)))
    });
    g.bench_function("score", |b| b.iter(|| score(&rulebook, black_box(&record))));
    g.bench_function("baseline", |b| b.iter(|| baseline(black_box(&record))));
    g.finish();
}

fn batches<M: Measurement>(c: &mut Criterion<M>) {
    let rulebook = Rulebook::builtin("standard").unwrap();
    let largest = *SIZES.iter().max().unwrap();
    let records = standard_records(largest);
    check_baseline_agrees(&rulebook, &records);

    let mut g = c.benchmark_group("score");
    for n in SIZES {
        let batch = &records[..n];
        configure(&mut g, n);
        g.bench_with_input(BenchmarkId::new("engine", n), batch, |b, batch| {
            b.iter(|| {
                let mut total = 0.0;
                for r in batch {
                    total += score(&rulebook, r).map_or(0.0, |s| s.score);
                }
                total
            })
        });
        g.bench_with_input(BenchmarkId::new("baseline", n), batch, |b, batch| {
            b.iter(|| {
                let mut total = 0.0;
                for r in batch {
                    total += baseline(r).map_or(0.0, |(s, _)| s);
                }
                total
            })
        });
        let columns = Columns::from_records(batch);
        g.bench_with_input(BenchmarkId::new("columnar", n), &columns, |b, columns| {
            b.iter(|| {
                let mut total = 0.0;
                for i in 0..n {
                    total += columns.score(i).0;
                }
                total
            })
        });
    }
    g.finish();

    // Full assessments with every explanation and the work list; each one is
    // dropped as the next is made, as a stream to a file would.
    let mut g = c.benchmark_group("assess");
    for n in SIZES.into_iter().filter(|n| *n < 650_000 || all_sizes()) {
        let batch = &records[..n];
        configure(&mut g, n);
        g.bench_with_input(BenchmarkId::new("engine", n), batch, |b, batch| {
            b.iter(|| {
                for r in batch {
                    let _ = black_box(assess(&rulebook, r));
                }
            })
        });
    }
    g.finish();
}

fn from_json<M: Measurement>(c: &mut Criterion<M>) {
    let rulebook = Rulebook::builtin("standard").unwrap();
    let largest = *SIZES.iter().max().unwrap();
    let values = standard_values(largest);

    // Parsing included: JSON values (what a binding hands over) to records, then
    // scores; and the whole `assess_values`, N values in, N outcomes out.
    let mut g = c.benchmark_group("json");
    for n in SIZES {
        let batch = &values[..n];
        configure(&mut g, n);
        g.bench_with_input(BenchmarkId::new("parse+score", n), batch, |b, batch| {
            b.iter(|| {
                let mut total = 0.0;
                for v in batch {
                    if let Ok(r) = Record::from_value(v) {
                        total += score(&rulebook, &r).map_or(0.0, |s| s.score);
                    }
                }
                total
            })
        });
        if n < 650_000 || all_sizes() {
            g.bench_with_input(BenchmarkId::new("assess_values", n), batch, |b, batch| {
                b.iter(|| assess_values(&rulebook, batch).len())
            });
        }
    }
    g.finish();
}

/// The fields a table keeps for `rulebook`: `unit`, `period` and those it reads.
fn keep(rulebook: &Rulebook) -> Vec<String> {
    let mut names = vec!["unit".to_string(), "period".to_string()];
    names.extend(rulebook.fields());
    names
}

/// The same records as a [`Table`]: scored a column at a time (`score_table`), and
/// read from JSON text straight into columns (`Table::from_json`).
fn tables<M: Measurement>(c: &mut Criterion<M>) {
    let rulebook = Rulebook::builtin("standard").unwrap();
    let largest = *SIZES.iter().max().unwrap();
    let values = standard_values(largest);
    let records: Vec<Record> = values
        .iter()
        .map(|v| Record::from_value(v).unwrap())
        .collect();
    let names = keep(&rulebook);
    let keep: Vec<&str> = names.iter().map(String::as_str).collect();
    let table = Table::from_values(&values, &keep);
    check_table_agrees(&rulebook, &table, &records);

    let mut g = c.benchmark_group("table");
    for n in SIZES {
        configure(&mut g, n);
        let part = Table::from_values(&values[..n], &keep);
        g.bench_with_input(BenchmarkId::new("score_table", n), &part, |b, t| {
            b.iter(|| {
                let scores = score_table(&rulebook, t, MissingColumns::NoData).unwrap();
                scores.score.iter().sum::<f64>()
            })
        });
        let columns = Columns::from_records(&records[..n]);
        g.bench_with_input(BenchmarkId::new("columnar", n), &columns, |b, columns| {
            b.iter(|| (0..n).map(|i| columns.score(i).0).sum::<f64>())
        });
        // JSON text of more than `MAX_TEXT_BYTES` (about 110 000 of these records)
        // is refused, as it is from a page.
        if n <= 100_000 {
            let text = serde_json::to_string(&values[..n]).unwrap();
            g.bench_with_input(BenchmarkId::new("json_text", n), &text, |b, text| {
                b.iter(|| {
                    let t = Table::from_json(text, &keep).unwrap();
                    let scores = score_table(&rulebook, &t, MissingColumns::NoData).unwrap();
                    scores.score.iter().sum::<f64>()
                })
            });
            g.bench_with_input(
                BenchmarkId::new("json_text_records", n),
                &text,
                |b, text| {
                    b.iter(|| {
                        let parsed: Vec<Value> = serde_json::from_str(text).unwrap();
                        let mut total = 0.0;
                        for v in &parsed {
                            if let Ok(r) = Record::from_value(v) {
                                total += score(&rulebook, &r).map_or(0.0, |s| s.score);
                            }
                        }
                        total
                    })
                },
            );
        }
    }
    g.finish();
}

/// The table must score every record as `score` does, bit for bit.
fn check_table_agrees(rulebook: &Rulebook, table: &Table, records: &[Record]) {
    let scores = score_table(rulebook, table, MissingColumns::NoData).unwrap();
    for (i, r) in records.iter().enumerate() {
        let s = score(rulebook, r).unwrap();
        assert_eq!(scores.score[i].to_bits(), s.score.to_bits(), "{}", r.unit);
        assert_eq!(scores.grade[i], Some(s.grade), "{}", r.unit);
    }
}

criterion_group! {
    name = wall_clock;
    config = Criterion::default().sample_size(10).configure_from_args();
    targets = latency, batches, from_json, tables
}
criterion_group! {
    name = cpu_clock;
    config = Criterion::default()
        .with_measurement(ThreadTime::default())
        .sample_size(10)
        .configure_from_args();
    targets = latency, batches, from_json, tables
}

/// `LC_BENCH_CLOCK=cpu cargo bench -p benches` times with the thread's CPU clock.
fn main() {
    if thread_clock() {
        cpu_clock();
    } else {
        wall_clock();
    }
    Criterion::default().configure_from_args().final_summary();
}
