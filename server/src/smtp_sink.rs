//! A local SMTP server that writes every message it receives to a directory: the outbox a
//! developer reads during `make run` (`server smtp-sink`), and the real mail server the test
//! harness points our outgoing mail at. Not a relay: it accepts any sender and recipient, never
//! forwards anything, and speaks plaintext SMTP without AUTH or STARTTLS, so bind it to
//! loopback only.
//!
//! Each accepted message becomes two files in the directory: `<unix-millis>-<counter>.json`
//! (the envelope: `mail_from`, `rcpt_to`, `received_at`) and `<same>.eml` (the DATA bytes after
//! dot-unstuffing, CRLF line ends kept). Both are written to a temporary name, synced and
//! renamed, the `.json` first, so a reader that sees an `.eml` sees a complete pair.

use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use anyhow::Context as _;
use serde::Serialize;
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// The largest message accepted (advertised as `SIZE`).
pub const MAX_MESSAGE_BYTES: usize = 25 * 1024 * 1024;
/// The longest command line, CRLF included. RFC 5321 asks for at least 512; we are generous.
const MAX_LINE_BYTES: usize = 4096;
/// Recipients per message (RFC 5321 asks servers to take at least 100).
const MAX_RECIPIENTS: usize = 100;
/// A connection silent for this long is closed.
const IDLE_TIMEOUT: Duration = Duration::from_secs(5 * 60);
/// The name the sink gives itself in its greeting and EHLO reply.
const HOSTNAME: &str = "localhost";

/// `server smtp-sink`: create `dir`, bind `listen`, print `smtp-sink listening on ADDR` (the
/// bound address, so port 0 works) as the first line on stdout, then serve until Ctrl-C.
pub async fn run(listen: &str, dir: PathBuf) -> anyhow::Result<()> {
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("could not create the outbox {}", dir.display()))?;
    let listener = TcpListener::bind(listen)
        .await
        .with_context(|| format!("could not listen on {listen}"))?;
    let addr = listener.local_addr()?;
    {
        // The test harness reads this line to learn the port: print it before anything else
        // and flush, because stdout is a pipe there (block-buffered).
        let mut out = io::stdout().lock();
        writeln!(out, "smtp-sink listening on {addr}")?;
        out.flush()?;
    }
    tracing::info!(%addr, dir = %dir.display(), "smtp-sink: writing received mail to the outbox");
    tokio::select! {
        result = serve(listener, dir) => result,
        signal = tokio::signal::ctrl_c() => {
            signal.context("could not listen for Ctrl-C")?;
            tracing::info!("smtp-sink: stopped");
            Ok(())
        }
    }
}

/// Accept connections on `listener` for as long as the task runs (accept errors are logged and
/// retried), one task per connection, writing every accepted message to `dir` (which must
/// exist).
pub async fn serve(listener: TcpListener, dir: PathBuf) -> anyhow::Result<()> {
    serve_with_limit(listener, dir, MAX_MESSAGE_BYTES).await
}

