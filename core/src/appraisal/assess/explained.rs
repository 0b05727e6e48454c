//! Explaining a table a column at a time: for every indicator, down all the rows,
//! the points and verdicts ([`super::score_table`]'s), each row's status, and,
//! when asked, its figures, what it misses and its reason and gap in the chosen
//! languages, written into one buffer per column ([`TextColumn`]) rather than a
//! string per cell. What the compact shape ([`super::compact`]) and the Arrow
//! frames are made from.
//!
//! An [`Explainer`] keeps its plan and its columns from one chunk of a batch to
//! the next, so a long batch explained a chunk at a time allocates its buffers
//! once.

use crate::appraisal::plan::{Plan, View};
use crate::appraisal::rulebook::{Indicator, Rulebook};
use crate::appraisal::rules::{self, gap_amount, read_each, Figures, Judged, Reading};
use crate::error::RecordError;
use crate::input::table::{Bound, MissingColumns, Table};
use crate::text::{Lang, TextColumn};

use super::evaluate::{
    evaluate, first_gap, only, status_of, write_source_gap, write_sources_why, Evaluated,
};
use super::table::{Pass, TableScores};
use super::{Explain, Status};

/// The explained rows of a table: see [`explain_table`].
#[derive(Clone, Debug, PartialEq)]
pub struct TableExplained<'r> {
    /// The scores, grades, points and verdicts, and the rows that failed.
    pub scores: TableScores<'r>,
    pub explain: Explain,
    /// Per indicator (in the rulebook's order), each row's status.
    pub status: Vec<Vec<Status>>,
    /// Per indicator, each row's figures; empty when nothing is explained.
    pub figures: Vec<Vec<Option<Figures>>>,
    /// Per indicator, what each row misses to meet the target (in the indicator's
    /// unit), `None` when met or without data; empty when nothing is explained.
    pub missing: Vec<Vec<Option<f64>>>,
    /// Per language of [`Explain::langs`], per indicator, each row's reason.
    pub why: Vec<Vec<TextColumn>>,
    /// The same for each row's gap (absent when there is none).
    pub gap: Vec<Vec<TextColumn>>,
    /// Each row's unit and period, as a record reads them (absent when unreadable).
    pub units: TextColumn,
    pub periods: TextColumn,
    /// The first row's number in the whole batch, for the errors' paths.
    pub first: usize,
}

impl TableExplained<'_> {
    /// The number of rows.
    pub fn rows(&self) -> usize {
        self.scores.rows()
    }
}

/// Explains every row of `table` as `explain` asks: the same points, scores,
/// grades and errors as [`super::score_table`], each row's status, and with a
/// language its figures, gaps, reasons and gap sentences, which are those
/// [`super::assess`] gives the same row as a record. N rows in, N rows out.
///
/// ```
/// use learning_city::assess::{explain_table, Explain};
/// use learning_city::table::{MissingColumns, Table};
/// use learning_city::Rulebook;
/// let rb = Rulebook::builtin("standard").unwrap();
/// let t = Table::from_json(r#"[{"unit": "c-1", "period": 2024, "residents": 4000, "participants": 750}]"#,
///     &["unit", "period", "residents", "participants"]).unwrap();
/// let e = explain_table(&rb, &t, Explain::En, MissingColumns::NoData).unwrap();
/// assert_eq!(e.why[0][0].get(0), Some("resident participation is 18.8 % (750 of 4000); the target is at least 25 %"));
/// assert_eq!(e.gap[0][0].get(0), Some("250 more residents taking part would meet 25 %"));
/// assert_eq!(e.missing[0][0], Some(250.0));
/// ```
pub fn explain_table<'r>(
    rulebook: &'r Rulebook,
    table: &Table,
    explain: Explain,
    missing: MissingColumns,
) -> Result<TableExplained<'r>, RecordError> {
    let mut explainer = Explainer::new(rulebook, explain);
    explainer.explain(table, missing, 0)?;
    Ok(explainer.into_explained())
}

/// Explains the chunks of a batch one after another, reusing its plan and its
/// columns' memory.
///
/// ```
/// use learning_city::assess::{Explain, Explainer};
/// use learning_city::table::{MissingColumns, Table};
/// use learning_city::Rulebook;
/// let rb = Rulebook::builtin("standard").unwrap();
/// let mut explainer = Explainer::new(&rb, Explain::Zh);
/// for (first, text) in [(0, r#"[{"unit": "a", "period": 2024}]"#), (1, r#"[{"unit": "b"}]"#)] {
///     let table = Table::from_json(text, &["unit", "period"]).unwrap();
///     let e = explainer.explain(&table, MissingColumns::NoData, first).unwrap();
///     assert_eq!(e.rows(), 1);
/// }
/// ```
pub struct Explainer<'r> {
    plan: Plan<'r>,
    out: TableExplained<'r>,
}

