//! Tests of `warc.rs`: the fixtures of `fixtures/make.py` (invented news pages) and records built
//! in code for the hostile cases.

use std::io::{Cursor, Write};
use std::path::PathBuf;

use super::*;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/documents/warc")
        .join(name)
}

fn read_all(bytes: Vec<u8>) -> Vec<Result<Item, String>> {
    from_reader(Cursor::new(bytes)).expect("sniff").collect()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

/// One WARC record with `block` as its content.
fn rec(warc_type: &str, extra: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.1\r\nWARC-Type: {warc_type}\r\nWARC-Date: 2024-03-15T10:00:00Z\r\n{extra}\
         Content-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn page(headers: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 200 OK\r\n{headers}\r\n").into_bytes();
    out.extend_from_slice(body);
    out
}

fn captures(items: &[Result<Item, String>]) -> Vec<&Capture> {
    items
        .iter()
        .filter_map(|i| match i {
            Ok(Item::Capture(c)) => Some(c),
            _ => None,
        })
        .collect()
}

/// What every form of the sample fixture must give.
fn check_sample(items: &[Result<Item, String>]) {
    assert_eq!(items.len(), 4, "{items:?}");
    let Ok(Item::Capture(first)) = &items[0] else {
        panic!("{:?}", items[0])
    };
    assert_eq!(first.index, 2);
    assert_eq!(
        first.target_uri.as_deref(),
        Some("https://news.example.org/2024/03/14/water-commission")
    );
    assert_eq!(
        first.date.unwrap().to_rfc3339(),
        "2024-03-15T10:00:00+00:00"
    );
    assert_eq!(first.status, 200);
    assert_eq!(
        first.content_type.as_deref(),
        Some("text/html; charset=utf-8")
    );
    let html = String::from_utf8(first.payload.clone()).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("Tessin river basin"));
    assert!(html.trim_end().ends_with("</html>"));

    assert_eq!(
        items[1],
        Ok(Item::Skipped {
            index: 3,
            reason: "HTTP status 301".into()
        })
    );
    // Chunked and gzipped on the wire: both undone.
    let Ok(Item::Capture(second)) = &items[2] else {
        panic!("{:?}", items[2])
    };
    assert_eq!(second.index, 5);
    let html = String::from_utf8(second.payload.clone()).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"), "{html:.60}");
    assert!(html.contains("Envoys resume border talks") && html.trim_end().ends_with("</html>"));

    let Ok(Item::Capture(pdf)) = &items[3] else {
        panic!("{:?}", items[3])
    };
    assert_eq!(
        (pdf.index, pdf.content_type.as_deref()),
        (6, Some("application/pdf"))
    );
    assert!(pdf.payload.starts_with(b"%PDF-1.4") && pdf.payload.ends_with(b"%%EOF\n"));
}

#[test]
fn plain_fixture() {
    let items: Vec<_> = open(&fixture("sample.warc")).unwrap().collect();
    check_sample(&items);
}

#[test]
fn gzip_member_per_record_fixture() {
    let items: Vec<_> = open(&fixture("sample.warc.gz")).unwrap().collect();
    check_sample(&items);
}

#[test]
fn whole_file_gzip_reads_the_same() {
    let plain = std::fs::read(fixture("sample.warc")).unwrap();
    check_sample(&read_all(gzip(&plain)));
}

#[test]
fn truncated_gzip_fixture_ends_with_an_error() {
    let items: Vec<_> = open(&fixture("truncated.warc.gz")).unwrap().collect();
    assert_eq!(items.len(), 4, "{items:?}");
    assert_eq!(captures(&items).len(), 2);
    assert_eq!(items[3], Err("truncated WARC record at record 6".into()));
}

#[test]
fn plain_file_cut_inside_a_block_is_truncated() {
    let plain = std::fs::read(fixture("sample.warc")).unwrap();
    let pdf_at = plain.windows(8).position(|w| w == b"%PDF-1.4").unwrap();
    let items = read_all(plain[..pdf_at + 100].to_vec());
    assert_eq!(
        items.last(),
        Some(&Err("truncated WARC record at record 6".into()))
    );
    // Cut inside a header, too.
    let items = read_all(plain[..pdf_at - 300].to_vec());
    assert_eq!(
        items.last(),
        Some(&Err("truncated WARC record at record 6".into()))
    );
}

#[test]
fn content_length_past_the_end_is_truncated_without_allocating_it() {
    let mut bytes = rec("warcinfo", "", b"x");
    bytes.extend_from_slice(
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 900000000000000\r\n\r\nHTTP/1.1 200 OK\r\n",
    );
    assert_eq!(
        read_all(bytes),
        vec![Err("truncated WARC record at record 1".into())]
    );
}

#[test]
fn garbage_is_not_a_warc() {
    let not_warc = |items: Vec<Result<Item, String>>| {
        assert_eq!(items.len(), 1, "{items:?}");
        assert!(
            items[0]
                .as_ref()
                .unwrap_err()
                .starts_with("not a WARC file"),
            "{items:?}"
        );
    };
    not_warc(read_all(b"<html><body>hello</body></html>\n".to_vec()));
    not_warc(read_all(Vec::new()));
    // A megabyte with no line break stops at the 64 KiB line cap.
    not_warc(read_all(vec![b'a'; 1 << 20]));
    // Pseudo-random bytes, plain and gzipped.
    let mut x = 12345u32;
    let noise: Vec<u8> = (0..100_000)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (x >> 16) as u8
        })
        .collect();
    not_warc(read_all(noise.clone()));
    not_warc(read_all(gzip(&noise)));
}

