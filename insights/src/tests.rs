//! Unit tests of the scoring module (issue 8, "What must be shown").

use crate::norms::{FeatureNorm, pearson};
use crate::score::{Features, band_of, phi, shrink};
use crate::*;

fn near(a: f64, b: f64, eps: f64) -> bool {
    (a - b).abs() <= eps
}

#[test]
fn tokenizer_splits_on_unicode_word_boundaries_and_keeps_apostrophes() {
    assert_eq!(tokenize("Hello, WORLD!"), ["hello", "world"]);
    assert_eq!(
        tokenize("I don't know, I’m sure"),
        ["i", "don't", "know", "i'm", "sure"]
    );
    assert_eq!(tokenize("Zoë's naïve café"), ["zoë's", "naïve", "café"]);
    assert_eq!(
        tokenize("e-mail me at 10:30 — £25.99 2024"),
        ["e", "mail", "me", "at"]
    );
    assert_eq!(tokenize("ÅNGSTRÖM straße"), ["ångström", "straße"]);
    assert_eq!(tokenize("rock'n'roll"), ["rock'n'roll"]);
    assert!(tokenize("  \n\t ... !!! ").is_empty());
    assert_eq!(
        tokenize("日本語のテキスト").len(),
        tokenize("日本語のテキスト").len()
    );
}

#[test]
fn tallies_count_words_hits_and_style_and_add_back_exactly() {
    let t = Tally::of_text("I love my family! We don't party. The celebration's over, lol");
    assert_eq!(t.words, 11);
    assert_eq!(t.style.exclamations, 1);
    assert_eq!(t.style.i_words, 2);
    assert_eq!(t.style.articles, 1);
    assert_eq!(t.style.negations, 1);
    assert_eq!(t.style.netspeak, 1);
    assert_eq!(t.style.long_words, 1, "celebration's");
    assert_eq!(t.hits.get("love"), Some(&1));
    assert_eq!(
        t.hits.get("celebration"),
        Some(&1),
        "possessive 's is matched on its stem"
    );
    let u = Tally::of_text("Another text about money and payment.");
    let mut sum = t.clone();
    sum.add(&u);
    assert_eq!(sum.words, t.words + u.words);
    sum.subtract(&u);
    assert_eq!(sum, t);
}

#[test]
fn the_same_text_hashes_alike_whatever_its_spacing_or_case() {
    assert_eq!(
        text_hash("Thank you  so much!"),
        text_hash("thank you\nso MUCH")
    );
    assert_ne!(text_hash("thank you"), text_hash("thank you so much"));
}

#[test]
fn the_shipped_lexicon_loads_with_the_empath_category_count() {
    let lex = lexicon();
    assert_eq!(lex.category_count(), 194);
    assert!(lex.entry_count() > 15_000, "{} entries", lex.entry_count());
    assert!(lex.skipped_count() < 50);
    for t in TRAITS {
        for name in t.plus.iter().chain(t.minus) {
            assert!(
                name.starts_with('~') || lex.category(name).is_some(),
                "{}: unknown category {name}",
                t.id
            );
        }
    }
    assert_eq!(Features::get().names.len(), Features::get().len());
    assert_eq!(TRAITS.len(), 22);
    assert!(lex.words_of("nervousness").contains(&"anxious"));
}

/// Unit norms (mean 0, SD 1) make a raw score the mean of signed √rates.
fn unit_norms() -> Norms {
    let f = Features::get();
    let mut norms = Norms::default();
    norms.reference_contacts = 100;
    norms.features = f
        .names
        .iter()
        .map(|n| FeatureNorm {
            name: n.to_string(),
            mean: 0.0,
            sd: 1.0,
        })
        .collect();
    norms
}

fn raw(text: &str, id: &str) -> f64 {
    let t = Tally::of_text(text);
    let counts = Features::get().counts(&t, &Default::default());
    let i = TRAITS.iter().position(|d| d.id == id).expect("trait");
    raw_scores(&counts, f64::from(t.words), &unit_norms())[i].expect("scored")
}

const NEUTRAL: &str = "The parcel number is on the form. It was sent on Tuesday to the address \
    in the account and the reference is on the second page of the form as well.";

