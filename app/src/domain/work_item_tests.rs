//! Tests of `work_item.rs`: the state machine of SPEC §3.5 and the tag rules of SPEC §3.3.
use super::*;
use chrono::NaiveDate;
use proptest::prelude::*;
use std::collections::BTreeSet;

use AssigneeChange::{Actor, Clear, Keep};
use WorkItemState::{Closed, Draft, InProgress, ToDo, Waiting};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

fn today() -> NaiveDate {
    date(2026, 3, 10)
}

fn days_from_today(n: i64) -> NaiveDate {
    today() + chrono::Duration::days(n)
}

fn facts(kind: WorkItemKind, state: WorkItemState, primary: bool, requester: bool) -> ItemFacts {
    ItemFacts {
        kind,
        state,
        has_primary_contact: primary,
        has_requester: requester,
    }
}

/// A ticket that has everything it needs to leave Draft.
fn ticket(state: WorkItemState) -> ItemFacts {
    facts(WorkItemKind::Ticket, state, true, true)
}

/// Every transition, with both kinds of waiting reason (the date in the future).
fn all_transitions() -> Vec<Transition> {
    let listed = vec![
        Transition::Submit,
        Transition::Take,
        Transition::Resume,
        Transition::Wait(WaitingReason::MoreInformation),
        Transition::Wait(WaitingReason::Until(days_from_today(7))),
        Transition::Release,
        Transition::Resolve,
        Transition::Reopen,
        Transition::Close,
    ];
    // A new variant breaks this match, and so reminds whoever adds it to list it above.
    for t in &listed {
        match t {
            Transition::Submit
            | Transition::Take
            | Transition::Resume
            | Transition::Wait(_)
            | Transition::Release
            | Transition::Resolve
            | Transition::Reopen
            | Transition::Close => {}
        }
    }
    listed
}

/// SPEC §3.5 written out: (from, transition name, to, what happens to the assignee).
const ALLOWED: [(WorkItemState, &str, WorkItemState, AssigneeChange); 11] = [
    (Draft, "submit", ToDo, Keep),
    (ToDo, "take", InProgress, Actor),
    (ToDo, "wait", Waiting, Actor),
    (ToDo, "resolve", WorkItemState::Resolved, Actor),
    (InProgress, "wait", Waiting, Keep),
    (InProgress, "resolve", WorkItemState::Resolved, Keep),
    (InProgress, "release", ToDo, Clear),
    (Waiting, "resume", InProgress, Keep),
    (Waiting, "resolve", WorkItemState::Resolved, Keep),
    (WorkItemState::Resolved, "reopen", ToDo, Keep),
    (WorkItemState::Resolved, "close", Closed, Keep),
];

fn expected(state: WorkItemState, t: &Transition) -> Option<Outcome> {
    ALLOWED
        .iter()
        .find(|(from, name, _, _)| *from == state && *name == t.name())
        .map(|(_, _, to, assignee)| Outcome {
            state: *to,
            assignee: *assignee,
            waiting_reason: match t {
                Transition::Wait(reason) => Some(reason.clone()),
                _ => None,
            },
        })
}

#[test]
fn every_state_and_transition_pair_is_either_allowed_as_specified_or_refused_with_a_message() {
    let (mut allowed, mut refused) = (0, 0);
    for state in WorkItemState::ALL {
        for t in all_transitions() {
            let got = transition(ticket(state), &t, today());
            match expected(state, &t) {
                Some(outcome) => {
                    allowed += 1;
                    assert_eq!(got, Ok(outcome), "{state:?} × {t:?}");
                }
                None => {
                    refused += 1;
                    let Err(Refusal(message)) = got else {
                        panic!("{state:?} × {t:?} should be refused, got {got:?}");
                    };
                    assert!(message.contains(state.label()), "{message}");
                    assert!(message.contains(&t.label().to_lowercase()), "{message}");
                }
            }
        }
    }
    // 11 allowed pairs, two of them (To Do / In Progress × Wait) tried with both reasons.
    assert_eq!((allowed, refused), (13, 41));
}

