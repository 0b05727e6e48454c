//! A rulebook made ready to read records: each indicator's rule as it reads each
//! evidence source, and a slot for every field each of them reads.
//!
//! A record finds its fields by name; a table resolves every slot to a column once
//! for the batch ([`crate::table::Bound`]), so scoring a row finds each field by
//! its place instead of by a string. Making the plan costs a few small
//! allocations (and a rule per weighted source); a batch makes it once.

use std::borrow::Cow;

use crate::rulebook::{FieldShape, Indicator, Rule, Rulebook, SourceWeight};

/// A rulebook's indicators with their views.
pub(crate) struct Plan<'r> {
    pub rulebook: &'r Rulebook,
    views: Vec<View<'r>>,
    /// Indicator `i`'s views are `views[ends[i - 1]..ends[i]]`.
    ends: Vec<usize>,
    /// True when some grade band needs indicators met: only then does grading
    /// need each indicator's verdict kept.
    pub conditional: bool,
}

/// An indicator's rule as one evidence source reports it (or as it is, for an
/// indicator without weighted sources).
pub(crate) struct View<'r> {
    pub rule: Cow<'r, Rule>,
    /// The source and its weight; `None` for the indicator's own rule.
    pub weight: Option<&'r SourceWeight>,
    /// The slots of the rule's fields, in [`Rule::field_shapes`] order (a rule of
    /// one field repeats its slot).
    pub slots: [usize; 2],
}

impl<'r> Plan<'r> {
    pub fn new(rulebook: &'r Rulebook) -> Plan<'r> {
        let mut views = Vec::with_capacity(rulebook.indicators.len());
        let mut ends = Vec::with_capacity(rulebook.indicators.len());
        let mut next = 0;
        let mut view = |rule: Cow<'r, Rule>, weight| {
            let n = rule.field_shapes().len();
            let slots = [next, next + n.saturating_sub(1)];
            next += n;
            View {
                rule,
                weight,
                slots,
            }
        };
        for ind in &rulebook.indicators {
            if ind.sources.is_empty() {
                views.push(view(Cow::Borrowed(&ind.rule), None));
            }
            for w in &ind.sources {
                views.push(view(Cow::Owned(ind.rule.for_source(w.evidence)), Some(w)));
            }
            ends.push(views.len());
        }
        Plan {
            rulebook,
            views,
            ends,
            conditional: rulebook.grades.iter().any(|b| !b.requires_met.is_empty()),
        }
    }

    /// Each indicator with its views, in the rulebook's order.
    pub fn indicators(&self) -> impl Iterator<Item = (&'r Indicator, &[View<'r>])> + '_ {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        self.rulebook
            .indicators
            .iter()
            .zip(starts.zip(self.ends.iter().copied()))
            .map(|(ind, (a, b))| (ind, self.views.get(a..b).unwrap_or(&[])))
    }

    /// Every slot's field and shape, in slot order.
    pub fn fields(&self) -> Vec<(&str, FieldShape)> {
        self.views
            .iter()
            .flat_map(|v| v.rule.field_shapes())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_follow_the_fields_in_order() {
        let rb = Rulebook::builtin("standard").unwrap();
        let plan = Plan::new(&rb);
        let fields = plan.fields();
        assert_eq!(fields[0], ("participants", FieldShape::Count));
        assert_eq!(fields[1], ("residents", FieldShape::Count));
        let views: Vec<_> = plan.indicators().flat_map(|(_, v)| v).collect();
        assert_eq!(views.len(), rb.indicators.len());
        for v in views {
            let names: Vec<&str> = v.rule.fields();
            assert_eq!(fields[v.slots[0]].0, names[0]);
            assert_eq!(fields[v.slots[1]].0, *names.last().unwrap());
        }
    }

    #[test]
    fn weighted_sources_get_a_view_each() {
        let rb = Rulebook::builtin("strict-example").unwrap();
        let plan = Plan::new(&rb);
        let weighted = plan.indicators().find(|(i, _)| !i.sources.is_empty());
        let (ind, views) = weighted.expect("strict-example weighs some indicator");
        assert_eq!(views.len(), ind.sources.len());
        assert!(views[0].rule.fields()[0].contains('@'));
    }
}
