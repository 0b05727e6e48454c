//! Scoring and assessing a [`Table`]: every row as [`super::score`] and
//! [`super::assess`] would take the same record, with the fields found once per
//! batch.

use crate::cell;
use crate::error::RecordError;
use crate::plan::Plan;
use crate::record::{index_path, year_of};
use crate::rulebook::Rulebook;
use crate::table::{Bound, MissingColumns, Row, Table};

use serde::{Deserialize, Serialize};

use super::{assess_figures, grade, only, points_of, Assessment, Failure, Scored, Tally};
use crate::appraisal::rules::{read_each, Judged};

/// The scores of a table's rows, a column each, in row order.
///
/// A row that could not be scored has NaN as its score and points, no grade,
/// `false` as its verdicts, and its error in [`TableScores::error`].
#[derive(Clone, Debug, PartialEq)]
pub struct TableScores<'r> {
    pub rulebook: &'r Rulebook,
    pub score: Vec<f64>,
    /// The grade's id.
    pub grade: Vec<Option<&'r str>>,
    pub vetoed: Vec<bool>,
    /// Per indicator (in the rulebook's order), each row's points.
    pub points: Vec<Vec<f64>>,
    /// Per indicator, whether each row met it.
    pub met: Vec<Vec<bool>>,
    /// The rows that could not be scored, in row order, with why (`records[i]…`).
    pub errors: Vec<(usize, RecordError)>,
}

/// One record's score without its reasons: what a ranking or a dashboard needs of
/// each record of a large batch.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RowScore {
    pub unit: String,
    pub period: String,
    pub score: f64,
    pub grade: String,
    pub vetoed: bool,
}

/// One entry of a scored batch: a score, or why the record could not be scored
/// (with its unit when that much was readable), as [`super::Outcome`] is for
/// assessments.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ScoreOutcome {
    Scored(RowScore),
    Failed(Failure),
}

impl<'r> TableScores<'r> {
    /// Every row as a [`ScoreOutcome`], in order; `table` is the table scored.
    pub fn outcomes(&self, table: &Table) -> Vec<ScoreOutcome> {
        (0..self.rows())
            .map(|i| {
                let unit = table.text_at("unit", i);
                match self.row(i) {
                    Some(Ok(s)) => ScoreOutcome::Scored(RowScore {
                        unit: unit.unwrap_or_default(),
                        period: table.period_at(i).unwrap_or_default(),
                        score: s.score,
                        grade: s.grade.to_string(),
                        vetoed: s.vetoed,
                    }),
                    Some(Err(e)) => ScoreOutcome::Failed(Failure {
                        unit,
                        error: e.info(),
                    }),
                    None => ScoreOutcome::Failed(Failure {
                        unit,
                        error: RecordError::new(
                            index_path(i),
                            crate::error::RecordProblem::Missing,
                        )
                        .info(),
                    }),
                }
            })
            .collect()
    }

    pub(super) fn new(rulebook: &'r Rulebook, rows: usize) -> Self {
        let k = rulebook.indicators.len();
        TableScores {
            rulebook,
            score: vec![f64::NAN; rows],
            grade: vec![None; rows],
            vetoed: vec![false; rows],
            points: vec![vec![f64::NAN; rows]; k],
            met: vec![vec![false; rows]; k],
            errors: Vec::new(),
        }
    }

    /// The number of rows.
    pub fn rows(&self) -> usize {
        self.score.len()
    }

    /// Why row `i` could not be scored; `None` when it was.
    pub fn error(&self, i: usize) -> Option<&RecordError> {
        let k = self.errors.binary_search_by_key(&i, |(r, _)| *r).ok()?;
        self.errors.get(k).map(|(_, e)| e)
    }

    /// Row `i` as [`super::score`] gives a record: its score, grade and veto, or
    /// its error. `None` past the last row.
    pub fn row(&self, i: usize) -> Option<Result<Scored<'r>, &RecordError>> {
        if let Some(e) = self.error(i) {
            return Some(Err(e));
        }
        Some(Ok(Scored {
            score: *self.score.get(i)?,
            grade: self.grade.get(i).copied().flatten().unwrap_or(""),
            vetoed: *self.vetoed.get(i)?,
        }))
    }

    /// Empties the scores for `rows` rows, keeping the memory for the next chunk.
    pub(super) fn reset(&mut self, rows: usize) {
        fn refill<T: Clone>(v: &mut Vec<T>, rows: usize, x: T) {
            v.clear();
            v.resize(rows, x);
        }
        refill(&mut self.score, rows, f64::NAN);
        refill(&mut self.grade, rows, None);
        refill(&mut self.vetoed, rows, false);
        self.points
            .iter_mut()
            .for_each(|c| refill(c, rows, f64::NAN));
        self.met.iter_mut().for_each(|c| refill(c, rows, false));
        self.errors.clear();
    }

    pub(super) fn set(&mut self, row: usize, k: usize, points: f64, met: bool) {
        if let Some(p) = self.points.get_mut(k).and_then(|c| c.get_mut(row)) {
            *p = points;
        }
        if let Some(m) = self.met.get_mut(k).and_then(|c| c.get_mut(row)) {
            *m = met;
        }
    }

    fn fail(&mut self, row: usize, error: RecordError) {
        for k in 0..self.points.len() {
            self.set(row, k, f64::NAN, false);
        }
        self.errors.push((row, error));
    }
}

