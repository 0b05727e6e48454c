//! The per-unit, per-period figures a rulebook reads: one row of an analyst's
//! spreadsheet.
//!
//! A record is open: besides `unit` and `period` it holds whatever named fields its
//! source had, because each rulebook names the fields it reads. The typed readers
//! below check a field only when a rule reads it, so columns no rule uses are
//! ignored, and every complaint names the field.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::calendar::MONTHS;
pub(crate) use crate::cell::year_of;
use crate::cell::{self as read, Cell, Field, Fields};
pub use crate::cell::{json_kind, MAX_LIST, MAX_TEXT};
use crate::error::{join_path, RecordError, RecordProblem};

/// One unit (a community, a town) for one period (a year).
///
/// ```
/// use learning_city::Record;
/// let r = Record::new("c-017", "2024").with("residents", 4200).with("participants", 1130);
/// assert_eq!(r.count("residents").unwrap(), Some(4200.0));
/// assert_eq!(r.count("funding_cny").unwrap(), None); // absent is not an error
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// The unit's id, e.g. `c-017`.
    pub unit: String,
    /// The period, a year as text: `"2024"`.
    pub period: String,
    /// Every other field, by name.
    pub fields: BTreeMap<String, Value>,
}

impl Record {
    /// An empty record for `unit` in `period`.
    pub fn new(unit: impl Into<String>, period: impl Into<String>) -> Self {
        Record {
            unit: unit.into(),
            period: period.into(),
            fields: BTreeMap::new(),
        }
    }

    /// The same record with one more field.
    pub fn with(mut self, field: &str, value: impl Into<Value>) -> Self {
        self.fields.insert(field.to_string(), value.into());
        self
    }

    /// Parses a record from JSON text.
    pub fn from_json(text: &str) -> Result<Record, RecordError> {
        let value: Value = serde_json::from_str(text)
            .map_err(|e| RecordError::new("", RecordProblem::NotJson(e.to_string())))?;
        Record::from_value(&value)
    }

    /// Reads a record from a JSON value: an object with a text `unit`, a `period`
    /// (text, or a whole number such as `2024`, which spreadsheets produce) and any
    /// other fields. Paths in errors are relative to the record.
    pub fn from_value(value: &Value) -> Result<Record, RecordError> {
        let Value::Object(map) = value else {
            return Err(RecordError::new("", wrong_type("an object", value)));
        };
        let unit = read::required_text(Cell::of_json(map.get("unit")), "unit")?.into_owned();
        let period = read::period(Cell::of_json(map.get("period")))?;
        let fields = map
            .iter()
            .filter(|(k, _)| *k != "unit" && *k != "period")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        Ok(Record {
            unit,
            period,
            fields,
        })
    }

    /// The record's year, from `period`.
    pub fn year(&self) -> Result<i32, RecordError> {
        year_of(&self.period)
    }

    /// The raw value of a field; `None` when absent or `null`.
    pub fn get(&self, field: &str) -> Option<&Value> {
        self.fields.get(field).filter(|v| !v.is_null())
    }

    fn cell(&self, field: &str) -> Cell<'_> {
        Cell::of_json(self.fields.get(field))
    }

    /// A count or amount: a number that is not negative.
    pub fn count(&self, field: &str) -> Result<Option<f64>, RecordError> {
        read::count(self.cell(field), field)
    }

    /// Twelve monthly counts, January first, such as `activities_by_month`.
    pub fn months(&self, field: &str) -> Result<Option<[f64; MONTHS]>, RecordError> {
        read::months(self.cell(field), field)
    }

    /// A list of dates, each inside the record's `year`.
    pub fn dates(&self, field: &str, year: i32) -> Result<Option<Vec<NaiveDate>>, RecordError> {
        let mut dates = Vec::new();
        let present = read::each_date(self.cell(field), field, year, |d| dates.push(d.naive()))?;
        Ok(present.then_some(dates))
    }

    /// One date inside the record's `year`.
    pub fn date(&self, field: &str, year: i32) -> Result<Option<NaiveDate>, RecordError> {
        read::date(self.cell(field), field, year)
    }

    /// A list of `[earlier, later]` date pairs (material sent, class held); the later
    /// date must fall in the record's `year`, the earlier may precede it.
    pub fn date_pairs(
        &self,
        field: &str,
        year: i32,
    ) -> Result<Option<Vec<(NaiveDate, NaiveDate)>>, RecordError> {
        read::date_pairs(self.cell(field), field, year)
    }

    /// A yes/no field; a count is read as yes when it is at least 1.
    pub fn presence(&self, field: &str) -> Result<Option<f64>, RecordError> {
        read::presence(self.cell(field), field)
    }
}

