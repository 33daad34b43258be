//! The Personality Insights report as HTML (see `esc` in this page's module for why): how much
//! text there is, then either the progress towards 100 words with the texts counted so far, or
//! the three groups of traits with what each is compared with and the words behind it.

use insights::{Band, Evidence, NormsInfo, Profile, Strength, TraitScore};

use super::super::esc;
use crate::format::{date, time_html};
use crate::insights_api::{ExampleView, InsightsView, SourceView};

/// Below this many words nothing is scored (`insights::MIN_WORDS`).
const MIN_WORDS: u32 = insights::MIN_WORDS;

/// The report's HTML: strength and word count, then the progress bar and sources (under 100
/// words) or the norms sentence and the trait groups.
pub fn report_html(view: &InsightsView) -> String {
    let words = word_count(view);
    let strength = view
        .profile
        .as_ref()
        .map(|p| p.strength)
        .unwrap_or_else(|| Strength::from_words(words));
    let mut out = format!(
        "<p class=\"insights-strength\" data-testid=\"insights-strength\" data-strength=\"{key}\" \
         data-words=\"{words}\">Strength: <strong>{label}</strong> · {count}</p>",
        key = strength_key(strength),
        label = strength.label(),
        count = words_text(words),
    );
    match view
        .profile
        .as_ref()
        .filter(|_| strength != Strength::Insufficient)
    {
        None => {
            out.push_str(&progress_html(words));
            out.push_str(&sources_html(&view.sources));
        }
        Some(profile) => {
            out.push_str(&norms_html(&profile.norms, strength));
            out.push_str(&groups_html(profile));
        }
    }
    out
}

/// The words counted: the profile's, else the counted sources' sum.
fn word_count(view: &InsightsView) -> u32 {
    match &view.profile {
        Some(p) => p.word_count,
        None => view
            .sources
            .iter()
            .filter(|s| s.counted)
            .map(|s| s.words)
            .sum(),
    }
}

/// `strength`'s name in data attributes (as the JSON API spells it).
fn strength_key(s: Strength) -> &'static str {
    match s {
        Strength::Insufficient => "insufficient",
        Strength::Weak => "weak",
        Strength::Decent => "decent",
        Strength::Strong => "strong",
        Strength::VeryStrong => "very_strong",
    }
}

/// `band`'s name in data attributes and class names (as the JSON API spells it).
fn band_key(b: Band) -> &'static str {
    match b {
        Band::Low => "low",
        Band::Typical => "typical",
        Band::High => "high",
        Band::Unscored => "unscored",
    }
}

/// `1 word`, `1,234 words`.
fn words_text(n: u32) -> String {
    if n == 1 {
        "1 word".into()
    } else {
        format!("{} words", thousands(n))
    }
}

