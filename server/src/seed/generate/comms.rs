//! Communications (emails, notes, calls, SMS, chats) on work items or directly with contacts.

use std::fmt::Write as _;

use super::random::{Rand, secs, working_time};
use super::text::{Facts, Voices, agent_first, capitalise, escape_html, fill, sentences};
use super::{
    AGENTS, DAY, GenComm, HEAVY_CONTACT, HEAVY_EVERY_COMMS, HEAVY_EVERY_WORK_ITEMS, HOUR, S_COMM,
    SUPPORT_ADDRESS, SUPPORT_NAME, SUPPORT_PHONE_E164, SeedConfig, TYPE_WEIGHTS, reference,
};
use crate::seed::words;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Email,
    Note,
    Call,
    Sms,
    Chat,
}

impl SeedConfig {
    /// Communication `i`. Needs `contacts > 0` or `work_items > 0`.
    pub fn comm(&self, i: u64) -> GenComm {
        assert!(
            self.contacts > 0 || self.work_items > 0,
            "communications need contacts or work items"
        );
        let mut r = Rand::new(self.seed, S_COMM, i);
        let heavy = self.contacts > 0 && i.is_multiple_of(HEAVY_EVERY_COMMS);
        let on_item = self.work_items > 0 && (self.contacts == 0 || r.pct(80));

        let mut core = None;
        let contact_index = if on_item {
            let w = if heavy {
                let n = self.work_items.div_ceil(HEAVY_EVERY_WORK_ITEMS);
                r.below64(n) * HEAVY_EVERY_WORK_ITEMS
            } else {
                r.below64(self.work_items)
            };
            let c = self.work_core(w);
            let who = if c.n_contacts == 0 {
                None
            } else if heavy || c.n_contacts == 1 || r.pct(80) {
                Some(c.contacts[0].0)
            } else {
                Some(c.contacts[1 + r.below(c.n_contacts - 1)].0)
            };
            core = Some((w, c));
            who
        } else if heavy {
            Some(HEAVY_CONTACT)
        } else {
            Some(self.pick_contact(&mut r, self.contacts))
        };
        let person = contact_index.map(|c| self.person(c));

        // Topic, facts and the item's title.
        let (topic, facts, title, reference) = match &core {
            Some((w, c)) => {
                let (_, facts, title) = self.work_text(*w, c.type_index);
                (
                    c.type_index,
                    facts,
                    Some(title),
                    reference(c.number, c.kind()),
                )
            }
            None => {
                let t = r.weighted(TYPE_WEIGHTS);
                let facts = Facts::draw(&mut r);
                let reference = format!("order #{}", facts.order);
                (t, facts, None, reference)
            }
        };

        // Kind, corrected for the channels the contact actually has.
        let mut kind = match (&person, core.is_some()) {
            (None, _) => Kind::Note,
            (Some(_), true) => [Kind::Email, Kind::Note, Kind::Call, Kind::Sms, Kind::Chat]
                [r.weighted(&[42, 28, 12, 8, 10])],
            (Some(_), false) => [Kind::Email, Kind::Note, Kind::Call, Kind::Sms, Kind::Chat]
                [r.weighted(&[40, 15, 25, 10, 10])],
        };
        if let Some(p) = &person {
            let has_phone = p.any_phone().is_some();
            kind = match kind {
                Kind::Email if p.email.is_none() => {
                    if has_phone {
                        Kind::Call
                    } else {
                        Kind::Note
                    }
                }
                Kind::Sms if p.mobile.is_none() => {
                    if p.email.is_some() {
                        Kind::Email
                    } else if has_phone {
                        Kind::Call
                    } else {
                        Kind::Note
                    }
                }
                Kind::Call if !has_phone => {
                    if p.email.is_some() {
                        Kind::Email
                    } else {
                        Kind::Note
                    }
                }
                k => k,
            };
        }

        // When.
        let (lo, hi) = match (&core, &person) {
            (Some((_, c)), _) => (c.created_at, c.end_at.max(c.created_at)),
            (None, Some(p)) => (p.created_at, self.now),
            (None, None) => (self.start(), self.now),
        };
        let span = (hi - lo).num_seconds().max(0);
        let hi = hi.min(self.now);
        let occurred_at = (lo + secs((r.unit() * span as f64) as i64)).min(hi);
        let occurred_at = working_time(&mut r, occurred_at, lo, hi);

        let agent = match &core {
            Some((_, c)) => c.assignee.unwrap_or_else(|| r.below(AGENTS.len())),
            None => r.below(AGENTS.len()),
        };
        let full = person.as_ref().map(|p| p.full_name()).unwrap_or_default();
        let first = person.as_ref().map(|p| p.first_or_last()).unwrap_or("");
        let v = Voices {
            first,
            full: &full,
            agent: AGENTS[agent].0,
            agent_first: agent_first(agent),
            reference: &reference,
        };
        let t = topic;

        let mut subject = None;
        let mut body_html = None;
        let mut from_address = None;
        let mut to_address = None;
        let mut author = None;
        let mut body = String::with_capacity(400);
        let direction;
        match kind {
            Kind::Note => {
                direction = "internal";
                author = Some(agent);
                let k = 1 + r.below(2);
                sentences(&mut body, &mut r, words::NOTES[t], k, &facts, &v);
                if r.pct(40) {
                    sentences(&mut body, &mut r, words::NOTES_GENERIC, 1, &facts, &v);
                }
            }
            Kind::Email => {
                let p = person.as_ref().expect("emails have a contact");
                let addr = p.email.clone().unwrap_or_default();
                let incoming = r.pct(55);
                direction = if incoming { "incoming" } else { "outgoing" };
                subject = Some(match (&title, &core) {
                    (Some(title), Some(_)) => match (incoming, r.below(10)) {
                        (true, 0..=3) => title.clone(),
                        (true, 4..=7) => format!("Re: {title} [{reference}]"),
                        (true, _) => format!("RE: [{reference}] {title}"),
                        (false, 0..=5) => format!("[{reference}] {title}"),
                        (false, _) => format!("Re: {title} [{reference}]"),
                    },
                    _ => {
                        let mut s = String::new();
                        if !incoming {
                            s.push_str("Re: ");
                        }
                        let start = s.len();
                        fill(&mut s, r.pick(words::TITLES[t]), &facts, &v);
                        let mut rest = s.split_off(start);
                        capitalise(&mut rest);
                        s.push_str(&rest);
                        s
                    }
                });
                let mut mail = Mail::default();
                if incoming {
                    from_address = Some(addr.clone());
                    to_address = Some(SUPPORT_ADDRESS.to_string());
                    mail.greeting = r.pick(words::GREETINGS_IN).to_string();
                    let k = 1 + r.below(4);
                    sentences(&mut mail.para1, &mut r, words::CUSTOMER[t], k, &facts, &v);
                    if r.pct(35) {
                        sentences(
                            &mut mail.para2,
                            &mut r,
                            words::CUSTOMER_GENERIC,
                            1,
                            &facts,
                            &v,
                        );
                    }
                    if !full.is_empty() {
                        fill(&mut mail.signoff, r.pick(words::SIGNOFFS_IN), &facts, &v);
                    } else {
                        mail.signoff.push_str("Thanks");
                    }
                    if r.pct(10) {
                        mail.signoff.push_str("\n\nSent from my phone");
                    }
                } else {
                    author = Some(agent);
                    from_address = Some(SUPPORT_ADDRESS.to_string());
                    to_address = Some(addr.clone());
                    mail.greeting = match (p.first.as_deref(), r.below(3)) {
                        (Some(f), 0) => format!("Hi {f},"),
                        (Some(f), 1) => format!("Hello {f},"),
                        (Some(_), _) => format!("Dear {full},"),
                        (None, _) if !full.is_empty() => format!("Dear {full},"),
                        (None, _) => "Hello,".to_string(),
                    };
                    if r.pct(45) {
                        sentences(
                            &mut mail.para1,
                            &mut r,
                            &words::AGENT_GENERIC[..2],
                            1,
                            &facts,
                            &v,
                        );
                    }
                    let k = 1 + r.below(3);
                    sentences(&mut mail.para1, &mut r, words::AGENT[t], k, &facts, &v);
                    if r.pct(35) {
                        sentences(
                            &mut mail.para2,
                            &mut r,
                            &words::AGENT_GENERIC[2..],
                            1,
                            &facts,
                            &v,
                        );
                    }
                    fill(&mut mail.signoff, r.pick(words::SIGNOFFS_OUT), &facts, &v);
                }
                if core.is_some() && r.pct(15) {
                    let earlier = occurred_at - secs(r.range(HOUR, 48 * HOUR));
                    let when = working_time(&mut r, earlier, earlier - secs(DAY), occurred_at);
                    let mut q = String::new();
                    if incoming {
                        let _ = write!(
                            mail.quote_header,
                            "On {}, {SUPPORT_NAME} <{SUPPORT_ADDRESS}> wrote:",
                            when.format("%a, %-d %b %Y at %H:%M")
                        );
                        sentences(&mut q, &mut r, words::AGENT[t], 1, &facts, &v);
                    } else {
                        let who = if full.is_empty() {
                            addr.clone()
                        } else {
                            format!("{full} <{addr}>")
                        };
                        let _ = write!(
                            mail.quote_header,
                            "On {}, {who} wrote:",
                            when.format("%a, %-d %b %Y at %H:%M")
                        );
                        let k = 1 + r.below(2);
                        sentences(&mut q, &mut r, words::CUSTOMER[t], k, &facts, &v);
                    }
                    mail.quote = q;
                }
                mail.text(&mut body);
                if r.pct(35) {
                    body_html = Some(mail.html());
                }
            }
            Kind::Call => {
                let p = person.as_ref().expect("calls have a contact");
                let number = p.any_phone().unwrap_or_default().to_string();
                let incoming = r.pct(60);
                let minutes = 1 + r.below(25);
                author = Some(agent);
                if incoming {
                    direction = "incoming";
                    from_address = Some(number);
                    to_address = Some(SUPPORT_PHONE_E164.to_string());
                    let _ = write!(body, "Inbound call, {minutes} min. ");
                    sentences(&mut body, &mut r, words::SUMMARY[t], 1, &facts, &v);
                    sentences(&mut body, &mut r, words::NOTES[t], 1, &facts, &v);
                } else {
                    direction = "outgoing";
                    from_address = Some(SUPPORT_PHONE_E164.to_string());
                    to_address = Some(number);
                    if r.pct(30) {
                        body.push_str(r.pick(&[
                            "Outbound call, no answer. Left voicemail.",
                            "Outbound call, no answer.",
                            "Tried to call back, number busy.",
                        ]));
                    } else {
                        let _ = write!(body, "Outbound call, {minutes} min. ");
                        let k = 1 + r.below(2);
                        sentences(&mut body, &mut r, words::NOTES[t], k, &facts, &v);
                    }
                }
            }
            Kind::Sms => {
                let p = person.as_ref().expect("SMS have a contact");
                let number = p.mobile.as_ref().map(|m| m.1.clone()).unwrap_or_default();
                if r.pct(40) {
                    direction = "incoming";
                    from_address = Some(number);
                    to_address = Some(SUPPORT_PHONE_E164.to_string());
                    body.push_str(r.pick(words::SMS_IN));
                } else {
                    direction = "outgoing";
                    author = Some(agent);
                    from_address = Some(SUPPORT_PHONE_E164.to_string());
                    to_address = Some(number);
                    let tpl = r.pick(words::SMS_OUT);
                    let first_or_there = if first.is_empty() { "there" } else { first };
                    let v2 = Voices {
                        first: first_or_there,
                        ..v
                    };
                    fill(&mut body, tpl, &facts, &v2);
                }
            }
            Kind::Chat => {
                let p = person.as_ref().expect("chats have a contact");
                if r.pct(60) {
                    direction = "incoming";
                    from_address = p.email.clone();
                    let k = 1 + r.below(2);
                    sentences(&mut body, &mut r, words::CUSTOMER[t], k, &facts, &v);
                } else {
                    direction = "outgoing";
                    author = Some(agent);
                    to_address = p.email.clone();
                    if !first.is_empty() && r.pct(50) {
                        fill(&mut body, r.pick(words::CHAT_OPENERS_OUT), &facts, &v);
                    }
                    sentences(&mut body, &mut r, words::AGENT[t], 1, &facts, &v);
                }
            }
        }

        let mut member_indices: Vec<u64> = contact_index.into_iter().collect();
        if let Some((_, c)) = &core {
            for (i, _) in &c.contacts[..c.n_contacts] {
                if !member_indices.contains(i) {
                    member_indices.push(*i);
                }
            }
        }
        GenComm {
            kind: match kind {
                Kind::Email => "email",
                Kind::Note => "note",
                Kind::Call => "call",
                Kind::Sms => "sms",
                Kind::Chat => "chat",
            },
            direction,
            subject,
            body_text: body,
            body_html,
            from_address,
            to_address,
            work_item_index: core.as_ref().map(|(w, _)| *w),
            contact_index,
            member_indices,
            author_agent_index: author,
            occurred_at,
        }
    }
}