impl<'r> Explainer<'r> {
    pub fn new(rulebook: &'r Rulebook, explain: Explain) -> Explainer<'r> {
        let (k, langs) = (rulebook.indicators.len(), explain.langs().len());
        let explained = langs > 0;
        let columns = || (0..k).map(|_| TextColumn::default()).collect::<Vec<_>>();
        Explainer {
            plan: Plan::new(rulebook),
            out: TableExplained {
                scores: TableScores::new(rulebook, 0),
                explain,
                status: vec![Vec::new(); k],
                figures: if explained {
                    vec![Vec::new(); k]
                } else {
                    Vec::new()
                },
                missing: if explained {
                    vec![Vec::new(); k]
                } else {
                    Vec::new()
                },
                why: (0..langs).map(|_| columns()).collect(),
                gap: (0..langs).map(|_| columns()).collect(),
                units: TextColumn::default(),
                periods: TextColumn::default(),
                first: 0,
            },
        }
    }

    /// Explains `table`, a chunk whose first row is row `first` of the batch.
    pub fn explain(
        &mut self,
        table: &Table,
        policy: MissingColumns,
        first: usize,
    ) -> Result<&TableExplained<'r>, RecordError> {
        let bound = Bound::new(table, &self.plan, policy)?;
        let n = bound.rows();
        let out = &mut self.out;
        out.first = first;
        out.scores.reset(n);
        let langs = out.explain.langs();
        let explained = !langs.is_empty();
        out.units.clear();
        out.periods.clear();
        for i in 0..n {
            let row = bound.row(i);
            let unit = crate::cell::required_text(row.unit(), "unit").ok();
            push_text(&mut out.units, unit.as_deref());
            push_text(
                &mut out.periods,
                crate::cell::period(row.period()).ok().as_deref(),
            );
        }
        let mut pass = Pass::new(&bound);
        for (j, (ind, views)) in self.plan.indicators().enumerate() {
            let mut column = Column::take(out, j, n, explained);
            let mut failed = Vec::new();
            let (alive, tallies) = pass.split(&bound);
            let scores = &mut out.scores;
            let mut found = |i: usize, points: f64, met: bool| {
                scores.set(i, j, points, met);
                if let Some(t) = tallies.get_mut(i) {
                    t.add(ind, points, met);
                }
            };
            match (only(views), explained) {
                (Some(v), false) => {
                    read_each(&v.rule, v.slots, alive, |i, r: Result<Judged, _>| match r {
                        Ok(r) => {
                            found(i, ind.credit.earned(ind.points, &r), r.met);
                            column.put_status(i, status_of_judged(&r));
                        }
                        Err(e) => failed.push((i, e)),
                    })
                }
                (Some(v), true) => read_each(
                    &v.rule,
                    v.slots,
                    alive,
                    |i, r: Result<Reading, _>| match r {
                        Ok(r) => {
                            found(i, ind.credit.earned(ind.points, &r.judged()), r.met);
                            column.put_reading(i, ind, v, r, langs);
                        }
                        Err(e) => failed.push((i, e)),
                    },
                ),
                (None, _) => alive.for_each(|(i, row, y)| match evaluate(ind, views, &row, y) {
                    Ok(e) => {
                        found(i, e.points, e.met);
                        column.put_sources(i, ind, e, langs);
                    }
                    Err(e) => failed.push((i, e)),
                }),
            }
            pass.fail(failed);
            column.skip_to(n);
            column.give_back(out, j);
        }
        pass.finish(&mut out.scores, first);
        Ok(&self.out)
    }

    /// The last chunk's explanation, owned.
    pub fn into_explained(self) -> TableExplained<'r> {
        self.out
    }
}

fn push_text(column: &mut TextColumn, text: Option<&str>) {
    match text {
        Some(t) => column.push_with(|out| out.push_str(t)),
        None => column.push_none(),
    }
}

/// One indicator's columns while its rows are read: taken out of the
/// explanation, filled, and given back, so their memory is reused.
struct Column {
    status: Vec<Status>,
    figures: Vec<Option<Figures>>,
    missing: Vec<Option<f64>>,
    why: Vec<TextColumn>,
    gap: Vec<TextColumn>,
    explained: bool,
    /// The next row to fill: rows skipped (failed earlier) get empty cells.
    next: usize,
}

