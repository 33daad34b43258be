//! Text helpers: name folding for email addresses, templates, and the facts and voices that
//! fill the sentences of titles, descriptions and messages.

use std::fmt::Write as _;

use super::AGENTS;
use super::random::Rand;
use crate::seed::words;

/// Appends `name` folded to lowercase ASCII letters (and inner hyphens), for email local parts.
/// `german` spells umlauts out (ü → ue), as Germans do in addresses.
pub(super) fn fold_into(out: &mut String, name: &str, german: bool) {
    let start = out.len();
    for c in name.chars() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        let s: &str = match lower {
            'a'..='z' => {
                out.push(lower);
                continue;
            }
            'ä' => {
                if german {
                    "ae"
                } else {
                    "a"
                }
            }
            'ö' => {
                if german {
                    "oe"
                } else {
                    "o"
                }
            }
            'ü' => {
                if german {
                    "ue"
                } else {
                    "u"
                }
            }
            'ß' => "ss",
            'à' | 'á' | 'â' | 'ã' | 'å' | 'ą' | 'ā' => "a",
            'æ' => "ae",
            'ç' | 'ć' | 'č' => "c",
            'è' | 'é' | 'ê' | 'ë' | 'ę' | 'ē' => "e",
            'ì' | 'í' | 'î' | 'ï' | 'ī' => "i",
            'ñ' | 'ń' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ø' | 'ō' => "o",
            'œ' => "oe",
            'ù' | 'ú' | 'û' | 'ū' => "u",
            'ý' | 'ÿ' => "y",
            'ł' => "l",
            'ś' | 'š' => "s",
            'ź' | 'ż' | 'ž' => "z",
            '-' => {
                if out.len() > start && !out.ends_with('-') {
                    out.push('-');
                }
                continue;
            }
            _ => continue,
        };
        out.push_str(s);
    }
    while out.len() > start && out.ends_with('-') {
        out.pop();
    }
    if out.len() == start {
        out.push_str("user");
    }
}

pub(super) fn first_letter(name: &str) -> String {
    let mut s = String::new();
    fold_into(&mut s, name, false);
    s.truncate(1);
    s
}

/// Upper-cases the first letter (titles that start with a product name).
pub(super) fn capitalise(s: &mut String) {
    if let Some(c) = s.chars().next().filter(|c| c.is_lowercase()) {
        let upper: String = c.to_uppercase().collect();
        s.replace_range(..c.len_utf8(), &upper);
    }
}

pub(super) fn fill_template(out: &mut String, tpl: &str, r: &mut Rand) {
    for b in tpl.bytes() {
        match b {
            b'#' => out.push((b'0' + r.below(10) as u8) as char),
            b'?' => out.push(r.pick(words::POSTCODE_LETTERS) as char),
            b'%' => out.push(r.pick(words::CA_LETTERS) as char),
            b'*' => out.push(r.pick(words::EIRCODE_CHARS) as char),
            _ => out.push(b as char),
        }
    }
}

pub(super) fn escape_html(out: &mut String, s: &str) {
    app::format::escape_html_into(out, s);
}

/// The concrete details one conversation is about, so a work item's title, description and
/// messages quote the same order number, amount and product.
pub(super) struct Facts {
    pub(super) order: u32,
    invoice: u32,
    amount_pence: u32,
    product: &'static str,
    device: &'static str,
    plan: &'static str,
    relation: &'static str,
    branch: &'static str,
    courier: &'static str,
    month: usize,
    day: u32,
    days: u32,
    n: u32,
    code: u32,
    year: u32,
}

impl Facts {
    pub(super) fn draw(r: &mut Rand) -> Facts {
        let pounds = match r.below(10) {
            0..=5 => r.range(4, 80),
            6..=8 => r.range(80, 400),
            _ => r.range(400, 1500),
        } as u32;
        let pence = match r.below(4) {
            0 => 0,
            1 => 99,
            2 => 50,
            _ => r.below(100) as u32,
        };
        Facts {
            order: r.range(1_000_000, 9_999_999) as u32,
            invoice: r.range(100_000, 999_999) as u32,
            amount_pence: pounds * 100 + pence,
            product: r.pick(words::PRODUCTS),
            device: r.pick(words::DEVICES),
            plan: r.pick(words::PLANS),
            relation: r.pick(words::RELATIONS),
            branch: r.pick(words::BRANCHES),
            courier: r.pick(words::COURIERS),
            month: r.below(12),
            day: 1 + r.below(28) as u32,
            days: 2 + r.below(12) as u32,
            n: 2 + r.below(60) as u32,
            code: r.range(100_000, 999_999) as u32,
            year: 2008 + r.below(16) as u32,
        }
    }
}

/// Who a text is from and to, for `{first}`, `{full}`, `{agent}`, `{agent_first}`, `{ref}`.
pub(super) struct Voices<'a> {
    pub(super) first: &'a str,
    pub(super) full: &'a str,
    pub(super) agent: &'a str,
    pub(super) agent_first: &'a str,
    pub(super) reference: &'a str,
}

/// Expands `{slot}` placeholders.
pub(super) fn fill(out: &mut String, tpl: &str, f: &Facts, v: &Voices) {
    let mut rest = tpl;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return;
        };
        let slot = &after[..close];
        match slot {
            "order" => {
                let _ = write!(out, "#{}", f.order);
            }
            "invoice" => {
                let _ = write!(out, "INV-{}", f.invoice);
            }
            "amount" => {
                let _ = write!(out, "£{}.{:02}", f.amount_pence / 100, f.amount_pence % 100);
            }
            "product" => out.push_str(f.product),
            "device" => out.push_str(f.device),
            "plan" => out.push_str(f.plan),
            "relation" => out.push_str(f.relation),
            "branch" => out.push_str(f.branch),
            "courier" => out.push_str(f.courier),
            "month" => out.push_str(words::MONTHS[f.month]),
            "date" => {
                let _ = write!(out, "{} {}", f.day, words::MONTHS[f.month]);
            }
            "days" => {
                let _ = write!(out, "{}", f.days);
            }
            "n" => {
                let _ = write!(out, "{}", f.n);
            }
            "code" => {
                let _ = write!(out, "{}", f.code);
            }
            "year" => {
                let _ = write!(out, "{}", f.year);
            }
            "ref" => out.push_str(v.reference),
            "first" => out.push_str(v.first),
            "full" => out.push_str(v.full),
            "agent" => out.push_str(v.agent),
            "agent_first" => out.push_str(v.agent_first),
            _ => {
                out.push('{');
                out.push_str(slot);
                out.push('}');
            }
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
}

/// Appends `k` distinct sentences from `list`, space-separated.
pub(super) fn sentences(
    out: &mut String,
    r: &mut Rand,
    list: &[&str],
    k: usize,
    f: &Facts,
    v: &Voices,
) {
    let mut idx = [0usize; 8];
    let k = r.distinct(list.len(), k, &mut idx);
    for &i in &idx[..k] {
        if !out.is_empty() && !out.ends_with(['\n', ' ']) {
            out.push(' ');
        }
        fill(out, list[i], f, v);
    }
}

pub(super) fn agent_first(agent: usize) -> &'static str {
    let name = AGENTS[agent].0;
    name.split(' ').next().unwrap_or(name)
}
