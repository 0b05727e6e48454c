//! Answering every record of a batch as it is read: JSON lines, one JSON
//! document, or CSV, in the shape and with the explanations asked for. Input is
//! read a block at a time (`learning_city::table::JsonArrayChunks`)
//! and each chunk's answers are written before the next is read, through buffers,
//! so memory stays flat however long the file is.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Read, Write};

use indicatif::{ProgressBar, ProgressStyle};
use learning_city::assess::compact::CompactHeader;
use learning_city::assess::{Explain, Shape, TableExplained};
use learning_city::documents::{keep_fields, Answer, Answerer, BatchOptions, CHUNK_ROWS};
use learning_city::table::{JsonArrayChunks, Table};
use learning_city::{ErrorInfo, Rulebook};
use serde::Serialize;
use serde_json::Value;

use crate::{Format, Options};

/// Inputs at least this large show a progress bar on a terminal.
const PROGRESS_FROM_BYTES: u64 = 8 << 20;
/// The size of the write buffer.
const BUFFER: usize = 1 << 20;
/// The size of a block read: about a thousand records of an export.
const BLOCK: usize = 512 << 10;

/// What to write, and how the core is asked.
pub struct Answers {
    format: Format,
    options: BatchOptions,
}

impl Answers {
    pub fn new(options: &Options) -> Result<Answers, String> {
        let mut batch =
            BatchOptions::from_names(options.explain.as_deref(), options.shape.as_deref())
                .map_err(|e| describe(&e))?;
        if options.format == Format::Csv {
            if options.shape.is_some() {
                return Err(
                    "--shape does not apply to csv, which is flat: one row per record".into(),
                );
            }
            // A row per record is made from the explained columns.
            batch.shape = Shape::Compact;
        }
        Ok(Answers {
            format: options.format,
            options: batch,
        })
    }
}

fn describe(e: &ErrorInfo) -> String {
    format!("--{}: {}", e.path, e.reason)
}

/// Answers the records of a JSON file (or of standard input, for "-").
pub fn answer_file(
    rulebook: &Rulebook,
    path: &str,
    answers: &Answers,
    quiet: bool,
) -> Result<(), String> {
    let (input, size): (Box<dyn Read>, Option<u64>) = if path == "-" {
        (Box::new(io::stdin().lock()), None)
    } else {
        let file = File::open(path).map_err(|e| format!("{path}: {e}"))?;
        let size = file.metadata().ok().map(|m| m.len());
        (Box::new(file), size)
    };
    let bar = progress(size, quiet);
    let input: Box<dyn Read> = match &bar {
        Some(bar) => Box::new(bar.wrap_read(input)),
        None => input,
    };
    let mut input = input;
    let mut sink = Sink::start(rulebook, answers)?;
    let keep = keep_fields(rulebook);
    let keep: Vec<&str> = keep.iter().map(String::as_str).collect();
    // Blocks of about a thousand records: each run of whole records is parsed as
    // text in memory and answered before the next block is read.
    let mut chunks = JsonArrayChunks::new(&keep);
    let mut block = vec![0; BLOCK];
    let read = loop {
        let n = match input.read(&mut block) {
            Ok(0) => break chunks.finish().map(|_| ()).map_err(|e| e.to_string()),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => break Err(e.to_string()),
        };
        let bytes = block.get(..n).unwrap_or_default();
        if let Err(e) = chunks.push(bytes, |table, first| sink.chunk(&table, first)) {
            break Err(e.to_string());
        }
    };
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    read.map_err(|e| format!("{path}: {e}"))?;
    sink.finish()
}

/// Answers records already read (a district's).
pub fn answer_values(
    rulebook: &Rulebook,
    values: &[Value],
    answers: &Answers,
) -> Result<(), String> {
    let mut sink = Sink::start(rulebook, answers)?;
    let keep = keep_fields(rulebook);
    let keep: Vec<&str> = keep.iter().map(String::as_str).collect();
    for (c, chunk) in values.chunks(CHUNK_ROWS).enumerate() {
        let table = Table::from_values(chunk, &keep);
        sink.chunk(&table, c * CHUNK_ROWS)?;
    }
    sink.finish()
}

/// A progress bar on standard error, when it is a terminal and the input large.
fn progress(size: Option<u64>, quiet: bool) -> Option<ProgressBar> {
    let size = size?;
    if quiet || size < PROGRESS_FROM_BYTES || !io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new(size);
    let style =
        ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {bytes_per_sec}, {eta} left")
            .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    Some(bar)
}

/// Where the answers go, in their format.
struct Sink<'r> {
    format: Format,
    options: BatchOptions,
    rulebook: &'r Rulebook,
    answerer: Answerer<'r>,
    writer: Writer,
}

/// The buffered output, and the records written so far.
struct Writer {
    out: BufWriter<io::StdoutLock<'static>>,
    /// For CSV, its own writer over standard output (reentrant: the same lock).
    csv: Option<csv::Writer<BufWriter<io::StdoutLock<'static>>>>,
    written: usize,
}

