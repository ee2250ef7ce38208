//! Standard output and standard error that cannot take what is written: a full disk
//! (`/dev/full`) or a reader that has gone (`| head`). Every command ends promptly, with the
//! documented exit code and a message in words, and never panics (issue 12 item 6, issue 13
//! item 6).

use std::fs::{File, OpenOptions};
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_ndti-respond");

fn full() -> File {
    OpenOptions::new().write(true).open("/dev/full").unwrap()
}

fn ordinary() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile/ordinary.json")
}

/// Waits for a child, failing the test (and ending the child) if it never ends: a hang is the
/// defect being tested for.
fn wait(mut child: std::process::Child) -> std::process::ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("the command never ended");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_full_standard_output_is_a_failure_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let file = ordinary();
    let file = file.to_str().unwrap();
    for args in [
        vec!["check-questions"],
        vec!["print", file],
        vec!["print", "--format", "json", file],
        vec!["validate", file],
        vec!["collate", file],
        vec!["collate", "--format", "xlsx", file],
        vec!["collate", "--format", "html", file],
        vec!["completions", "bash"],
        vec!["drafts", "path"],
    ] {
        let out = Command::new(BIN)
            .args(&args)
            .env("NDTI_RESPOND_DATA_DIR", dir.path())
            .stdout(full())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.contains("cannot write to standard output")
                || stderr.contains("cannot write standard output"),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

#[test]
fn a_full_standard_error_changes_no_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new(BIN)
        .args(["print", "missing.json"])
        .stderr(full())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(2));
    // Thousands of unusable files, each reported on a standard error that takes nothing.
    for i in 0..2000 {
        std::fs::write(dir.path().join(format!("{i:04}.json")), "not json").unwrap();
    }
    std::fs::copy(ordinary(), dir.path().join("ok.json")).unwrap();
    let out_file = dir.path().join("all.csv");
    let status = Command::new(BIN)
        .arg("collate")
        .arg(dir.path())
        .arg("-o")
        .arg(&out_file)
        .stderr(full())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1));
    let csv = std::fs::read(&out_file).unwrap();
    let rows = csv::Reader::from_reader(&csv[..]).records().count();
    assert_eq!(rows, 1, "the one response");
    let status = Command::new(BIN)
        .arg("collate")
        .arg(ordinary())
        .stdout(Stdio::null())
        .stderr(full())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
}

#[test]
fn a_closed_standard_error_ends_collate_promptly() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..3000 {
        std::fs::write(dir.path().join(format!("{i:04}.json")), "not json").unwrap();
    }
    std::fs::copy(ordinary(), dir.path().join("ok.json")).unwrap();
    let out_file = dir.path().join("all.csv");
    let mut child = Command::new(BIN)
        .arg("collate")
        .arg(dir.path())
        .arg("-o")
        .arg(&out_file)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read one line, then go, as `2>&1 | head -1` does.
    let mut stderr = child.stderr.take().unwrap();
    let mut first = [0u8; 16];
    stderr.read_exact(&mut first).unwrap();
    drop(stderr);
    let status = wait(child);
    assert_eq!(status.code(), Some(1));
    assert!(out_file.exists(), "the output is still written");
}

#[test]
fn a_closed_standard_output_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let base = std::fs::read_to_string(ordinary()).unwrap();
    for i in 0..500 {
        let id = format!("00000000-0000-4000-8000-{i:012}");
        let json = base.replace("00000000-0000-4000-8000-000000000014", &id);
        std::fs::write(dir.path().join(format!("{i:04}.json")), json).unwrap();
    }
    for format in ["csv", "jsonl", "markdown", "html"] {
        let mut child = Command::new(BIN)
            .arg("collate")
            .arg(dir.path())
            .args(["--format", format])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 64];
        stdout.read_exact(&mut first).unwrap();
        drop(stdout);
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        let status = wait(child);
        assert_eq!(status.code(), Some(0), "{format}: {stderr}");
        assert!(!stderr.contains("Broken pipe"), "{format}: {stderr}");
        assert!(!stderr.contains("panicked"), "{format}: {stderr}");
    }
}
