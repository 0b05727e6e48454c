//! Writes `n` generated `standard` records (the benchmarks' records, the same for
//! every run) as one JSON array on standard output, one record a line, for the
//! main job's measurements: `cargo run --release -p benches --example records --
//! 1000000 > out/records-1e6.json`.

use std::io::{BufWriter, Write};

use benches::{standard_record, Rng};

fn main() -> std::io::Result<()> {
    let n: usize = match std::env::args().nth(1).map(|a| a.parse()) {
        Some(Ok(n)) => n,
        _ => {
            eprintln!("usage: records N");
            std::process::exit(2);
        }
    };
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut rng = Rng::new(0x5EED_2024);
    out.write_all(b"[\n")?;
    for i in 0..n {
        if i > 0 {
            out.write_all(b",\n")?;
        }
        serde_json::to_writer(&mut out, &standard_record(&mut rng, i))?;
    }
    out.write_all(b"\n]\n")?;
    out.flush()
}