#[test]
fn junk_between_records_stops_with_an_error() {
    let mut bytes = rec(
        "resource",
        "Content-Type: text/plain\r\n",
        b"Statement text.",
    );
    bytes.extend_from_slice(b"this is not a record\r\n");
    let items = read_all(bytes);
    assert_eq!(captures(&items)[0].payload, b"Statement text.");
    assert!(items[1]
        .as_ref()
        .unwrap_err()
        .starts_with("malformed WARC record at record 1"));
}

#[test]
fn corrupt_gzip_is_an_error_not_a_panic() {
    let mut gz = std::fs::read(fixture("sample.warc.gz")).unwrap();
    let mid = gz.len() / 2;
    for b in &mut gz[mid..mid + 40] {
        *b ^= 0x5a;
    }
    let items = read_all(gz);
    assert!(items.last().unwrap().is_err(), "{items:?}");
}

#[test]
fn payload_cap_skips_and_reads_on() {
    let plain = std::fs::read(fixture("sample.warc")).unwrap();
    let items: Vec<_> = from_reader(Cursor::new(plain))
        .unwrap()
        .with_max_payload(200)
        .collect();
    let reasons: Vec<_> = items
        .iter()
        .map(|i| match i {
            Ok(Item::Skipped { index, reason }) => format!("{index} {reason}"),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(
        reasons,
        [
            "2 body over 200 bytes",
            "3 HTTP status 301",
            "5 body over 200 bytes",
            "6 body over 200 bytes"
        ]
    );
}

#[test]
fn gzip_bomb_is_skipped() {
    let bomb = gzip(&vec![0u8; 8 << 20]);
    let block = page(
        "Content-Type: text/html\r\nContent-Encoding: gzip\r\n",
        &bomb,
    );
    let mut bytes = rec("response", "", &block);
    bytes.extend(rec("resource", "Content-Type: text/plain\r\n", b"after"));
    let items: Vec<_> = from_reader(Cursor::new(bytes))
        .unwrap()
        .with_max_payload(1 << 20)
        .collect();
    assert_eq!(
        items[0],
        Ok(Item::Skipped {
            index: 0,
            reason: "decompressed body over 1 MiB".into()
        })
    );
    assert_eq!(captures(&items)[0].payload, b"after");
}

#[test]
fn writer_quirks() {
    // Status line without "HTTP/1.1", wget's <uri>, LF-only lines, no Z on the date.
    let block = b"200 OK\nContent-Type: text/html\n\n<title>Talks</title>".to_vec();
    let bytes = format!(
        "WARC/1.0\nWARC-Type: response\nWARC-Target-URI: <http://example.org/a>\n\
         WARC-Date: 2013-04-17T09:31:10\nContent-Length: {}\n\n",
        block.len()
    );
    let mut bytes = bytes.into_bytes();
    bytes.extend(&block);
    bytes.extend(b"\n\n");
    let items = read_all(bytes);
    let c = captures(&items)[0];
    assert_eq!(c.target_uri.as_deref(), Some("http://example.org/a"));
    assert_eq!(c.date.unwrap().to_rfc3339(), "2013-04-17T09:31:10+00:00");
    assert_eq!(c.payload, b"<title>Talks</title>");
}

#[test]
fn resource_records_and_types() {
    let mut bytes = rec("resource", "Content-Type: text/plain\r\n", b"plain note");
    bytes.extend(rec("resource", "Content-Type: image/png\r\n", b"\x89PNG"));
    bytes.extend(rec(
        "response",
        "",
        &page("Content-Type: image/jpeg\r\n", b"\xff\xd8"),
    ));
    bytes.extend(rec(
        "response",
        "",
        &page("Content-Type: application/rss+xml\r\n", b"<rss/>"),
    ));
    let dns = b"20240315100000\nexample.org. 300 IN A 192.0.2.1";
    bytes.extend(rec("response", "Content-Type: text/dns\r\n", dns));
    let items = read_all(bytes);
    assert_eq!(
        items[4],
        Ok(Item::Skipped {
            index: 4,
            reason: "not an HTTP response (text/dns)".into()
        })
    );
    assert_eq!(
        captures(&items).iter().map(|c| c.index).collect::<Vec<_>>(),
        [0, 3]
    );
    assert_eq!(captures(&items)[0].status, 200);
    assert_eq!(
        items[1],
        Ok(Item::Skipped {
            index: 1,
            reason: "content type image/png".into()
        })
    );
    assert_eq!(
        items[2],
        Ok(Item::Skipped {
            index: 2,
            reason: "content type image/jpeg".into()
        })
    );
}

#[test]
fn no_prefix_or_flip_panics_or_hangs() {
    // Every prefix of both fixtures, and each byte flipped in turn: the reader must end with at
    // most one error, last.
    for name in ["sample.warc", "sample.warc.gz"] {
        let bytes = std::fs::read(fixture(name)).unwrap();
        for cut in 0..bytes.len() {
            let items = read_all(bytes[..cut].to_vec());
            assert!(
                items.iter().rev().skip(1).all(Result::is_ok),
                "{name} cut at {cut}"
            );
        }
        for at in 0..bytes.len() {
            let mut flipped = bytes.clone();
            flipped[at] ^= 0xff;
            let items = read_all(flipped);
            assert!(items.len() <= 8, "{name} flipped at {at}");
        }
    }
}

#[test]
fn http_helpers() {
    use super::super::http::{dechunk, decode};
    assert_eq!(
        dechunk(b"5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n").unwrap(),
        b"hello world"
    );
    assert_eq!(dechunk(b"<html>not chunked</html>"), None);
    assert_eq!(dechunk(b"a\r\nhello").unwrap(), b"hello"); // cut inside a chunk
                                                           // A body the crawler stored decoded keeps its bytes whatever the header says.
    assert_eq!(
        decode(b"<p>x</p>".to_vec(), Some("gzip"), 100).unwrap(),
        b"<p>x</p>"
    );
    assert!(decode(b"abc".to_vec(), Some("br"), 100).is_err());
    let deflated = {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        z.write_all(b"deflated body").unwrap();
        z.finish().unwrap()
    };
    assert_eq!(
        decode(deflated, Some("deflate"), 100).unwrap(),
        b"deflated body"
    );
}
