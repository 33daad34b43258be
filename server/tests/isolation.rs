//! Tenant isolation. Two tenants, A and B, hold look-alike data (same shapes, every text
//! marked `zorvexa` or `zorvexb`). Tenant B's admin sends every server function, JSON endpoint
//! and page tenant A's ids (contacts, work items, notes, communications, types, queues, users,
//! accounts), alone and mixed with B's own. Each such request must answer exactly as the same
//! request naming ids that exist nowhere (404 where the product says not found), no answer may
//! carry any of A's data, and a full dump of A's rows (every table with a `tenant_id`, found
//! in the database's catalog) must be the same afterwards. B's own rows must be unchanged too.
//! Then A's admin sends the same requests with A's ids, so the ids and encodings are proven
//! right and the suite cannot pass vacuously.
//!
//! Coverage is enforced: `every_server_function_route_and_page_has_a_case` fails when a
//! registered server function, a `.route(..)` of `server/src/{api,startup,intake/mod}.rs` or a page route
//! has no case in `cases()` below (or a case names something that no longer exists).

#![recursion_limit = "256"]

mod common;
#[path = "common/tenants.rs"]
mod tenants;

use std::collections::BTreeSet;

use axum::Router;
use axum::body::Body;
use http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use leptos::server_fn::ServerFn;
use tower::ServiceExt;

use app::activity_api as act;
use app::admin_api as adm;
use app::auth;
use app::contacts_api as con;
use app::insights_api as ins;
use app::mail_api as mail;
use app::search_api as sea;
use app::work_items_api as wi;
use common::TestDb;
use tenants::{DUMPED, Ids, NAMES, dump, router, source_routes, tenant};

