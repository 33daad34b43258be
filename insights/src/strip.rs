//! Only what the contact wrote: an incoming email's body without the quoted message it
//! answers, the signature, the sign-off block, phone-app footers and legal disclaimers.

/// Lines that start the quoted original in common mail clients.
fn starts_quote_block(line: &str, next: Option<&str>) -> bool {
    let l = line.trim();
    let lower = l.to_lowercase();
    let wrote = |s: &str| {
        let s = s.trim_end().to_lowercase();
        s.ends_with("wrote:")
            || s.ends_with("schrieb:")
            || s.ends_with("a écrit :")
            || s.ends_with("a écrit:")
    };
    (lower.starts_with("on ") || lower.starts_with("am ") || lower.starts_with("le "))
        && (wrote(l) || next.is_some_and(wrote))
        || lower.starts_with("-----original message")
        || lower.starts_with("----- original message")
        || lower.starts_with("---------- forwarded message")
        || lower.starts_with("begin forwarded message")
        || (lower.starts_with("from:")
            && next.is_some_and(|n| {
                let n = n.trim().to_lowercase();
                n.starts_with("sent:") || n.starts_with("date:") || n.starts_with("to:")
            }))
        || (l.len() >= 10 && l.chars().all(|c| c == '_'))
}

fn is_footer(line: &str) -> bool {
    let lower = line.trim().to_lowercase();
    lower == "--"
        || line.trim_end_matches(['\r', '\n']) == "-- "
        || lower.starts_with("sent from my ")
        || lower.starts_with("sent from outlook")
        || lower.starts_with("get outlook for ")
        || lower.starts_with("sent via ")
}

fn is_disclaimer(paragraph: &str) -> bool {
    let p = paragraph.to_lowercase();
    (p.contains("confidential") || p.contains("privileged"))
        && (p.contains("intended recipient")
            || p.contains("addressee")
            || p.contains("received this")
            || p.contains("disclaimer")
            || p.contains("notify the sender"))
}

const VALEDICTIONS: &[&str] = &[
    "regards",
    "kind regards",
    "best regards",
    "warm regards",
    "many thanks",
    "thanks",
    "thank you",
    "thanks again",
    "cheers",
    "best",
    "best wishes",
    "sincerely",
    "yours sincerely",
    "yours faithfully",
    "all the best",
    "thx",
    "ta",
];

/// Removes tags and decodes the common entities when a "text" body is really HTML.
fn strip_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    let mut skip_until: Option<&str> = None;
    let lower = text.to_lowercase();
    let mut i = 0;
    while i < text.len() {
        let rest = &lower[i..];
        if let Some(end) = skip_until {
            if rest.starts_with(end) {
                skip_until = None;
                i += end.len();
            } else {
                i += rest.chars().next().map_or(1, char::len_utf8);
            }
            continue;
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        if !in_tag && (rest.starts_with("<script") || rest.starts_with("<style")) {
            skip_until = Some(if rest.starts_with("<script") {
                "</script>"
            } else {
                "</style>"
            });
            continue;
        }
        if c == '<' {
            in_tag = true;
            if rest.starts_with("<br")
                || rest.starts_with("<p")
                || rest.starts_with("</p")
                || rest.starts_with("<div")
                || rest.starts_with("</div")
                || rest.starts_with("<blockquote")
            {
                out.push('\n');
            }
            if rest.starts_with("<blockquote") {
                // Quoted original: drop it like `>` lines.
                skip_until = Some("</blockquote>");
                in_tag = false;
            }
        } else if c == '>' && in_tag {
            in_tag = false;
        } else if !in_tag {
            out.push(c);
        }
        i += c.len_utf8();
    }
    out.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn looks_like_html(text: &str) -> bool {
    let t = text.trim_start().to_lowercase();
    (t.starts_with('<') && t.contains("</")) || t.contains("<html") || t.contains("<body")
}

/// The contact's own words in an email body.
pub fn strip_email_body(body: &str) -> String {
    let owned;
    let body = if looks_like_html(body) {
        owned = strip_html(body);
        owned.as_str()
    } else {
        body
    };
    let lines: Vec<&str> = body.lines().collect();
    let mut kept: Vec<&str> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if starts_quote_block(line, lines.get(i + 1).copied()) || is_footer(line) {
            break;
        }
        if line.trim_start().starts_with('>') {
            continue;
        }
        kept.push(line);
    }
    // Sign-off: a valediction followed only by a few short lines (name, title, phone).
    if let Some(pos) = kept.iter().rposition(|l| {
        let v = l.trim().trim_end_matches([',', '.', '!']).to_lowercase();
        VALEDICTIONS.contains(&v.as_str())
    }) {
        let tail = &kept[pos + 1..];
        if tail.len() <= 6 && tail.iter().all(|l| l.trim().chars().count() <= 60) {
            kept.truncate(pos + 1);
        }
    }
    // Disclaimers: drop paragraphs that read like one (they come last, but not always).
    let text = kept.join("\n");
    let paragraphs: Vec<&str> = text.split("\n\n").filter(|p| !is_disclaimer(p)).collect();
    paragraphs.join("\n\n").trim().to_string()
}