/// An email's parts, rendered as text and optionally as simple, escaped HTML.
#[derive(Default)]
struct Mail {
    greeting: String,
    para1: String,
    para2: String,
    signoff: String,
    quote_header: String,
    quote: String,
}

impl Mail {
    fn text(&self, out: &mut String) {
        out.push_str(&self.greeting);
        out.push_str("\n\n");
        out.push_str(&self.para1);
        if !self.para2.is_empty() {
            out.push_str("\n\n");
            out.push_str(&self.para2);
        }
        out.push_str("\n\n");
        out.push_str(&self.signoff);
        if !self.quote_header.is_empty() {
            out.push_str("\n\n");
            out.push_str(&self.quote_header);
            out.push_str("\n> ");
            out.push_str(&self.quote);
        }
    }

    fn html(&self) -> String {
        let mut h = String::with_capacity(600);
        h.push_str("<p>");
        escape_html(&mut h, &self.greeting);
        h.push_str("</p><p>");
        escape_html(&mut h, &self.para1);
        h.push_str("</p>");
        if !self.para2.is_empty() {
            h.push_str("<p>");
            escape_html(&mut h, &self.para2);
            h.push_str("</p>");
        }
        h.push_str("<p>");
        for (j, line) in self.signoff.split('\n').enumerate() {
            if j > 0 {
                h.push_str("<br>");
            }
            escape_html(&mut h, line);
        }
        h.push_str("</p>");
        if !self.quote_header.is_empty() {
            h.push_str("<p>");
            escape_html(&mut h, &self.quote_header);
            h.push_str("</p><blockquote>");
            escape_html(&mut h, &self.quote);
            h.push_str("</blockquote>");
        }
        h
    }
}