impl Column {
    fn take(out: &mut TableExplained, j: usize, n: usize, explained: bool) -> Column {
        let take_vec = |v: &mut Vec<Vec<_>>| v.get_mut(j).map(std::mem::take).unwrap_or_default();
        let mut status: Vec<Status> = out
            .status
            .get_mut(j)
            .map(std::mem::take)
            .unwrap_or_default();
        status.clear();
        status.resize(n, Status::NoData);
        let mut figures = take_vec(&mut out.figures);
        figures.clear();
        let mut missing: Vec<Option<f64>> = out
            .missing
            .get_mut(j)
            .map(std::mem::take)
            .unwrap_or_default();
        missing.clear();
        let texts = |columns: &mut Vec<Vec<TextColumn>>| -> Vec<TextColumn> {
            columns
                .iter_mut()
                .map(|per_lang| {
                    let mut c = per_lang.get_mut(j).map(std::mem::take).unwrap_or_default();
                    c.clear();
                    c
                })
                .collect()
        };
        Column {
            status,
            figures,
            missing,
            why: texts(&mut out.why),
            gap: texts(&mut out.gap),
            explained,
            next: 0,
        }
    }

    fn give_back(self, out: &mut TableExplained, j: usize) {
        if let Some(s) = out.status.get_mut(j) {
            *s = self.status;
        }
        if let Some(f) = out.figures.get_mut(j) {
            *f = self.figures;
        }
        if let Some(m) = out.missing.get_mut(j) {
            *m = self.missing;
        }
        for (per_lang, c) in out.why.iter_mut().zip(self.why) {
            if let Some(slot) = per_lang.get_mut(j) {
                *slot = c;
            }
        }
        for (per_lang, c) in out.gap.iter_mut().zip(self.gap) {
            if let Some(slot) = per_lang.get_mut(j) {
                *slot = c;
            }
        }
    }

    /// Empty cells up to row `i`.
    fn skip_to(&mut self, i: usize) {
        while self.next < i {
            if self.explained {
                self.figures.push(None);
                self.missing.push(None);
            }
            self.why.iter_mut().for_each(TextColumn::push_none);
            self.gap.iter_mut().for_each(TextColumn::push_none);
            self.next += 1;
        }
    }

    fn put_status(&mut self, i: usize, status: Status) {
        self.skip_to(i);
        if let Some(s) = self.status.get_mut(i) {
            *s = status;
        }
        self.next = i + 1;
    }

    /// Row `i`'s reading of the indicator's one rule: its sentences are written
    /// straight into the columns' buffers.
    fn put_reading(&mut self, i: usize, ind: &Indicator, v: &View, r: Reading, langs: &[Lang]) {
        self.skip_to(i);
        let missing = gap_amount(&v.rule, &r);
        for ((&lang, why), gap) in langs.iter().zip(&mut self.why).zip(&mut self.gap) {
            why.push_with(|out| rules::write_why(ind, &v.rule, &r, lang, out));
            match missing {
                Some(x) => gap.push_with(|out| rules::write_gap(ind, &v.rule, &r, x, lang, out)),
                None => gap.push_none(),
            }
        }
        if let Some(s) = self.status.get_mut(i) {
            *s = status_of(r.value.as_ref(), r.met);
        }
        self.missing.push(missing);
        self.figures.push(Some(r.figures));
        self.next = i + 1;
    }

    /// Row `i`'s reading of an indicator weighted over evidence sources.
    fn put_sources(&mut self, i: usize, ind: &Indicator, e: Evaluated, langs: &[Lang]) {
        self.skip_to(i);
        let gap = first_gap(&e.sources);
        for ((&lang, why), gap_column) in langs.iter().zip(&mut self.why).zip(&mut self.gap) {
            why.push_with(|out| write_sources_why(ind, &e.sources, lang, out));
            match gap {
                Some((s, x)) => gap_column.push_with(|out| write_source_gap(ind, s, x, lang, out)),
                None => gap_column.push_none(),
            }
        }
        if let Some(s) = self.status.get_mut(i) {
            *s = status_of(e.main.value.as_ref(), e.met);
        }
        if self.explained {
            self.missing.push(gap.map(|(_, x)| x));
            self.figures.push(Some(e.main.figures.clone()));
        }
        self.next = i + 1;
    }
}

fn status_of_judged(j: &Judged) -> Status {
    match (j.has_value, j.met) {
        (false, _) => Status::NoData,
        (_, true) => Status::Met,
        (_, false) => Status::Unmet,
    }
}
