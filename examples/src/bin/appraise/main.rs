//! The main job: appraise a district's communities and print a report, or answer
//! every record of a batch as it is read.
//!
//! ```text
//! appraise                                  # the built-in sample district, as a report
//! appraise --format jsonl                   # one JSON outcome per record, in input order
//! appraise --records R.json --format csv --explain en
//! appraise --records R.json --format jsonl --shape compact --explain zh
//! appraise --district D.json                # another district: {name, units, members, records}
//! ```
//!
//! Every figure comes from the core (`learning_city::district::appraise`,
//! `learning_city::documents::answer_chunk`); this program reads files, writes
//! answers and lays the report out.

use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use learning_city::district::{appraise, District};
use learning_city::rulebook::DEFAULT_BUILTIN;
use learning_city::Rulebook;

mod batch;
mod report;

/// The sample district modelled on seed 000: 1 college, 8 streets, 64 communities.
const SAMPLE: &str = include_str!("../../../data/sample-district.json");

/// Appraise learning-type communities (学习型社区) by a published rulebook.
///
/// Without --format, prints the district report of the sample district (or of
/// --district, with the records of --records). With --format jsonl, json or csv,
/// answers every record of --records (or of the district) in input order,
/// reading and writing as it goes, so a file of any size takes flat memory.
#[derive(Parser, Debug)]
#[command(name = "appraise", version)]
struct Options {
    /// A district document: {name, units, members, records, rounds, fundings, expenses}.
    #[arg(long, value_name = "FILE.json")]
    district: Option<String>,
    /// A JSON array of records ("-" reads standard input).
    #[arg(long, value_name = "FILE.json")]
    records: Option<String>,
    /// A built-in rulebook's name, or a rulebook file.
    #[arg(long, value_name = "NAME|FILE.json", default_value = DEFAULT_BUILTIN)]
    rulebook: String,
    /// What to write: the district report, or every record's answer.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// What the answers explain: nothing, reasons in Chinese or English, or both.
    #[arg(long, value_name = "none|zh|en|both")]
    explain: Option<String>,
    /// The answers' shape: every assessment whole, or the compact shape.
    #[arg(long, value_name = "full|compact")]
    shape: Option<String>,
    /// Never show a progress bar (it shows on a terminal, for inputs over 8 MB).
    #[arg(long)]
    quiet: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// The district report, for people.
    Text,
    /// One JSON line per record (in the compact shape, the header first).
    Jsonl,
    /// One JSON document: an array of outcomes, or the compact batch.
    Json,
    /// One CSV row per record: score, grade, and points, met and reason per indicator.
    Csv,
}

fn main() -> ExitCode {
    match run(Options::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("appraise: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(options: Options) -> Result<(), String> {
    let rulebook = load_rulebook(&options.rulebook)?;
    if options.format == Format::Text {
        if options.explain.is_some() || options.shape.is_some() {
            return Err("--explain and --shape are for --format jsonl, json or csv".into());
        }
        let district = load_district(&options)?;
        let report = appraise(&rulebook, &district);
        print!("{}", report::render(&rulebook, &district, &report));
        return Ok(());
    }
    let answers = batch::Answers::new(&options)?;
    match &options.records {
        Some(path) => batch::answer_file(&rulebook, path, &answers, options.quiet),
        None => {
            let district = load_district(&options)?;
            batch::answer_values(&rulebook, &district.records, &answers)
        }
    }
}

/// A built-in name, else a file.
fn load_rulebook(name_or_path: &str) -> Result<Rulebook, String> {
    if Rulebook::builtin_names().contains(&name_or_path) {
        return Rulebook::builtin(name_or_path).map_err(|e| e.to_string());
    }
    let text = read(name_or_path)?;
    Rulebook::from_json(&text).map_err(|e| format!("{name_or_path}: {e}"))
}

fn load_district(options: &Options) -> Result<District, String> {
    let text = match &options.district {
        Some(path) => read(path)?,
        None => SAMPLE.to_string(),
    };
    let source = options.district.as_deref().unwrap_or("the sample district");
    let mut district: District =
        serde_json::from_str(&text).map_err(|e| format!("{source}: {e}"))?;
    if let Some(path) = &options.records {
        let records = serde_json::from_str(&read(path)?).map_err(|e| format!("{path}: {e}"))?;
        district.records = match records {
            serde_json::Value::Array(items) => items,
            _ => return Err(format!("{path}: expected a JSON array of records")),
        };
    }
    Ok(district)
}

fn read(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))
}
