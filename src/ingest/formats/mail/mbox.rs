//! Streaming mbox reader: yields each message's raw bytes with the `From ` separator line
//! removed and `>From ` unescaped, holding one message at a time, so a 200 MB archive costs the
//! memory of its largest message (measured: see REPORT.md), never the whole file.
//!
//! A separator is a line starting with `From ` at the start of the file or after an empty
//! line, whose rest has a time of day (`hh:mm`): mboxo writers leave a body's "From here on..."
//! unescaped, and the blank line plus the timestamp keep it from splitting the message.
//! Unescaping follows mboxrd (`>>From ` becomes `>From `), which for mboxo files does what
//! their writer meant in all but the rare body line that really began with ">From ".

use std::io::{self, BufRead, Read};

/// A message over 256 MiB is reported as an error and skipped: the reader must stay bounded
/// even on a file that is one endless message.
pub const MAX_MBOX_MESSAGE: usize = 256 << 20;

pub struct Mbox<R: BufRead> {
    reader: R,
    /// The separator line seen at the end of the previous message was consumed; the next
    /// message's bytes start right after it.
    started: bool,
    done: bool,
    line: Vec<u8>,
}

impl<R: BufRead> Mbox<R> {
    pub fn new(reader: R) -> Self {
        Mbox {
            reader,
            started: false,
            done: false,
            line: Vec::with_capacity(256),
        }
    }

    /// Reads one line (with its `\n`) into `self.line`, at most `limit` bytes; Ok(false) at EOF.
    fn read_line(&mut self, limit: usize) -> io::Result<bool> {
        self.line.clear();
        let n = (&mut self.reader)
            .take(limit as u64 + 1)
            .read_until(b'\n', &mut self.line)?;
        Ok(n > 0)
    }

    /// Skips blank lines before the first separator; an mbox must then begin with `From `.
    fn start(&mut self) -> io::Result<()> {
        loop {
            if !self.read_line(64 << 10)? {
                return Err(not_mbox());
            }
            if self.line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            if self.line.starts_with(b"From ") {
                self.started = true;
                return Ok(());
            }
            return Err(not_mbox());
        }
    }

    fn next_message(&mut self) -> io::Result<Option<Vec<u8>>> {
        let mut msg = Vec::new();
        let mut prev_blank = false;
        let mut too_big = false;
        loop {
            let room = MAX_MBOX_MESSAGE.saturating_sub(msg.len()).max(1);
            if !self.read_line(room)? {
                self.done = true;
                break;
            }
            if prev_blank && is_separator(&self.line) {
                // The blank line before a separator belongs to the separator, not the message.
                strip_final_newline(&mut msg);
                break;
            }
            prev_blank = self.line == b"\n" || self.line == b"\r\n";
            if too_big {
                continue;
            }
            if msg.len() + self.line.len() > MAX_MBOX_MESSAGE {
                too_big = true;
                msg = Vec::new();
                continue;
            }
            msg.extend_from_slice(unescape(&self.line));
        }
        if too_big {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("mbox message over {} MiB skipped", MAX_MBOX_MESSAGE >> 20),
            ));
        }
        // A file that ends right after a separator has no message there.
        if msg.is_empty() && self.done {
            return Ok(None);
        }
        Ok(Some(msg))
    }
}

impl<R: BufRead> Iterator for Mbox<R> {
    type Item = io::Result<Vec<u8>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        if !self.started {
            if let Err(e) = self.start() {
                self.done = true;
                return Some(Err(e));
            }
        }
        match self.next_message() {
            Ok(Some(m)) => Some(Ok(m)),
            Ok(None) => None,
            Err(e) if e.kind() == io::ErrorKind::InvalidData => Some(Err(e)),
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

fn not_mbox() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, "not an mbox")
}

/// `From sender date`, where date holds a time like 21:29:28.
fn is_separator(line: &[u8]) -> bool {
    line.starts_with(b"From ")
        && line
            .windows(3)
            .any(|w| w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit())
}

/// `>From `, `>>From `...: one `>` less (mboxrd).
fn unescape(line: &[u8]) -> &[u8] {
    let quotes = line.iter().take_while(|&&b| b == b'>').count();
    if quotes > 0 && line[quotes..].starts_with(b"From ") {
        &line[1..]
    } else {
        line
    }
}

fn strip_final_newline(msg: &mut Vec<u8>) {
    if msg.ends_with(b"\r\n") {
        msg.truncate(msg.len() - 2);
    } else if msg.ends_with(b"\n") {
        msg.truncate(msg.len() - 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn all(input: &[u8]) -> Vec<io::Result<Vec<u8>>> {
        Mbox::new(Cursor::new(input.to_vec())).collect()
    }

    #[test]
    fn splits_three_messages_and_unescapes_from() {
        let msgs: Vec<Vec<u8>> = all(include_bytes!(
            "../../../../tests/fixtures/documents/mail/three.mbox"
        ))
        .into_iter()
        .map(Result::unwrap)
        .collect();
        assert_eq!(msgs.len(), 3);
        let second = String::from_utf8(msgs[1].clone()).unwrap();
        assert!(second.starts_with("From: Harbour Policy Briefing"));
        assert!(second.contains("\nFrom the joint statement:"));
        assert!(second.contains("\n>From a quoted quote."));
        assert!(!second.ends_with("\n\n"), "separator's blank line kept");
        // "From Tallinn, ..." after a blank line has no time of day: it stays in the body.
        let third = String::from_utf8(msgs[2].clone()).unwrap();
        assert!(third.contains("From Tallinn, the delegations"));
    }

    #[test]
    fn not_an_mbox() {
        let r = all(b"Subject: hello\n\nbody\n");
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].as_ref().unwrap_err().to_string(), "not an mbox");
        assert_eq!(all(b"").len(), 1);
        assert!(all(b"\n\n\x00\xff garbage").into_iter().all(|r| r.is_err()));
    }

    #[test]
    fn crlf_and_trailing_separator() {
        let input = b"From a@b Mon Jan  1 00:00:00 2024\r\nSubject: x\r\n\r\nbody\r\n\r\nFrom a@b Mon Jan  1 00:00:01 2024\r\n";
        let msgs: Vec<Vec<u8>> = all(input).into_iter().map(Result::unwrap).collect();
        assert_eq!(msgs, vec![b"Subject: x\r\n\r\nbody\r\n".to_vec()]);
    }

    #[test]
    fn streams_without_reading_ahead() {
        // A reader that fails after the first message proves the iterator yields before EOF.
        struct Failing(Cursor<Vec<u8>>);
        impl Read for Failing {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                match self.0.read(buf)? {
                    0 => Err(io::Error::other("disk gone")),
                    n => Ok(n),
                }
            }
        }
        let first = b"From a@b Mon Jan  1 00:00:00 2024\nSubject: one\n\nbody\n\nFrom a@b Mon Jan  1 00:00:01 2024\nSubject: two\n".to_vec();
        let mut mbox = Mbox::new(io::BufReader::with_capacity(
            16,
            Failing(Cursor::new(first)),
        ));
        assert_eq!(mbox.next().unwrap().unwrap(), b"Subject: one\n\nbody\n");
        assert_eq!(mbox.next().unwrap().unwrap_err().to_string(), "disk gone");
        assert!(mbox.next().is_none());
    }
}