impl Fields for Record {
    fn cell(&self, field: Field<'_>) -> Cell<'_> {
        Record::cell(self, field.name)
    }
}

fn wrong_type(expected: &'static str, found: &Value) -> RecordProblem {
    RecordProblem::WrongType {
        expected,
        found: json_kind(found),
    }
}

impl Serialize for Record {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = Map::new();
        map.insert("unit".into(), Value::String(self.unit.clone()));
        map.insert("period".into(), Value::String(self.period.clone()));
        for (k, v) in &self.fields {
            map.insert(k.clone(), v.clone());
        }
        map.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Record {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        Record::from_value(&value).map_err(serde::de::Error::custom)
    }
}

/// Reads every element of a JSON array as a record, keeping each element's own
/// outcome: the error paths start with `records[i]`.
pub fn records_from_values(values: &[Value]) -> Vec<Result<Record, RecordError>> {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| Record::from_value(v).map_err(|e| e.within(&index_path(i))))
        .collect()
}

/// `records[i]`: the path of the i-th record of a batch.
pub fn index_path(i: usize) -> String {
    join_path("records", &format!("[{i}]"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rec(v: Value) -> Record {
        Record::from_value(&v).unwrap()
    }

    #[test]
    fn unit_and_period_are_required_text() {
        let e = Record::from_value(&json!({"period": "2024"})).unwrap_err();
        assert_eq!((e.path.as_str(), e.problem.code()), ("unit", "missing"));
        let e = Record::from_value(&json!({"unit": 7, "period": "2024"})).unwrap_err();
        assert_eq!(e.to_string(), "unit: expected text, found a number");
        let r = rec(json!({"unit": "c", "period": 2024}));
        assert_eq!(r.year().unwrap(), 2024);
        assert_eq!(rec(json!({"unit": "c", "period": 2024.0})).period, "2024");
        let e = Record::from_value(&json!({"unit": "c", "period": 2024.5})).unwrap_err();
        assert_eq!(e.problem.code(), "wrong_type");
        let e = Record::from_value(&json!([1])).unwrap_err();
        assert_eq!(e.problem.code(), "wrong_type");
    }

    #[test]
    fn counts_refuse_negative_and_wrong_types() {
        let r = rec(json!({"unit": "c", "period": "2024", "a": -1, "b": "x", "c": null}));
        assert_eq!(
            r.count("a").unwrap_err().problem,
            RecordProblem::Negative(-1.0)
        );
        assert_eq!(r.count("b").unwrap_err().problem.code(), "wrong_type");
        assert_eq!(r.count("c").unwrap(), None);
    }

    #[test]
    fn month_lists_must_have_twelve_entries() {
        let r = rec(
            json!({"unit": "c", "period": "2024", "m": [1, 2], "n": [1,1,1,1,1,1,1,1,1,1,1,-2]}),
        );
        let e = r.months("m").unwrap_err();
        assert_eq!(
            e.to_string(),
            "m: must hold 12 values, one per month (found 2)"
        );
        assert_eq!(r.months("n").unwrap_err().path, "n[11]");
    }

    #[test]
    fn dates_must_exist_and_fall_in_the_year() {
        let r = rec(json!({"unit": "c", "period": "2024",
            "d": ["2024-01-20", "2023-12-31"], "e": ["2024-02-30"]}));
        let e = r.dates("d", 2024).unwrap_err();
        assert_eq!(
            (e.path.as_str(), e.problem.code()),
            ("d[1]", "outside_year")
        );
        assert_eq!(r.dates("e", 2024).unwrap_err().problem.code(), "bad_date");
    }

    #[test]
    fn long_echoed_values_are_clipped() {
        let long = "x".repeat(100_000);
        let r = rec(json!({"unit": "c", "period": "2024", "d": long}));
        let e = r.date("d", 2024).unwrap_err();
        assert!(e.to_string().len() < 120, "{e}");
    }

    #[test]
    fn serde_round_trip_keeps_every_field() {
        let r =
            rec(json!({"unit": "c", "period": "2024", "residents": 10, "reports": ["2024-01-01"]}));
        let back: Record = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
        assert_eq!(back, r);
    }
}
