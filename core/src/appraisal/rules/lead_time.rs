//! `lead_time`: each item sent at least some days ahead — course material sent
//! for review at least 15 days before the class (T10).

use serde::{Deserialize, Serialize};

use crate::appraisal::credit::Credit;
use crate::appraisal::rulebook::FieldShape;
use crate::calendar;
use crate::cell::{self, Fields};
use crate::error::RulebookError;
use crate::text::{push_int, Lang};

use super::kind::{field, share, Found, Kind, Measure, Read, Words};

/// A list of `[sent, held]` date pairs, each `held − sent ≥ at_least_days`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeadTime {
    pub field: String,
    pub at_least_days: u32,
}

/// What a lead-time rule found: how many items, how many had too little notice,
/// and the shortest notice in days.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    pub items: usize,
    pub late: usize,
    pub shortest_days: i64,
}

impl Kind for LeadTime {
    type Figures = Notice;
    const NAME: &'static str = "lead_time";

    fn fields(&self) -> Vec<(&str, FieldShape)> {
        vec![(&self.field, FieldShape::DatePairs)]
    }

    fn measured_mut(&mut self) -> &mut String {
        &mut self.field
    }

    fn validate(&self, _: &str) -> Result<(), RulebookError> {
        Ok(())
    }

    fn accepts(credit: &Credit) -> bool {
        matches!(
            credit,
            Credit::Share | Credit::AllOrNothing | Credit::Deduct { .. }
        )
    }

    #[inline]
    fn read<O: Found<Notice>>(&self, f: &impl Fields, slots: [usize; 2], year: i32) -> Read<O> {
        let need = i64::from(self.at_least_days);
        let at = field(&self.field, slots[0]);
        let pairs = cell::date_pairs(f.cell(at), at.name, year)?.filter(|p| !p.is_empty());
        let Some(pairs) = pairs else {
            return Ok(O::no_data(Measure::Number(0.0), [true, false]));
        };
        let leads = pairs
            .iter()
            .map(|(sent, held)| calendar::days_between(*sent, *held));
        let late = leads.clone().filter(|d| *d < need).count();
        let shortest = leads.min().unwrap_or(need);
        let items = pairs.len();
        Ok(share(items - late, items, || Notice {
            items,
            late,
            shortest_days: shortest,
        }))
    }

    fn why(&self, fig: &Notice, w: &Words, lang: Lang, out: &mut String) {
        let ok = fig.items - fig.late;
        out.push_str(w.label(lang));
        match lang {
            Lang::Zh => {
                out.push(':');
                push_int(out, fig.items as u64);
                out.push_str(w.noun(lang));
                out.push_str("中有");
                push_int(out, ok as u64);
                out.push_str("提前至少");
                push_int(out, u64::from(self.at_least_days));
                out.push('天');
            }
            Lang::En => {
                out.push_str(": ");
                push_int(out, ok as u64);
                out.push_str(" of ");
                push_int(out, fig.items as u64);
                out.push(' ');
                out.push_str(w.noun(lang));
                out.push_str(" had at least ");
                push_days_notice(out, self.at_least_days);
            }
        }
    }

    fn missing(&self, fig: &Notice) -> Option<f64> {
        (fig.late > 0).then_some(fig.late as f64)
    }

    fn gap(&self, fig: &Notice, _: f64, w: &Words, lang: Lang, out: &mut String) {
        use std::fmt::Write;
        match lang {
            Lang::Zh => {
                push_int(out, fig.late as u64);
                out.push_str(w.noun(lang));
                out.push_str("提前不足");
                push_int(out, u64::from(self.at_least_days));
                // Writing to a String cannot fail.
                let _ = write!(out, "天,最短{}天", fig.shortest_days);
            }
            Lang::En => {
                push_int(out, fig.late as u64);
                out.push(' ');
                out.push_str(w.noun(lang));
                out.push_str(" had less than ");
                push_days_notice(out, self.at_least_days);
                let _ = write!(out, ", the shortest {}", fig.shortest_days);
            }
        }
    }
}

/// "15 days' notice", "1 day's notice".
fn push_days_notice(out: &mut String, days: u32) {
    push_int(out, u64::from(days));
    out.push_str(if days == 1 {
        " day's notice"
    } else {
        " days' notice"
    });
}