#[test]
fn a_case_follows_the_same_state_machine_as_a_ticket() {
    for state in WorkItemState::ALL {
        for t in all_transitions() {
            let case = facts(WorkItemKind::Case, state, false, false);
            assert_eq!(
                transition(case, &t, today()).ok(),
                expected(state, &t),
                "{state:?} × {t:?}"
            );
        }
    }
}

#[test]
fn nothing_moves_a_closed_work_item() {
    for t in all_transitions() {
        assert!(transition(ticket(Closed), &t, today()).is_err(), "{t:?}");
    }
    assert!(offered(Closed).is_empty());
}

#[test]
fn a_ticket_is_submitted_only_with_a_primary_contact_and_a_requester() {
    let table = [
        (
            false,
            false,
            Some("needs a Primary Contact and a Requester"),
        ),
        (true, false, Some("needs a Requester")),
        (false, true, Some("needs a Primary Contact")),
        (true, true, None),
    ];
    for (primary, requester, missing) in table {
        let item = facts(WorkItemKind::Ticket, Draft, primary, requester);
        let got = transition(item, &Transition::Submit, today());
        match missing {
            None => assert_eq!(got.map(|o| o.state), Ok(ToDo)),
            Some(words) => {
                let Err(Refusal(message)) = got else {
                    panic!("submitted without contacts: {got:?}");
                };
                assert!(message.contains(words), "{message}");
                if primary {
                    assert!(!message.contains("Primary Contact"), "{message}");
                }
                if requester {
                    assert!(!message.contains("Requester"), "{message}");
                }
            }
        }
    }
}

#[test]
fn a_case_is_submitted_without_a_primary_contact_or_a_requester() {
    for (primary, requester) in [(false, false), (true, false), (false, true), (true, true)] {
        let item = facts(WorkItemKind::Case, Draft, primary, requester);
        let got = transition(item, &Transition::Submit, today());
        assert_eq!(got.map(|o| o.state), Ok(ToDo));
    }
}

#[test]
fn waiting_until_a_date_needs_a_date_in_the_future() {
    let table = [
        (-400, false),
        (-1, false),
        (0, false),
        (1, true),
        (30, true),
    ];
    for state in [ToDo, InProgress] {
        for (days, accepted) in table {
            let reason = WaitingReason::Until(days_from_today(days));
            let got = transition(ticket(state), &Transition::Wait(reason.clone()), today());
            if accepted {
                let outcome = got.expect("a future date is accepted");
                assert_eq!(outcome.state, Waiting);
                assert_eq!(outcome.waiting_reason, Some(reason));
            } else {
                assert_eq!(
                    got,
                    Err(Refusal(
                        "The date to wait until must be in the future.".into()
                    )),
                    "{state:?}, {days} days"
                );
            }
        }
    }
}

#[test]
fn waiting_for_more_information_does_not_depend_on_the_date() {
    let reason = WaitingReason::MoreInformation;
    for state in [ToDo, InProgress] {
        let got = transition(ticket(state), &Transition::Wait(reason.clone()), today());
        assert_eq!(got.map(|o| o.waiting_reason), Ok(Some(reason.clone())));
    }
}

#[test]
fn a_waiting_reason_is_stored_and_read_back_unchanged() {
    let table = [
        (WaitingReason::MoreInformation, "more_information"),
        (WaitingReason::Until(date(2026, 12, 1)), "until:2026-12-01"),
        (WaitingReason::Until(date(2028, 2, 29)), "until:2028-02-29"),
    ];
    for (reason, stored) in table {
        assert_eq!(reason.to_stored(), stored);
        assert_eq!(WaitingReason::from_stored(stored), Some(reason));
    }
}

#[test]
fn a_badly_stored_waiting_reason_reads_as_none() {
    for bad in [
        "",
        "more information",
        "MORE_INFORMATION",
        " more_information",
        "until:",
        "until:tomorrow",
        "until:2026-02-30",
        "until:2026-13-01",
        "until:2026-12-01x",
        "until 2026-12-01",
        "2026-12-01",
    ] {
        assert_eq!(WaitingReason::from_stored(bad), None, "{bad:?}");
    }
}

