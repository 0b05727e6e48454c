//! Lays a district report out as text for a person: a table per street, the grade
//! distribution, the findings, the most common unmet indicators and the records
//! that could not be assessed. Every figure comes from the core's report.

use std::collections::HashMap;
use std::fmt::Write;

use learning_city::district::{District, DistrictReport, StreetReport};
use learning_city::rollup::Summary;
use learning_city::{Assessment, Outcome, Rulebook};

/// How many of the most common unmet indicators to show.
const WEAKEST_SHOWN: usize = 3;
/// Width of the longest bar in the grade chart.
const BAR_WIDTH: usize = 40;

pub fn render(rulebook: &Rulebook, district: &District, report: &DistrictReport) -> String {
    let mut out = String::new();
    header(&mut out, rulebook, report);
    let names: HashMap<&str, &str> = district
        .units
        .iter()
        .map(|u| (u.id.as_str(), u.name.as_str()))
        .collect();
    let by_unit: HashMap<&str, &Assessment> =
        assessed(report).map(|a| (a.unit.as_str(), a)).collect();
    for street in &report.streets {
        street_table(&mut out, street, &names, &by_unit);
    }
    if !report.unplaced.is_empty() {
        let _ = writeln!(
            out,
            "\nNot placed under a street 未归属街道: {}",
            report.unplaced.join(", ")
        );
    }
    grades(&mut out, &report.summary);
    designations(&mut out, report);
    findings(&mut out, report);
    money(&mut out, report);
    weakest(&mut out, report, &by_unit);
    failures(&mut out, report);
    out
}

fn designations(out: &mut String, report: &DistrictReport) {
    if report.designations.is_empty() && report.round_errors.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nDesignations 评选表彰");
    for r in &report.designations {
        let winners: Vec<String> = r
            .winners
            .iter()
            .map(|w| format!("{} ({:.2})", w.candidate, w.score))
            .collect();
        let _ = writeln!(
            out,
            "  {} {} {} — quota {}: {}",
            r.year,
            r.category_label.zh,
            r.category_label.en,
            r.quota,
            winners.join(", ")
        );
        for m in r.missed.iter().take(3) {
            let by = m.short_by.map_or(String::new(), |b| {
                format!(", {b:.2} points short of the last place")
            });
            let _ = writeln!(out, "     missed: {} ranked {}{by}", m.candidate, m.rank);
        }
        if !r.ineligible.is_empty() {
            let _ = writeln!(
                out,
                "     not ranked: {} (e.g. {}: {})",
                r.ineligible.len(),
                r.ineligible[0].candidate,
                r.ineligible[0].reason.en
            );
        }
    }
    let _ = writeln!(out, "  tie-break: {}", tie_break(report));
    for e in &report.round_errors {
        let _ = writeln!(out, "  {}: {}", e.path, e.reason);
    }
}

fn tie_break(report: &DistrictReport) -> String {
    report
        .designations
        .first()
        .map_or(String::new(), |r| r.tie_break.en.clone())
}

fn money(out: &mut String, report: &DistrictReport) {
    let Some(m) = &report.money else {
        return;
    };
    let below = m
        .summary
        .iter()
        .filter(|s| s.meets_target == Some(false))
        .count();
    let target = m.summary.first().map_or(0.0, |s| s.target_per_capita);
    let _ = writeln!(
        out,
        "\nMoney 经费 — {} units with books; {} below {} CNY per resident; {} findings, {} impossible values",
        m.summary.len(),
        below,
        target,
        m.findings.len(),
        m.errors.len()
    );
    for f in &m.findings {
        let _ = writeln!(out, "  {} {}: {}", f.rule, f.path, f.message.en);
    }
}

fn assessed(report: &DistrictReport) -> impl Iterator<Item = &Assessment> {
    report.outcomes.iter().filter_map(|o| match o {
        Outcome::Assessed(a) => Some(a.as_ref()),
        Outcome::Failed(_) => None,
    })
}

fn header(out: &mut String, rulebook: &Rulebook, report: &DistrictReport) {
    let s = &report.summary;
    let failed = report.outcomes.len() - s.assessed;
    let _ = writeln!(out, "学习型城区年度评估 · Learning-type district appraisal");
    let _ = writeln!(out, "{} {}", report.name.zh, report.name.en);
    let _ = writeln!(
        out,
        "Rulebook 评估标准: {} — {}",
        report.rulebook, rulebook.title.en
    );
    let c = &report.coverage;
    let _ = writeln!(
        out,
        "Network 网络: {} of {} streets have a centre, {} of {} communities a teaching point",
        c.streets_with_centre, c.streets, c.communities_with_teaching_point, c.communities
    );
    let _ = writeln!(
        out,
        "{} records: {} assessed, {} could not be assessed; mean score {}, median {}, pass rate {}",
        report.outcomes.len(),
        s.assessed,
        failed,
        opt2(s.mean_score),
        opt2(s.median_score),
        opt_pct(s.pass_rate),
    );
}

