//! The main job: appraise a district's communities and print a report.
//!
//! ```text
//! appraise                                  # the built-in sample district, as a report
//! appraise --format json                    # one JSON outcome per record, in input order
//! appraise --records R.json [--rulebook national-2010 | --rulebook RB.json]
//! appraise --district D.json                # another district: {name, units, members, records}
//! ```
//!
//! All figures come from `learning_city::district::appraise`; this program only reads
//! files and lays the report out.

use std::process::ExitCode;

use learning_city::district::{appraise, District};
use learning_city::rulebook::DEFAULT_BUILTIN;
use learning_city::{Outcome, Rulebook};

mod report;

/// The sample district modelled on seed 000: 1 college, 8 streets, 64 communities.
const SAMPLE: &str = include_str!("../../../data/sample-district.json");

const USAGE: &str = "usage: appraise [--district FILE.json] [--records FILE.json] \
[--rulebook NAME|FILE.json] [--format text|json]";

struct Options {
    district: Option<String>,
    records: Option<String>,
    rulebook: String,
    json: bool,
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("appraise: {message}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let options = parse_args(std::env::args().skip(1))?;
    let rulebook = load_rulebook(&options.rulebook)?;
    let district = load_district(&options)?;
    let report = appraise(&rulebook, &district);
    if options.json {
        print_json_lines(&report.outcomes)
    } else {
        print!("{}", report::render(&rulebook, &district, &report));
        Ok(())
    }
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
    let mut options = Options {
        district: None,
        records: None,
        rulebook: DEFAULT_BUILTIN.to_string(),
        json: false,
    };
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))
        };
        match flag.as_str() {
            "--district" => options.district = Some(value()?),
            "--records" => options.records = Some(value()?),
            "--rulebook" => options.rulebook = value()?,
            "--format" => {
                options.json = match value()?.as_str() {
                    "json" => true,
                    "text" => false,
                    other => return Err(format!("unknown format `{other}`\n{USAGE}")),
                }
            }
            "-h" | "--help" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    Ok(options)
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

fn print_json_lines(outcomes: &[Outcome]) -> Result<(), String> {
    for outcome in outcomes {
        println!(
            "{}",
            serde_json::to_string(outcome).map_err(|e| e.to_string())?
        );
    }
    Ok(())
}