#[test]
fn positive_emotion_and_social_words_raise_extraversion() {
    let social = "What a joy! Great party with friends, such a celebration, love it! \
        My friends and I had a great time at the party, pure happiness!";
    assert!(raw(social, "big5_extraversion") > raw(NEUTRAL, "big5_extraversion"));
}

#[test]
fn anxiety_words_raise_emotional_range() {
    let anxious = "I am so anxious and worried, I feel nervous and scared, the uncertainty \
        and anxiety make me uneasy and I fear the worst, I am stressed and afraid.";
    assert!(raw(anxious, "big5_neuroticism") > raw(NEUTRAL, "big5_neuroticism"));
}

#[test]
fn every_mapping_moves_its_trait_the_documented_way() {
    let lex = lexicon();
    for t in TRAITS.iter().filter(|t| t.unscored.is_none()) {
        for (list, up) in [(t.plus, true), (t.minus, false)] {
            for name in list.iter().filter(|n| !n.starts_with('~')) {
                // A text of this category's own words (none of which is in another category
                // of the same trait: Empath's categories overlap), padded with neutral text.
                let others: Vec<u16> = t
                    .plus
                    .iter()
                    .chain(t.minus)
                    .filter(|o| *o != name)
                    .filter_map(|o| lex.category(o))
                    .collect();
                let words: Vec<&str> = lex
                    .words_of(name)
                    .into_iter()
                    .filter(|w| !lex.categories_of(w).iter().any(|c| others.contains(c)))
                    .take(30)
                    .collect();
                assert!(words.len() >= 5, "{} via {name}: too few own words", t.id);
                let text = format!("{NEUTRAL} {}", words.join(" "));
                let (with, without) = (raw(&text, t.id), raw(NEUTRAL, t.id));
                assert!(
                    if up { with > without } else { with < without },
                    "{} via {name}: {with} vs {without}",
                    t.id
                );
            }
        }
    }
    // Style markers.
    assert!(
        raw("Great!!! Wonderful!!!", "big5_extraversion")
            > raw("Great. Wonderful.", "big5_extraversion")
    );
    assert!(
        raw("no not never nothing", "big5_agreeableness")
            < raw("yes always something", "big5_agreeableness")
    );
    assert!(
        raw("lol u r gonna btw", "big5_openness") < raw("perhaps considerably", "big5_openness")
    );
}

#[test]
fn strength_thresholds_follow_the_spec() {
    use Strength::*;
    for (words, want) in [
        (0, Insufficient),
        (99, Insufficient),
        (100, Weak),
        (599, Weak),
        (600, Decent),
        (1_199, Decent),
        (1_200, Strong),
        (2_999, Strong),
        (3_000, VeryStrong),
    ] {
        assert_eq!(Strength::from_words(words), want, "{words} words");
    }
    assert!(!Weak.allows_percentiles() && Decent.allows_percentiles());
}

#[test]
fn under_100_words_nothing_is_scored() {
    let norms = synthetic_norms(60, 700);
    let totals = Tally {
        words: 99,
        ..Tally::of_text("great party friends love")
    };
    let p = profile(&totals, Some(&norms));
    assert_eq!(p.strength, Strength::Insufficient);
    assert!(
        p.all()
            .all(|t| t.band == Band::Unscored && t.percentile.is_none() && t.raw_score.is_none())
    );
    assert_eq!(p.personality.len() + p.needs.len() + p.values.len(), 22);
}

