//! Finding where the elements of a JSON array end, a block of text at a time, so
//! that a list of any length can be read in pieces by a parser of text in memory
//! (much faster than one that pulls bytes from a reader) while memory stays flat.
//! The splitter only finds the commas between elements; every element is then
//! parsed, and every error found, by `serde_json` ([`super::Table::from_json`]).

use crate::error::{RecordError, RecordProblem};

use super::Table;

/// Scans the text of a JSON array for the boundaries between its elements.
///
/// ```
/// use learning_city::table::ArraySplitter;
/// let mut s = ArraySplitter::new();
/// let text = br#"[{"a": "x,]"}, [1, 2], 3, {"b"#;
/// // Up to (not including) the last comma between whole elements: three of them.
/// let found = s.scan(text);
/// assert_eq!(found.last_boundary, Some(24));
/// assert_eq!(&text[found.start.unwrap()..24], br#"{"a": "x,]"}, [1, 2], 3"#);
/// assert!(!found.ended);
/// ```
/// The bytes that matter outside a string.
const STRUCTURAL: [bool; 256] = {
    let mut t = [false; 256];
    t[b'"' as usize] = true;
    t[b'[' as usize] = true;
    t[b']' as usize] = true;
    t[b'{' as usize] = true;
    t[b'}' as usize] = true;
    t[b',' as usize] = true;
    t
};

#[derive(Clone, Debug, Default)]
pub struct ArraySplitter {
    /// Past the opening `[`.
    opened: bool,
    /// Past the closing `]`.
    closed: bool,
    /// Nesting inside the current element.
    depth: usize,
    in_string: bool,
    escaped: bool,
}

/// What one [`ArraySplitter::scan`] found in its block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Scan {
    /// Where the first element's text starts (just after the `[`), when the
    /// opening bracket is in this block.
    pub start: Option<usize>,
    /// The position of the last top-level `,` or of the closing `]` in the block:
    /// the text before it ends with a whole element.
    pub last_boundary: Option<usize>,
    /// True when the closing `]` was found.
    pub ended: bool,
    /// True when the text does not start as a JSON array: it is for the parser to
    /// say what it is.
    pub not_a_list: bool,
}

impl ArraySplitter {
    pub fn new() -> ArraySplitter {
        ArraySplitter::default()
    }

    /// Scans the next block of the text (the bytes after those of the last call).
    pub fn scan(&mut self, block: &[u8]) -> Scan {
        let mut found = Scan::default();
        let mut i = 0;
        while !self.opened {
            match block.get(i) {
                None => return found,
                Some(b'[') => {
                    self.opened = true;
                    found.start = Some(i + 1);
                }
                Some(b' ' | b'\t' | b'\n' | b'\r') => {}
                Some(0xEF | 0xBB | 0xBF) if i < 3 => {}
                Some(_) => {
                    found.not_a_list = true;
                    return found;
                }
            }
            i += 1;
        }
        while i < block.len() && !self.closed {
            let rest = block.get(i..).unwrap_or_default();
            if self.in_string {
                if self.escaped {
                    // The last block ended on a backslash: this byte is escaped.
                    self.escaped = false;
                    i += 1;
                    continue;
                }
                // The next quote or backslash; everything before it is the string's.
                let Some(k) = rest.iter().position(|&b| b == b'"' || b == b'\\') else {
                    break;
                };
                i += k;
                match block.get(i) {
                    Some(b'\\') => {
                        // The escaped byte is skipped, whatever it is.
                        i += 2;
                        if i > block.len() {
                            self.escaped = true;
                        }
                        continue;
                    }
                    _ => self.in_string = false,
                }
                i += 1;
                continue;
            }
            let Some(k) = rest.iter().position(|&b| STRUCTURAL[b as usize]) else {
                break;
            };
            i += k;
            match block.get(i) {
                Some(b'"') => self.in_string = true,
                Some(b'{' | b'[') => self.depth += 1,
                Some(b'}' | b']') if self.depth > 0 => self.depth -= 1,
                Some(b']') => {
                    self.closed = true;
                    found.ended = true;
                    found.last_boundary = Some(i);
                }
                Some(b',') if self.depth == 0 => found.last_boundary = Some(i),
                _ => {}
            }
            i += 1;
        }
        found
    }

    /// True once the closing `]` has been scanned.
    pub fn ended(&self) -> bool {
        self.closed
    }
}

