//! Security rules over HTTP (SPEC §4, issue 6): cross-site requests, sign-in rate limits,
//! session rotation and deactivation, one-time passwords, admin-only functions, security
//! headers and body limits. Runs on SQLite and PostgreSQL.

mod common;

use axum::body::Body;
use http::{Request, StatusCode, header};
use leptos::server_fn::ServerFn;

use app::admin_api;
use app::model::Role;
use common::TestDb;
use common::http_app::{PASSWORD, call, cookie_of, get, send, sign_in, sign_in_request, user};

both_engines!(
    a_cross_origin_post_to_an_admin_function_is_refused,
    the_eleventh_failed_sign_in_is_refused_even_with_the_right_password,
    signing_in_rotates_the_session,
    a_deactivated_users_session_is_refused_on_the_next_request,
    agents_are_refused_on_every_admin_function_and_page,
    a_one_time_password_must_be_changed_before_anything_else,
    pages_carry_a_nonce_csp_and_the_security_headers,
    oversized_bodies_and_fields_are_refused,
);

async fn a_cross_origin_post_to_an_admin_function_is_refused(t: TestDb) {
    let tenant = t.tenant("xorigin").await;
    let (_, email) = user(&t, tenant, "Ada Admin", Role::Admin).await;
    let router = common::http_app::router(&t);
    let cookie = sign_in(&router, &email, PASSWORD).await;
    let form = "name=Evil%20queue";
    for (name, value) in [
        ("origin", "https://evil.example"),
        ("referer", "https://evil.example/page"),
        ("sec-fetch-site", "cross-site"),
    ] {
        let mut req = call(admin_api::CreateQueue::PATH, &cookie, form);
        req.headers_mut().insert(name, value.parse().unwrap());
        req.headers_mut()
            .insert(header::HOST, "127.0.0.1:3000".parse().unwrap());
        let a = send(&router, req).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{name}: {}", a.body);
    }
    let queues = t.store.admin_queues(tenant).await.unwrap();
    assert!(
        queues.iter().all(|q| q.name != "Evil queue"),
        "nothing created"
    );
    // From the app's own origin it goes through.
    let mut req = call(admin_api::CreateQueue::PATH, &cookie, form);
    req.headers_mut()
        .insert(header::ORIGIN, "http://127.0.0.1:3000".parse().unwrap());
    req.headers_mut()
        .insert(header::HOST, "127.0.0.1:3000".parse().unwrap());
    let a = send(&router, req).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
}

async fn the_eleventh_failed_sign_in_is_refused_even_with_the_right_password(t: TestDb) {
    let tenant = t.tenant("limit").await;
    let (_, email) = user(&t, tenant, "Lim Agent", Role::Agent).await;
    let unknown = format!("nobody-{}@example.test", common::unique());
    let router = common::http_app::router(&t);
    for i in 0..app::login_limit::ACCOUNT_LIMIT {
        for who in [&email, &unknown] {
            let a = send(&router, sign_in_request(who, "wrong password")).await;
            assert_eq!(
                a.status,
                StatusCode::UNAUTHORIZED,
                "attempt {i}: {}",
                a.body
            );
            assert!(a.body.contains("Email or password is wrong."), "{}", a.body);
        }
    }
    // The 11th: refused before the password is checked, alike for a real and a made-up
    // account (no enumeration), with how long to wait.
    let real = send(&router, sign_in_request(&email, PASSWORD)).await;
    let fake = send(&router, sign_in_request(&unknown, PASSWORD)).await;
    assert_eq!(real.status, StatusCode::TOO_MANY_REQUESTS, "{}", real.body);
    assert_eq!(fake.status, real.status);
    assert_eq!(fake.body, real.body);
    assert!(
        real.body
            .contains("Too many failed sign-ins. Try again in 15 minutes."),
        "{}",
        real.body
    );
    assert!(real.headers.get(header::SET_COOKIE).is_none());
    // The login page's server function says the same.
    let a = send(
        &router,
        Request::post(app::auth::Login::PATH)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json")
            .body(Body::from(format!("email={email}&password=x")))
            .unwrap(),
    )
    .await;
    assert_eq!(a.status, StatusCode::TOO_MANY_REQUESTS, "{}", a.body);
    // Another account is not affected.
    let (_, other) = user(&t, tenant, "Other Agent", Role::Agent).await;
    sign_in(&router, &other, PASSWORD).await;
}