#[test]
fn shrinkage_and_percentiles_match_hand_computed_values() {
    assert!(near(phi(0.0), 0.5, 1e-12));
    assert!(near(phi(1.959_963_985), 0.975, 1e-9));
    assert!(near(phi(-1.0), 0.158_655_253_9, 1e-9));
    // s = 2, μ = 0, τ² = 1, SE² = 1: ρ = 0.5, ŝ = 1, percentile Φ(1) = 84.13;
    // half-width 1.28·√0.5·1 = 0.905097 → Φ(0.094903) = 53.780, Φ(1.905097) = 97.161.
    let (pct, [lo, hi]) = shrink(2.0, 0.0, 1.0, 1.0);
    assert!(near(pct, 84.134_474_6, 1e-6), "{pct}");
    assert!(near(lo, 53.780_4, 1e-3), "{lo}");
    assert!(near(hi, 97.161_2, 1e-3), "{hi}");
    // τ² = 0.25, SE² = 0.75, μ = 1, s = 3: ρ = 0.25, ŝ = 1.5, z = 0.5/0.5 = 1.
    let (pct, _) = shrink(3.0, 1.0, 0.25, 0.75);
    assert!(near(pct, 84.134_474_6, 1e-6));
    // Much noise: the estimate shrinks to the mean.
    let (pct, _) = shrink(5.0, 0.0, 1.0, 1e6);
    assert!(near(pct, 50.0, 0.5));
    assert_eq!(band_of(29.9), Band::Low);
    assert_eq!(band_of(50.0), Band::Typical);
    assert_eq!(band_of(70.1), Band::High);
}

#[test]
fn pearson_and_spearman_brown_match_hand_computed_values() {
    // x = 1,2,3,4; y = 2,1,4,3: r = 0.6; corrected 2·0.6/1.6 = 0.75.
    let r = pearson(&[(1.0, 2.0), (2.0, 1.0), (3.0, 4.0), (4.0, 3.0)]);
    assert!(near(r, 0.6, 1e-12));
    assert!(near(2.0 * r / (1.0 + r), 0.75, 1e-12));
}

/// A deterministic generator of contacts that lean toward some categories.
fn synthetic_contacts(n: usize, words_each: usize) -> Vec<Vec<Tally>> {
    let lex = lexicon();
    let themes = [
        "positive_emotion",
        "nervousness",
        "family",
        "money",
        "art",
        "work",
        "party",
        "help",
    ];
    let filler = "the order number is on the form and we sent it to the address on the account";
    let mut seed: u64 = 42;
    let mut next = || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as usize
    };
    (0..n)
        .map(|i| {
            let lean = lex.words_of(themes[i % themes.len()]);
            let other = lex.words_of(themes[(i / 3 + 1) % themes.len()]);
            let mut texts = Vec::new();
            let mut written = 0;
            while written < words_each {
                let mut s = String::from(filler);
                for _ in 0..12 {
                    let pool = if next() % 3 == 0 { &other } else { &lean };
                    s.push(' ');
                    s.push_str(pool[next() % pool.len()]);
                }
                let t = Tally::of_text(&s);
                written += t.words as usize;
                texts.push(t);
            }
            texts
        })
        .collect()
}

fn synthetic_norms(n: usize, words_each: usize) -> Norms {
    compute_norms(
        &synthetic_contacts(n, words_each),
        "2026-11-22T00:00:00Z".into(),
    )
}

#[test]
fn norms_need_enough_reference_contacts_and_drop_domain_words() {
    let few = synthetic_norms(9, 200);
    assert_eq!(few.reference_contacts, 9);
    assert!(few.traits.is_empty() && few.features.is_empty());
    let p = profile(&Tally::of_text(&"great party ".repeat(60)), Some(&few));
    assert_eq!(p.norms.mode, "none");
    assert!(
        p.personality
            .iter()
            .all(|t| t.band == Band::Unscored && t.note.is_some())
    );

    let bands = synthetic_norms(30, 300);
    assert_eq!((bands.reference_contacts, bands.norm_contacts), (30, 0));
    assert!(
        bands.domain_words.iter().any(|w| w == "order"),
        "{:?}",
        bands.domain_words
    );
    assert!(
        bands
            .traits
            .iter()
            .all(|t| t.basis == "reference" && t.tau2 >= crate::norms::TAU2_FLOOR)
    );
    let p = profile(
        &Tally::of_text(&"great party friends ".repeat(60)),
        Some(&bands),
    );
    assert_eq!(
        (p.norms.mode.as_str(), p.strength),
        ("bands", Strength::Weak)
    );
    assert!(
        p.personality
            .iter()
            .all(|t| t.band != Band::Unscored && t.percentile.is_none())
    );
    let ideal = p
        .needs
        .iter()
        .find(|t| t.trait_id == "need_ideal")
        .expect("ideal");
    assert_eq!(ideal.band, Band::Unscored);
    assert!(
        ideal
            .note
            .as_deref()
            .is_some_and(|n| n.contains("not scored"))
    );
}

