//! The core's own answer, for the Node tests to compare the WebAssembly build with:
//! reads a JSON list of records on stdin, assesses them with `assess_values`
//! against the rulebook named by the first argument (a built-in name, or `@path` to a
//! rulebook document; the core's default when absent) and prints the outcomes as
//! `serde_json` text.
//!
//! ```text
//! echo '[{"unit": "c-1", "period": "2024", "residents": 100}]' \
//!   | cargo run -p learning-city-wasm --example assess_json -- standard
//! ```

use std::io::Read;
use std::process::ExitCode;

use learning_city::{assess_values, Rulebook};

fn main() -> ExitCode {
    match run() {
        Ok(text) => {
            println!("{text}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("assess_json: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<String, String> {
    let rulebook = match std::env::args().nth(1) {
        None => Rulebook::default_builtin(),
        Some(arg) => match arg.strip_prefix('@') {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
                Rulebook::from_json(&text)
            }
            None => Rulebook::builtin(&arg),
        },
    }
    .map_err(|e| e.to_string())?;
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .map_err(|e| e.to_string())?;
    let records: Vec<serde_json::Value> =
        serde_json::from_str(&input).map_err(|e| format!("stdin: {e}"))?;
    serde_json::to_string(&assess_values(&rulebook, &records)).map_err(|e| e.to_string())
}