#[test]
fn a_waiting_reason_reads_as_words() {
    assert_eq!(
        WaitingReason::MoreInformation.label(),
        "Waiting for more information"
    );
    assert_eq!(
        WaitingReason::Until(date(2026, 12, 1)).label(),
        "Waiting until 1 Dec 2026"
    );
}

#[test]
fn only_transitions_that_work_are_offered_and_every_one_that_works_is() {
    for state in WorkItemState::ALL {
        let offers = offered(state);
        for t in &offers {
            assert!(
                transition(ticket(state), t, today()).is_ok(),
                "{state:?} offers {t:?}"
            );
            if matches!(t, Transition::Wait(_)) {
                let later = Transition::Wait(WaitingReason::Until(days_from_today(1)));
                assert!(transition(ticket(state), &later, today()).is_ok());
            }
        }
        let offered_names: BTreeSet<&str> = offers.iter().map(|t| t.name()).collect();
        let working_names: BTreeSet<&str> = all_transitions()
            .iter()
            .filter(|t| transition(ticket(state), t, today()).is_ok())
            .map(|t| t.name())
            .collect();
        assert_eq!(offered_names, working_names, "{state:?}");
        assert_eq!(offered_names.len(), offers.len(), "{state:?} offers twice");
    }
}

#[test]
fn an_edit_takes_a_to_do_item_refuses_a_closed_one_and_keeps_other_states() {
    let table = [
        (Draft, Ok((Draft, false))),
        (ToDo, Ok((InProgress, true))),
        (InProgress, Ok((InProgress, false))),
        (Waiting, Ok((Waiting, false))),
        (
            WorkItemState::Resolved,
            Ok((WorkItemState::Resolved, false)),
        ),
        (Closed, Err(())),
    ];
    for (state, want) in table {
        let got = after_edit(state);
        match want {
            Ok(w) => assert_eq!(got, Ok(w), "{state:?}"),
            Err(()) => {
                let Err(Refusal(message)) = got else {
                    panic!("a closed item was edited: {got:?}");
                };
                assert!(message.contains("closed"), "{message}");
            }
        }
    }
}

#[test]
fn a_state_is_stored_and_read_back_and_is_running_or_completed() {
    for state in WorkItemState::ALL {
        assert_eq!(WorkItemState::parse(state.as_str()), Some(state));
        assert_ne!(state.is_running(), state.is_completed());
    }
    let completed: Vec<_> = WorkItemState::ALL
        .into_iter()
        .filter(|s| s.is_completed())
        .collect();
    assert_eq!(completed, [WorkItemState::Resolved, Closed]);
    assert_eq!(WorkItemState::parse("To Do"), None);
}

#[test]
fn only_a_submitted_ticket_must_keep_a_primary_contact_and_a_requester() {
    for state in WorkItemState::ALL {
        assert_eq!(
            needs_primary_and_requester(WorkItemKind::Ticket, state),
            state != Draft,
            "{state:?}"
        );
        assert!(!needs_primary_and_requester(WorkItemKind::Case, state));
    }
}

// ---------------------------------------------------------------------------------------------
// Tags (SPEC §3.3)

const A: i64 = 1;
const B: i64 = 2;
const C: i64 = 3;

/// A, B and C added in that order.
fn three_contacts() -> Tagging {
    let t = add_contact(&Vec::new(), A).expect("A");
    let t = add_contact(&t, B).expect("B");
    add_contact(&t, C).expect("C")
}

fn tags_of(tagging: &Tagging, contact: i64) -> Vec<Tag> {
    tagging
        .iter()
        .find(|(id, _)| *id == contact)
        .map(|(_, tags)| tags.clone())
        .expect("the contact is on the item")
}

fn holders(tagging: &Tagging, tag: Tag) -> Vec<i64> {
    tagging
        .iter()
        .filter(|(_, tags)| tags.contains(&tag))
        .map(|(id, _)| *id)
        .collect()
}

fn refusal<T: std::fmt::Debug>(got: Result<T, Refusal>) -> String {
    match got {
        Err(Refusal(message)) => message,
        Ok(v) => panic!("expected a refusal, got {v:?}"),
    }
}