/// `1234` → `1,234`.
fn thousands(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The bar towards the 100 words scoring needs.
fn progress_html(words: u32) -> String {
    let shown = words.min(MIN_WORDS);
    format!(
        "<div class=\"insights-progress\"><progress id=\"insights-progress\" data-testid=\"insights-progress\" \
         max=\"{MIN_WORDS}\" value=\"{shown}\" aria-describedby=\"insights-progress-hint\">{shown} of {MIN_WORDS} words</progress> \
         <span>{shown} of {MIN_WORDS} words</span></div>\
         <p class=\"hint\" id=\"insights-progress-hint\">Traits are estimated once the contact has written \
         {MIN_WORDS} words: incoming emails, SMS and chat, and verbatim examples added below.</p>"
    )
}

/// The texts behind the count so far, newest first.
fn sources_html(sources: &[SourceView]) -> String {
    if sources.is_empty() {
        return "<p class=\"empty\" data-testid=\"insights-sources-empty\">No text from this contact yet.</p>"
            .into();
    }
    let items: String = sources
        .iter()
        .map(|s| {
            // An email, SMS or chat links to the contact's communications of that kind and day.
            let label = match &s.link {
                Some(href) => format!("<a href=\"{}\">{}</a>", esc(href), esc(&s.kind_label)),
                None => esc(&s.kind_label),
            };
            format!(
                "<li data-testid=\"insights-source\" data-kind=\"{kind}\" data-status=\"{state}\">\
                 <span class=\"hit-kind\">{label}</span> · {when} · {words} · \
                 <span class=\"source-status\">{status}</span></li>",
                kind = esc(&s.kind),
                state = esc(&s.status),
                when = time_html(s.occurred_at),
                words = words_text(s.words),
                status = esc(&s.status_label),
            )
        })
        .collect();
    format!(
        "<h3 class=\"insights-subhead\">Text so far</h3>\
         <ul class=\"insights-sources\" data-testid=\"insights-sources\">{items}</ul>"
    )
}

/// What the scores are compared with, in plain words.
fn norms_html(norms: &NormsInfo, strength: Strength) -> String {
    let mut text = match norms.mode.as_str() {
        "percentiles" => format!(
            "Percentiles compare this contact with the {} of this organisation's contacts who \
             have written 600 words or more.",
            thousands(norms.norm_contacts)
        ),
        "bands" => {
            let mut t = format!(
                "Low, typical and high compare this contact with {} of this organisation's \
                 contacts who have written 100 words or more.",
                thousands(norms.reference_contacts)
            );
            if strength.allows_percentiles() {
                t.push_str(&format!(
                    " Percentiles need {} contacts with 600 words or more; there are {} so far.",
                    thousands(norms.min_norm_contacts),
                    thousands(norms.norm_contacts)
                ));
            } else {
                t.push_str(" With under 600 words only bands are shown.");
            }
            t
        }
        _ => format!(
            "There is nothing to compare with yet: the organisation's reference is still being \
             computed, or fewer than {} contacts have written 100 words or more. Traits are \
             not scored until it is ready.",
            insights::MIN_REFERENCE_CONTACTS
        ),
    };
    if let Some(day) = norms.computed_at.as_deref().and_then(|t| t.get(..10)) {
        text.push_str(&format!(" Reference computed {day}."));
    }
    if norms.domain_words > 0 {
        text.push_str(&format!(
            " {} words most contacts use (about the business, not the person) are left out.",
            thousands(norms.domain_words)
        ));
    }
    format!(
        "<p class=\"insights-norms hint\" data-testid=\"insights-norms\" data-mode=\"{}\">{}</p>",
        esc(&norms.mode),
        esc(&text)
    )
}

/// Big Five, Needs (experimental) and Values.
fn groups_html(p: &Profile) -> String {
    let mut out = String::from("<div class=\"insights-groups\">");
    for (id, title, traits) in [
        ("big5", "Big Five", &p.personality),
        ("needs", "Needs", &p.needs),
        ("values", "Values", &p.values),
    ] {
        let badge = if id == "needs" {
            " <span class=\"badge badge-experimental\">experimental</span>"
        } else {
            ""
        };
        out.push_str(&format!(
            "<section class=\"trait-group\" data-testid=\"insights-group-{id}\" aria-labelledby=\"insights-{id}\">\
             <h3 id=\"insights-{id}\" class=\"insights-subhead\">{title}{badge}</h3><ul class=\"traits\">"
        ));
        for t in traits {
            out.push_str(&trait_html(t));
        }
        out.push_str("</ul></section>");
    }
    out.push_str("</div>");
    out
}

/// One trait: name, band, percentile with its interval, a bar, the words behind it, a note.
fn trait_html(t: &TraitScore) -> String {
    let band = band_key(t.band);
    let mut head = format!(
        "<span class=\"trait-name\">{}</span> <span class=\"trait-band\">{}</span>",
        esc(&t.name),
        t.band.label()
    );
    if let Some(p) = t.percentile {
        head.push_str(&format!(
            " <span class=\"trait-percentile\">{}</span>",
            percentile_text(p, t.interval)
        ));
    }
    let mut out = format!(
        "<li class=\"trait band-{band}\" data-testid=\"trait-{id}\" data-band=\"{band}\">\
         <p class=\"trait-head\">{head}</p>{bar}",
        id = esc(&t.trait_id),
        bar = bar_html(t),
    );
    if !t.evidence.is_empty() {
        out.push_str(&format!(
            "<p class=\"trait-evidence\" data-testid=\"trait-evidence\"><span class=\"muted\">Words:</span> {}</p>",
            evidence_html(&t.evidence)
        ));
    }
    if let Some(note) = t.note.as_deref().filter(|n| !n.trim().is_empty()) {
        out.push_str(&format!(
            "<p class=\"trait-note hint\" data-testid=\"trait-note\">{}</p>",
            esc(note)
        ));
    }
    out.push_str("</li>");
    out
}

/// `72nd percentile (61–81)`.
fn percentile_text(p: f64, interval: Option<[f64; 2]>) -> String {
    let mut text = format!("{} percentile", ordinal(whole_percent(p)));
    if let Some([lo, hi]) = interval {
        text.push_str(&format!(" ({}–{})", whole_percent(lo), whole_percent(hi)));
    }
    text
}

/// A percentile rounded to a whole number within 0–100.
fn whole_percent(p: f64) -> u32 {
    if p.is_finite() {
        p.round().clamp(0.0, 100.0) as u32
    } else {
        0
    }
}

/// `1st`, `2nd`, `3rd`, `11th`, `72nd`.
fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// A small bar: the percentile's 80% interval with a mark at the percentile, or the band's
/// third (low, typical, high); an empty track when unscored. Decoration only: the text says
/// the same. Drawn as SVG, whose positions are attributes: the site's content security policy
/// refuses inline styles.
fn bar_html(t: &TraitScore) -> String {
    let rect = |class: &str, x: f64, width: f64| {
        format!(
            "<rect class=\"{class}\" x=\"{x:.1}\" y=\"0\" width=\"{width:.1}\" height=\"6\"></rect>"
        )
    };
    let inner = match (t.percentile, t.band) {
        (Some(p), _) => {
            let at = f64::from(whole_percent(p));
            let range = t
                .interval
                .map(|[lo, hi]| {
                    let (lo, hi) = (whole_percent(lo), whole_percent(hi));
                    rect(
                        "trait-range",
                        f64::from(lo),
                        f64::from(hi.saturating_sub(lo)),
                    )
                })
                .unwrap_or_default();
            format!("{range}{}", rect("trait-mark", (at - 1.0).max(0.0), 2.0))
        }
        (None, Band::Low) => rect("trait-fill", 0.0, 33.3),
        (None, Band::Typical) => rect("trait-fill", 33.3, 33.4),
        (None, Band::High) => rect("trait-fill", 66.7, 33.3),
        (None, Band::Unscored) => String::new(),
    };
    format!(
        "<svg class=\"trait-bar\" viewBox=\"0 0 100 6\" preserveAspectRatio=\"none\" aria-hidden=\"true\" \
         focusable=\"false\"><rect class=\"trait-track\" x=\"0\" y=\"0\" width=\"100\" height=\"6\"></rect>{inner}</svg>"
    )
}

/// `thanks ×3 ↑, sorry ×2 ↓`: the words that raised (↑) or lowered (↓) the trait.
fn evidence_html(evidence: &[Evidence]) -> String {
    evidence
        .iter()
        .map(|e| {
            let (arrow, how) = if e.direction < 0 {
                ("↓", "lowered")
            } else {
                ("↑", "raised")
            };
            format!(
                "<span class=\"evidence\" title=\"{how} it\">{} ×{} <span aria-label=\"{how} it\">{arrow}</span></span>",
                esc(&e.word),
                e.count
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The examples agents added, newest first, each with a Delete form (a plain post before the
/// WebAssembly loads; after it the panel takes the submit event, see `examples`).
pub fn examples_html(contact_id: i64, examples: &[ExampleView], delete_url: &str) -> String {
    if examples.is_empty() {
        return "<p class=\"empty\" data-testid=\"insights-examples-empty\">No examples added yet.</p>"
            .into();
    }
    let items: String = examples
        .iter()
        .map(|e| {
            let marker = match (e.verbatim, e.counted) {
                (true, true) => "<span class=\"badge\">verbatim</span>",
                (true, false) => {
                    "<span class=\"badge badge-muted\">verbatim — not counted (already counted or beyond the most recent text)</span>"
                }
                (false, _) => "<span class=\"badge badge-muted\">paraphrase — not counted</span>",
            };
            let who = e
                .created_by
                .as_deref()
                .map(|n| format!(" · by {}", esc(n)))
                .unwrap_or_default();
            format!(
                "<li class=\"insight-example\" data-testid=\"insights-example\" data-example-id=\"{id}\" \
                 data-counted=\"{counted}\"><p class=\"note-head\">{marker}{who} · {when}</p>\
                 <blockquote class=\"insight-example-text\">{text}</blockquote>\
                 <form class=\"insight-delete-form\" method=\"post\" action=\"{url}\">\
                 <input type=\"hidden\" name=\"contact\" value=\"{contact_id}\">\
                 <input type=\"hidden\" name=\"example\" value=\"{id}\">\
                 <button type=\"submit\" data-testid=\"insights-delete-example\" \
                 aria-label=\"Delete the example added {day}\">Delete</button></form></li>",
                id = e.id,
                counted = e.counted,
                when = time_html(e.created_at),
                day = date(e.created_at),
                text = esc(&e.text),
                url = esc(delete_url),
            )
        })
        .collect();
    format!("<ul class=\"insight-examples\" data-testid=\"insights-examples\">{items}</ul>")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(id: &str, band: Band, percentile: Option<f64>) -> TraitScore {
        TraitScore {
            trait_id: id.into(),
            name: "Extraversion".into(),
            percentile,
            band,
            interval: percentile.map(|p| [p - 11.0, p + 9.0]),
            raw_score: Some(0.5),
            evidence: vec![
                Evidence {
                    word: "thanks".into(),
                    count: 3,
                    direction: 1,
                },
                Evidence {
                    word: "<sorry>".into(),
                    count: 2,
                    direction: -1,
                },
            ],
            note: None,
        }
    }

    #[test]
    fn percentiles_read_as_ordinals_with_their_interval() {
        assert_eq!(
            percentile_text(72.4, Some([61.0, 81.2])),
            "72nd percentile (61–81)"
        );
        assert_eq!(percentile_text(11.0, None), "11th percentile");
        assert_eq!(ordinal(1), "1st");
        assert_eq!(ordinal(23), "23rd");
        assert_eq!(ordinal(112), "112th");
        assert_eq!(whole_percent(f64::NAN), 0);
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(words_text(1), "1 word");
    }

    #[test]
    fn a_trait_shows_its_band_percentile_and_escaped_evidence() {
        let html = trait_html(&score("big5_extraversion", Band::High, Some(72.0)));
        assert!(html.contains("data-testid=\"trait-big5_extraversion\" data-band=\"high\""));
        assert!(html.contains("72nd percentile (61–81)"));
        assert!(html.contains("thanks ×3"));
        assert!(html.contains("&lt;sorry&gt; ×2"));
        assert!(html.contains("↓"));
        // No inline styles: the content security policy refuses them.
        assert!(!html.contains("style="));
        assert!(html.contains("class=\"trait-mark\" x=\"71.0\""));
        let banded = trait_html(&score("need_ideal", Band::Unscored, None));
        assert!(banded.contains("data-band=\"unscored\""));
        assert!(banded.contains("Not scored"));
        assert!(!banded.contains("percentile"));
    }
}
