//! Work items: the cheap core (state, dates, queue, tagged contacts) that communications
//! recompute, and the text (title, description, waiting reason).

use chrono::{DateTime, Utc};

use super::random::{Rand, day_start, due_on, secs, working_time};
use super::text::{Facts, Voices, capitalise, fill, sentences};
use super::{
    AGENTS, DAY, FIRST_WORK_ITEM_NUMBER, GenWorkItem, HEAVY_CONTACT, HEAVY_EVERY_WORK_ITEMS, HOUR,
    LEGACY_TYPE, QUEUES, S_WORK_ITEM, S_WORK_TEXT, SPAN_SECS, STATE_WEIGHTS, STATES, SeedConfig,
    TAG_CC, TAG_SUBJECT, TAGS_ALL, TAGS_REQUESTER, TYPE_WEIGHTS, WORK_ITEM_TYPE_QUEUES,
    WORK_ITEM_TYPES, reference,
};
use crate::seed::words;

/// The cheap part of a work item, which communications recompute.
pub(super) struct WorkCore {
    pub(super) number: u64,
    pub(super) type_index: usize,
    state: usize,
    pub(super) created_at: DateTime<Utc>,
    /// When activity on it stopped (`now` while running).
    pub(super) end_at: DateTime<Utc>,
    due_at: Option<DateTime<Utc>>,
    queue: usize,
    pub(super) assignee: Option<usize>,
    pub(super) contacts: [(u64, &'static str); 3],
    pub(super) n_contacts: usize,
    waiting_until: Option<DateTime<Utc>>,
}

impl WorkCore {
    pub(super) fn kind(&self) -> &'static str {
        WORK_ITEM_TYPES[self.type_index].1
    }
}

impl SeedConfig {
    pub(super) fn work_core(&self, i: u64) -> WorkCore {
        let mut r = Rand::new(self.seed, S_WORK_ITEM, i);
        let now = self.now;
        let state = r.weighted(STATE_WEIGHTS);
        let running = state < 4;
        let age = if state == 0 {
            r.range(5 * 60, 5 * DAY)
        } else if running {
            match r.below(100) {
                0..=69 => r.range(10 * 60, 14 * DAY),
                70..=94 => r.range(14 * DAY, 90 * DAY),
                _ => r.range(90 * DAY, 400 * DAY),
            }
        } else {
            r.range(DAY, SPAN_SECS - DAY)
        };
        let created_at = working_time(&mut r, now - secs(age), self.start(), now - secs(300));
        let mut type_index = r.weighted(TYPE_WEIGHTS);
        if !running && age > 365 * DAY && r.pct(20) {
            type_index = LEGACY_TYPE;
        }
        let end_at = if running {
            now
        } else {
            (created_at + secs(r.range(HOUR, 25 * DAY))).min(now - secs(600))
        };
        let due_at = if running {
            // Overdue (before today, or earlier today), due today, or due later.
            let today = day_start(now);
            match r.below(100) {
                _ if state == 0 && r.pct(70) => None,
                0..=29 => Some(due_on(today - secs(r.range(1, 12) * DAY), &mut r)),
                30..=49 => Some(due_on(today, &mut r)),
                50..=89 => Some(due_on(today + secs(r.range(1, 21) * DAY), &mut r)),
                _ => None,
            }
        } else if r.pct(75) {
            Some(due_on(
                day_start(created_at) + secs(r.range(1, 10) * DAY),
                &mut r,
            ))
        } else {
            None
        };
        // Nobody sets a due time before the item existed.
        let due_at = match due_at {
            Some(d) if d < created_at + secs(2 * HOUR) => Some(due_on(
                day_start(created_at) + secs(r.range(1, 4) * DAY),
                &mut r,
            )),
            d => d,
        };
        let waiting_until = if state == 3 && r.pct(50) {
            Some(now + secs(r.range(DAY, 14 * DAY)))
        } else {
            None
        };
        let queue = if r.pct(85) {
            WORK_ITEM_TYPE_QUEUES[type_index]
        } else {
            r.below(QUEUES.len())
        };
        let assigned = match state {
            0 => r.pct(40),
            1 => r.pct(25),
            2 | 3 => true,
            _ => r.pct(95),
        };
        let assignee = if assigned {
            Some(r.below(AGENTS.len()))
        } else {
            None
        };

        let heavy = self.contacts > 0 && i.is_multiple_of(HEAVY_EVERY_WORK_ITEMS);
        let mut contacts = [(0u64, ""); 3];
        let mut n_contacts = 0;
        let none = self.contacts == 0 || (!heavy && state == 0 && r.pct(30));
        if !none {
            let cmax = self.contacts_at(created_at);
            let primary = if heavy {
                HEAVY_CONTACT
            } else {
                self.pick_contact(&mut r, cmax)
            };
            let shape = r.below(100);
            contacts[0] = (
                primary,
                if (78..88).contains(&shape) {
                    TAGS_REQUESTER
                } else {
                    TAGS_ALL
                },
            );
            n_contacts = 1;
            let extra: &[&'static str] = match shape {
                0..=77 => &[],
                78..=87 => &[TAG_SUBJECT],
                88..=96 => &[TAG_CC],
                _ => &[TAG_CC, TAG_CC],
            };
            for tag in extra {
                for _ in 0..4 {
                    let c = r.below64(cmax);
                    if !contacts[..n_contacts].iter().any(|x| x.0 == c) {
                        contacts[n_contacts] = (c, tag);
                        n_contacts += 1;
                        break;
                    }
                }
            }
            // A subject that could not be placed stays with the primary contact.
            if contacts[0].1 == TAGS_REQUESTER && n_contacts == 1 {
                contacts[0].1 = TAGS_ALL;
            }
        }
        WorkCore {
            number: FIRST_WORK_ITEM_NUMBER + i,
            type_index,
            state,
            created_at,
            end_at,
            due_at,
            queue,
            assignee,
            contacts,
            n_contacts,
            waiting_until,
        }
    }

