//! The work list (以评促建): what to do about every indicator not met, how much is
//! missing, who owns it — veto items first, then the most points at stake.

use crate::appraisal::rulebook::Rulebook;
use crate::text::Lang;

use super::evaluate::{colon, Scribe};
use super::{IndicatorResult, WorkItem};

/// The work list of a full assessment, from its indicators' results.
pub(super) fn work_list(
    rulebook: &Rulebook,
    results: &[IndicatorResult],
    scribe: &mut Scribe,
) -> Vec<WorkItem> {
    let mut items: Vec<WorkItem> = results
        .iter()
        .zip(&rulebook.indicators)
        .filter(|(r, _)| !r.met)
        .map(|(r, ind)| WorkItem {
            indicator: r.id.clone(),
            label: r.label.clone(),
            action: scribe.both(|lang, out| write_action(r, lang, out)),
            missing: r.gap.as_ref().map(|g| g.amount),
            department: ind.department.clone(),
            points_at_stake: r.max - r.points,
            veto: r.veto,
        })
        .collect();
    items.sort_by(|a, b| order(a.veto, a.points_at_stake, b.veto, b.points_at_stake));
    items
}

/// Veto items first: one of them fails the year. Then the most points at stake.
pub(crate) fn order(a_veto: bool, a_stake: f64, b_veto: bool, b_stake: f64) -> std::cmp::Ordering {
    b_veto.cmp(&a_veto).then(b_stake.total_cmp(&a_stake))
}

/// "resident participation: 12 more residents taking part would meet 25 %", or,
/// without data, "Collect the data and assess again: …".
fn write_action(r: &IndicatorResult, lang: Lang, out: &mut String) {
    match &r.gap {
        Some(gap) => {
            out.push_str(r.label.get(lang));
            out.push_str(colon(lang));
            out.push_str(gap.text.get(lang));
        }
        None => {
            out.push_str(match lang {
                Lang::Zh => "补齐数据后重新评估:",
                Lang::En => "Collect the data and assess again: ",
            });
            out.push_str(r.why.get(lang));
        }
    }
}
