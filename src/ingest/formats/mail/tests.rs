//! Tests of mail.rs and mail_clean.rs on the self-written fixtures in fixtures/ and on inputs
//! built here (nesting bombs, truncation, garbage).

use super::*;
use chrono::{Datelike, Timelike};

fn read(name: &str) -> Message {
    let path = format!(
        "{}/tests/fixtures/documents/mail/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    read_message(&std::fs::read(path).unwrap()).unwrap()
}

fn text(m: &Message) -> &str {
    match &m.body {
        Some(MailBody::Text(t)) => t,
        other => panic!("expected a text body, got {other:?}"),
    }
}

#[test]
fn newsletter_with_list_id_and_footer() {
    let m = read("newsletter.eml");
    assert_eq!(
        m.subject.as_deref(),
        Some("[Harbour Briefing] Ministers agree on a Baltic grain corridor")
    );
    assert_eq!(
        m.title.as_deref(),
        Some("Ministers agree on a Baltic grain corridor")
    );
    // 23:40 at -05:00 is already 4 March in UTC; the sender's day is kept.
    let d = m.date.unwrap();
    assert_eq!((d.year(), d.month(), d.day(), d.hour()), (2026, 3, 3, 23));
    assert_eq!(d.offset().local_minus_utc(), -5 * 3600);
    assert_eq!(m.authors, ["Harbour Policy Briefing"]);
    assert_eq!(m.source.as_deref(), Some("Harbour Policy Briefing"));
    assert_eq!(
        m.message_id.as_deref(),
        Some("issue-112@briefing.example.org")
    );
    let clean = clean_text_body(text(&m));
    assert!(clean.starts_with("Foreign ministers of the five Baltic Sea states"));
    assert!(clean.ends_with("review the escort schedule."));
    assert!(!clean.contains("nsubscribe") && !clean.contains("browser"));
}

#[test]
fn reply_loses_quote_attribution_and_signature() {
    let m = read("reply.eml");
    assert_eq!(
        m.title.as_deref(),
        Some("Ministers agree on a Baltic grain corridor")
    );
    assert_eq!(m.authors, ["Ana Ruiz"]);
    let clean = clean_text_body(text(&m));
    assert_eq!(
        clean,
        "Does the corridor also cover tankers, or only bulk carriers? The statement\ndoes not say."
    );
}

#[test]
fn html_only_message_gives_html() {
    let m = read("html-only.eml");
    match m.body {
        Some(MailBody::Html(h)) => {
            assert!(h.contains("<h1>Ministers agree on a Baltic grain corridor</h1>"));
            assert!(
                h.contains("Café talks — Gdańsk"),
                "quoted-printable UTF-8 decoded"
            );
        }
        other => panic!("expected HTML, got {other:?}"),
    }
}

#[test]
fn alternative_prefers_plain_text_and_decodes_rfc2047() {
    let m = read("alternative.eml");
    assert_eq!(
        m.subject.as_deref(),
        Some("Außenminister einigen sich auf Getreidekorridor")
    );
    assert_eq!(m.authors, ["Jürgen Müller"]);
    let t = text(&m);
    assert!(t.starts_with("Foreign ministers") && !t.contains("<p>"));
    assert!(m.attachments.is_empty());
}

#[test]
fn pdf_attachment_is_returned_decoded() {
    let m = read("attachment.eml");
    assert_eq!(
        m.title.as_deref(),
        Some("Joint communique of the Gdansk meeting")
    );
    assert_eq!(m.attachments.len(), 1);
    let a = &m.attachments[0];
    assert_eq!(a.filename.as_deref(), Some("communique.pdf"));
    assert_eq!(a.content_type, "application/pdf");
    assert!(a.bytes.starts_with(b"%PDF-1.4") && a.bytes.ends_with(b"%%EOF\n"));
    assert_eq!(text(&m).trim(), "The joint communique is attached.");
}

#[test]
fn windows_1252_body_and_headers() {
    let m = read("latin1.eml");
    assert_eq!(
        m.subject.as_deref(),
        Some("TR : Réunion des ministres à Gdansk")
    );
    assert_eq!(m.title.as_deref(), Some("Réunion des ministres à Gdansk"));
    assert_eq!(m.authors, ["Renée Lefèvre"]);
    assert!(
        text(&m).contains("12 millions € par an"),
        "0x80 is the euro sign"
    );
    assert!(text(&m).contains("Müller a salué"));
}

#[test]
fn non_mail_files_are_refused() {
    let path = format!(
        "{}/tests/fixtures/documents/mail/not-mail.eml",
        env!("CARGO_MANIFEST_DIR")
    );
    let err = read_message(&std::fs::read(path).unwrap()).unwrap_err();
    assert!(err.starts_with("not an e-mail message"), "{err}");
    for junk in [
        &b""[..],
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
        b"{\"title\": \"x\", \"date\": \"2026-03-03\"}",
        b"Note: buy milk\n",
        b"\x00\x01\x02\x03",
    ] {
        assert!(read_message(junk).is_err(), "{junk:?}");
    }
}

#[test]
fn subject_prefixes_are_stripped_repeatedly() {
    assert_eq!(strip_subject("Re: Fwd: AW: WG: TR: Talks"), "Talks");
    assert_eq!(
        strip_subject("RE : [list] Re[3]: [PATCH] Talks  resume"),
        "Talks resume"
    );
    assert_eq!(strip_subject("SV: Antw: VS: Talks"), "Talks");
    assert_eq!(strip_subject("[Only a tag]"), "[Only a tag]");
    assert_eq!(
        strip_subject("Reuters: talks resume"),
        "Reuters: talks resume"
    );
    assert_eq!(strip_subject("Trade: tariffs rise"), "Trade: tariffs rise");
}

#[test]
fn source_falls_back_to_sender_domain() {
    let m = read_message(
        b"From: desk@wire.example.com\nSubject: x\nDate: Tue, 3 Mar 2026 10:00:00 +0000\n\nhi\n",
    )
    .unwrap();
    assert_eq!(m.source.as_deref(), Some("wire.example.com"));
    assert_eq!(m.authors, ["desk"]);
    let m = read_message(b"From: a@b.example\nList-Id: <wire.lists.example>\nSubject: x\n\nhi\n")
        .unwrap();
    assert_eq!(m.source.as_deref(), Some("wire.lists.example"));
}

#[test]
fn obsolete_and_odd_dates() {
    for (raw, day, offset) in [
        ("Wed, 9 Jan 2002 19:47:50 MST", "2002-01-09", -7),
        ("Sun, 31 May 2009 22:30:49 -0700 (PDT)", "2009-05-31", -7),
        ("Fri Mar 10 2006 13:40:00 GMT+0100", "2006-03-10", 1),
    ] {
        let msg = format!("From: a@b.example\nDate: {raw}\nSubject: x\n\nhi\n");
        let d = read_message(msg.as_bytes()).unwrap().date.expect(raw);
        assert_eq!(d.format("%Y-%m-%d").to_string(), day, "{raw}");
        assert_eq!(d.offset().local_minus_utc(), offset * 3600, "{raw}");
    }
    let m = read_message(b"From: a@b.example\nDate: someday soon\n\nhi\n").unwrap();
    assert_eq!(m.date, None);
}

#[test]
fn nested_message_is_an_attachment_and_depth_is_bounded() {
    let inner = "From: b@c.example\nSubject: inner\n\nInner text.\n";
    let outer = format!(
        "From: a@b.example\nSubject: outer\nContent-Type: multipart/mixed; boundary=x\n\n--x\nContent-Type: text/plain\n\nSee below.\n--x\nContent-Type: message/rfc822\n\n{inner}\n--x--\n"
    );
    let m = read_message(outer.as_bytes()).unwrap();
    assert_eq!(m.attachments.len(), 1);
    assert_eq!(m.attachments[0].content_type, "message/rfc822");
    assert!(String::from_utf8_lossy(&m.attachments[0].bytes).contains("Subject: inner"));
    assert_eq!(text(&m).trim(), "See below.");

    // 5,000 nested multiparts and 200 nested messages: no stack overflow, no panic.
    let mut bomb = String::from("From: a@b.example\nSubject: bomb\n");
    for i in 0..5000 {
        bomb.push_str(&format!(
            "Content-Type: multipart/mixed; boundary=b{i}\n\n--b{i}\n"
        ));
    }
    bomb.push_str("Content-Type: text/plain\n\ndeep\n");
    assert!(read_message(bomb.as_bytes()).is_ok());
    let mut nested = String::from("From: a@b.example\nSubject: n\n\nx\n");
    for _ in 0..200 {
        nested = format!("From: a@b.example\nSubject: n\nContent-Type: message/rfc822\n\n{nested}");
    }
    let m = read_message(nested.as_bytes()).unwrap();
    assert!(m.attachments.len() <= MAX_DEPTH);
}

#[test]
fn truncated_and_mangled_messages_do_not_fail_hard() {
    let path = format!(
        "{}/tests/fixtures/documents/mail/attachment.eml",
        env!("CARGO_MANIFEST_DIR")
    );
    let full = std::fs::read(path).unwrap();
    for cut in (1..full.len()).step_by(7) {
        let _ = read_message(&full[..cut]);
    }
    let mut flipped = full.clone();
    for i in (0..flipped.len()).step_by(13) {
        flipped[i] ^= 0x5a;
    }
    let _ = read_message(&flipped);
    let huge_header = format!("Subject: {}\nFrom: a@b.example\n\nx", "y".repeat(1 << 20));
    assert!(read_message(huge_header.as_bytes()).is_ok());
}

#[test]
fn clean_text_variants() {
    let de = "Danke für den Bericht.\n\nAm 3. März 2026 schrieb Ana Ruiz <ana@example.org>:\n> Die Minister trafen sich.\n";
    assert_eq!(clean_text_body(de), "Danke für den Bericht.");
    let fr = "Merci.\n\nLe mar. 3 mars 2026, Ana a écrit :\n> Les ministres.\n";
    assert_eq!(clean_text_body(fr), "Merci.");
    let outlook = "Agreed.\n\n-----Original Message-----\nFrom: Ana\nSent: Tuesday\nSubject: talks\n\nOld text.\n";
    assert_eq!(clean_text_body(outlook), "Agreed.");
    let body = "Line one of the news.\nLine two of the news.\nLine three of the news.\n";
    let nl =
        format!("{body}\nU ontvangt deze nieuwsbrief omdat u zich heeft aangemeld. Afmelden\n");
    assert_eq!(clean_text_body(&nl), body.trim_end());
    let de_footer = format!("{body}\n___________\nNewsletter abbestellen: https://x.example\n");
    assert_eq!(clean_text_body(&de_footer), body.trim_end());
    // "unsubscribe" early in an article is content, not a footer.
    let early = "Why readers unsubscribe from news.\nA long paragraph follows here.\nAnd another one.\nAnd a third line.\n";
    assert_eq!(clean_text_body(early), early.trim_end());
}
