//! Deterministic workloads for the benchmarks: `standard` records with a realistic
//! spread of values, and a national-size community-education network.
//!
//! Everything here is generated from a fixed seed, so every run (and every
//! machine) benchmarks exactly the same data.

use std::time::Duration;

use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use learning_city::network::{Facility, Level, Unit};
use learning_city::teams::{Member, Team};
use learning_city::Record;
use serde_json::{json, Map, Value};

/// The record counts of the batch benchmarks; 650 000 is about every community
/// (社区 and 村) in China.
pub const SIZES: [usize; 4] = [1_000, 10_000, 100_000, 650_000];

/// True when `LC_BENCH_CLOCK=cpu`: time with [`ThreadTime`] instead of the wall clock.
pub fn thread_clock() -> bool {
    std::env::var("LC_BENCH_CLOCK").is_ok_and(|v| v == "cpu")
}

/// CPU time of the benchmarking thread (`CLOCK_THREAD_CPUTIME_ID`): what the code
/// itself spent, without the time the thread waited for a core. On a shared
/// machine (other builds and tests running beside the benchmark) this is far
/// steadier than the wall clock; it still counts what sharing the caches costs.
pub struct ThreadTime(WallTime);

impl Default for ThreadTime {
    fn default() -> Self {
        ThreadTime(WallTime)
    }
}

/// CPU time of the calling thread, in nanoseconds.
pub fn thread_cpu_ns() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; the clock id is a constant.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

impl Measurement for ThreadTime {
    type Intermediate = u64;
    type Value = Duration;

    fn start(&self) -> u64 {
        thread_cpu_ns()
    }
    fn end(&self, started: u64) -> Duration {
        Duration::from_nanos(thread_cpu_ns().saturating_sub(started))
    }
    fn add(&self, a: &Duration, b: &Duration) -> Duration {
        *a + *b
    }
    fn zero(&self) -> Duration {
        Duration::ZERO
    }
    fn to_f64(&self, value: &Duration) -> f64 {
        value.as_nanos() as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        self.0.formatter()
    }
}

