//! The 22 traits, their ids (IBM Watson Personality Insights v3 vocabulary) and their signed
//! mappings. A mapping names Empath categories, or a style marker prefixed with `~`
//! (`~exclamations`, `~i_words`, `~articles`, `~long_words`, `~negations`, `~netspeak`).
//! Signs follow Pennebaker & King 1999, Yarkoni 2010 and Schwartz et al. 2013 for the Big Five;
//! Needs and Values are themed category sets (see docs/insights.md).

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TraitGroup {
    Personality,
    Needs,
    Values,
}

#[derive(Clone, Copy, Debug)]
pub struct TraitDef {
    pub id: &'static str,
    pub name: &'static str,
    pub group: TraitGroup,
    /// Raise the trait.
    pub plus: &'static [&'static str],
    /// Lower the trait.
    pub minus: &'static [&'static str],
    /// Set when the trait is deliberately not scored, with the reason.
    pub unscored: Option<&'static str>,
}

const fn t(
    id: &'static str,
    name: &'static str,
    group: TraitGroup,
    plus: &'static [&'static str],
    minus: &'static [&'static str],
) -> TraitDef {
    TraitDef {
        id,
        name,
        group,
        plus,
        minus,
        unscored: None,
    }
}

use TraitGroup::{Needs, Personality, Values};

pub const TRAITS: &[TraitDef] = &[
    t(
        "big5_openness",
        "Openness",
        Personality,
        &[
            "art",
            "music",
            "writing",
            "reading",
            "philosophy",
            "science",
            "~articles",
            "~long_words",
        ],
        &["~netspeak"],
    ),
    t(
        "big5_conscientiousness",
        "Conscientiousness",
        Personality,
        &["achievement", "work"],
        &["swearing_terms", "negative_emotion", "~negations"],
    ),
    t(
        "big5_extraversion",
        "Extraversion",
        Personality,
        &[
            "positive_emotion",
            "friends",
            "party",
            "celebration",
            "~exclamations",
        ],
        &[],
    ),
    t(
        "big5_agreeableness",
        "Agreeableness",
        Personality,
        &[
            "positive_emotion",
            "politeness",
            "sympathy",
            "help",
            "family",
        ],
        &["swearing_terms", "anger", "~negations"],
    ),
    t(
        "big5_neuroticism",
        "Emotional range",
        Personality,
        &[
            "negative_emotion",
            "nervousness",
            "fear",
            "sadness",
            "anger",
            "~i_words",
        ],
        &["positive_emotion"],
    ),
    t(
        "need_challenge",
        "Challenge",
        Needs,
        &["competing", "achievement", "sports"],
        &[],
    ),
    t(
        "need_closeness",
        "Closeness",
        Needs,
        &["family", "home", "children"],
        &[],
    ),
    t(
        "need_curiosity",
        "Curiosity",
        Needs,
        &["science", "philosophy", "reading", "technology"],
        &[],
    ),
    t(
        "need_excitement",
        "Excitement",
        Needs,
        &["celebration", "party", "zest", "surprise"],
        &[],
    ),
    t(
        "need_harmony",
        "Harmony",
        Needs,
        &["politeness", "sympathy", "warmth"],
        &[],
    ),
    TraitDef {
        id: "need_ideal",
        name: "Ideal",
        group: Needs,
        plus: &[],
        minus: &[],
        unscored: Some(
            "No word category is a fair proxy for a desire for perfection, so Ideal is not scored.",
        ),
    },
    t(
        "need_liberty",
        "Liberty",
        Needs,
        &["independence", "traveling", "vacation"],
        &[],
    ),
    t(
        "need_love",
        "Love",
        Needs,
        &["love", "affection", "wedding"],
        &[],
    ),
    t(
        "need_practicality",
        "Practicality",
        Needs,
        &["money", "payment", "valuable"],
        &[],
    ),
    t(
        "need_self_expression",
        "Self-expression",
        Needs,
        &["writing", "art", "fashion", "appearance"],
        &[],
    ),
    t(
        "need_stability",
        "Stability",
        Needs,
        &["trust", "domestic_work", "health"],
        &[],
    ),
    t(
        "need_structure",
        "Structure",
        Needs,
        &["cleaning", "law", "office", "meeting"],
        &[],
    ),
    t(
        "value_conservation",
        "Conservation",
        Values,
        &["family", "religion", "law", "worship", "government"],
        &[],
    ),
    t(
        "value_openness_to_change",
        "Openness to change",
        Values,
        &[
            "traveling",
            "exotic",
            "surprise",
            "independence",
            "vacation",
        ],
        &[],
    ),
    t(
        "value_hedonism",
        "Hedonism",
        Values,
        &["fun", "party", "eating", "alcohol", "leisure"],
        &[],
    ),
    t(
        "value_self_enhancement",
        "Self-enhancement",
        Values,
        &[
            "achievement",
            "power",
            "money",
            "dominant_personality",
            "wealthy",
        ],
        &[],
    ),
    t(
        "value_self_transcendence",
        "Self-transcendence",
        Values,
        &["help", "sympathy", "giving"],
        &[],
    ),
];

pub fn trait_def(id: &str) -> Option<&'static TraitDef> {
    TRAITS.iter().find(|t| t.id == id)
}