async fn signing_in_rotates_the_session(t: TestDb) {
    let tenant = t.tenant("rotate").await;
    let (_, email) = user(&t, tenant, "Rot Agent", Role::Agent).await;
    let router = common::http_app::router(&t);
    let first = sign_in(&router, &email, PASSWORD).await;
    let mut again = sign_in_request(&email, PASSWORD);
    again
        .headers_mut()
        .insert(header::COOKIE, first.parse().unwrap());
    let a = send(&router, again).await;
    assert_eq!(a.status, StatusCode::OK);
    let second = cookie_of(&a);
    assert_ne!(first, second, "a new token at every sign-in");
    let set_cookie = a.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"));
    assert_eq!(
        send(&router, get("/api/v1/quickfind?q=a", Some(&first)))
            .await
            .status,
        StatusCode::UNAUTHORIZED,
        "the old session ended"
    );
    assert_eq!(
        send(&router, get("/api/v1/quickfind?q=a", Some(&second)))
            .await
            .status,
        StatusCode::OK
    );
}

async fn a_deactivated_users_session_is_refused_on_the_next_request(t: TestDb) {
    let tenant = t.tenant("deact").await;
    let (_, admin_email) = user(&t, tenant, "Ada Admin", Role::Admin).await;
    let (agent, agent_email) = user(&t, tenant, "Dee Agent", Role::Agent).await;
    let router = common::http_app::router(&t);
    let admin = sign_in(&router, &admin_email, PASSWORD).await;
    let session = sign_in(&router, &agent_email, PASSWORD).await;
    assert_eq!(
        send(&router, get("/api/v1/quickfind?q=a", Some(&session)))
            .await
            .status,
        StatusCode::OK
    );
    let a = send(
        &router,
        call(
            admin_api::UpdateUser::PATH,
            &admin,
            &format!("user_id={}&name=Dee%20Agent&role=agent", agent.0),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(
        send(&router, get("/api/v1/quickfind?q=a", Some(&session)))
            .await
            .status,
        StatusCode::UNAUTHORIZED,
        "the session ended at once"
    );
    let a = send(&router, sign_in_request(&agent_email, PASSWORD)).await;
    assert_eq!(
        a.status,
        StatusCode::UNAUTHORIZED,
        "and cannot sign in again"
    );
    let users = t.store.users(tenant).await.unwrap();
    assert!(!users.iter().find(|u| u.id == agent.0).unwrap().active);
}

async fn agents_are_refused_on_every_admin_function_and_page(t: TestDb) {
    let tenant = t.tenant("agents").await;
    let (_, email) = user(&t, tenant, "Age Agent", Role::Agent).await;
    let router = common::http_app::router(&t);
    let cookie = sign_in(&router, &email, PASSWORD).await;
    let before = t.store.admin_queues(tenant).await.unwrap();
    let mut checked = 0;
    for (path, _) in leptos::server_fn::axum::server_fn_paths() {
        if !path.starts_with("/api/admin/") {
            continue;
        }
        let form = "name=Sneaky&user_id=1&queue_id=1&type_id=1&account_id=1&identifier=X&kind=ticket&role=admin&default_region=GB";
        let a = send(&router, call(path, &cookie, form)).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{path}: {}", a.body);
        checked += 1;
    }
    assert!(checked >= 17, "only {checked} admin functions found");
    assert_eq!(t.store.admin_queues(tenant).await.unwrap(), before);
    for page in ["/admin", "/admin/users", "/admin/history"] {
        let a = send(&router, get(page, Some(&cookie))).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{page}");
    }
}

async fn a_one_time_password_must_be_changed_before_anything_else(t: TestDb) {
    let tenant = t.tenant("otp").await;
    let (_, admin_email) = user(&t, tenant, "Ada Admin", Role::Admin).await;
    let router = common::http_app::router(&t);
    let admin = sign_in(&router, &admin_email, PASSWORD).await;
    let email = format!("new-{}@example.test", common::unique());
    let a = send(
        &router,
        call(
            admin_api::CreateUser::PATH,
            &admin,
            &format!("email={email}&name=New%20Agent&role=agent"),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let created: admin_api::CreatedUser = serde_json::from_str(&a.body).unwrap();
    let otp = created.one_time_password.expect("a generated password");
    assert!(created.user.password_temporary);
    let cookie = sign_in(&router, &email, &otp).await;
    let page = send(&router, get("/contacts", Some(&cookie))).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(
        page.headers[header::LOCATION],
        "/change-password?next=%2Fcontacts"
    );
    let a = send(
        &router,
        call(app::search_api::Quickfind::PATH, &cookie, "q=a&limit=5"),
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN, "{}", a.body);
    let change = |current: &str, new: &str, confirm: &str| {
        call(
            app::auth::ChangePassword::PATH,
            &cookie,
            &format!("current_password={current}&new_password={new}&confirm_password={confirm}"),
        )
    };
    let short = send(&router, change(&otp, "short", "short")).await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(short.body.contains("new_password"), "{}", short.body);
    let wrong = send(
        &router,
        change("not-it", "a much longer pass", "a much longer pass"),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("current_password"), "{}", wrong.body);
    let ok = send(
        &router,
        change(&otp, "a much longer pass", "a much longer pass"),
    )
    .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let page = send(&router, get("/contacts", Some(&cookie))).await;
    assert_eq!(page.status, StatusCode::OK, "this session goes on");
    assert_eq!(
        send(&router, sign_in_request(&email, &otp)).await.status,
        StatusCode::UNAUTHORIZED,
        "the one-time password is gone"
    );
    sign_in(&router, &email, "a much longer pass").await;
}

async fn pages_carry_a_nonce_csp_and_the_security_headers(t: TestDb) {
    let tenant = t.tenant("csp").await;
    let (_, email) = user(&t, tenant, "Csp Agent", Role::Agent).await;
    let router = common::http_app::router(&t);
    let cookie = sign_in(&router, &email, PASSWORD).await;
    let page = send(&router, get("/contacts", Some(&cookie))).await;
    assert_eq!(page.status, StatusCode::OK);
    let csp = page.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_string();
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce in the policy");
    assert!(csp.contains("script-src 'self' 'nonce-"));
    assert!(csp.contains("frame-ancestors 'none'"));
    assert!(!csp.contains("unsafe-inline"));
    assert!(
        page.body.contains(&format!("nonce=\"{nonce}\"")),
        "Leptos's inline scripts carry this response's nonce"
    );
    assert_eq!(page.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(page.headers[header::REFERRER_POLICY], "same-origin");
    assert_eq!(page.headers[header::X_FRAME_OPTIONS], "DENY");
    let again = send(&router, get("/contacts", Some(&cookie))).await;
    assert_ne!(
        again.headers[header::CONTENT_SECURITY_POLICY],
        page.headers[header::CONTENT_SECURITY_POLICY],
        "a new nonce per response"
    );
    let login = send(&router, get("/login", None)).await;
    assert!(login.headers.contains_key(header::CONTENT_SECURITY_POLICY));
    let json = send(&router, get("/api/v1/quickfind?q=a", Some(&cookie))).await;
    assert_eq!(
        json.headers[header::CONTENT_SECURITY_POLICY],
        "default-src 'none'; frame-ancestors 'none'"
    );
}

async fn oversized_bodies_and_fields_are_refused(t: TestDb) {
    let tenant = t.tenant("sizes").await;
    let (_, email) = user(&t, tenant, "Ada Admin", Role::Admin).await;
    let router = common::http_app::router(&t);
    let cookie = sign_in(&router, &email, PASSWORD).await;
    let before = t.store.admin_queues(tenant).await.unwrap();
    let huge = format!("name={}", "x".repeat(2 * 1024 * 1024));
    let mut req = call(admin_api::CreateQueue::PATH, &cookie, &huge);
    req.headers_mut()
        .insert(header::CONTENT_LENGTH, huge.len().into());
    let a = send(&router, req).await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
    let long = format!("name={}", "x".repeat(admin_api::MAX_NAME_CHARS + 1));
    let a = send(&router, call(admin_api::CreateQueue::PATH, &cookie, &long)).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert!(a.body.contains("At most 100 characters"), "{}", a.body);
    let a = send(
        &router,
        call(admin_api::CreateQueue::PATH, &cookie, "name=a%07b"),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert_eq!(t.store.admin_queues(tenant).await.unwrap(), before);
}