#[derive(Clone, Copy, Debug, PartialEq)]
enum Via {
    /// A server function: POST `key` with the form built.
    Fn,
    /// A server function posted with no body and the built string as its `Cookie` header.
    FnCookie,
    /// GET the built URI (JSON API and other routes).
    Get,
    /// GET the built URI of a server-rendered page (compared by status, not body).
    Page,
    /// POST the built JSON to the key's path.
    Json,
    /// DELETE the key's path with the built string as the `Cookie` header.
    DeleteCookie,
    /// POST to the key's path with no cookie: the built string is `token|body`, the token sent
    /// as `Authorization: Bearer` (the intake endpoints).
    Inbound,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Expect {
    /// 404, and the same answer as for ids that exist nowhere.
    NotFound,
    /// The same answer as for ids that exist nowhere (a refusal, an empty list, a field error).
    Alike,
    /// Takes no foreign id: succeeds, with none of A's data in the answer.
    NoLeak,
    /// Like `NoLeak`, but it writes B's own rows (an admin creating a queue, rotating B's
    /// token): sent after B's dump is compared, then A's dump is compared once more.
    OwnWrite,
}

/// A request template: `{name}` is the target's id (A's, or `Ids::unknown()`'s), `{own.name}`
/// the sender's own (B's when attacking, A's in the controls); see `fill`.
type Build = &'static str;

struct Attack {
    expect: Expect,
    build: Build,
    /// Also sent by A's admin with A's ids afterwards: it must succeed (and, for `NoLeak`,
    /// show some of A's data, proving the query would have found it).
    control: bool,
}

struct Case {
    key: &'static str,
    via: Via,
    attacks: Vec<Attack>,
}

fn case(via: Via, key: &'static str) -> Case {
    Case {
        key,
        via,
        attacks: Vec::new(),
    }
}

fn f(path: &'static str) -> Case {
    case(Via::Fn, path)
}

impl Case {
    fn with(mut self, expect: Expect, build: Build) -> Case {
        self.attacks.push(Attack {
            expect,
            build,
            control: false,
        });
        self
    }
    fn not_found(self, build: Build) -> Case {
        self.with(Expect::NotFound, build)
    }
    fn alike(self, build: Build) -> Case {
        self.with(Expect::Alike, build)
    }
    fn no_leak(self, build: Build) -> Case {
        self.with(Expect::NoLeak, build)
    }
    fn own_write(self, build: Build) -> Case {
        self.with(Expect::OwnWrite, build)
    }
    /// Marks the last attack as also sent by A with A's ids (see `Attack::control`).
    fn control(mut self) -> Case {
        self.attacks.last_mut().unwrap().control = true;
        self
    }
}

/// The template with its placeholders replaced by `t`'s and `own`'s values (percent-encoded).
fn fill(template: &str, t: &Ids, own: &Ids) -> String {
    let mut s = template.to_string();
    for (prefix, ids) in [("{", t), ("{own.", own)] {
        for name in NAMES {
            s = s.replace(&format!("{prefix}{name}}}"), &enc(ids.get(name)));
        }
    }
    let left = s
        .split('{')
        .skip(1)
        .find(|r| r.starts_with(|c: char| c.is_ascii_lowercase()));
    assert!(left.is_none(), "unknown placeholder in {template}");
    s
}

/// Percent-encodes what a form value or URI may not hold (`@` is fine in both).
fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'@' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Every server function and HTTP route with its attacks. A new one: add a `Case` here.
fn cases() -> Vec<Case> {
    vec![
        // Sign-in: nothing to name by id. B's password with A's admin email is refused like an
        // unknown email; logging out with a cookie naming A's tenant is no session at all.
        f(auth::CurrentUser::PATH).no_leak(""),
        case(Via::FnCookie, auth::Logout::PATH)
            .alike("callerdesk_session={tenant}.{own.agent_token}")
            // B's agent (its own session; the admin's is used throughout) signs out.
            .no_leak("callerdesk_session={own.tenant}.{own.agent_token}"),
        // Search.
        f(sea::Quickfind::PATH)
            .no_leak("q={last}&limit=100")
            .control()
            .no_leak("q={email}&limit=100")
            .no_leak("q={account}&limit=100")
            .no_leak("q={phone}&limit=100")
            .no_leak("q={item}&limit=100"),
        f(sea::SearchPage::PATH)
            .no_leak("q={last}&group=People&page=1")
            .control()
            .no_leak("q={last}&group=WorkItems&page=1")
            .no_leak("q={last}&group=Communications&page=1")
            .control(),
        // Contacts.
        f(con::ListContacts::PATH)
            .no_leak("query[text]={last}&query[per_page]=100")
            .control()
            .alike("query[account]={account}"),
        f(con::GetContact::PATH).not_found("id={contact}").control(),
        f(con::SaveContact::PATH)
            .not_found("id={contact}&version=1&input[first_name]={first}&input[last_name]={last}&input[email]={email}&input[phone]={phone}")
            .control()
            // B's own contact linked to A's account: a field error, as for no such account.
            .alike("id={own.contact}&version=1&input[first_name]={own.first}&input[last_name]={own.last}&input[account_identifier]={account}"),
        f(con::CreateContact::PATH)
            .alike("input[first_name]=Mallory&input[account_identifier]={account}&via=manual"),
        f(con::CheckContactField::PATH)
            .no_leak("field=email&value={email}")
            .no_leak("field=phone&value={phone}"),
        f(con::TimeZoneNames::PATH).no_leak(""),
        // The Contact Activity page's sections.
        f(act::ContactActivity::PATH)
            .not_found("contact_id={contact}&filter[completed]=true&offset=0")
            .control(),
        f(act::ContactCommunications::PATH)
            .not_found("contact_id={contact}&filter[text]=&offset=0")
            .control(),
        f(act::ContactNotes::PATH)
            .not_found("contact_id={contact}&offset=0")
            .control(),
        f(act::AddNote::PATH)
            .not_found("contact_id={contact}&text=Mallory+was+here")
            .control(),
        f(act::EditNote::PATH)
            .not_found("note_id={contact_note}&version=1&text=Edited")
            .control()
            .not_found("note_id={item_note}&version=1&text=Edited")
            .not_found("note_id={email_comm}&version=1&text=Edited"),
        f(act::DeleteNote::PATH)
            .not_found("note_id={contact_note}")
            .not_found("note_id={email_comm}")
            .not_found("note_id={item_note}")
            .control(),
        f(act::StartTypes::PATH).no_leak(""),
        f(act::StartWorkItem::PATH)
            .not_found("contact_id={contact}&type_id={type}")
            .control()
            .not_found("contact_id={own.contact}&type_id={type}")
            .not_found("contact_id={contact}&type_id={own.type}"),
        f(act::ContactChanges::PATH)
            .not_found("contact_id={contact}")
            .control(),
        // Personality Insights (on in both tenants).
        f(ins::ContactInsights::PATH).not_found("contact={contact}").control(),
        f(ins::AddInsightExample::PATH)
            .not_found("contact={contact}&text=Mallory+writes+like+this&verbatim=true")
            .control(),
        f(ins::DeleteInsightExample::PATH)
            .not_found("contact={contact}&example={example}")
            .control()
            .not_found("contact={own.contact}&example={example}")
            .not_found("contact={contact}&example={own.example}"),
        f(ins::RecomputeInsightNorms::PATH).own_write("").control(),
        // Work items.
        f(wi::GetWorkItem::PATH).not_found("reference={item}").control(),
        f(wi::WorkItemPage::PATH).not_found("reference={item}").control(),
        f(wi::WorkItemContacts::PATH).not_found("reference={item}").control(),
        f(wi::SaveWorkItem::PATH)
            .not_found("reference={item}&version={version}&edit[title]=Mallory&edit[description]=&edit[due]=&edit[queue_id]={queue2}&edit[assignee_id]=")
            // B's own item moved to A's queue, or assigned to A's admin: a field error.
            .alike("reference={own.item}&version={own.version}&edit[title]={own.title}&edit[description]=&edit[due]=&edit[queue_id]={queue}&edit[assignee_id]=")
            .alike("reference={own.item}&version={own.version}&edit[title]={own.title}&edit[description]=&edit[due]=&edit[queue_id]={own.queue}&edit[assignee_id]={admin}"),
        f(wi::ChangeState::PATH).not_found("reference={item}&version={version}&transition=submit"),
        f(wi::ListWorkItems::PATH)
            .no_leak("filter[state]=all&filter[mine]=false&offset=0")
            .control()
            .alike("filter[state]=all&filter[queue_id]={queue}&filter[mine]=false&offset=0"),
        f(wi::Queues::PATH).no_leak(""),
        f(wi::TakeNext::PATH).not_found("queue_id={queue}").control(),
        f(wi::WorkItemNotes::PATH)
            .not_found("reference={item}&offset=0")
            .control(),
        f(wi::AddWorkItemNote::PATH)
            .not_found("reference={item}&text=Mallory+was+here")
            .control(),
        f(wi::WorkItemCommunications::PATH)
            .not_found("reference={item}&offset=0")
            .control(),
        f(wi::AddContactToWorkItem::PATH)
            .not_found("reference={item}&contact_id={contact2}")
            .control()
            .not_found("reference={own.item}&contact_id={contact2}")
            .not_found("reference={item}&contact_id={own.contact2}"),
        // Tags and removal look the contact up on the item, not in the tenant: A's contact on
        // B's item is "not on the work item" (422), as an unknown id is.
        f(wi::SetContactTags::PATH)
            .not_found("reference={item}&contact_id={contact}&tags[0]=primary&tags[1]=requester&tags[2]=original_requester&tags[3]=subject")
            .control()
            .alike("reference={own.item}&contact_id={contact}&tags[0]=primary&tags[1]=requester&tags[2]=original_requester&tags[3]=subject"),
        f(wi::RemoveContactFromWorkItem::PATH)
            .not_found("reference={item}&contact_id={contact2}")
            .control()
            .alike("reference={own.item}&contact_id={contact}"),
        f(wi::DuplicateCandidates::PATH)
            .no_leak("input[first_name]={first}&input[last_name]={last}")
            .control()
            .no_leak("input[email]={email}")
            .control()
            .no_leak("input[phone]={phone}")
            .control(),
        // A refused return address is a 422 whether the item is A's or nobody's.
        f(wi::CheckReturnTo::PATH)
            .alike("return_to=/work-items/{item}")
            .control(),
        f(wi::CreateContactOnWorkItem::PATH)
            .alike("input[first_name]=Mallory&input[last_name]=Intruder&return_to=/work-items/{item}")
            .control(),
        // Outgoing email (app::mail_api): A's work item and A's email are not found.
        f(mail::ComposeEmail::PATH).not_found("reference={item}").control(),
        f(mail::SendEmail::PATH)
            .not_found("reference={item}&to=someone%40example.test&subject=Hello&body=Hi"),
        f(mail::RetryEmail::PATH).not_found("id={email_comm}"),
        // Intake (server/src/intake), before the admin cases because rotating B's token is one
        // of B's own writes there. A's tenant id with B's token is no token at all. B's own
        // token files B's mail in B, even when it comes from A's contact's address and names
        // A's work item in a `+reference`.
        case(Via::Inbound, "POST /api/v1/inbound/email")
            .alike("{tenant}.{own.inbound_mac}|From: {email}\r\nSubject: Hello\r\nMessage-ID: <iso-{own.tenant}@example.test>\r\n\r\nHi")
            .control()
            .own_write("{own.tenant}.{own.inbound_mac}|From: {email}\r\nTo: support+{item}@acme.example\r\nSubject: About {item}\r\nMessage-ID: <iso2-{own.tenant}@example.test>\r\n\r\nHello"),
        case(Via::Inbound, "POST /api/v1/inbound/messages")
            .alike(r#"{tenant}.{own.inbound_mac}|{"channel":"chat","from":"{email}","text":"Hi","sent_at":"2026-11-20T10:00:00Z","external_id":"iso-{own.tenant}"}"#)
            .control()
            .own_write(r#"{own.tenant}.{own.inbound_mac}|{"channel":"chat","from":"{email}","text":"Hi","sent_at":"2026-11-20T10:00:00Z","external_id":"iso2-{own.tenant}"}"#),

        // Admin (app::admin_api). Creations take no foreign id: they are sent as B's own
        // writes, and where they name something of A's (a queue by name, an account
        // identifier) that name must mean nothing in B.
        f(adm::AdminUsers::PATH).no_leak("").control(),
        f(adm::CreateUser::PATH)
            .own_write("email=new.{own.tenant}@example.test&name=Mallory+New&role=agent"),
        f(adm::UpdateUser::PATH)
            .not_found("user_id={agent}&name=Mallory&role=admin&active=true")
            .control(),
        f(adm::ResetPassword::PATH)
            .not_found("user_id={agent}")
            .control(),
        f(adm::AdminTypes::PATH).no_leak("").control(),
        f(adm::CreateType::PATH)
            .alike("name=Mallory+type&kind=ticket&live=true&default_queue={queue_name}")
            .control()
            .own_write("name=Mallory+type+2&kind=case&show_in_contacts=true"),
        f(adm::UpdateType::PATH)
            .not_found("type_id={type}&name=Mallory&kind=case&live=true&show_in_contacts=true")
            .control()
            .alike("type_id={own.type}&name=Mallory&kind=ticket&live=true&default_queue={queue_name}"),
        f(adm::AdminQueues::PATH).no_leak("").control(),
        f(adm::CreateQueue::PATH).own_write("name={queue_name}"),
        f(adm::UpdateQueue::PATH)
            .not_found("queue_id={queue2}&name=Mallory+queue")
            .control(),
        f(adm::AdminAccounts::PATH)
            .no_leak("text={account}&offset=0")
            .control(),
        f(adm::CreateAccount::PATH).own_write("identifier={account}&name=Mallory+account"),
        f(adm::UpdateAccount::PATH)
            .not_found("account_id={account_id}&identifier=MAL-1&name=Mallory")
            .control(),
        f(adm::AdminSettings::PATH).no_leak(""),
        f(adm::SaveTenantSettings::PATH)
            .own_write("default_region=US&personality_insights=true"),
        f(adm::RotateInboundToken::PATH).own_write(""),
        f(adm::AuditLog::PATH)
            .no_leak("filter[contact_id]={contact}&offset=0")
            .control()
            .no_leak("filter[user_id]={admin}&offset=0")
            .control(),
        // A wrong current password is refused alike; nothing of A's is named.
        f(auth::ChangePassword::PATH)
            .alike("current_password=not-{own.password}&new_password=a+long+enough+one&confirm_password=a+long+enough+one"),

        // HTTP routes of server/src/api.rs (under /api/v1) and server/src/startup.rs.
        case(Via::Json, "POST /api/v1/session")
            .alike(r#"{"email":"{admin_email}","password":"{own.password}"}"#),
        case(Via::DeleteCookie, "DELETE /api/v1/session")
            .alike("callerdesk_session={tenant}.{own.admin_token}"),
        case(Via::Get, "GET /api/v1/contacts/{id}")
            .not_found("/api/v1/contacts/{contact}")
            .control(),
        case(Via::Get, "GET /api/v1/contacts/{id}/insights")
            .not_found("/api/v1/contacts/{contact}/insights")
            .control(),
        case(Via::Get, "GET /api/v1/quickfind")
            .no_leak("/api/v1/quickfind?q={last}&limit=100")
            .control(),
        case(Via::Get, "GET /health").no_leak("/health"),
        // Pages (server-rendered; a 404 page is compared by status only).
        case(Via::Page, "PAGE /contacts/{id}")
            .not_found("/contacts/{contact}")
            .control(),
        case(Via::Page, "PAGE /work-items/{reference}")
            .not_found("/work-items/{item}")
            .control(),
        case(Via::Page, "PAGE /search")
            .no_leak("/search?q={last}")
            .control(),
        case(Via::Page, "PAGE /contacts").no_leak("/contacts?q={last}"),
        case(Via::Page, "PAGE /work-items").no_leak("/work-items?queue={queue}"),
        case(Via::Page, "PAGE /").no_leak("/"),
        case(Via::Page, "PAGE /contacts/new").no_leak("/contacts/new"),
        case(Via::Page, "PAGE /admin").no_leak("/admin"),
        case(Via::Page, "PAGE /admin/users").no_leak("/admin/users"),
        case(Via::Page, "PAGE /admin/types").no_leak("/admin/types"),
        case(Via::Page, "PAGE /admin/queues").no_leak("/admin/queues"),
        case(Via::Page, "PAGE /admin/accounts").no_leak("/admin/accounts?q={account}"),
        case(Via::Page, "PAGE /admin/settings").no_leak("/admin/settings"),
        case(Via::Page, "PAGE /admin/history")
            .no_leak("/admin/history?contact={contact}")
            .no_leak("/admin/history?user={admin}"),
        case(Via::Page, "PAGE /change-password").no_leak("/change-password"),
        // Last, because its control signs A's admin in again, which ends the session the
        // request's cookie named (a new token at every sign-in) and so A's cookie with it.
        f(auth::Login::PATH)
            .alike("email={admin_email}&password={own.password}")
            .control(),
        case(Via::Page, "PAGE /login").no_leak("/login"),
    ]
}

/// What the application serves: server function paths, HTTP routes and page routes.
fn registered() -> BTreeSet<String> {
    let mut all: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_string())
        .collect();
    all.extend(source_routes(include_str!("../src/api.rs"), "/api/v1"));
    all.extend(source_routes(include_str!("../src/startup.rs"), ""));
    all.extend(source_routes(include_str!("../src/intake/mod.rs"), ""));
    for route in leptos_axum::generate_route_list(app::App) {
        all.insert(format!("PAGE {}", route.path()));
    }
    all
}

fn coverage(cases: &[Case]) -> Result<(usize, usize), String> {
    let served = registered();
    let covered: BTreeSet<String> = cases.iter().map(|c| c.key.to_string()).collect();
    let missing: Vec<_> = served.difference(&covered).collect();
    let stale: Vec<_> = covered.difference(&served).collect();
    if !missing.is_empty() || !stale.is_empty() || covered.len() != cases.len() {
        return Err(format!(
            "tenant isolation coverage is out of date: add a case to server/tests/isolation.rs \
             for each of {missing:?}; remove or fix the cases for {stale:?} (and list each key once)"
        ));
    }
    let fns = cases
        .iter()
        .filter(|c| matches!(c.via, Via::Fn | Via::FnCookie))
        .count();
    Ok((fns, cases.len() - fns))
}

#[tokio::test]
async fn every_server_function_route_and_page_has_a_case() {
    let (fns, http) = coverage(&cases()).unwrap_or_else(|e| panic!("{e}"));
    eprintln!("isolation cases: {fns} server functions, {http} HTTP routes and pages");
    assert!(
        fns >= 37 && http >= 5,
        "{fns} server functions, {http} routes"
    );
}

both_engines!(tenant_b_reaches_nothing_of_tenant_a);

async fn tenant_b_reaches_nothing_of_tenant_a(t: TestDb) {
    let router = router(&t);
    // A has two more work items than B, so A's reference names nothing in B.
    let a = tenant(&t, &router, 'a', 2).await;
    let b = tenant(&t, &router, 'b', 0).await;
    let unknown = Ids::unknown();
    let cases = cases();
    let (fns, http) = coverage(&cases).unwrap_or_else(|e| panic!("{e}"));

    let a_before = dump(&t.db, &a, &[]).await;
    // B's sessions change with B's own requests (last seen, the agent's sign-out). A sends
    // nothing until both "after" dumps are taken, so A's sessions are compared in full.
    let b_before = dump(&t.db, &b, &["sessions"]).await;
    let tables: BTreeSet<&str> = a_before
        .iter()
        .map(|r| r.split(':').next().unwrap())
        .collect();
    let empty: Vec<_> = DUMPED
        .split_whitespace()
        .filter(|t| !tables.contains(t))
        .collect();
    assert!(empty.is_empty(), "the dump of A has no rows of {empty:?}");

    // ISOLATION_VERBOSE=1 prints every attack and its answer.
    let verbose = std::env::var_os("ISOLATION_VERBOSE").is_some();
    let mut failures = Vec::new();
    let (mut attacks, mut twins, mut controls) = (0, 0, 0);
    for case in &cases {
        for attack in case.attacks.iter().filter(|a| a.expect != Expect::OwnWrite) {
            let sent = fill(attack.build, &a, &b);
            let (status, body) = send(&router, case, &sent, &b.cookie("admin")).await;
            attacks += 1;
            if verbose {
                eprintln!("{} {sent}\n  -> {status} {}", case.key, short(&body));
            }
            let mut problems = Vec::new();
            let leaked = leaks(&body, &sent, &a);
            if !leaked.is_empty() {
                problems.push(format!("LEAK of A's {leaked:?}"));
            }
            if attack.expect == Expect::NoLeak && !(status.is_success() || status.is_redirection())
            {
                problems.push("a failure".into());
            }
            if attack.expect == Expect::NotFound && status != StatusCode::NOT_FOUND {
                problems.push("not 404".into());
            }
            if attack.expect != Expect::NoLeak {
                let twin = fill(attack.build, &unknown, &b);
                let (twin_status, twin_body) = send(&router, case, &twin, &b.cookie("admin")).await;
                twins += 1;
                if status != twin_status
                    || (case.via != Via::Page && norm(&body, &a) != norm(&twin_body, &unknown))
                {
                    let twin_body = short(&twin_body);
                    problems.push(format!("unlike `{twin}` ({twin_status} {twin_body})"));
                }
            }
            if !problems.is_empty() {
                let (key, body) = (case.key, short(&body));
                let problems = problems.join("; ");
                failures.push(format!(
                    "{key} `{sent}` from B: {problems}\n  answer: {status} {body}"
                ));
            }
        }
    }

    diff("A", &a_before, &dump(&t.db, &a, &[]).await, &mut failures);
    diff(
        "B",
        &b_before,
        &dump(&t.db, &b, &["sessions"]).await,
        &mut failures,
    );

    // B's own writes: they succeed, show nothing of A's and leave A's rows as they were.
    for case in &cases {
        for attack in case.attacks.iter().filter(|a| a.expect == Expect::OwnWrite) {
            let sent = fill(attack.build, &a, &b);
            let (status, body) = send(&router, case, &sent, &b.cookie("admin")).await;
            attacks += 1;
            let leaked = leaks(&body, &sent, &a);
            if !status.is_success() || !leaked.is_empty() {
                let (key, body) = (case.key, short(&body));
                failures.push(format!(
                    "{key} `{sent}` from B (own write): {status} {body}; leaked {leaked:?}"
                ));
            }
        }
    }
    diff(
        "A after B's own writes",
        &a_before,
        &dump(&t.db, &a, &[]).await,
        &mut failures,
    );

    // Positive controls: A's admin, A's ids, same encodings (writes are fine now).
    for case in &cases {
        for attack in case.attacks.iter().filter(|a| a.control) {
            let sent = fill(attack.build, &a, &a);
            let (status, body) = send(&router, case, &sent, &a.cookie("admin")).await;
            controls += 1;
            let problem = if !(status.is_success() || status.is_redirection()) {
                "failed"
            } else if attack.expect == Expect::NoLeak && leaks(&body, &sent, &a).is_empty() {
                "shows none of A's data"
            } else {
                continue;
            };
            let (key, body) = (case.key, short(&body));
            failures.push(format!(
                "control {key} `{sent}` from A {problem}: {status} {body}"
            ));
        }
    }

    eprintln!(
        "tenant isolation: {fns} server functions and {http} HTTP routes and pages covered; \
         {attacks} attack requests from B (+{twins} with unknown ids), {controls} controls from A"
    );
    let n = failures.len();
    assert!(n == 0, "{n} problems:\n\n{}", failures.join("\n\n"));
    assert_eq!(
        attacks,
        cases.iter().map(|c| c.attacks.len()).sum::<usize>()
    );
    assert!(twins > 0 && controls > 0);
}

/// An answer cut short for a message (a page from its `<body>`).
fn short(body: &str) -> String {
    let from = body.find("<body").unwrap_or(0);
    body[from..].chars().take(400).collect()
}

/// A's texts found in an answer, other than those the request itself carried.
fn leaks(body: &str, sent: &str, a: &Ids) -> Vec<String> {
    let body = body.to_lowercase();
    let sent = decode(sent).to_lowercase();
    a.secrets
        .iter()
        .filter(|s| {
            let s = s.to_lowercase();
            !sent.contains(&s) && body.contains(&s)
        })
        .cloned()
        .collect()
}

fn decode(s: &str) -> String {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' if i + 2 < b.len() && u8::from_str_radix(&s[i + 1..i + 3], 16).is_ok() => {
                out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                i += 2;
            }
            b'+' => out.push(b' '),
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// An answer with the target's string ids (echoed in messages) replaced by placeholders, and
/// Quickfind's timing left out.
fn norm(body: &str, t: &Ids) -> String {
    let mut body = body
        .replace(t.get("item"), "<reference>")
        .replace(t.get("account"), "<account>")
        .replace(t.get("admin_email"), "<email>")
        .replace(t.get("queue_name"), "<queue>");
    if let Some(at) = body.find("\"took_ms\":") {
        let rest = &body[at + 10..];
        let end = rest.find([',', '}']).unwrap_or(rest.len());
        body.replace_range(at + 10..at + 10 + end, "");
    }
    body
}

fn diff(who: &str, before: &[String], after: &[String], failures: &mut Vec<String>) {
    if before != after {
        let gone: Vec<_> = before.iter().filter(|r| !after.contains(r)).collect();
        let new: Vec<_> = after.iter().filter(|r| !before.contains(r)).collect();
        failures.push(format!(
            "{who}'s rows changed.\n  before: {gone:#?}\n  after: {new:#?}"
        ));
    }
}

async fn send(router: &Router, case: &Case, built: &str, cookie: &str) -> (StatusCode, String) {
    let path = case.key.rsplit(' ').next().unwrap();
    let form = |cookie: &str, body: String| {
        Request::post(path)
            .header(header::COOKIE, cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json")
            .body(Body::from(body))
    };
    let req = match case.via {
        Via::Fn => form(cookie, built.to_string()),
        Via::FnCookie => form(built, String::new()),
        Via::Get | Via::Page => Request::get(built)
            .header(header::COOKIE, cookie)
            .body(Body::empty()),
        Via::Json => Request::post(path)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(built.to_string())),
        Via::DeleteCookie => Request::delete(path)
            .header(header::COOKIE, built)
            .body(Body::empty()),
        Via::Inbound => {
            let (token, body) = built.split_once('|').unwrap();
            let kind = if path.ends_with("/email") {
                "message/rfc822"
            } else {
                "application/json"
            };
            Request::post(path)
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .header(header::CONTENT_TYPE, kind)
                .body(Body::from(body.to_string()))
        }
    };
    let res = router.clone().oneshot(req.unwrap()).await.unwrap();
    let status = res.status();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned())
}