/// Scores every row of `table` against `rulebook`: the same score, grade, veto,
/// points and verdicts as [`super::score`] and [`super::assess`] give each row as a
/// record, without the sentences. The table must have `unit` and `period` columns;
/// a field a rule reads with no column is refused (`missing_column`, naming it)
/// or scored as no data, as `missing` says. N rows in, N rows out: a row with bad
/// data keeps its place, with its error.
///
/// ```
/// use learning_city::{assess::score_table, table::{Column, MissingColumns, Table}, Rulebook};
/// let rb = Rulebook::builtin("standard").unwrap();
/// let mut t = Table::new(2);
/// t.push("unit", Column::texts([Some("c-1"), Some("c-2")])).unwrap();
/// t.push("period", Column::texts([Some("2024"), Some("2024")])).unwrap();
/// t.push("residents", Column::numbers(vec![4000.0, -5.0])).unwrap();
/// t.push("participants", Column::numbers(vec![750.0, 1.0])).unwrap();
/// let s = score_table(&rb, &t, MissingColumns::NoData).unwrap();
/// assert_eq!(s.points[0][0], 10.0); // T1: 18.75 % is halfway to 25 %
/// assert_eq!(s.grade[0], Some("fail"));
/// assert_eq!(s.error(1).unwrap().to_string(), "records[1].residents: must not be negative (found -5)");
/// ```
pub fn score_table<'r>(
    rulebook: &'r Rulebook,
    table: &Table,
    missing: MissingColumns,
) -> Result<TableScores<'r>, RecordError> {
    let plan = Plan::new(rulebook);
    let bound = Bound::new(table, &plan, missing)?;
    let mut pass = Pass::new(&bound);
    let mut out = TableScores::new(rulebook, bound.rows());
    // Indicator by indicator down the rows, rather than row by row: the same rule
    // reads the same column over and over, which the processor predicts well.
    // Each row still adds its points in the rulebook's order, and fails at the
    // first indicator that cannot read it, as a record does.
    for (k, (ind, views)) in plan.indicators().enumerate() {
        let mut failed = Vec::new();
        let (alive, tallies) = pass.split(&bound);
        let mut found = |i: usize, p: f64, m: bool| {
            out.set(i, k, p, m);
            if let Some(t) = tallies.get_mut(i) {
                t.add(ind, p, m);
            }
        };
        match only(views) {
            // One rule down the whole column, its kind matched once.
            Some(v) => read_each(&v.rule, v.slots, alive, |i, r: Result<Judged, _>| match r {
                Ok(j) => found(i, ind.credit.earned(ind.points, &j), j.met),
                Err(e) => failed.push((i, e)),
            }),
            None => alive.for_each(|(i, row, y)| match points_of(ind, views, &row, y) {
                Ok((p, m)) => found(i, p, m),
                Err(e) => failed.push((i, e)),
            }),
        }
        pass.fail(failed);
    }
    pass.finish(&mut out, 0);
    Ok(out)
}

/// The rows of a bound table while its indicators are read one after another:
/// each row's year (`None` once the row has failed), its points so far, and the
/// errors met.
pub(super) struct Pass {
    years: Vec<Option<i32>>,
    tallies: Vec<Tally>,
    failures: Vec<(usize, RecordError)>,
}

impl Pass {
    /// Reads every row's `unit` and `period` (a row that fails them fails here).
    pub fn new(bound: &Bound) -> Pass {
        let mut failures = Vec::new();
        let years = (0..bound.rows())
            .map(|i| {
                read_year(&bound.row(i))
                    .map_err(|e| failures.push((i, e)))
                    .ok()
            })
            .collect();
        Pass {
            years,
            tallies: vec![Tally::default(); bound.rows()],
            failures,
        }
    }