/// Reads a JSON array of records pushed a block of bytes at a time (as a file or
/// an upload arrives) into tables of whole records, read as [`Table::from_json`]
/// reads them: no I/O of its own, flat memory, and each run of whole records
/// parsed as text in memory. Every error is a record error at `records`.
///
/// ```
/// use learning_city::table::JsonArrayChunks;
/// let mut chunks = JsonArrayChunks::new(&["unit", "period"]);
/// let mut rows = Vec::new();
/// for block in [&br#"[{"unit": "a", "per"#[..], br#"iod": 2024}, {"unit": "b"}]"#] {
///     chunks.push(block, |table, first| { rows.push((first, table.rows())); Ok(()) }).unwrap();
/// }
/// assert_eq!(chunks.finish().unwrap(), 2);
/// assert_eq!(rows, [(0, 2)]); // both whole only in the second block
/// ```
pub struct JsonArrayChunks {
    keep: Vec<String>,
    splitter: ArraySplitter,
    /// Bytes of records not yet whole, from the first one's start.
    pending: Vec<u8>,
    /// Where the records in `pending` start (after the `[`, or after a comma).
    started: bool,
    /// Records read so far.
    records: usize,
    /// A comma was the last boundary: another record must follow.
    after_comma: bool,
}

impl JsonArrayChunks {
    /// Reads records keeping the fields in `keep`.
    pub fn new(keep: &[&str]) -> JsonArrayChunks {
        JsonArrayChunks {
            keep: keep.iter().map(|k| k.to_string()).collect(),
            splitter: ArraySplitter::new(),
            pending: Vec::new(),
            started: false,
            records: 0,
            after_comma: false,
        }
    }

    /// Reads the next block; `each` gets every table of whole records found, with
    /// the number of its first record. An error `each` returns stops the reading.
    pub fn push(
        &mut self,
        block: &[u8],
        mut each: impl FnMut(Table, usize) -> Result<(), String>,
    ) -> Result<(), RecordError> {
        if self.splitter.ended() {
            return self.after_end(block);
        }
        let scan = self.splitter.scan(block);
        if scan.not_a_list {
            return Err(not_a_list(block));
        }
        let from = match scan.start {
            Some(start) => {
                self.started = true;
                self.pending.push(b'[');
                start
            }
            None if self.started => 0,
            None => return Ok(()),
        };
        let base = self.pending.len();
        self.pending
            .extend_from_slice(block.get(from..).unwrap_or_default());
        let Some(boundary) = scan.last_boundary else {
            return Ok(());
        };
        // `pending` is `[` and the records since the last boundary: the run is it up
        // to this boundary, closed; what follows starts the next run.
        let at = base + boundary - from;
        let mut rest = self.pending.split_off(at.min(self.pending.len()));
        let mut run = std::mem::take(&mut self.pending);
        run.push(b']');
        if let Some(first) = rest.first_mut() {
            *first = b'[';
        }
        self.pending = rest;
        self.run(&run, scan.ended, &mut each)?;
        if scan.ended {
            let trailing = block.get(boundary + 1..).unwrap_or_default();
            return self.after_end(trailing);
        }
        Ok(())
    }

    /// The records of one run of whole records (`a, b, c`).
    fn run(
        &mut self,
        run: &[u8],
        ended: bool,
        each: &mut impl FnMut(Table, usize) -> Result<(), String>,
    ) -> Result<(), RecordError> {
        // `run` is `[…]`: the records between its brackets.
        let inner = run.get(1..run.len().saturating_sub(1)).unwrap_or_default();
        let blank = inner.iter().all(u8::is_ascii_whitespace);
        if blank {
            // `[]` is an empty list; `[1,]` has a comma with nothing after it.
            if self.after_comma || (!ended && self.records == 0) || (ended && self.records > 0) {
                return Err(bad_json("a comma must be followed by a record"));
            }
            return Ok(());
        }
        let text = std::str::from_utf8(run).map_err(|e| bad_json(&e.to_string()))?;
        let keep: Vec<&str> = self.keep.iter().map(String::as_str).collect();
        let table = Table::from_json(text, &keep).map_err(|e| {
            let problem = RecordProblem::NotJson(format!(
                "{} (in the records from records[{}])",
                e.problem, self.records
            ));
            RecordError::new("records", problem)
        })?;
        let rows = table.rows();
        each(table, self.records).map_err(|why| bad_json(&why))?;
        self.records += rows;
        self.after_comma = !ended;
        Ok(())
    }

