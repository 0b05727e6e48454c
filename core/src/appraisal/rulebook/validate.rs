//! The checks serde cannot make: ids, ranges, the credit curve's fit to the rule,
//! grade bands that every score can fall into.

use crate::appraisal::limits::{
    check_count, check_label, check_number, check_text, MAX_EVIDENCE, MAX_GRADES, MAX_INDICATORS,
    MAX_NOTE, MAX_TEXT,
};
use crate::error::{RulebookError, RulebookProblem};

use super::{Credit, Indicator, Rule, Rulebook};

impl Rulebook {
    /// Checks everything serde cannot: ids, ranges, credit/rule fit, grade bands.
    pub fn validate(&self) -> Result<(), RulebookError> {
        check_text("id", &self.id)?;
        check_text("version", &self.version)?;
        check_label("title", &self.title, MAX_TEXT)?;
        check_label("source", &self.source, MAX_NOTE)?;
        self.validate_indicators()?;
        self.validate_grades()?;
        if let Some(cap) = self.bonus_cap {
            check_number("bonus_cap", cap, "a number ≥ 0", cap >= 0.0)?;
        }
        if let Some(g) = &self.veto_grade {
            self.grade_exists("veto_grade", g)?;
        }
        Ok(())
    }

    fn validate_indicators(&self) -> Result<(), RulebookError> {
        check_count("indicators", self.indicators.len(), MAX_INDICATORS)?;
        for (i, ind) in self.indicators.iter().enumerate() {
            let path = format!("indicators[{i}]");
            if self.indicators[..i].iter().any(|o| o.id == ind.id) {
                let problem = RulebookProblem::DuplicateId(ind.id.clone());
                return Err(RulebookError::new(format!("{path}.id"), problem));
            }
            ind.validate(&path)?;
        }
        Ok(())
    }

    fn validate_grades(&self) -> Result<(), RulebookError> {
        check_count("grades", self.grades.len(), MAX_GRADES)?;
        for (i, band) in self.grades.iter().enumerate() {
            let path = format!("grades[{i}]");
            check_text(&format!("{path}.id"), &band.id)?;
            if self.grades[..i].iter().any(|o| o.id == band.id) {
                let problem = RulebookProblem::DuplicateId(band.id.clone());
                return Err(RulebookError::new(format!("{path}.id"), problem));
            }
            check_label(&format!("{path}.label"), &band.label, MAX_TEXT)?;
            let ok = band.min.is_finite() && band.min >= 0.0;
            check_number(&format!("{path}.min"), band.min, "a number ≥ 0", ok)?;
            // Each condition is looked up for every record graded: bounded, so a
            // band cannot list the same indicator a million times.
            let found = band.requires_met.len();
            if found > MAX_INDICATORS {
                let problem = RulebookProblem::TooMany {
                    found,
                    limit: MAX_INDICATORS,
                };
                return Err(RulebookError::new(format!("{path}.requires_met"), problem));
            }
            for (j, id) in band.requires_met.iter().enumerate() {
                if !self.indicators.iter().any(|ind| &ind.id == id) {
                    let problem = RulebookProblem::UnknownIndicator(id.clone());
                    return Err(RulebookError::new(
                        format!("{path}.requires_met[{j}]"),
                        problem,
                    ));
                }
            }
        }
        if !self
            .grades
            .iter()
            .any(|b| b.min == 0.0 && b.requires_met.is_empty())
        {
            return Err(RulebookError::new("grades", RulebookProblem::NoFloorGrade));
        }
        Ok(())
    }

    fn grade_exists(&self, path: &str, id: &str) -> Result<(), RulebookError> {
        if self.grades.iter().any(|b| b.id == id) {
            Ok(())
        } else {
            let problem = RulebookProblem::UnknownGrade(id.to_string());
            Err(RulebookError::new(path, problem))
        }
    }
}

impl Indicator {
    fn validate(&self, path: &str) -> Result<(), RulebookError> {
        check_text(&format!("{path}.id"), &self.id)?;
        check_label(&format!("{path}.label"), &self.label, MAX_TEXT)?;
        if let Some(noun) = &self.noun {
            check_label(&format!("{path}.noun"), noun, MAX_TEXT)?;
        }
        if let Some(department) = &self.department {
            check_label(&format!("{path}.department"), department, MAX_TEXT)?;
        }
        if self.evidence.len() > MAX_EVIDENCE {
            let problem = RulebookProblem::TooMany {
                found: self.evidence.len(),
                limit: MAX_EVIDENCE,
            };
            return Err(RulebookError::new(format!("{path}.evidence"), problem));
        }
        let points_ok = self.points.is_finite() && self.points >= 0.0;
        check_number(
            &format!("{path}.points"),
            self.points,
            "a number ≥ 0",
            points_ok,
        )?;
        if !self.rule.accepts(&self.credit) {
            let problem = RulebookProblem::CreditMismatch {
                credit: self.credit.kind(),
                rule: self.rule.kind(),
            };
            return Err(RulebookError::new(format!("{path}.credit"), problem));
        }
        if let Credit::Deduct { per_shortfall } = self.credit {
            let p = format!("{path}.credit.deduct.per_shortfall");
            let ok = per_shortfall.is_finite() && per_shortfall > 0.0;
            check_number(&p, per_shortfall, "a number > 0", ok)?;
        }
        self.validate_sources(path)?;
        validate_rule(&self.rule, &format!("{path}.rule"))
    }

    fn validate_sources(&self, path: &str) -> Result<(), RulebookError> {
        for (i, s) in self.sources.iter().enumerate() {
            let at = format!("{path}.sources[{i}]");
            let ok = s.weight.is_finite() && s.weight > 0.0;
            check_number(&format!("{at}.weight"), s.weight, "a number > 0", ok)?;
            if self.sources[..i].iter().any(|o| o.evidence == s.evidence) {
                let problem = RulebookProblem::DuplicateId(s.evidence.id().to_string());
                return Err(RulebookError::new(format!("{at}.evidence"), problem));
            }
        }
        Ok(())
    }
}

/// The rule's field names, then its kind's own numbers; `path` is the rule's
/// (`indicators[0].rule`).
fn validate_rule(rule: &Rule, path: &str) -> Result<(), RulebookError> {
    let at = format!("{path}.{}", rule.kind());
    for field in rule.fields() {
        check_text(&at, field)?;
    }
    rule.validate_kind(path)
}