#[test]
fn the_first_contact_gets_the_four_single_tags_and_later_ones_are_ccd() {
    let t = three_contacts();
    assert_eq!(
        tags_of(&t, A),
        [
            Tag::PrimaryContact,
            Tag::Requester,
            Tag::OriginalRequester,
            Tag::Subject
        ]
    );
    assert_eq!(tags_of(&t, B), [Tag::Cc]);
    assert_eq!(tags_of(&t, C), [Tag::Cc]);
    let order: Vec<i64> = t.iter().map(|(id, _)| *id).collect();
    assert_eq!(order, [A, B, C]);
}

#[test]
fn a_contact_already_on_the_item_is_not_added_twice() {
    let t = three_contacts();
    for contact in [A, B, C] {
        let message = refusal(add_contact(&t, contact));
        assert!(message.contains("already"), "{message}");
    }
}

#[test]
fn a_single_holder_tag_given_to_another_contact_moves_to_them() {
    for required in [false, true] {
        for tag in [Tag::PrimaryContact, Tag::Requester, Tag::Subject] {
            let t =
                set_tags(&three_contacts(), B, &[tag, Tag::Cc], required).expect("moving a tag");
            assert_eq!(holders(&t, tag), [B], "{tag:?}");
            assert!(!tags_of(&t, A).contains(&tag));
            assert!(tags_of(&t, A).contains(&Tag::OriginalRequester));
            assert_eq!(tags_of(&t, B), [tag, Tag::Cc]);
        }
    }
}

#[test]
fn giving_the_primary_contact_to_b_leaves_a_everything_else() {
    let t = set_tags(&three_contacts(), B, &[Tag::PrimaryContact], true).expect("move");
    assert_eq!(
        tags_of(&t, A),
        [Tag::Requester, Tag::OriginalRequester, Tag::Subject]
    );
    assert_eq!(tags_of(&t, B), [Tag::PrimaryContact]);
    assert_eq!(tags_of(&t, C), [Tag::Cc]);
}

#[test]
fn cc_can_have_many_holders() {
    let t = three_contacts();
    let a_tags = [tags_of(&t, A), vec![Tag::Cc]].concat();
    let t = set_tags(&t, A, &a_tags, true).expect("cc A too");
    assert_eq!(holders(&t, Tag::Cc), [A, B, C]);
}

#[test]
fn tags_are_kept_sorted_and_without_repeats() {
    let wanted = [Tag::Cc, Tag::Subject, Tag::Cc, Tag::Requester];
    let t = set_tags(&three_contacts(), C, &wanted, false).expect("tags");
    assert_eq!(tags_of(&t, C), [Tag::Requester, Tag::Subject, Tag::Cc]);
}

#[test]
fn the_original_requester_is_never_taken_from_its_holder() {
    for required in [false, true] {
        let t = three_contacts();
        let all_but = [Tag::PrimaryContact, Tag::Requester, Tag::Subject];
        let message = refusal(set_tags(&t, A, &all_but, required));
        assert!(message.contains("Original Requester"), "{message}");
        let message = refusal(set_tags(&t, A, &[], required));
        assert!(message.contains("Original Requester"), "{message}");
    }
}

#[test]
fn the_original_requester_is_never_given_to_another_contact() {
    for required in [false, true] {
        let message = refusal(set_tags(
            &three_contacts(),
            B,
            &[Tag::OriginalRequester],
            required,
        ));
        assert!(message.contains("Original Requester"), "{message}");
    }
}

#[test]
fn the_original_requester_can_be_given_while_nobody_holds_it() {
    let t: Tagging = vec![(A, vec![Tag::PrimaryContact]), (B, vec![Tag::Cc])];
    let t = set_tags(&t, B, &[Tag::OriginalRequester], false).expect("first holder");
    assert_eq!(holders(&t, Tag::OriginalRequester), [B]);
}

#[test]
fn the_original_requesters_contact_cannot_be_removed() {
    for required in [false, true] {
        let message = refusal(remove_contact(&three_contacts(), A, required));
        assert!(message.contains("Original Requester"), "{message}");
    }
}

