//! Finding the response files and filled-in forms under the paths given to `collate`.
//!
//! A path named on the command line is read whatever it is called (and may be a FIFO or
//! device, read as a stream). A folder is searched through, sub-folders too, with walkdir, for
//! files ending `.json` or `.age` (responses) or as a form does ([`FORM_ENDINGS`]), in any
//! case; hidden entries (names starting with `.`, such as macOS's `._` copies, or with `~$`,
//! Word's lock files) are left out.
//! Symbolic links are followed, each folder once: a link that leads back into a folder above it
//! is named and not followed again, as is a link to nothing, a FIFO or device named like a
//! response, and a folder that cannot be read. Every entry skipped is named, so that the counts
//! at the end add up.

use std::fs;
use std::path::PathBuf;

use crate::collate::form::{FORM_ENDINGS, has_form_name};
use crate::error::{Error, Result};
use crate::render::sanitise;
use crate::response_file::{Origin, plain_io};

/// A file to read, and how it was found.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Found {
    pub path: PathBuf,
    pub origin: Origin,
}

/// The files found, sorted by path, and how many other entries were skipped (each reported).
#[derive(Debug, Default)]
pub struct Files {
    pub files: Vec<Found>,
    pub skipped: usize,
}

/// Whether a file found in a folder is read, by its name: a response or a form.
fn is_read(path: &std::path::Path) -> bool {
    let response = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("json") || e.eq_ignore_ascii_case("age"));
    response || has_form_name(path)
}

/// Whether an entry in a folder is left out as hidden: its name starts with `.` (macOS's `._`
/// copies, LibreOffice's `.~lock.form.odt#`), or with `~$`, as the lock file Word keeps beside
/// a document while it is open (`~$form.docx`, a few bytes naming who has it open).
fn is_hidden(name: &str) -> bool {
    name.starts_with('.') || name.starts_with("~$")
}

/// The endings searched for, for messages: `.json, .age, .docx, ...`.
fn endings() -> String {
    ["json", "age"]
        .iter()
        .chain(FORM_ENDINGS.iter())
        .map(|e| format!(".{e}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Lists the response files under `paths`, reporting each path or entry that cannot be used
/// through `warn`. Bad usage (exit 2) when none of the paths exist or no response file is
/// found at all.
pub fn find(paths: &[PathBuf], warn: &dyn Fn(&str)) -> Result<Files> {
    let mut out = Files::default();
    let mut usable = 0;
    for path in paths {
        match fs::metadata(path) {
            Err(e) => {
                out.skipped += 1;
                let why = match e.kind() {
                    std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
                    _ => plain_io(&e),
                };
                // A single path that is missing is the error below, said once.
                if paths.len() > 1 {
                    warn(&format!("skipped {}: {why}", sanitise::path(path)));
                }
            }
            Ok(meta) if meta.is_dir() => {
                usable += 1;
                let before = out.files.len();
                walk(path, &mut out, warn);
                if out.files.len() == before {
                    warn(&format!(
                        "{}: no response files or forms ({}) in this folder",
                        sanitise::path(path),
                        endings()
                    ));
                }
            }
            Ok(_) => {
                usable += 1;
                out.files.push(Found {
                    path: path.clone(),
                    origin: Origin::Named,
                });
            }
        }
    }
    if usable == 0 {
        return Err(Error::Usage(match paths {
            [one] => format!("{}: no such file or folder", sanitise::path(one)),
            _ => "none of the files or folders given exist".to_string(),
        }));
    }
    out.files.sort();
    out.files.dedup_by(|a, b| a.path == b.path);
    if out.files.is_empty() {
        return Err(Error::Usage(format!(
            "no response files or forms to collate: folders are searched for {} files",
            endings()
        )));
    }
    Ok(out)
}

fn walk(root: &std::path::Path, out: &mut Files, warn: &dyn Fn(&str)) {
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                out.skipped += 1;
                let path = e.path().map(sanitise::path).unwrap_or_default();
                let why = if let Some(ancestor) = e.loop_ancestor() {
                    format!(
                        "a link back to {}, which is already being searched; followed once",
                        sanitise::path(ancestor)
                    )
                } else if e.path().is_some_and(|p| {
                    fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink())
                        && fs::metadata(p).is_err()
                }) {
                    "a link to nothing".to_string()
                } else {
                    e.io_error().map_or_else(|| e.to_string(), plain_io)
                };
                warn(&format!("skipped {path}: {why}"));
                continue;
            }
        };
        let kind = entry.file_type();
        if kind.is_dir() {
            continue;
        }
        if !is_read(entry.path()) {
            continue;
        }
        if !kind.is_file() {
            out.skipped += 1;
            warn(&format!(
                "skipped {}: it is not a regular file (a FIFO, device or socket); only regular files in a folder are read",
                sanitise::path(entry.path())
            ));
            continue;
        }
        out.files.push(Found {
            path: entry.into_path(),
            origin: Origin::Found,
        });
    }
}
