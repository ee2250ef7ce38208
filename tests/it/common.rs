//! Helpers shared by the PTY and robustness tests: temp folders, reading drafts and responses.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::Value;

pub const BIN: &str = env!("CARGO_BIN_EXE_ndti-respond");

/// A small questionnaire: section 1 "About you" (name: short, required; story: long, required),
/// section 2 "Keeping in touch" (consent: yes/no, required; focus: multichoice).
pub fn tiny() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny.toml")
}

/// One test's folders: where the program runs (responses land here) and where drafts live.
pub struct Place {
    pub root: tempfile::TempDir,
    pub cwd: PathBuf,
    pub data: PathBuf,
}

impl Place {
    pub fn new() -> Place {
        let root = tempfile::tempdir().unwrap();
        let cwd = root.path().join("cwd");
        fs::create_dir(&cwd).unwrap();
        let data = root.path().join("drafts");
        Place { root, cwd, data }
    }

    /// The draft files (`<uuid>.json`) in the data folder.
    pub fn drafts(&self) -> Vec<PathBuf> {
        json_files(&self.data)
    }

    /// The only draft, parsed.
    pub fn draft(&self) -> Value {
        let d = self.drafts();
        assert_eq!(d.len(), 1, "expected exactly one draft, found {d:?}");
        read_json(&d[0])
    }

    pub fn draft_id(&self) -> String {
        let d = self.drafts();
        assert_eq!(d.len(), 1, "expected exactly one draft, found {d:?}");
        d[0].file_stem().unwrap().to_str().unwrap().to_string()
    }

    /// Temp files left in the data folder.
    pub fn temp_files(&self) -> Vec<String> {
        temp_files(&self.data)
    }

    /// The only response written in the working folder, parsed.
    pub fn response(&self) -> Value {
        let r = json_files(&self.cwd);
        assert_eq!(r.len(), 1, "expected exactly one response, found {r:?}");
        read_json(&r[0])
    }

    /// Waits (up to 10 s) until the draft holds `text` somewhere.
    pub fn wait_for_draft_text(&self, text: &str) {
        let needle = serde_json::to_string(text).unwrap();
        let needle = &needle[1..needle.len() - 1];
        wait_until(&format!("the draft to hold {text:?}"), || {
            self.drafts()
                .iter()
                .any(|p| fs::read_to_string(p).is_ok_and(|s| s.contains(needle)))
                .then_some(())
        });
    }
}

/// How long a test waits for something the program does before it fails.
pub const PATIENCE: Duration = Duration::from_secs(10);

/// Waits until `ready` gives a value (looking every 20 ms), and returns it; fails the test,
/// saying it was waiting for `what`, after [`PATIENCE`]. The one wait of the tests: none sleeps
/// a fixed time hoping the program is done.
pub fn wait_until<T>(what: &str, mut ready: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(value) = ready() {
            return value;
        }
        assert!(start.elapsed() < PATIENCE, "waited {PATIENCE:?} for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

pub fn json_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut v: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "json")
                && !p.file_name().unwrap().to_str().unwrap().starts_with('.')
        })
        .collect();
    v.sort();
    v
}

pub fn temp_files(dir: &Path) -> Vec<String> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".ndti-respond-tmp-"))
        .collect()
}

pub fn read_json(path: &Path) -> Value {
    let bytes = fs::read(path).unwrap();
    serde_json::from_slice(&bytes).unwrap_or_else(|e| {
        panic!(
            "{} is not JSON ({e}): {}",
            path.display(),
            String::from_utf8_lossy(&bytes)
        )
    })
}

/// `answers.<id>.answer` of a draft or response.
pub fn answer<'a>(doc: &'a Value, id: &str) -> &'a Value {
    &doc["answers"][id]["answer"]
}

/// The unfinished long answer of a draft (`in_progress.text`), if any.
pub fn in_progress(doc: &Value) -> Option<(&str, &str)> {
    let p = doc.get("in_progress")?;
    Some((p["question_id"].as_str()?, p["text"].as_str()?))
}

/// The ids chosen in a choice answer.
pub fn selected_ids(v: &Value) -> Vec<String> {
    v["selected"]
        .as_array()
        .unwrap_or_else(|| panic!("not a selection: {v}"))
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

/// Fails the test, saying what to install, unless `program` is on PATH. Tests that need a
/// program beyond Rust are `#[ignore]`d with the reason, so `cargo test` on a fresh machine
/// lists them as ignored; `.ci/run` installs the programs and runs them all with
/// `cargo test -- --include-ignored`, where a missing program is a failure, never a skip.
pub fn require(program: &str, debian_package: &str) {
    let found = std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()));
    assert!(
        found,
        "this test needs `{program}`: install it (Debian: apt-get install {debian_package}), \
         as .ci/run does"
    );
}

/// Headless Chromium with the options the tests use, a profile in `dir`.
pub fn chromium(dir: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new("chromium");
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
    ])
    .arg(format!(
        "--user-data-dir={}",
        dir.join("chromium").display()
    ));
    cmd
}

/// Runs a Python `script` that reads the workbook `book` with openpyxl (its path is
/// `sys.argv[1]`) and prints JSON; returns that JSON. Debian's own Python is used, which
/// python3-openpyxl installs into (a python3 earlier on PATH, from pyenv say, may not have it).
pub fn read_workbook(script: &str, book: &Path) -> Value {
    let python = if Path::new("/usr/bin/python3").exists() {
        "/usr/bin/python3"
    } else {
        "python3"
    };
    let py = std::process::Command::new(python)
        .arg("-c")
        .arg(script)
        .arg(book)
        .output()
        .unwrap();
    assert!(
        py.status.success(),
        "openpyxl could not read the workbook (Debian: apt-get install python3-openpyxl): {}",
        String::from_utf8_lossy(&py.stderr)
    );
    serde_json::from_slice(&py.stdout).unwrap()
}

/// A CSV read back by the csv crate: its header row, then every row, as text.
pub fn read_csv(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(bytes);
    let headers = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect();
    (headers, rows)
}