    /// After the closing `]`, only white space may follow.
    fn after_end(&self, block: &[u8]) -> Result<(), RecordError> {
        if block.iter().all(u8::is_ascii_whitespace) {
            Ok(())
        } else {
            Err(bad_json("the list of records is followed by more text"))
        }
    }

    /// Ends the reading: the text must have been a whole list. Returns the number
    /// of records read.
    pub fn finish(self) -> Result<usize, RecordError> {
        if !self.splitter.ended() {
            return Err(bad_json("the text ends before the list of records does"));
        }
        Ok(self.records)
    }
}

fn bad_json(why: &str) -> RecordError {
    RecordError::new("records", RecordProblem::NotJson(why.to_string()))
}

/// The error for text that is not a list, as [`Table::from_json`] words it.
fn not_a_list(block: &[u8]) -> RecordError {
    let text = String::from_utf8_lossy(block);
    match Table::from_json(&text, &[]) {
        Err(e) => e,
        Ok(_) => bad_json("expected a list of records"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Splits `text` into blocks of `size` bytes and returns the whole elements'
    /// texts as they are found.
    fn runs(text: &str, size: usize) -> (Vec<String>, bool) {
        let mut s = ArraySplitter::new();
        let mut pending: Vec<u8> = Vec::new();
        let mut runs = Vec::new();
        let mut offset_in_pending = 0;
        for block in text.as_bytes().chunks(size) {
            let base = pending.len();
            pending.extend_from_slice(block);
            let found = s.scan(block);
            if let Some(start) = found.start {
                offset_in_pending = base + start;
            }
            if let Some(b) = found.last_boundary {
                let run = &pending[offset_in_pending..base + b];
                runs.push(String::from_utf8(run.to_vec()).unwrap().trim().to_string());
                offset_in_pending = base + b + 1;
            }
        }
        (runs, s.ended())
    }

    #[test]
    fn boundaries_are_the_same_whatever_the_block_size() {
        let text = r#" [ {"unit": "a\"],", "r": [1, [2]]}, "x", 3 , {"b": {}} ] "#;
        for size in 1..text.len() + 1 {
            let (runs, ended) = runs(text, size);
            assert!(ended, "{size}");
            let runs: Vec<String> = runs.into_iter().filter(|r| !r.is_empty()).collect();
            let all = runs.join(",");
            let value: serde_json::Value = serde_json::from_str(&format!("[{all}]")).unwrap();
            assert_eq!(value.as_array().unwrap().len(), 4, "{size}");
        }
    }

    fn read(text: &str, size: usize) -> Result<Vec<usize>, RecordError> {
        let mut chunks = JsonArrayChunks::new(&["unit", "period"]);
        let mut rows = Vec::new();
        for block in text.as_bytes().chunks(size) {
            chunks.push(block, |t, _| {
                rows.push(t.rows());
                Ok(())
            })?;
        }
        let n = chunks.finish()?;
        assert_eq!(n, rows.iter().sum::<usize>());
        Ok(rows)
    }

    #[test]
    fn records_come_whole_in_any_block_size() {
        let text = r#"[{"unit": "a,]"}, {"unit": "b", "x": [[1], {}]}, 7, {"unit": "c"}]  "#;
        for size in 1..=text.len() {
            let rows = read(text, size).unwrap();
            assert_eq!(rows.iter().sum::<usize>(), 4, "{size}");
        }
        assert_eq!(read("[]", 1).unwrap(), Vec::<usize>::new());
        assert_eq!(read(" [ ] ", 2).unwrap(), Vec::<usize>::new());
    }

    #[test]
    fn bad_lists_are_refused_at_records() {
        for bad in [
            "[1,]",
            "[,1]",
            "[1] [2]",
            "[1",
            "{}",
            "[1,,2]",
            "[{\"a\": }]",
        ] {
            for size in [1, 3, 64] {
                let e = read(bad, size).unwrap_err();
                assert_eq!(e.path, "records", "{bad} {size}");
            }
        }
    }

    #[test]
    fn text_that_is_not_a_list_is_left_to_the_parser() {
        assert!(ArraySplitter::new().scan(b"  {\"a\": 1}").not_a_list);
        assert!(!ArraySplitter::new().scan(b"\xEF\xBB\xBF[1]").not_a_list);
    }
}
