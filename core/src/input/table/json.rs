//! A table from JSON records (a list of objects, as a page or an export holds
//! them), read straight into columns: no JSON value is built for a field that
//! becomes a number, a text or a list of them.

use std::borrow::Cow;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;

use crate::documents::MAX_TEXT_BYTES;
use crate::error::{RecordError, RecordProblem};

use super::{ColumnBuilder, Table};

/// Collects rows into one column builder per kept field.
struct Builder<'k> {
    /// The kept fields, each once.
    keep: Vec<&'k str>,
    rows: usize,
    /// `columns[j]` holds field `keep[j]`.
    columns: Vec<ColumnBuilder>,
    row_errors: Vec<(usize, RecordError)>,
    /// The kept field of each key position in the last row: records usually list
    /// their fields in the same order, so most keys are found at the first try.
    order: Vec<Option<usize>>,
    /// The key position in the current row.
    key: usize,
}

impl<'k> Builder<'k> {
    fn new(keep: &[&'k str]) -> Self {
        let mut distinct: Vec<&'k str> = Vec::with_capacity(keep.len());
        for name in keep {
            if !distinct.contains(name) {
                distinct.push(name);
            }
        }
        Builder {
            columns: distinct.iter().map(|_| ColumnBuilder::new()).collect(),
            keep: distinct,
            rows: 0,
            row_errors: Vec::new(),
            order: Vec::new(),
            key: 0,
        }
    }

    /// The column for `key` in the current row, or `None` when it is not kept.
    fn column(&mut self, key: &str) -> Option<&mut ColumnBuilder> {
        let guess = self.order.get(self.key).copied();
        let found = match guess {
            Some(Some(j)) if self.keep.get(j) == Some(&key) => Some(j),
            Some(None) if !self.keep.contains(&key) => None,
            _ => self.keep.iter().position(|k| *k == key),
        };
        match self.order.get_mut(self.key) {
            Some(slot) => *slot = found,
            None => self.order.push(found),
        }
        self.key += 1;
        let rows = self.rows;
        let column = self.columns.get_mut(found?)?;
        // A field named twice in one record: the last value wins, as in JSON.
        if column.len() > rows {
            column.pop();
        }
        while column.len() < rows {
            column.empty();
        }
        Some(column)
    }

    fn end_row(&mut self) {
        self.rows += 1;
        self.key = 0;
    }

    fn finish(self) -> Table {
        let rows = self.rows;
        let columns = self.columns.into_iter().map(|mut column| {
            while column.len() < rows {
                column.empty();
            }
            column.finish()
        });
        // The names are distinct and every column has `rows` cells, as
        // `Table::push` would require.
        Table {
            rows,
            names: self.keep.iter().map(|n| n.to_string()).collect(),
            columns: columns.collect(),
            row_errors: self.row_errors,
            records: true,
        }
    }
}

impl Table {
    /// Reads a JSON list of records into a table, keeping the fields named in
    /// `keep` (the others are skipped unread). Each element is one row; an element
    /// that is not an object is that row's error, so N elements give N rows. Text
    /// that is not JSON, is not a list, or is longer than
    /// [`crate::documents::MAX_TEXT_BYTES`] is an error at `records`.
    ///
    /// ```
    /// use learning_city::{assess::score_table, table::{MissingColumns, Table}, Rulebook};
    /// let rb = Rulebook::builtin("standard").unwrap();
    /// let text = r#"[{"unit": "c-1", "period": "2024", "residents": 100, "participants": 30}, 7]"#;
    /// let table = Table::from_json(text, &["unit", "period", "residents", "participants"]).unwrap();
    /// let scores = score_table(&rb, &table, MissingColumns::NoData).unwrap();
    /// assert_eq!(scores.score[0], 20.0);
    /// assert_eq!(scores.error(1).unwrap().to_string(), "records[1]: expected an object, found a number");
    /// ```
    pub fn from_json(text: &str, keep: &[&str]) -> Result<Table, RecordError> {
        if text.len() > MAX_TEXT_BYTES {
            return Err(RecordError::new(
                "records",
                RecordProblem::TooLong(MAX_TEXT_BYTES),
            ));
        }
        let not_json = |e: serde_json::Error| {
            RecordError::new("records", RecordProblem::NotJson(e.to_string()))
        };
        if !text.trim_start().starts_with('[') {
            let value: Value = serde_json::from_str(text).map_err(not_json)?;
            let found = crate::record::json_kind(&value);
            let problem = RecordProblem::WrongType {
                expected: "a list",
                found,
            };
            return Err(RecordError::new("records", problem));
        }
        let mut builder = Builder::new(keep);
        let mut de = serde_json::Deserializer::from_str(text);
        Rows(&mut builder).deserialize(&mut de).map_err(not_json)?;
        de.end().map_err(not_json)?;
        Ok(builder.finish())
    }