#[test]
fn fifty_contacts_with_600_words_give_percentiles_with_intervals_and_evidence() {
    let contacts = synthetic_contacts(64, 650);
    let norms = compute_norms(&contacts, "2026-11-22T00:00:00Z".into());
    assert_eq!(norms.norm_contacts, 64);
    assert!(
        norms
            .traits
            .iter()
            .all(|t| t.basis == "norm" && t.se_method == "jackknife" && t.k > 0.0)
    );
    // Contact 1 leans to nervousness (themes[1]).
    let mut totals = Tally::default();
    contacts[1].iter().for_each(|t| totals.add(t));
    let p = profile(&totals, Some(&norms));
    assert_eq!(p.norms.mode, "percentiles");
    let er = p
        .personality
        .iter()
        .find(|t| t.trait_id == "big5_neuroticism")
        .expect("er");
    let pct = er.percentile.expect("percentile");
    let [lo, hi] = er.interval.expect("interval");
    assert!(lo <= pct && pct <= hi && pct > 50.0, "{lo} {pct} {hi}");
    assert!(er.evidence.iter().any(|e| e.direction == 1 && e.count > 0));
    let json = serde_json::to_value(&p).expect("json");
    for key in [
        "word_count",
        "strength",
        "norms",
        "method_version",
        "personality",
        "needs",
        "values",
    ] {
        assert!(json.get(key).is_some(), "{key}");
    }
    assert_eq!(json["personality"][0]["trait_id"], "big5_openness");
    // Split-half reliability runs and is bounded.
    let rel = split_half(&contacts, &norms);
    assert_eq!(rel.len(), 21);
    assert!(
        rel.iter()
            .all(|(_, n, r, _)| *n == 64 && (-1.0..=1.0).contains(r))
    );
}

#[test]
fn quoted_replies_signatures_and_disclaimers_are_not_the_contacts_words() {
    let body = "Hi team,\n\nMy parcel still has not arrived and I am getting worried.\n\n\
        Thanks,\nJane Doe\nSenior Buyer | ACME\n+44 20 7946 0000\n\n\
        On Mon, 3 Jun 2024 at 10:00, Support <support@desk.test> wrote:\n> Your parcel is on its way.\n> Regards";
    let s = strip_email_body(body);
    assert_eq!(
        s,
        "Hi team,\n\nMy parcel still has not arrived and I am getting worried.\n\nThanks,"
    );
    let two_line =
        "Fine by me.\nOn Mon, 3 Jun 2024 at 10:00, Support Team <support@desk.test>\nwrote:\n> old";
    assert_eq!(strip_email_body(two_line), "Fine by me.");
    let outlook =
        "Please cancel it.\n\n-----Original Message-----\nFrom: Desk\nSent: Monday\nold text";
    assert_eq!(strip_email_body(outlook), "Please cancel it.");
    let sig = "See you then.\n-- \nJohn | Example Ltd | www.example.test";
    assert_eq!(strip_email_body(sig), "See you then.");
    let phone = "Ok great\n\nSent from my iPhone";
    assert_eq!(strip_email_body(phone), "Ok great");
    let legal = "Please call me back.\n\nThis email is confidential and intended solely for the addressee. \
        If you have received this in error please notify the sender.";
    assert_eq!(strip_email_body(legal), "Please call me back.");
    let html = "<html><body><p>I <b>love</b> it &amp; more</p><blockquote>quoted old</blockquote>\
        <style>p{color:red}</style></body></html>";
    let s = strip_email_body(html);
    assert!(
        s.contains("I love it & more") && !s.contains("quoted") && !s.contains("color"),
        "{s}"
    );
    let interleaved = "> What colour?\nBlue please.\n> Size?\nLarge.";
    assert_eq!(strip_email_body(interleaved), "Blue please.\nLarge.");
}