/// [`serve`] with a given message size limit (tests use a small one).
async fn serve_with_limit(
    listener: TcpListener,
    dir: PathBuf,
    max_message_bytes: usize,
) -> anyhow::Result<()> {
    let outbox = Arc::new(Outbox {
        dir,
        counter: AtomicU64::new(0),
        max_message_bytes,
    });
    loop {
        match listener.accept().await {
            Ok((stream, peer)) => {
                let outbox = Arc::clone(&outbox);
                tokio::spawn(async move {
                    if let Err(e) = session(stream, &outbox).await {
                        tracing::debug!(%peer, error = %e, "smtp-sink: connection ended");
                    }
                });
            }
            Err(e) => {
                // Usually transient (a client that gave up, or out of file descriptors): wait
                // a moment rather than spin, and keep serving.
                tracing::warn!(error = %e, "smtp-sink: accept failed");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
}

/// Where messages go, shared by every connection.
struct Outbox {
    dir: PathBuf,
    counter: AtomicU64,
    max_message_bytes: usize,
}

/// The sidecar written next to each message.
#[derive(Serialize)]
struct Envelope<'a> {
    mail_from: &'a str,
    rcpt_to: &'a [String],
    received_at: String,
}

impl Outbox {
    /// Writes the pair and returns its name (the file stem).
    async fn store(
        &self,
        mail_from: &str,
        rcpt_to: &[String],
        data: Vec<u8>,
    ) -> io::Result<String> {
        let now = chrono::Utc::now();
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        // Zero-padded so that sorting by file name is sorting by arrival.
        let name = format!("{:013}-{n:06}", now.timestamp_millis());
        let envelope = serde_json::to_vec_pretty(&Envelope {
            mail_from,
            rcpt_to,
            received_at: now.to_rfc3339(),
        })
        .map_err(io::Error::other)?;
        let dir = self.dir.clone();
        let stem = name.clone();
        tokio::task::spawn_blocking(move || {
            write_atomically(&dir, &format!("{stem}.json"), &envelope)?;
            write_atomically(&dir, &format!("{stem}.eml"), &data)?;
            sync_dir(&dir)
        })
        .await
        .map_err(io::Error::other)??;
        Ok(name)
    }
}

/// Write to a hidden temporary file, sync it, then rename it into place.
fn write_atomically(dir: &Path, file_name: &str, bytes: &[u8]) -> io::Result<()> {
    let tmp = dir.join(format!(".{file_name}.tmp"));
    let written = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, dir.join(file_name))
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// Make the renames durable too.
fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// What one bounded line read found.
#[derive(Debug, PartialEq)]
enum Line {
    /// A whole line, its LF (and CR) included, is in the buffer.
    Complete,
    /// The line was longer than allowed; it was read to its end and dropped.
    TooLong,
    /// The client closed the connection (any unfinished line is dropped).
    Closed,
}

/// Read one line into `buf` (cleared first), at most `max` bytes including its end; a longer
/// line is read to its end and discarded so that memory stays bounded.
async fn read_line<R: AsyncBufRead + Unpin>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    max: usize,
) -> io::Result<Line> {
    buf.clear();
    let mut too_long = false;
    loop {
        let available = reader.fill_buf().await?;
        if available.is_empty() {
            return Ok(Line::Closed);
        }
        let (taken, complete) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        if !too_long && buf.len() + taken <= max {
            buf.extend_from_slice(&available[..taken]);
        } else {
            too_long = true;
            buf.clear();
        }
        reader.consume(taken);
        if complete {
            return Ok(if too_long {
                Line::TooLong
            } else {
                Line::Complete
            });
        }
    }
}

/// The mail transaction in progress.
#[derive(Default)]
struct Transaction {
    mail_from: Option<String>,
    rcpt_to: Vec<String>,
}

/// What the session does after a command.
enum Next {
    Continue,
    Data,
    Quit,
}

struct Session<'a, R, W> {
    reader: R,
    writer: W,
    outbox: &'a Outbox,
    greeted: bool,
    tx: Transaction,
    line: Vec<u8>,
}

async fn session(mut stream: TcpStream, outbox: &Outbox) -> io::Result<()> {
    let (reader, writer) = stream.split();
    let mut s = Session {
        reader: BufReader::new(reader),
        writer,
        outbox,
        greeted: false,
        tx: Transaction::default(),
        line: Vec::with_capacity(256),
    };
    s.run().await
}