impl<'r> Sink<'r> {
    fn start(rulebook: &'r Rulebook, answers: &Answers) -> Result<Sink<'r>, String> {
        let options = answers.options;
        let mut sink = Sink {
            format: answers.format,
            options,
            rulebook,
            answerer: Answerer::new(rulebook, options).map_err(|e| describe(&e))?,
            writer: Writer {
                out: BufWriter::with_capacity(BUFFER, io::stdout().lock()),
                csv: None,
                written: 0,
            },
        };
        let compact = options.shape == Shape::Compact;
        let header = || CompactHeader::new(rulebook, options.explain);
        let w = &mut sink.writer;
        match sink.format {
            Format::Jsonl if compact => {
                w.json(&header())?;
                w.text("\n")?;
            }
            Format::Json if compact => {
                let text = serde_json::to_string(&header()).map_err(|e| e.to_string())?;
                // The header's fields, then the records: the compact batch's JSON.
                w.text(text.strip_suffix('}').unwrap_or(&text))?;
                w.text(",\"records\":[")?;
            }
            Format::Json => w.text("[")?,
            Format::Csv => w.start_csv(rulebook, options.explain)?,
            _ => {}
        }
        Ok(sink)
    }

    fn chunk(&mut self, table: &Table, first: usize) -> Result<(), String> {
        let answer = self
            .answerer
            .answer(table, first)
            .map_err(|e| describe(&e))?;
        let (format, rulebook, explain) = (self.format, self.rulebook, self.options.explain);
        let w = &mut self.writer;
        match answer {
            Answer::Full(outcomes) => outcomes.iter().try_for_each(|o| w.record(format, o)),
            Answer::Compact(explained) if format == Format::Csv => {
                (0..explained.rows()).try_for_each(|i| w.csv_row(rulebook, explain, explained, i))
            }
            Answer::Compact(explained) => explained
                .compact_rows()
                .try_for_each(|row| w.record(format, &row)),
        }
    }

    fn finish(mut self) -> Result<(), String> {
        let w = &mut self.writer;
        match (self.format, self.options.shape) {
            (Format::Json, Shape::Compact) => w.text("]}\n")?,
            (Format::Json, Shape::Full) => w.text("]\n")?,
            _ => {}
        }
        if let Some(csv) = w.csv.as_mut() {
            csv.flush().map_err(|e| e.to_string())?;
        }
        w.out.flush().map_err(|e| e.to_string())
    }
}

impl Writer {
    /// One record's answer, as a JSON line or an element of the array.
    fn record<T: Serialize>(&mut self, format: Format, answer: &T) -> Result<(), String> {
        if format == Format::Json && self.written > 0 {
            self.text(",")?;
        }
        self.json(answer)?;
        if format == Format::Jsonl {
            self.text("\n")?;
        }
        self.written += 1;
        Ok(())
    }

    fn json<T: Serialize>(&mut self, value: &T) -> Result<(), String> {
        serde_json::to_writer(&mut self.out, value).map_err(|e| e.to_string())
    }

    fn text(&mut self, text: &str) -> Result<(), String> {
        self.out
            .write_all(text.as_bytes())
            .map_err(|e| e.to_string())
    }

    fn start_csv(&mut self, rulebook: &Rulebook, explain: Explain) -> Result<(), String> {
        let mut header: Vec<String> = ["unit", "period", "score", "grade", "vetoed"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let suffixes = lang_suffixes(explain);
        for ind in &rulebook.indicators {
            header.push(format!("points_{}", ind.id));
            header.push(format!("met_{}", ind.id));
            for part in ["why", "gap"] {
                for suffix in &suffixes {
                    header.push(format!("{part}{suffix}_{}", ind.id));
                }
            }
        }
        header.extend(["error_path", "error_code", "error"].map(String::from));
        let out = BufWriter::with_capacity(BUFFER, io::stdout().lock());
        self.csv = Some(csv::Writer::from_writer(out));
        self.csv_record(&header)
    }

    /// Writes a CSV record.
    fn csv_record(&mut self, row: &[String]) -> Result<(), String> {
        let csv = self.csv.as_mut().ok_or("the CSV writer was not started")?;
        csv.write_record(row).map_err(|e| e.to_string())
    }

    /// Row `i` of a chunk as one CSV row: empty cells where a value is absent.
    fn csv_row(
        &mut self,
        rulebook: &Rulebook,
        explain: Explain,
        t: &TableExplained,
        i: usize,
    ) -> Result<(), String> {
        let s = &t.scores;
        let mut row: Vec<String> = vec![
            t.units.get(i).unwrap_or("").to_string(),
            t.periods.get(i).unwrap_or("").to_string(),
        ];
        let error = s.error(i).map(|e| e.info());
        let k = rulebook.indicators.len();
        let langs = explain.langs().len();
        if error.is_some() {
            row.extend(std::iter::repeat_n(String::new(), 3 + k * (2 + 2 * langs)));
        } else {
            row.push(s.score.get(i).map(|x| x.to_string()).unwrap_or_default());
            row.push(s.grade.get(i).copied().flatten().unwrap_or("").to_string());
            row.push(s.vetoed.get(i).map(|v| v.to_string()).unwrap_or_default());
            for j in 0..k {
                let points = s.points.get(j).and_then(|c| c.get(i)).copied();
                row.push(points.map(|x| x.to_string()).unwrap_or_default());
                let met = s
                    .met
                    .get(j)
                    .and_then(|c| c.get(i))
                    .copied()
                    .unwrap_or(false);
                row.push(met.to_string());
                for columns in [&t.why, &t.gap] {
                    for l in 0..langs {
                        let text = columns.get(l).and_then(|c| c.get(j)).and_then(|c| c.get(i));
                        row.push(text.unwrap_or("").to_string());
                    }
                }
            }
        }
        match error {
            Some(e) => row.extend([e.path, e.code, e.reason]),
            None => row.extend(std::iter::repeat_n(String::new(), 3)),
        }
        self.csv_record(&row)
    }
}

/// The column suffixes of the reasons and gaps: `""` for one language, `_zh` and
/// `_en` for both, none when nothing is explained.
fn lang_suffixes(explain: Explain) -> Vec<String> {
    match explain.langs() {
        [_] => vec![String::new()],
        langs => langs.iter().map(|l| format!("_{}", l.code())).collect(),
    }
}