/// A small, fast, deterministic generator (SplitMix64): no dependency, and the
/// same stream everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A float in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A whole number in `lo..=hi`.
    pub fn int(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

fn date(year: u64, month: u64, day: u64) -> String {
    format!("{year:04}-{month:02}-{day:02}")
}

/// One community's row for one year, as a spreadsheet export gives it: every field
/// the `standard` rulebook reads (a few left out, as real rows do), plus two
/// columns no rule reads. Every value is possible, so every record is assessed.
pub fn standard_record(rng: &mut Rng, i: usize) -> Value {
    let year = if rng.chance(0.8) { 2024 } else { 2023 };
    // Residents from 300 to about 30 000, spread on a log scale.
    let residents = (300.0 * 100f64.powf(rng.unit())).round() as u64;
    let participants = (residents as f64 * (0.05 + 0.4 * rng.unit())).round() as u64;
    let surveyed = rng.int(50, 500);
    let share = |rng: &mut Rng, lo: f64| (surveyed as f64 * (lo + (1.0 - lo) * rng.unit())) as u64;
    let aware = share(rng, 0.4);
    let recognising = share(rng, 0.4);
    let satisfied = share(rng, 0.2);
    let funding = (residents as f64 * (0.5 + 3.5 * rng.unit())).round() as u64;
    let months: Vec<u64> = (0..12)
        .map(|_| match rng.int(0, 9) {
            0 => 0,
            1 => 1,
            2..=6 => 2,
            _ => rng.int(3, 6),
        })
        .collect();
    // One or two reports most months, some sent after the 25th, a few months none.
    let mut reports = Vec::new();
    for month in 1..=12 {
        let n = match rng.int(0, 9) {
            0 => 0,
            1..=6 => 1,
            _ => 2,
        };
        for _ in 0..n {
            let day = if rng.chance(0.85) {
                rng.int(1, 25)
            } else {
                rng.int(26, 28)
            };
            reports.push(Value::String(date(year, month, day)));
        }
    }
    let mut row = Map::new();
    row.insert("unit".into(), json!(format!("c-{i:06}")));
    row.insert("period".into(), json!(year.to_string()));
    row.insert("name".into(), json!(format!("第{i}社区")));
    row.insert("street".into(), json!(format!("s-{:05}", i / 16)));
    row.insert("residents".into(), json!(residents));
    row.insert("participants".into(), json!(participants));
    // About one row in twenty has no survey yet; one in fifty no funding figure.
    if !rng.chance(0.05) {
        row.insert("surveyed".into(), json!(surveyed));
        row.insert("aware".into(), json!(aware));
        row.insert("recognising".into(), json!(recognising));
        row.insert("satisfied".into(), json!(satisfied));
    }
    if !rng.chance(0.02) {
        row.insert("funding_cny".into(), json!(funding));
    }
    row.insert("activities_by_month".into(), json!(months));
    row.insert("reports".into(), Value::Array(reports));
    row.insert("staff_trainings".into(), json!(rng.int(0, 4)));
    row.insert("leading_group_meetings".into(), json!(rng.int(0, 3)));
    let organised = date(year, rng.int(1, 9), rng.int(1, 28));
    row.insert("centre_organised_on".into(), json!(organised));
    row.insert("signature_courses".into(), json!(rng.int(0, 3)));
    Value::Object(row)
}

/// `n` records as JSON values, the same for every run.
pub fn standard_values(n: usize) -> Vec<Value> {
    let mut rng = Rng::new(0x5EED_2024);
    (0..n).map(|i| standard_record(&mut rng, i)).collect()
}

/// `n` records, parsed.
pub fn standard_records(n: usize) -> Vec<Record> {
    standard_values(n)
        .iter()
        .map(|v| Record::from_value(v).expect("generated records are valid"))
        .collect()
}

/// A one-district network of about `n` units: the district, streets of 5 to 30
/// communities, and the communities; nearly every unit has its hub, head and a
/// manager, as a working network has (so the findings are few, as they would be).
/// Returns the units and the roster (one manager per unit, some missing).
pub fn national_network(n: usize) -> (Vec<Unit>, Vec<Member>) {
    let mut rng = Rng::new(0x0E7_2024);
    let mut district =
        Unit::new("d", "全国样本区", Level::District).with(Facility::DistrictCollege);
    district.facilities.extend(Facility::BASES);
    let mut units = Vec::with_capacity(n);
    units.push(district);
    let mut street = 0usize;
    while units.len() < n {
        let sid = format!("s-{street:05}");
        let mut s = Unit::new(sid.clone(), format!("第{street}街道"), Level::Street).under("d");
        if !rng.chance(0.01) {
            s = s.with(Facility::StreetCentre);
        }
        units.push(s);
        let communities = rng.int(5, 30) as usize;
        for c in 0..communities.min(n - units.len()) {
            let id = format!("c-{street:05}-{c:02}");
            let mut u = Unit::new(id, format!("第{c}社区"), Level::Community)
                .under(sid.clone())
                .with_residents(rng.int(300, 30_000));
            if !rng.chance(0.01) {
                u = u.with(Facility::TeachingPoint);
            }
            if !rng.chance(0.02) {
                u = u.with_head("主任");
            }
            units.push(u);
        }
        street += 1;
    }
    let members = units
        .iter()
        .enumerate()
        .filter(|_| !rng.chance(0.01))
        .map(|(i, u)| {
            Member::new(format!("m-{i:06}"), "管理员", u.id.clone()).with_team(Team::Manager)
        })
        .collect();
    (units, members)
}

#[cfg(test)]
mod tests {
    use super::*;
    use learning_city::{assess, Rulebook};

    #[test]
    fn generated_records_are_all_assessable_and_spread() {
        let rb = Rulebook::builtin("standard").unwrap();
        let records = standard_records(2_000);
        let mut grades = std::collections::BTreeMap::new();
        for r in &records {
            let a = assess(&rb, r).unwrap();
            *grades.entry(a.grade).or_insert(0) += 1;
        }
        // Every grade occurs: the spread is not all one kind of community.
        assert_eq!(grades.len(), 4, "{grades:?}");
        assert_eq!(standard_values(3), standard_values(3));
    }

    #[test]
    fn the_network_is_sound_in_shape() {
        let (units, members) = national_network(5_000);
        assert_eq!(units.len(), 5_000);
        let network = learning_city::network::Network::new(units.clone()).unwrap();
        assert_eq!(network.units().len(), 5_000);
        let findings = learning_city::network::check(&units, &members);
        assert!(findings.iter().all(|f| f.rule != "N1"));
        assert!(
            !findings.is_empty() && findings.len() < 500,
            "{}",
            findings.len()
        );
    }
}