    /// The text stream of work item `i`: its facts and title (drawn first, so communications can
    /// quote the title without generating the description).
    pub(super) fn work_text(&self, i: u64, type_index: usize) -> (Rand, Facts, String) {
        let mut r = Rand::new(self.seed, S_WORK_TEXT, i);
        let facts = Facts::draw(&mut r);
        let mut title = String::with_capacity(48);
        let tpl = r.pick(words::TITLES[type_index]);
        let v = Voices {
            first: "",
            full: "",
            agent: "",
            agent_first: "",
            reference: "",
        };
        fill(&mut title, tpl, &facts, &v);
        capitalise(&mut title);
        (r, facts, title)
    }

    /// Work item `i`, numbered `FIRST_WORK_ITEM_NUMBER + i`.
    pub fn work_item(&self, i: u64) -> GenWorkItem {
        let core = self.work_core(i);
        let (mut r, facts, title) = self.work_text(i, core.type_index);
        let kind = core.kind();
        let reference = reference(core.number, kind);
        let v = Voices {
            first: "",
            full: "",
            agent: "",
            agent_first: "",
            reference: &reference,
        };
        let t = core.type_index;
        let mut description = String::with_capacity(300);
        if r.pct(55) {
            let k = 1 + r.below(4);
            sentences(&mut description, &mut r, words::CUSTOMER[t], k, &facts, &v);
            if r.pct(40) {
                sentences(
                    &mut description,
                    &mut r,
                    words::CUSTOMER_GENERIC,
                    1,
                    &facts,
                    &v,
                );
            }
        } else {
            let k = 1 + r.below(2);
            sentences(&mut description, &mut r, words::SUMMARY[t], k, &facts, &v);
            let c = r.below(3);
            sentences(
                &mut description,
                &mut r,
                words::SUMMARY_CONTEXT,
                c,
                &facts,
                &v,
            );
        }
        let waiting_reason = if core.state == 3 {
            Some(match core.waiting_until {
                Some(until) => format!(
                    "Until {}: {}",
                    until.format("%Y-%m-%d"),
                    r.pick(&[
                        "customer away until then",
                        "courier investigation due to complete",
                        "refund batch runs then",
                        "engineer visit booked",
                        "callback arranged with customer",
                        "waiting for the next billing run",
                    ])
                ),
                None => format!(
                    "More information: {}",
                    r.pick(&[
                        "waiting for proof of purchase",
                        "need more details from the customer",
                        "customer to confirm new address",
                        "need a copy of the bank statement",
                        "customer to send the serial number",
                        "waiting for the customer to reply",
                    ])
                ),
            })
        } else {
            None
        };
        GenWorkItem {
            number: core.number,
            kind,
            type_index: t,
            title,
            description,
            state: STATES[core.state],
            waiting_reason,
            due_at: core.due_at,
            queue_index: core.queue,
            assignee_index: core.assignee,
            contact_indices: core.contacts[..core.n_contacts].to_vec(),
            created_at: core.created_at,
        }
    }
}
