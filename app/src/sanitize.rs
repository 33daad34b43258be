//! Email HTML sanitising (SPEC §3.7, §4 Security), server-side only. Uses `ammonia`, a
//! well-kept whitelist sanitiser built on html5ever (the browser's own parsing algorithm), so
//! markup is parsed the way a browser would parse it before anything is kept: scripts, styles,
//! event-handler attributes (`onerror=` …), `javascript:` URLs, forms and frames are dropped.
//! Links open in a new tab without access to this page (`rel="noopener noreferrer"`).
//! Images keep their `alt` text but lose a remote or relative `src`: loading it would tell the
//! sender when an agent read the mail (a tracking pixel) or hit our own server with a relative
//! path. Inline `cid:` parts are kept for when attachments are served.
//! Stored email HTML is sanitised before it is written and again before it is shown.

use std::sync::LazyLock;

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.link_rel(Some("noopener noreferrer nofollow"))
        .url_schemes(
            ["http", "https", "mailto", "tel", "cid"]
                .into_iter()
                .collect(),
        )
        .set_tag_attribute_value("a", "target", "_blank")
        .attribute_filter(|element, attribute, value| {
            if element == "img" && attribute == "src" && !value.trim_start().starts_with("cid:") {
                None
            } else {
                Some(value.into())
            }
        });
    b
});

/// The email's HTML with everything that could run or reach the page removed.
pub fn email_html(html: &str) -> String {
    CLEANER.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::email_html;

    #[test]
    fn scripts_handlers_and_javascript_urls_are_removed() {
        let dirty = r#"<p>Hello <b>there</b></p><script>alert(1)</script>
            <img src="x" onerror="alert(2)"><a href="javascript:alert(3)">x</a>
            <iframe src="https://evil.example"></iframe><style>body{display:none}</style>"#;
        let clean = email_html(dirty);
        assert!(clean.contains("<p>Hello <b>there</b></p>"), "{clean}");
        for bad in [
            "<script",
            "alert(1)",
            "onerror",
            "javascript:",
            "<iframe",
            "<style",
        ] {
            assert!(!clean.contains(bad), "{bad} survived in {clean}");
        }
    }

    #[test]
    fn links_are_kept_and_cannot_reach_the_opener() {
        let clean = email_html(r#"<a href="https://example.com/x">site</a>"#);
        assert!(clean.contains(r#"href="https://example.com/x""#), "{clean}");
        assert!(clean.contains("noopener"), "{clean}");
        assert!(clean.contains(r#"target="_blank""#), "{clean}");
    }

    #[test]
    fn images_do_not_load_remote_or_relative_sources() {
        let clean = email_html(
            r#"<img src="https://tracker.example/p.gif" alt="logo"><img src="x" alt="rel"><img src="cid:part1" alt="inline">"#,
        );
        assert!(!clean.contains("tracker.example"), "{clean}");
        assert!(!clean.contains(r#"src="x""#), "{clean}");
        assert!(clean.contains(r#"alt="logo""#), "{clean}");
        assert!(clean.contains(r#"src="cid:part1""#), "{clean}");
    }

    #[test]
    fn broken_markup_is_closed_not_leaked() {
        let clean = email_html("<div><p>unclosed <img src=x onerror=alert(1)");
        assert!(!clean.contains("onerror"), "{clean}");
        assert!(clean.contains("unclosed"), "{clean}");
    }
}