#[test]
fn a_submitted_ticket_keeps_its_primary_contact_and_requester_but_a_draft_need_not() {
    let t = three_contacts();
    let keeps_a_primary = [Tag::Requester, Tag::OriginalRequester, Tag::Subject];
    let keeps_a_requester = [Tag::PrimaryContact, Tag::OriginalRequester, Tag::Subject];
    let only_original = [Tag::OriginalRequester];
    let table: [(&[Tag], &str); 3] = [
        (&keeps_a_primary[..], "Primary Contact"),
        (&keeps_a_requester[..], "Requester"),
        (&only_original[..], "Primary Contact"),
    ];
    for (wanted, missing) in table {
        let message = refusal(set_tags(&t, A, wanted, true));
        assert!(message.contains(missing), "{message}");
        let draft = set_tags(&t, A, wanted, false).expect("a draft may lose them");
        assert_eq!(tags_of(&draft, A), wanted);
    }
}

#[test]
fn removing_the_only_primary_contact_or_requester_is_refused_on_a_submitted_ticket_only() {
    for (tag, label) in [
        (Tag::PrimaryContact, "Primary Contact"),
        (Tag::Requester, "Requester"),
    ] {
        let t = set_tags(&three_contacts(), B, &[tag], true).expect("move to B");
        let message = refusal(remove_contact(&t, B, true));
        assert!(message.contains(label), "{message}");
        let draft = remove_contact(&t, B, false).expect("a draft may lose it");
        assert!(holders(&draft, tag).is_empty());
        assert_eq!(draft.len(), 2);
    }
}

#[test]
fn a_ccd_contact_can_be_removed_from_a_submitted_ticket() {
    let t = remove_contact(&three_contacts(), B, true).expect("remove B");
    let left: Vec<i64> = t.iter().map(|(id, _)| *id).collect();
    assert_eq!(left, [A, C]);
}

#[test]
fn a_contact_left_without_tags_stays_on_the_item() {
    let t = set_tags(&three_contacts(), C, &[], true).expect("untag C");
    assert_eq!(t.len(), 3);
    assert!(tags_of(&t, C).is_empty());
}

#[test]
fn a_contact_not_on_the_item_is_refused() {
    let t = three_contacts();
    for required in [false, true] {
        let message = refusal(set_tags(&t, 99, &[Tag::Cc], required));
        assert!(message.contains("not on the work item"), "{message}");
        let message = refusal(remove_contact(&t, 99, required));
        assert!(message.contains("not on the work item"), "{message}");
    }
    let message = refusal(set_tags(&Vec::new(), A, &[Tag::Cc], false));
    assert!(message.contains("not on the work item"), "{message}");
}

#[test]
fn a_tag_is_stored_and_read_back_in_display_order() {
    for tag in Tag::ALL {
        assert_eq!(Tag::parse(tag.as_str()), Some(tag));
    }
    let mut sorted = Tag::ALL;
    sorted.sort();
    assert_eq!(sorted, Tag::ALL, "Ord is the display order");
    assert_eq!(
        Tag::ALL.map(|t| t.single_holder()),
        [true, true, true, true, false]
    );
}

#[test]
fn a_stored_tag_list_is_read_sorted_without_repeats_or_unknown_names() {
    let table: [(&str, &[Tag]); 6] = [
        ("", &[]),
        ("cc,primary", &[Tag::PrimaryContact, Tag::Cc]),
        ("cc,cc,requester,cc", &[Tag::Requester, Tag::Cc]),
        (" primary , subject ", &[Tag::PrimaryContact, Tag::Subject]),
        ("boss,subject,,Primary", &[Tag::Subject]),
        (
            "subject,original_requester,requester,primary",
            &FIRST_CONTACT_TAGS_SORTED,
        ),
    ];
    for (stored, tags) in table {
        assert_eq!(Tag::parse_list(stored), tags, "{stored:?}");
    }
}

const FIRST_CONTACT_TAGS_SORTED: [Tag; 4] = [
    Tag::PrimaryContact,
    Tag::Requester,
    Tag::OriginalRequester,
    Tag::Subject,
];

