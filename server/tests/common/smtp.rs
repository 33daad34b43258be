//! A real SMTP server for tests that send mail: the `server smtp-sink` binary on a loopback
//! port, writing what it receives to a temporary directory that the test reads back.
//!
//! ```ignore
//! let sink = SmtpSink::start();
//! // point the app's mailer at sink.url(), send …
//! let got = sink.wait_for(1, Duration::from_secs(10)).await;
//! assert_eq!(got[0].rcpt_to, ["ann@example.test"]);
//! ```

use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const STARTUP_TIMEOUT: Duration = Duration::from_secs(20);
const READY_PREFIX: &str = "smtp-sink listening on ";

/// A running (or stopped) `server smtp-sink` process.
pub struct SmtpSink {
    pub addr: SocketAddr,
    pub dir: PathBuf,
    child: Child,
    /// Whether `child` has been killed and reaped.
    stopped: bool,
    _tmp: Option<tempfile::TempDir>,
}

/// One message the sink received.
#[derive(Debug, Clone, PartialEq)]
pub struct Received {
    pub mail_from: String,
    pub rcpt_to: Vec<String>,
    /// The message exactly as sent (headers and body, CRLF line ends).
    pub raw: Vec<u8>,
}

impl Received {
    /// The raw message as text (lossy), for `contains` checks.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.raw).into_owned()
    }
}

impl SmtpSink {
    /// A sink on a free loopback port, writing to a fresh temporary directory.
    pub fn start() -> SmtpSink {
        let tmp = tempfile::tempdir().expect("temp dir for the smtp sink");
        let mut sink = SmtpSink::start_at("127.0.0.1:0".parse().expect("addr"), tmp.path().into());
        sink._tmp = Some(tmp);
        sink
    }

    /// A sink on `addr` writing to `dir`: after [`SmtpSink::stop`], this brings one back on the
    /// same port and directory (the earlier sink still owns its temporary directory, so keep it
    /// alive, or use [`SmtpSink::restart`]).
    pub fn start_at(addr: SocketAddr, dir: PathBuf) -> SmtpSink {
        let (child, addr) = spawn(addr, &dir);
        SmtpSink {
            addr,
            dir,
            child,
            stopped: false,
            _tmp: None,
        }
    }

    /// Stop (if running) and start again on the same port and directory.
    pub fn restart(&mut self) {
        self.stop();
        let (child, addr) = spawn(self.addr, &self.dir);
        assert_eq!(addr, self.addr, "the sink came back on another address");
        self.child = child;
        self.stopped = false;
    }

    /// Kill the process and wait for it: connections are refused until a restart.
    pub fn stop(&mut self) {
        if !self.stopped {
            let _ = self.child.kill();
            let _ = self.child.wait();
            self.stopped = true;
        }
    }

    /// `smtp://127.0.0.1:PORT`, for lettre's `AsyncSmtpTransport::from_url`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.addr.port())
    }

    /// Every message received so far, oldest first.
    pub fn messages(&self) -> Vec<Received> {
        read_messages(&self.dir)
    }

    /// Waits until at least `n` messages have arrived and returns them all; panics after
    /// `timeout`, saying what did arrive.
    pub async fn wait_for(&self, n: usize, timeout: Duration) -> Vec<Received> {
        let deadline = Instant::now() + timeout;
        loop {
            let messages = self.messages();
            if messages.len() >= n {
                return messages;
            }
            if Instant::now() >= deadline {
                panic!(
                    "waited {timeout:?} for {n} message(s) at the smtp sink, got {}: {messages:#?}",
                    messages.len()
                );
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Start `server smtp-sink` and read its bound address from the first stdout line.
fn spawn(addr: SocketAddr, dir: &Path) -> (Child, SocketAddr) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("smtp-sink")
        .arg("--listen")
        .arg(addr.to_string())
        .arg("--dir")
        .arg(dir)
        .env("LOG_LEVEL", "warn")
        // Serving's LISTEN_ADDR would otherwise be copied into this command's `--listen`
        // default by clap (explicit flags win anyway; belt and braces).
        .env_remove("LISTEN_ADDR")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start `server smtp-sink`");

    // Both pipes are drained for the life of the process so that it never blocks on a full
    // pipe; stderr is kept for the panic message.
    let stderr = Arc::new(Mutex::new(Vec::new()));
    let mut child_stderr = child.stderr.take().expect("stderr");
    let kept = Arc::clone(&stderr);
    let stderr_done = std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = child_stderr.read(&mut buf) {
            if n == 0 {
                break;
            }
            kept.lock()
                .expect("stderr buffer")
                .extend_from_slice(&buf[..n]);
        }
    });
    let stdout = child.stdout.take().expect("stdout");
    let (ready_tx, ready_rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut lines = BufReader::new(stdout).lines();
        for line in lines.by_ref().map_while(Result::ok) {
            if let Some(addr) = line.strip_prefix(READY_PREFIX) {
                let _ = ready_tx.send(addr.trim().to_owned());
                break;
            }
        }
        for _ in lines.map_while(Result::ok) {}
    });

    let ready = ready_rx.recv_timeout(STARTUP_TIMEOUT);
    match ready.map(|line| line.parse::<SocketAddr>()) {
        Ok(Ok(bound)) => (child, bound),
        failure => {
            let _ = child.kill();
            let status = child.wait();
            let _ = stderr_done.join();
            let stderr =
                String::from_utf8_lossy(&stderr.lock().expect("stderr buffer")).into_owned();
            panic!(
                "`server smtp-sink --listen {addr} --dir {}` did not start ({failure:?}, \
                 exit {status:?}); stderr:\n{stderr}",
                dir.display()
            );
        }
    }
}

/// The messages in `dir`, by file name (the sink names them by arrival time and count). An
/// `.eml` is renamed into place after its `.json`, so every `.eml` seen has its envelope.
fn read_messages(dir: &Path) -> Vec<Received> {
    let mut emls: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read the smtp sink's directory {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "eml"))
        .collect();
    emls.sort();
    emls.into_iter()
        .map(|eml| {
            let sidecar = eml.with_extension("json");
            let envelope: serde_json::Value = serde_json::from_slice(
                &std::fs::read(&sidecar)
                    .unwrap_or_else(|e| panic!("read {}: {e}", sidecar.display())),
            )
            .unwrap_or_else(|e| panic!("parse {}: {e}", sidecar.display()));
            let text = |v: &serde_json::Value| v.as_str().expect("a string").to_owned();
            Received {
                mail_from: text(&envelope["mail_from"]),
                rcpt_to: envelope["rcpt_to"]
                    .as_array()
                    .expect("rcpt_to is a list")
                    .iter()
                    .map(text)
                    .collect(),
                raw: std::fs::read(&eml).unwrap_or_else(|e| panic!("read {}: {e}", eml.display())),
            }
        })
        .collect()
}
