//! Validating a national-size network: 650 000 units (one district, about 36 000
//! streets, the rest communities) and one manager per unit.
//!
//! - `check`: rules N1–N5 over the flat rows, every finding worded;
//! - `new`: `Network::new`, the validated tree (N1), from an owned list of units
//!   (the copy it consumes is made outside the timing);
//! - `check_network_json`: `documents::check_network` from JSON values, as the
//!   bindings call it (reading the documents included).
//!
//! `cargo bench -p benches --bench network`

use std::hint::black_box;
use std::time::Duration;

use benches::{national_network, thread_clock, ThreadTime};
use criterion::measurement::Measurement;
use criterion::{criterion_group, BatchSize, BenchmarkId, Criterion, SamplingMode, Throughput};
use learning_city::documents::check_network;
use learning_city::network::{check, Network};

const UNITS: usize = 650_000;

fn network<M: Measurement>(c: &mut Criterion<M>) {
    let (units, members) = national_network(UNITS);
    let mut g = c.benchmark_group("network");
    g.throughput(Throughput::Elements(UNITS as u64));
    g.sampling_mode(SamplingMode::Flat);
    g.warm_up_time(Duration::from_millis(500));
    g.measurement_time(Duration::from_secs(3));
    g.bench_function(BenchmarkId::new("check", UNITS), |b| {
        b.iter(|| check(black_box(&units), black_box(&members)).len())
    });
    g.bench_function(BenchmarkId::new("new", UNITS), |b| {
        b.iter_batched(
            || units.clone(),
            |units| Network::new(units).map(|n| n.units().len()),
            BatchSize::LargeInput,
        )
    });
    let units_json = serde_json::to_value(&units).unwrap();
    let members_json = serde_json::to_value(&members).unwrap();
    g.bench_function(BenchmarkId::new("check_network_json", UNITS), |b| {
        b.iter_batched(
            || (units_json.clone(), members_json.clone()),
            |(u, m)| check_network(u, m).map(|f| f.len()),
            BatchSize::LargeInput,
        )
    });
    g.finish();
}

criterion_group! {
    name = wall_clock;
    config = Criterion::default().sample_size(10).configure_from_args();
    targets = network
}
criterion_group! {
    name = cpu_clock;
    config = Criterion::default()
        .with_measurement(ThreadTime::default())
        .sample_size(10)
        .configure_from_args();
    targets = network
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
