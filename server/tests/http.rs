//! The HTTP surface in process: sign-in, the session cookie, access rules, the JSON API,
//! server functions and server-rendered pages. Runs on SQLite and PostgreSQL.

mod common;

use axum::Router;
use axum::body::Body;
use chrono::Utc;
use http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use leptos::config::LeptosOptions;
use leptos::server_fn::ServerFn;
use tower::ServiceExt;

use app::model::{ContactFields, CreatedVia, PhoneValue, Role, TenantId};
use app::server_ctx::ServerSettings;
use app::store::NewUser;
use common::TestDb;
use server::startup::{AppState, build_router};

const PASSWORD: &str = "correct horse battery";

struct TestApp {
    t: TestDb,
    router: Router,
    tenant: TenantId,
    email: String,
}

impl TestApp {
    async fn new(t: TestDb) -> TestApp {
        let tenant = t.tenant("http").await;
        let email = format!("agent-{}@example.test", common::unique());
        let hash = app::auth::server::hash_password(PASSWORD).unwrap();
        t.store
            .create_user(
                tenant,
                &NewUser {
                    email: email.clone(),
                    name: "Harriet Http".into(),
                    role: Role::Agent,
                    password_hash: hash,
                },
            )
            .await
            .unwrap();
        let leptos_options = LeptosOptions::builder()
            .output_name("callerdesk")
            .site_root("target/site")
            .build();
        let state = AppState {
            leptos_options,
            store: t.store.clone(),
            settings: ServerSettings::new(
                b"test-secret-test-secret-test-secret!".to_vec(),
                false,
                1,
            ),
        };
        TestApp {
            router: build_router(state),
            t,
            tenant,
            email,
        }
    }

    async fn send(&self, req: Request<Body>) -> (StatusCode, http::HeaderMap, String) {
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let body = res.into_body().collect().await.unwrap().to_bytes();
        (status, headers, String::from_utf8_lossy(&body).into_owned())
    }

    async fn sign_in(&self) -> String {
        let (status, headers, body) = self
            .send(
                Request::post("/api/v1/session")
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(Body::from(format!(
                        r#"{{"email":"{}","password":"{PASSWORD}"}}"#,
                        self.email
                    )))
                    .unwrap(),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let cookie = headers
            .get(header::SET_COOKIE)
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        cookie.split(';').next().unwrap().to_string()
    }

    async fn stored(&self, id: app::model::ContactId) -> app::model::Contact {
        self.t
            .store
            .contact(self.tenant, id)
            .await
            .unwrap()
            .unwrap()
    }

    /// Posts the Caller Details form for contact `id` from `version` with this phone.
    async fn save(
        &self,
        cookie: &str,
        id: i64,
        version: i64,
        phone: &str,
    ) -> (StatusCode, http::HeaderMap, String) {
        self.send(server_fn(
            app::contacts_api::SaveContact::PATH,
            cookie,
            &save_form(id, version, phone),
        ))
        .await
    }

    async fn contact(&self, first: &str, phone: Option<(&str, &str)>) -> app::model::Contact {
        let fields = ContactFields {
            first_name: Some(first.into()),
            last_name: Some("Tester".into()),
            phone: phone.map(|(typed, e164)| PhoneValue {
                typed: typed.into(),
                e164: e164.into(),
            }),
            ..Default::default()
        };
        self.t
            .store
            .create_contact(self.tenant, None, &fields, CreatedVia::Manual, Utc::now())
            .await
            .unwrap()
    }
}

fn get(uri: &str, cookie: Option<&str>) -> Request<Body> {
    let mut b = Request::get(uri);
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, c);
    }
    b.body(Body::empty()).unwrap()
}

fn server_fn(path: &str, cookie: &str, form: &str) -> Request<Body> {
    Request::post(path)
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .body(Body::from(form.to_string()))
        .unwrap()
}

both_engines!(
    signing_in_sets_an_httponly_samesite_cookie,
    a_wrong_password_and_an_unknown_user_get_the_same_answer,
    visitors_are_sent_to_login_and_api_calls_get_401,
    every_server_function_but_login_requires_a_session,
    the_json_api_returns_a_contact_and_hides_other_tenants,
    the_contact_page_renders_on_the_server_with_its_details,
    saving_a_bad_phone_is_refused_and_changes_nothing,
    saving_normalises_the_phone_to_e164,
    a_stale_save_is_refused_with_who_changed_it,
    signing_out_ends_the_session,
    server_function_errors_carry_their_http_status,
    a_cross_site_post_is_refused,
);