#[test]
fn a_tag_list_is_stored_sorted_without_repeats() {
    assert_eq!(Tag::join(&[]), "");
    assert_eq!(
        Tag::join(&[Tag::Cc, Tag::PrimaryContact, Tag::Cc]),
        "primary,cc"
    );
    assert_eq!(
        Tag::join(&FIRST_CONTACT_TAGS),
        "primary,requester,original_requester,subject"
    );
}

#[test]
fn every_set_of_tags_survives_being_stored_and_read_back() {
    for mask in 0u32..(1 << Tag::ALL.len()) {
        let tags: Vec<Tag> = Tag::ALL
            .into_iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, t)| t)
            .collect();
        let reversed: Vec<Tag> = tags.iter().rev().copied().collect();
        assert_eq!(Tag::parse_list(&Tag::join(&reversed)), tags);
    }
}

// ---------------------------------------------------------------------------------------------
// Properties

#[derive(Clone, Debug)]
enum Op {
    Add(i64),
    SetTags(i64, Vec<Tag>),
    Remove(i64),
}

fn op() -> impl Strategy<Value = Op> {
    let contact = 1i64..6;
    let tags = prop::collection::vec(prop::sample::select(Tag::ALL.to_vec()), 0..6);
    prop_oneof![
        contact.clone().prop_map(Op::Add),
        (contact.clone(), tags).prop_map(|(c, t)| Op::SetTags(c, t)),
        contact.prop_map(Op::Remove),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// After any sequence of adds, re-tags and removals: no contact twice, every single-holder
    /// tag has at most one holder, the Original Requester never changes once set, and a
    /// submitted ticket always has a Primary Contact and a Requester.
    #[test]
    fn tag_rules_hold_after_any_sequence_of_changes(
        first in 1i64..6,
        required in any::<bool>(),
        ops in prop::collection::vec(op(), 0..30),
    ) {
        let mut tagging = add_contact(&Vec::new(), first).expect("first contact");
        for op in ops {
            let got = match &op {
                Op::Add(c) => add_contact(&tagging, *c),
                Op::SetTags(c, tags) => set_tags(&tagging, *c, tags, required),
                Op::Remove(c) => remove_contact(&tagging, *c, required),
            };
            if let (Op::Add(c), Ok(after)) = (&op, &got) {
                prop_assert_eq!(after.last(), Some(&(*c, vec![Tag::Cc])));
            }
            if let Ok(after) = got {
                tagging = after;
            }
            let ids: BTreeSet<i64> = tagging.iter().map(|(id, _)| *id).collect();
            prop_assert_eq!(ids.len(), tagging.len(), "a contact twice: {:?}", tagging);
            for tag in Tag::ALL.into_iter().filter(|t| t.single_holder()) {
                prop_assert!(holders(&tagging, tag).len() <= 1, "{:?}: {:?}", tag, tagging);
            }
            prop_assert_eq!(holders(&tagging, Tag::OriginalRequester), vec![first]);
            if required {
                prop_assert_eq!(holders(&tagging, Tag::PrimaryContact).len(), 1);
                prop_assert_eq!(holders(&tagging, Tag::Requester).len(), 1);
            }
            for (_, tags) in &tagging {
                let mut sorted = tags.clone();
                sorted.sort();
                sorted.dedup();
                prop_assert_eq!(&sorted, tags);
            }
        }
    }

    /// Waiting until a date works from To Do and In Progress, and only for a date after today.
    #[test]
    fn waiting_until_a_date_works_only_for_a_later_date(
        state in prop::sample::select(WorkItemState::ALL.to_vec()),
        days in -1000i64..1000,
    ) {
        let t = Transition::Wait(WaitingReason::Until(days_from_today(days)));
        let ok = transition(ticket(state), &t, today()).is_ok();
        prop_assert_eq!(ok, matches!(state, ToDo | InProgress) && days > 0);
    }

    /// Any date survives being stored as a waiting reason and read back.
    #[test]
    fn any_date_to_wait_until_is_stored_and_read_back(days in -100_000i64..100_000) {
        let reason = WaitingReason::Until(days_from_today(days));
        prop_assert_eq!(WaitingReason::from_stored(&reason.to_stored()), Some(reason));
    }
}
