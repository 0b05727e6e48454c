//! What a batch is asked for: which explanations ([`Explain`]) and in which shape
//! ([`Shape`]). Every batch entry point of every runtime takes these two, by the
//! names written here.

use serde::{Deserialize, Serialize};

use crate::text::Lang;

/// What a batch explains.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Explain {
    /// Nothing: scores, grades, points and verdicts.
    None,
    /// Reasons and gaps in Chinese, with the figures they come from.
    Zh,
    /// Reasons and gaps in English, with the figures they come from.
    En,
    /// Both languages: what the full shape always carries.
    #[default]
    Both,
}

impl Explain {
    /// The names taken by every runtime: `none`, `zh`, `en`, `both`.
    pub const NAMES: [&'static str; 4] = ["none", "zh", "en", "both"];

    /// The choice a name in [`Explain::NAMES`] stands for.
    pub fn from_name(name: &str) -> Option<Explain> {
        match name {
            "none" => Some(Explain::None),
            "zh" => Some(Explain::Zh),
            "en" => Some(Explain::En),
            "both" => Some(Explain::Both),
            _ => None,
        }
    }

    /// The name written in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Explain::None => "none",
            Explain::Zh => "zh",
            Explain::En => "en",
            Explain::Both => "both",
        }
    }

    /// The languages explained, in the order they are written.
    pub fn langs(self) -> &'static [Lang] {
        match self {
            Explain::None => &[],
            Explain::Zh => &[Lang::Zh],
            Explain::En => &[Lang::En],
            Explain::Both => &[Lang::Zh, Lang::En],
        }
    }
}

/// The shape of a batch's results.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// Every record's whole assessment, both languages, as [`super::Assessment`].
    #[default]
    Full,
    /// What is the same for every record (labels, maxima, departments, rules) once
    /// for the batch; per record its points, statuses, figures, and the reasons and
    /// gaps in the chosen language ([`super::compact`]).
    Compact,
}

impl Shape {
    /// The names taken by every runtime: `full`, `compact`.
    pub const NAMES: [&'static str; 2] = ["full", "compact"];

    /// The shape a name in [`Shape::NAMES`] stands for.
    pub fn from_name(name: &str) -> Option<Shape> {
        match name {
            "full" => Some(Shape::Full),
            "compact" => Some(Shape::Compact),
            _ => None,
        }
    }
}