async fn signing_in_sets_an_httponly_samesite_cookie(t: TestDb) {
    let app = TestApp::new(t).await;
    let (status, headers, body) = app
        .send(
            Request::post("/api/v1/session")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(format!(
                    r#"{{"email":"{}","password":"{PASSWORD}"}}"#,
                    app.email.to_uppercase()
                )))
                .unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("Harriet Http"), "{body}");
    let cookie = headers.get(header::SET_COOKIE).unwrap().to_str().unwrap();
    assert!(cookie.starts_with("callerdesk_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(cookie.contains("Path=/"), "{cookie}");
}

async fn a_wrong_password_and_an_unknown_user_get_the_same_answer(t: TestDb) {
    let app = TestApp::new(t).await;
    let attempt = |email: String, password: &str| {
        Request::post("/api/v1/session")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(format!(
                r#"{{"email":"{email}","password":"{password}"}}"#
            )))
            .unwrap()
    };
    let (s1, h1, wrong) = app
        .send(attempt(app.email.clone(), "not the password"))
        .await;
    let (s2, _, unknown) = app
        .send(attempt("nobody@example.test".into(), PASSWORD))
        .await;
    assert_eq!(s1, StatusCode::UNAUTHORIZED);
    assert_eq!(s2, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong, unknown);
    assert!(h1.get(header::SET_COOKIE).is_none());
    let (s3, _, body) = app
        .send(
            Request::post("/api/v1/session")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{not json"))
                .unwrap(),
        )
        .await;
    assert_eq!(s3, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
}

async fn visitors_are_sent_to_login_and_api_calls_get_401(t: TestDb) {
    let app = TestApp::new(t).await;
    let (status, headers, _) = app.send(get("/contacts?q=smith", None)).await;
    assert!(status.is_redirection(), "{status}");
    assert_eq!(
        headers.get(header::LOCATION).unwrap(),
        "/login?next=/contacts%3Fq%3Dsmith"
    );
    let (status, _, _) = app.send(get("/api/v1/contacts/1", None)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _, body) = app.send(get("/login", None)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Sign in"), "{body}");
    // A forged cookie is no session.
    let forged = format!("callerdesk_session={}.{}", app.tenant.0, "0".repeat(64));
    let (status, _, _) = app.send(get("/api/v1/contacts/1", Some(&forged))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

async fn every_server_function_but_login_requires_a_session(t: TestDb) {
    let app = TestApp::new(t).await;
    let public = [app::auth::Login::PATH, app::auth::CurrentUser::PATH];
    let mut checked = 0;
    for (path, _method) in leptos::server_fn::axum::server_fn_paths() {
        if public.contains(&path) {
            continue;
        }
        let (status, _, body) = app
            .send(
                Request::post(path)
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(Body::from("id=1&version=1"))
                    .unwrap(),
            )
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{path}: {body}");
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} server functions found");
}

async fn the_json_api_returns_a_contact_and_hides_other_tenants(t: TestDb) {
    let app = TestApp::new(t).await;
    let cookie = app.sign_in().await;
    let mine = app.contact("Mine", None).await;
    let other_tenant = app.t.tenant("other").await;
    let theirs = app
        .t
        .store
        .create_contact(
            other_tenant,
            None,
            &ContactFields {
                first_name: Some("Theirs".into()),
                ..Default::default()
            },
            CreatedVia::Manual,
            Utc::now(),
        )
        .await
        .unwrap();
    let (status, _, body) = app
        .send(get(
            &format!("/api/v1/contacts/{}", mine.id.0),
            Some(&cookie),
        ))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["contact"]["fields"]["first_name"], "Mine");
    let (s_theirs, _, b_theirs) = app
        .send(get(
            &format!("/api/v1/contacts/{}", theirs.id.0),
            Some(&cookie),
        ))
        .await;
    let (s_unknown, _, b_unknown) = app
        .send(get("/api/v1/contacts/999999999", Some(&cookie)))
        .await;
    let (s_bad, _, _) = app.send(get("/api/v1/contacts/abc", Some(&cookie))).await;
    assert_eq!(s_theirs, StatusCode::NOT_FOUND);
    assert_eq!(s_unknown, StatusCode::NOT_FOUND);
    assert_eq!(s_bad, StatusCode::NOT_FOUND);
    assert_eq!(
        b_theirs, b_unknown,
        "another tenant's id answers exactly like an unknown id"
    );
}

async fn the_contact_page_renders_on_the_server_with_its_details(t: TestDb) {
    let app = TestApp::new(t).await;
    let cookie = app.sign_in().await;
    let c = app
        .contact("Rendered", Some(("020 7946 0958", "+442079460958")))
        .await;
    let note =
        app::store::NewCommunication::note_on_contact(c.id, "Prefers calls after five".into());
    app.t
        .store
        .add_communication(app.tenant, None, &note, Utc::now())
        .await
        .expect("add a note");
    let (status, _, body) = app
        .send(get(&format!("/contacts/{}", c.id.0), Some(&cookie)))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Caller Details"), "section heading");
    assert!(
        body.contains(r#"data-testid="contact-heading">Rendered Tester"#),
        "name in the first paint"
    );
    assert!(
        body.contains(r#"class="e164">(+442079460958)"#),
        "E.164 shown"
    );
    for section in [
        "Caller Activity",
        "Caller Communications",
        "Start New Work Item",
        "Notes",
    ] {
        assert!(body.contains(section), "{section} is on the page");
    }
    assert!(
        body.contains("Prefers calls after five"),
        "the sections' first pages are rendered on the server"
    );
    let (status, _, _) = app.send(get("/contacts/987654321", Some(&cookie))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

fn save_form(id: i64, version: i64, phone: &str) -> String {
    format!(
        "id={id}&version={version}&input[first_name]=Jane&input[last_name]=Tester&input[phone]={}&input[priority]=normal",
        phone.replace('+', "%2B").replace(' ', "+")
    )
}

async fn saving_a_bad_phone_is_refused_and_changes_nothing(t: TestDb) {
    let app = TestApp::new(t).await;
    let cookie = app.sign_in().await;
    let c = app
        .contact("Jane", Some(("020 7946 0958", "+442079460958")))
        .await;
    let (status, _, body) = app.save(&cookie, c.id.0, 1, "020 7946 095").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("Invalid") && body.contains("phone"), "{body}");
    let now = app.stored(c.id).await;
    assert_eq!(now, c);
}

async fn saving_normalises_the_phone_to_e164(t: TestDb) {
    let app = TestApp::new(t).await;
    let cookie = app.sign_in().await;
    let c = app.contact("Jane", None).await;
    let (status, _, body) = app
        .send(server_fn(
            app::contacts_api::SaveContact::PATH,
            &cookie,
            &save_form(c.id.0, 1, "(020) 7946-0958"),
        ))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let now = app.stored(c.id).await;
    assert_eq!(
        now.fields.phone.as_ref().map(|p| p.e164.as_str()),
        Some("+442079460958")
    );
    assert_eq!(
        now.fields.phone.as_ref().map(|p| p.typed.as_str()),
        Some("(020) 7946-0958")
    );
    assert_eq!(now.version, 2);
    assert_eq!(
        now.updated_by.as_ref().map(|u| u.name.as_str()),
        Some("Harriet Http")
    );
}

async fn a_stale_save_is_refused_with_who_changed_it(t: TestDb) {
    let app = TestApp::new(t).await;
    let cookie = app.sign_in().await;
    let c = app.contact("Jane", None).await;
    let (status, _, body) = app.save(&cookie, c.id.0, 1, "020 7946 0958").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _, body) = app.save(&cookie, c.id.0, 1, "020 7946 0959").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        body.contains("Conflict") && body.contains("Harriet Http"),
        "{body}"
    );
    let now = app.stored(c.id).await;
    assert_eq!(
        now.fields.phone.as_ref().map(|p| p.typed.as_str()),
        Some("020 7946 0958")
    );
}

async fn signing_out_ends_the_session(t: TestDb) {
    let app = TestApp::new(t).await;
    let cookie = app.sign_in().await;
    let c = app.contact("Jane", None).await;
    let uri = format!("/api/v1/contacts/{}", c.id.0);
    assert_eq!(app.send(get(&uri, Some(&cookie))).await.0, StatusCode::OK);
    let (status, headers, _) = app
        .send(
            Request::delete("/api/v1/session")
                .header(header::COOKIE, &cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(
        headers
            .get(header::SET_COOKIE)
            .unwrap()
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    assert_eq!(
        app.send(get(&uri, Some(&cookie))).await.0,
        StatusCode::UNAUTHORIZED
    );
}

async fn server_function_errors_carry_their_http_status(t: TestDb) {
    let app = TestApp::new(t).await;
    let cookie = app.sign_in().await;
    let (status, _, body) = app
        .send(server_fn(
            app::contacts_api::GetContact::PATH,
            &cookie,
            "id=987654321",
        ))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    let (status, _, body) = app
        .send(
            Request::post(app::auth::Login::PATH)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::ACCEPT, "application/json")
                .body(Body::from(format!("email={}&password=wrong", app.email)))
                .unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    let (status, _, body) = app
        .send(server_fn(
            app::contacts_api::ListContacts::PATH,
            &cookie,
            &format!("query[text]={}", "x".repeat(300)),
        ))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
}

async fn a_cross_site_post_is_refused(t: TestDb) {
    let app = TestApp::new(t).await;
    let cookie = app.sign_in().await;
    let c = app.contact("Jane", None).await;
    let mut req = server_fn(
        app::contacts_api::SaveContact::PATH,
        &cookie,
        &save_form(c.id.0, 1, "020 7946 0958"),
    );
    req.headers_mut()
        .insert(header::ORIGIN, "https://evil.example".parse().unwrap());
    req.headers_mut()
        .insert(header::HOST, "127.0.0.1:3000".parse().unwrap());
    let (status, _, _) = app.send(req).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let mut req = server_fn(
        app::contacts_api::SaveContact::PATH,
        &cookie,
        &save_form(c.id.0, 1, "020 7946 0958"),
    );
    req.headers_mut()
        .insert("sec-fetch-site", "cross-site".parse().unwrap());
    let (status, _, _) = app.send(req).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(app.stored(c.id).await, c, "nothing changed");
    // The same request from the app's own origin goes through.
    let mut req = server_fn(
        app::contacts_api::SaveContact::PATH,
        &cookie,
        &save_form(c.id.0, 1, "020 7946 0958"),
    );
    req.headers_mut()
        .insert(header::ORIGIN, "http://127.0.0.1:3000".parse().unwrap());
    req.headers_mut()
        .insert(header::HOST, "127.0.0.1:3000".parse().unwrap());
    let (status, _, body) = app.send(req).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}