    /// A table from JSON values, one record each, keeping the fields named in
    /// `keep`; a value that is not an object is its row's error.
    pub fn from_values(values: &[Value], keep: &[&str]) -> Table {
        let mut builder = Builder::new(keep);
        for value in values {
            match value {
                Value::Object(map) => {
                    for (key, v) in map {
                        if let Some(column) = builder.column(key) {
                            column.value(v);
                        }
                    }
                }
                other => not_a_record(&mut builder, crate::record::json_kind(other)),
            }
            builder.end_row();
        }
        builder.finish()
    }
}

/// Reads a JSON list of records a chunk at a time from any serde deserializer —
/// text in memory, or a reader the caller owns — so that a list of any length is
/// read in flat memory: after every `rows` records, and after the last, `each` is
/// handed the chunk as a table (read as [`Table::from_json`] reads, keeping the
/// fields in `keep`) and the number of its first record in the list. An error
/// `each` returns stops the reading and comes back as the deserializer's error.
/// Returns the number of records read.
///
/// ```
/// use learning_city::table::read_json_chunks;
/// let text = r#"[{"unit": "a", "period": 2024}, {"unit": "b", "period": 2024}, 3]"#;
/// let mut seen = Vec::new();
/// let mut de = serde_json::Deserializer::from_str(text);
/// let n = read_json_chunks(&mut de, &["unit", "period"], 2, |table, first| {
///     seen.push((first, table.rows()));
///     Ok(())
/// }).unwrap();
/// assert_eq!((n, seen), (3, vec![(0, 2), (2, 1)]));
/// ```
pub fn read_json_chunks<'de, D: Deserializer<'de>>(
    d: D,
    keep: &[&str],
    rows: usize,
    each: impl FnMut(Table, usize) -> Result<(), String>,
) -> Result<usize, D::Error> {
    d.deserialize_seq(Chunked {
        keep,
        rows: rows.max(1),
        each,
    })
}

struct Chunked<'k, F> {
    keep: &'k [&'k str],
    rows: usize,
    each: F,
}

impl<'de, F: FnMut(Table, usize) -> Result<(), String>> Visitor<'de> for Chunked<'_, F> {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of records")
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<usize, A::Error> {
        let mut first = 0;
        loop {
            let mut builder = Builder::new(self.keep);
            while builder.rows < self.rows
                && seq.next_element_seed(RowSeed(&mut builder))?.is_some()
            {}
            let (n, last) = (builder.rows, builder.rows < self.rows);
            if n > 0 {
                (self.each)(builder.finish(), first).map_err(serde::de::Error::custom)?;
            }
            first += n;
            if last {
                return Ok(first);
            }
        }
    }
}

fn not_a_record(builder: &mut Builder, found: &'static str) {
    let problem = RecordProblem::WrongType {
        expected: "an object",
        found,
    };
    builder
        .row_errors
        .push((builder.rows, RecordError::new("", problem)));
}

/// The list of records.
struct Rows<'b, 'k>(&'b mut Builder<'k>);

impl<'de> DeserializeSeed<'de> for Rows<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Rows<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of records")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(RowSeed(&mut *self.0))?.is_some() {}
        Ok(())
    }
}

/// One record: an object, whose kept fields go to their columns; anything else is
/// the row's error.
struct RowSeed<'b, 'k>(&'b mut Builder<'k>);

impl<'de> DeserializeSeed<'de> for RowSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl RowSeed<'_, '_> {
    fn refuse<E>(self, found: &'static str) -> Result<(), E> {
        not_a_record(self.0, found);
        self.0.end_row();
        Ok(())
    }
}

impl<'de> Visitor<'de> for RowSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a record")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key_seed(Key)? {
            match self.0.column(&key) {
                Some(column) => map.next_value_seed(CellSeed(column))?,
                None => {
                    map.next_value::<Skip>()?;
                }
            }
        }
        self.0.end_row();
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        self.refuse("a list")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        self.refuse("true or false")
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        self.refuse("a number")
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        self.refuse("a number")
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        self.refuse("a number")
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        self.refuse("text")
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        self.refuse("null")
    }
}

/// A value read and dropped. Unlike `IgnoredAny`, it descends through
/// `deserialize_any`, so the JSON reader's nesting limit holds in what is skipped
/// too: text too deep for a JSON value is refused here as it is everywhere else.
struct Skip;

impl<'de> Deserialize<'de> for Skip {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Skip)
    }
}

impl<'de> Visitor<'de> for Skip {
    type Value = Skip;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_str<E>(self, _: &str) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_unit<E>(self) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Skip, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(Skip)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Skip, A::Error> {
        while map.next_entry::<Skip, Skip>()?.is_some() {}
        Ok(Skip)
    }
}

/// A key, borrowed from the text when it has no escapes.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }
}

/// One field's value, into its column.
struct CellSeed<'c>(&'c mut ColumnBuilder);

impl<'de> DeserializeSeed<'de> for CellSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for CellSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<(), E> {
        self.0.value(&Value::Bool(v));
        Ok(())
    }

    fn visit_i64<E>(self, v: i64) -> Result<(), E> {
        self.0.number(v as f64);
        Ok(())
    }

    fn visit_u64<E>(self, v: u64) -> Result<(), E> {
        self.0.number(v as f64);
        Ok(())
    }

    fn visit_f64<E>(self, v: f64) -> Result<(), E> {
        self.0.number(v);
        Ok(())
    }

    fn visit_str<E>(self, v: &str) -> Result<(), E> {
        self.0.text(v);
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        self.0.empty();
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.0.list(|items| {
            while seq.next_element_seed(CellSeed(&mut *items))?.is_some() {}
            Ok(())
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let value = Value::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
        self.0.value(&value);
        Ok(())
    }
}