fn street_table(
    out: &mut String,
    street: &StreetReport,
    names: &HashMap<&str, &str>,
    by_unit: &HashMap<&str, &Assessment>,
) {
    let s = &street.summary;
    let _ = writeln!(
        out,
        "\n{} ({}) — {} communities, {} assessed, mean {}, pass rate {}",
        street.name,
        street.street,
        street.communities,
        s.assessed,
        opt2(s.mean_score),
        opt_pct(s.pass_rate)
    );
    let _ = writeln!(
        out,
        "  {:>4}  {:<8} {}  {:>7}  grade",
        "rank",
        "unit",
        pad("community", 14),
        "score"
    );
    for r in &street.ranking {
        let name = names.get(r.unit.as_str()).copied().unwrap_or("");
        let label = by_unit
            .get(r.unit.as_str())
            .map(|a| format!("{} {}", a.grade_label.zh, a.grade_label.en))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {:>4}  {:<8} {}  {:>7.2}  {label}",
            r.rank,
            r.unit,
            pad(name, 14),
            r.score
        );
    }
}

fn grades(out: &mut String, s: &Summary) {
    let _ = writeln!(
        out,
        "\nGrade distribution 等级分布 ({} assessed)",
        s.assessed
    );
    let most = s.grades.iter().map(|g| g.count).max().unwrap_or(0).max(1);
    for g in &s.grades {
        let bar = "#".repeat(g.count * BAR_WIDTH / most);
        let label = format!("{} {}", g.label.zh, g.label.en);
        let _ = writeln!(out, "  {} {:>3}  {bar}", pad(&label, 14), g.count);
    }
}

fn findings(out: &mut String, report: &DistrictReport) {
    let _ = writeln!(
        out,
        "\nNetwork and roster findings 网络与队伍检查 ({})",
        report.findings.len()
    );
    if report.findings.is_empty() {
        let _ = writeln!(
            out,
            "  none: the network and the five teams meet every rule"
        );
    }
    for f in &report.findings {
        let _ = writeln!(out, "  {} {}: {}", f.rule, f.path, f.message.en);
        let _ = writeln!(out, "     {}", f.message.zh);
    }
}

fn weakest(out: &mut String, report: &DistrictReport, by_unit: &HashMap<&str, &Assessment>) {
    let _ = writeln!(out, "\nMost common unmet indicators 最常未达标的指标");
    for (i, w) in report
        .summary
        .weakest
        .iter()
        .take(WEAKEST_SHOWN)
        .enumerate()
    {
        let owner = w
            .department
            .as_ref()
            .map_or(String::new(), |d| format!("; owner {} {}", d.zh, d.en));
        let _ = writeln!(
            out,
            "  {}. {} {} / {} — unmet in {}, no data in {}; {:.2} points lost{owner}",
            i + 1,
            w.indicator,
            w.label.zh,
            w.label.en,
            w.unmet,
            w.no_data,
            w.points_lost
        );
        for gap in example_gaps(report, by_unit, &w.indicator) {
            let _ = writeln!(out, "       {gap}");
        }
    }
}

/// Up to three gaps for one indicator, from the lowest-ranked communities, which
/// have the most to do.
fn example_gaps(
    report: &DistrictReport,
    by_unit: &HashMap<&str, &Assessment>,
    id: &str,
) -> Vec<String> {
    report
        .ranking
        .iter()
        .rev()
        .filter_map(|r| by_unit.get(r.unit.as_str()))
        .filter_map(|a| {
            let ind = a.indicators.iter().find(|i| i.id == id)?;
            let gap = ind.gap.as_ref()?;
            Some(format!("{}: {}", a.unit, gap.text.en))
        })
        .take(3)
        .collect()
}

fn failures(out: &mut String, report: &DistrictReport) {
    let failed: Vec<_> = report
        .outcomes
        .iter()
        .filter_map(|o| match o {
            Outcome::Failed(f) => Some(f),
            Outcome::Assessed(_) => None,
        })
        .collect();
    if failed.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\nRecords that could not be assessed 无法评估的记录 ({})",
        failed.len()
    );
    for f in failed {
        let unit = f.unit.as_deref().unwrap_or("?");
        let _ = writeln!(out, "  {unit}: {}: {}", f.error.path, f.error.reason);
    }
}

fn opt2(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_string(), |v| format!("{v:.2}"))
}

fn opt_pct(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_string(), |v| format!("{:.1} %", v * 100.0))
}

/// Pads to a display width, counting CJK characters as two columns.
fn pad(text: &str, width: usize) -> String {
    let wide = |c: char| ('\u{1100}'..='\u{ffdc}').contains(&c);
    let used: usize = text.chars().map(|c| if wide(c) { 2 } else { 1 }).sum();
    format!("{text}{}", " ".repeat(width.saturating_sub(used)))
}