impl<R: AsyncBufRead + Unpin, W: AsyncWrite + Unpin> Session<'_, R, W> {
    async fn run(&mut self) -> io::Result<()> {
        self.reply(&format!(
            "220 {HOSTNAME} ESMTP Caller Desk smtp-sink (not a relay)"
        ))
        .await?;
        loop {
            match self.read_line(MAX_LINE_BYTES).await? {
                None => return Ok(()),
                Some(Line::TooLong) => self.reply("500 5.5.2 Line too long").await?,
                Some(Line::Closed) => return Ok(()),
                Some(Line::Complete) => {
                    let command = String::from_utf8_lossy(trim_eol(&self.line)).into_owned();
                    match self.command(&command).await? {
                        Next::Continue => {}
                        Next::Quit => return Ok(()),
                        Next::Data => {
                            if !self.data().await? {
                                return Ok(());
                            }
                        }
                    }
                }
            }
        }
    }

    /// A line, or `None` after telling an idle client goodbye.
    async fn read_line(&mut self, max: usize) -> io::Result<Option<Line>> {
        match tokio::time::timeout(
            IDLE_TIMEOUT,
            read_line(&mut self.reader, &mut self.line, max),
        )
        .await
        {
            Ok(line) => line.map(Some),
            Err(_) => {
                self.reply("421 4.4.2 Idle for too long, closing the connection")
                    .await?;
                Ok(None)
            }
        }
    }

    async fn reply(&mut self, text: &str) -> io::Result<()> {
        self.writer.write_all(text.as_bytes()).await?;
        self.writer.write_all(b"\r\n").await?;
        self.writer.flush().await
    }

    async fn command(&mut self, line: &str) -> io::Result<Next> {
        let (verb, arg) = match line.split_once(' ') {
            Some((verb, arg)) => (verb, arg.trim()),
            None => (line, ""),
        };
        match verb.to_ascii_uppercase().as_str() {
            "EHLO" | "HELO" if arg.is_empty() => {
                self.reply(&format!("501 5.5.4 Syntax: {verb} hostname"))
                    .await?;
            }
            "EHLO" => {
                self.greeted = true;
                self.tx = Transaction::default();
                let size = self.outbox.max_message_bytes;
                self.reply(&format!(
                    "250-{HOSTNAME} Hello {arg}\r\n250-8BITMIME\r\n250-SIZE {size}\r\n\
                     250-SMTPUTF8\r\n250 PIPELINING"
                ))
                .await?;
            }
            "HELO" => {
                self.greeted = true;
                self.tx = Transaction::default();
                self.reply(&format!("250 {HOSTNAME} Hello {arg}")).await?;
            }
            "MAIL" => self.mail(arg).await?,
            "RCPT" => self.rcpt(arg).await?,
            "DATA" => {
                if !arg.is_empty() {
                    self.reply("501 5.5.4 Syntax: DATA").await?;
                } else if self.tx.mail_from.is_none() {
                    self.reply("503 5.5.1 Error: need MAIL command").await?;
                } else if self.tx.rcpt_to.is_empty() {
                    self.reply("503 5.5.1 Error: need RCPT command").await?;
                } else {
                    self.reply("354 End data with <CR><LF>.<CR><LF>").await?;
                    return Ok(Next::Data);
                }
            }
            "RSET" => {
                self.tx = Transaction::default();
                self.reply("250 2.0.0 Ok").await?;
            }
            "NOOP" => self.reply("250 2.0.0 Ok").await?,
            "VRFY" => {
                self.reply("252 2.5.0 Cannot VRFY user, but will accept the message")
                    .await?;
            }
            "QUIT" => {
                self.reply("221 2.0.0 Bye").await?;
                return Ok(Next::Quit);
            }
            "EXPN" | "HELP" | "STARTTLS" | "AUTH" | "BDAT" | "ETRN" | "TURN" => {
                self.reply("502 5.5.1 Command not implemented").await?;
            }
            _ => self.reply("500 5.5.2 Command not recognized").await?,
        }
        Ok(Next::Continue)
    }

    async fn mail(&mut self, arg: &str) -> io::Result<()> {
        if !self.greeted {
            return self.reply("503 5.5.1 Error: send EHLO or HELO first").await;
        }
        if self.tx.mail_from.is_some() {
            return self.reply("503 5.5.1 Error: nested MAIL command").await;
        }
        let Some((path, params)) = parse_path(arg, "FROM:") else {
            return self.reply("501 5.5.4 Syntax: MAIL FROM:<address>").await;
        };
        let declared_size = params.split_whitespace().find_map(|p| {
            let (key, value) = p.split_once('=')?;
            if key.eq_ignore_ascii_case("SIZE") {
                value.parse::<u64>().ok()
            } else {
                None
            }
        });
        if declared_size.is_some_and(|n| n > self.outbox.max_message_bytes as u64) {
            return self
                .reply("552 5.3.4 Message size exceeds fixed maximum message size")
                .await;
        }
        self.tx.mail_from = Some(path.to_owned());
        self.reply("250 2.1.0 Ok").await
    }

    async fn rcpt(&mut self, arg: &str) -> io::Result<()> {
        if self.tx.mail_from.is_none() {
            return self.reply("503 5.5.1 Error: need MAIL command").await;
        }
        let Some((path, _params)) = parse_path(arg, "TO:").filter(|(p, _)| !p.is_empty()) else {
            return self.reply("501 5.5.4 Syntax: RCPT TO:<address>").await;
        };
        if self.tx.rcpt_to.len() >= MAX_RECIPIENTS {
            return self.reply("452 4.5.3 Error: too many recipients").await;
        }
        self.tx.rcpt_to.push(path.to_owned());
        self.reply("250 2.1.5 Ok").await
    }

    /// Read the message up to `CRLF.CRLF` and store it. `false` when the client went away.
    async fn data(&mut self) -> io::Result<bool> {
        let limit = self.outbox.max_message_bytes;
        let mut body = Vec::new();
        let mut oversize = false;
        loop {
            // Allow one byte over the limit for a stuffed dot, and always room for ".\r\n".
            let max = if oversize {
                MAX_LINE_BYTES
            } else {
                (limit - body.len() + 1).max(3)
            };
            match self.read_line(max).await? {
                None | Some(Line::Closed) => return Ok(false),
                Some(Line::TooLong) => {
                    oversize = true;
                    body = Vec::new();
                }
                Some(Line::Complete) => {
                    if self.line == b".\r\n" {
                        break;
                    }
                    let content = self.line.strip_prefix(b".").unwrap_or(&self.line);
                    if oversize || body.len() + content.len() > limit {
                        oversize = true;
                        body = Vec::new();
                    } else {
                        body.extend_from_slice(content);
                    }
                }
            }
        }
        let tx = std::mem::take(&mut self.tx);
        if oversize {
            self.reply("552 5.3.4 Message size exceeds fixed maximum message size")
                .await?;
            return Ok(true);
        }
        let mail_from = tx.mail_from.unwrap_or_default();
        match self.outbox.store(&mail_from, &tx.rcpt_to, body).await {
            Ok(name) => {
                tracing::info!(
                    from = %mail_from,
                    to = %tx.rcpt_to.join(", "),
                    file = %self.outbox.dir.join(format!("{name}.eml")).display(),
                    "smtp-sink: message received"
                );
                self.reply(&format!("250 2.0.0 Ok: queued as {name}"))
                    .await?;
            }
            Err(e) => {
                tracing::error!(error = %e, dir = %self.outbox.dir.display(), "smtp-sink: could not store a message");
                self.reply("451 4.3.0 Error: could not store the message")
                    .await?;
            }
        }
        Ok(true)
    }
}

fn trim_eol(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// `FROM:<path> params` (or `TO:`), keyword case-insensitive, spaces after the colon and a
/// missing pair of angle brackets tolerated. A source route (`<@a,@b:user@c>`) is dropped.
fn parse_path<'a>(arg: &'a str, keyword: &str) -> Option<(&'a str, &'a str)> {
    let head = arg.get(..keyword.len())?;
    if !head.eq_ignore_ascii_case(keyword) {
        return None;
    }
    let rest = arg[keyword.len()..].trim_start();
    let (path, params) = match rest.strip_prefix('<') {
        Some(inner) => {
            let end = inner.find('>')?;
            (&inner[..end], &inner[end + 1..])
        }
        None if rest.is_empty() => return None,
        None => rest.split_once(' ').unwrap_or((rest, "")),
    };
    let path = match path.strip_prefix('@') {
        Some(routed) => routed.split_once(':')?.1,
        None => path,
    };
    if path.contains(['<', '>', ' ']) {
        return None;
    }
    Some((path, params.trim()))
}

#[cfg(test)]
mod tests;
