//! A 1 MB paste through a real pseudo-terminal, the whole program included: the wizard (release
//! build) is started on a PTY with the test questionnaire, taken to its long answer, and sent a
//! 1 MB bracketed paste (`ESC [ 200 ~ ... ESC [ 201 ~`, line breaks as carriage returns, as a
//! terminal sends it). Timed from the first byte of the paste to the moment the draft on disk
//! holds its last line. Prints each run and the minimum, median and maximum.
//!
//! Run with `cargo build --release && cargo run --release --example paste_pty [RUNS]`.
//! Target (PRODUCT.md): a 1 MB paste taken and durably saved within 1 s.

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use expectrl::Expect;

const LINE: &str = "We met every fortnight; people with lived experience chaired it. Café, 漢字.";

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bin = root.join("target/release/ndti-respond");
    assert!(
        bin.is_file(),
        "build it first: cargo build --release ({} is missing)",
        bin.display()
    );
    let questions = root.join("tests/fixtures/tiny.toml");
    let mut body = String::new();
    let mut n = 0;
    while body.len() < 1_000_000 {
        body.push_str(&format!("{n:06} {LINE}\r"));
        n += 1;
    }
    body.push_str("END-OF-PASTE");
    let paste = format!("\x1b[200~{body}\x1b[201~");
    println!(
        "paste: {} bytes, {} lines",
        paste.len(),
        body.matches('\r').count() + 1
    );
    let mut times = Vec::new();
    for run in 1..=runs {
        let work = tempfile::tempdir().unwrap();
        let data = work.path().join("drafts");
        let mut cmd = Command::new("sh");
        cmd.arg("-c")
            .arg("stty cols 80 rows 24 && exec \"$0\" \"$@\"")
            .arg(&bin)
            .arg("--questions")
            .arg(&questions)
            .arg("--data-dir")
            .arg(&data)
            .arg("new")
            .env("TERM", "xterm-256color")
            .current_dir(work.path());
        let mut session = expectrl::Session::spawn(cmd).unwrap();
        let mut sink = [0u8; 65536];
        let mut seen = Vec::new();
        let mut wait_for = |session: &mut expectrl::session::OsSession, text: &str| {
            let start = Instant::now();
            while !String::from_utf8_lossy(&seen).contains(text) {
                if let Ok(n) = session.try_read(&mut sink) {
                    seen.extend_from_slice(&sink[..n]);
                }
                assert!(start.elapsed() < Duration::from_secs(20), "no {text:?}");
                std::thread::sleep(Duration::from_millis(5));
            }
            seen.clear();
        };
        wait_for(&mut session, "begin");
        session.send("\r").unwrap();
        wait_for(&mut session, "Your name");
        session.send("Jo").unwrap();
        std::thread::sleep(Duration::from_millis(50));
        session.send("\r").unwrap();
        wait_for(&mut session, "happened");
        std::thread::sleep(Duration::from_millis(200));
        let start = Instant::now();
        for chunk in paste.as_bytes().chunks(4096) {
            while session.try_read(&mut sink).is_ok_and(|n| n > 0) {}
            session.write_all(chunk).unwrap();
        }
        session.flush().unwrap();
        // Until the draft on disk holds the paste's last line.
        loop {
            while session.try_read(&mut sink).is_ok_and(|n| n > 0) {}
            let saved = std::fs::read_dir(&data).ok().and_then(|entries| {
                entries
                    .flatten()
                    .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
                    .find_map(|e| std::fs::read_to_string(e.path()).ok())
            });
            if saved.is_some_and(|s| s.contains("END-OF-PASTE")) {
                break;
            }
            assert!(start.elapsed() < Duration::from_secs(30), "never saved");
            std::thread::sleep(Duration::from_millis(2));
        }
        let took = start.elapsed();
        println!("run {run}: {:.0} ms", took.as_secs_f64() * 1000.0);
        times.push(took);
        let _ = session.send("\x03");
        std::thread::sleep(Duration::from_millis(100));
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "1 MB paste taken and saved: min {:.0} ms, median {:.0} ms, max {:.0} ms ({} runs)",
        ms(times[0]),
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1]),
        times.len()
    );
}