    /// The rows still alive, and the tallies to add their points to.
    pub fn split<'b>(
        &'b mut self,
        bound: &'b Bound<'_>,
    ) -> (
        impl Iterator<Item = (usize, Row<'b>, i32)> + 'b,
        &'b mut [Tally],
    ) {
        let alive = self
            .years
            .iter()
            .enumerate()
            .filter_map(move |(i, y)| Some((i, bound.row(i), (*y)?)));
        (alive, &mut self.tallies)
    }

    /// Rows that could not be read by the last indicator: they are read no more.
    pub fn fail(&mut self, failed: Vec<(usize, RecordError)>) {
        for (i, e) in failed {
            if let Some(y) = self.years.get_mut(i) {
                *y = None;
            }
            self.failures.push((i, e));
        }
    }

    /// Totals and grades the rows that were read whole, and records the errors of
    /// the others; `first` is the first row's number in the whole batch, for the
    /// errors' paths (`records[i]`).
    pub fn finish(self, out: &mut TableScores, first: usize) {
        let rulebook = out.rulebook;
        for (i, tally) in self.tallies.iter().enumerate() {
            if self.years.get(i).copied().flatten().is_none() {
                continue;
            }
            let total = tally.score(rulebook);
            let met = |id: &str| {
                let k = rulebook.indicators.iter().position(|ind| ind.id == id);
                let column = k.and_then(|k| out.met.get(k));
                column.and_then(|c| c.get(i)).copied().unwrap_or(false)
            };
            let band = grade(rulebook, total, tally.vetoed, met);
            out.score[i] = total;
            out.grade[i] = Some(band.map_or("", |b| b.id.as_str()));
            out.vetoed[i] = tally.vetoed;
        }
        let mut failures = self.failures;
        failures.sort_by_key(|(i, _)| *i);
        for (i, e) in failures {
            out.fail(i, e.within(&index_path(first + i)));
        }
    }
}

/// A row's year, after the checks a record's `unit` and `period` get.
pub(super) fn read_year(row: &Row) -> Result<i32, RecordError> {
    if let Some(e) = row.error() {
        return Err(e.clone());
    }
    cell::required_text(row.unit(), "unit")?;
    cell::year(row.period())
}

/// Assesses every row of `table` in turn, with every reason and gap, as
/// [`super::assess`] assesses each row as a record; errors name `records[i]`.
/// The assessments are made one at a time as the iterator is read, so a large
/// table never holds them all.
///
/// ```
/// use learning_city::{assess::assess_table, table::{MissingColumns, Table}, Rulebook};
/// let rb = Rulebook::builtin("standard").unwrap();
/// let t = Table::from_json(r#"[{"unit": "c-1", "period": 2024, "residents": 4000, "participants": 750}]"#,
///     &["unit", "period", "residents", "participants"]).unwrap();
/// let a = assess_table(&rb, &t, MissingColumns::NoData).unwrap().next().unwrap().unwrap();
/// assert_eq!(a.indicators[0].gap.as_ref().unwrap().text.en, "250 more residents taking part would meet 25 %");
/// ```
pub fn assess_table<'r, 't>(
    rulebook: &'r Rulebook,
    table: &'t Table,
    missing: MissingColumns,
) -> Result<TableAssessments<'r, 't>, RecordError> {
    assess_table_from(rulebook, table, missing, 0)
}

/// [`assess_table`] for a chunk of a batch whose first row is row `first`: the
/// errors' paths count from it.
pub(crate) fn assess_table_from<'r, 't>(
    rulebook: &'r Rulebook,
    table: &'t Table,
    missing: MissingColumns,
    first: usize,
) -> Result<TableAssessments<'r, 't>, RecordError> {
    let plan = Plan::new(rulebook);
    let bound = Bound::new(table, &plan, missing)?;
    Ok(TableAssessments {
        plan,
        bound,
        table,
        next: 0,
        first,
    })
}

/// The assessments of a table's rows, made as they are read: see [`assess_table`].
pub struct TableAssessments<'r, 't> {
    plan: Plan<'r>,
    bound: Bound<'t>,
    table: &'t Table,
    next: usize,
    first: usize,
}

impl<'r, 't> TableAssessments<'r, 't> {
    /// The assessments as batch outcomes: an error with the row's unit, when it
    /// has one, as [`super::assess_values`] gives it.
    pub fn outcomes(self) -> impl Iterator<Item = super::Outcome> + use<'r, 't> {
        let (table, start) = (self.table, self.next);
        self.enumerate().map(move |(i, r)| match r {
            Ok(a) => super::Outcome::Assessed(Box::new(a)),
            Err(e) => super::Outcome::Failed(Failure {
                unit: table.text_at("unit", start + i),
                error: e.info(),
            }),
        })
    }
}

impl Iterator for TableAssessments<'_, '_> {
    type Item = Result<Assessment, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        let i = self.next;
        if i >= self.bound.rows() {
            return None;
        }
        self.next += 1;
        let row = self.bound.row(i);
        let assessed = read_year(&row).and_then(|_| {
            let unit = cell::required_text(row.unit(), "unit")?;
            let period = cell::period(row.period())?;
            let year = year_of(&period)?;
            assess_figures(&self.plan, &unit, &period, year, &row)
        });
        Some(assessed.map_err(|e| e.within(&index_path(self.first + i))))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.bound.rows().saturating_sub(self.next);
        (left, Some(left))
    }
}

impl ExactSizeIterator for TableAssessments<'_, '_> {}
