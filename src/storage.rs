//! Where drafts live, and the one place that writes there.
//!
//! Every write is durable: a temporary file in the same folder, fsync, rename over the old file,
//! fsync the folder. Files are private (0600) and the folder is 0700.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::draft::Draft;

use crate::atomic_file::{Existing, TEMP_PREFIX};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "cannot use {path} to keep drafts: {source}; choose another folder with --data-dir DIR"
    )]
    Dir {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("cannot save the draft in {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("cannot read the draft {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("the draft {path} is damaged and cannot be read ({reason}); it has been left as it is")]
    Corrupt { path: PathBuf, reason: String },
    #[error(
        "this draft is open in another copy of ndti-respond (process {pid}, since {since}); close that one first"
    )]
    Locked {
        path: PathBuf,
        pid: u32,
        since: String,
    },
    #[error("there is no draft called {0}")]
    NotFound(String),
}

/// The drafts folder.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
}

/// A summary of one draft for listing.
#[derive(Debug, Clone, Serialize)]
pub struct DraftSummary {
    pub id: String,
    pub path: PathBuf,
    pub name: Option<String>,
    pub organisation: Option<String>,
    pub saved_at: String,
    pub started_at: String,
    pub answered: usize,
    pub questionnaire_id: String,
    pub questionnaire_version: String,
    /// Set when the draft is open in a running copy.
    pub open_in_process: Option<u32>,
}

/// What a lock file says about who holds it.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct LockInfo {
    pid: u32,
    since: String,
}

/// Holds a draft for this process until dropped (or the process ends, whichever way).
#[derive(Debug)]
pub struct DraftLock {
    file: File,
    /// The process that held the lock before and stopped without releasing it, if any.
    pub taken_over_from: Option<u32>,
}

impl DraftLock {
    /// Marks the lock as released in an orderly way, so that the next copy does not take it
    /// for one left by a crash. (The operating system's lock goes with the process anyway.)
    pub fn release(&self) {
        let _ = self.file.set_len(0);
    }
}

impl Drop for DraftLock {
    fn drop(&mut self) {
        self.release();
    }
}

impl Store {
    /// The user's data folder for drafts, from the platform's conventions.
    pub fn default_dir() -> Option<PathBuf> {
        directories::ProjectDirs::from("uk.org", "NDTi", "ndti-respond")
            .map(|d| d.data_dir().join("drafts"))
    }

    /// Opens (creating if need be, mode 0700) the drafts folder.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        let err = |source| StoreError::Dir {
            path: dir.to_path_buf(),
            source,
        };
        if !dir.is_dir() {
            fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)
                .map_err(err)?;
        }
        let store = Store {
            dir: dir.to_path_buf(),
        };
        store.remove_leftover_temp_files();
        Ok(store)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn path_of(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.json"))
    }

    /// The file an answer is written in with the respondent's editor: named after the draft and
    /// the question, so that it is recognised as part of the draft (and never swept away as a
    /// leftover temporary file).
    pub fn editor_file_name(id: &str, question_id: &str) -> String {
        format!("{id}.{question_id}.editing.txt")
    }

    fn lock_path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.lock"))
    }

    /// A temp file whose writer died with it holds nothing the draft lacks: a draft is only
    /// replaced once its temp file is complete, so leftovers can go.
    fn remove_leftover_temp_files(&self) {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            if !name.starts_with(TEMP_PREFIX) {
                continue;
            }
            // Only files left more than a minute ago: another copy may be writing right now.
            let old = entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 60);
            if old {
                let _ = fs::remove_file(entry.path());
            }
        }
    }

    /// Every draft in the folder, readable or not, newest first. Unreadable ones come back as
    /// errors so they can be named; they are never touched.
    pub fn list(&self) -> Result<Vec<Result<DraftSummary, StoreError>>, StoreError> {
        let entries = fs::read_dir(&self.dir).map_err(|source| StoreError::Dir {
            path: self.dir.clone(),
            source,
        })?;
        let mut out = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            let Some(id) = name.strip_suffix(".json") else {
                continue;
            };
            if name.starts_with('.') {
                continue;
            }
            out.push(self.load(id).map(|draft| {
                let open_in_process = self.holder(id);
                DraftSummary {
                    id: id.to_string(),
                    path: path.clone(),
                    name: draft.text_of(crate::questionnaire::Role::Name),
                    organisation: draft.text_of(crate::questionnaire::Role::Organisation),
                    saved_at: draft.saved_at.clone(),
                    started_at: draft.started_at.clone(),
                    answered: draft.answered_count(),
                    questionnaire_id: draft.questionnaire.id.clone(),
                    questionnaire_version: draft.questionnaire.version.clone(),
                    open_in_process,
                }
            }));
        }
        // Newest first; saves within the same second are told apart by the file's time.
        let modified = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).ok();
        out.sort_by(|a, b| match (a, b) {
            (Ok(a), Ok(b)) => {
                (&b.saved_at, modified(&b.path)).cmp(&(&a.saved_at, modified(&a.path)))
            }
            (Ok(_), Err(_)) => std::cmp::Ordering::Less,
            (Err(_), Ok(_)) => std::cmp::Ordering::Greater,
            (Err(a), Err(b)) => a.to_string().cmp(&b.to_string()),
        });
        Ok(out)
    }

    /// Finds a draft by id, id prefix or path.
    pub fn find(&self, what: &str) -> Result<String, StoreError> {
        let as_path = Path::new(what);
        if as_path.extension().is_some_and(|e| e == "json")
            && as_path.exists()
            && let Some(stem) = as_path.file_stem().and_then(|s| s.to_str())
            && self.path_of(stem).exists()
        {
            return Ok(stem.to_string());
        }
        if self.path_of(what).exists() {
            return Ok(what.to_string());
        }
        let entries = fs::read_dir(&self.dir).map_err(|source| StoreError::Dir {
            path: self.dir.clone(),
            source,
        })?;
        let matches: Vec<String> = entries
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().to_str()?.to_string();
                let id = name.strip_suffix(".json")?.to_string();
                (!name.starts_with('.') && id.starts_with(what)).then_some(id)
            })
            .collect();
        match matches.as_slice() {
            [one] if !what.is_empty() => Ok(one.clone()),
            _ => Err(StoreError::NotFound(what.to_string())),
        }
    }

    pub fn load(&self, id: &str) -> Result<Draft, StoreError> {
        let path = self.path_of(id);
        let bytes = read_regular(&path).map_err(|source| {
            if source.kind() == io::ErrorKind::NotFound {
                StoreError::NotFound(id.to_string())
            } else {
                StoreError::Read {
                    path: path.clone(),
                    source,
                }
            }
        })?;
        Draft::from_json(&bytes).map_err(|reason| StoreError::Corrupt { path, reason })
    }

    /// Saves a draft durably.
    pub fn save(&self, draft: &Draft) -> Result<(), StoreError> {
        let path = self.path_of(&draft.response_id.to_string());
        crate::atomic_file::write(&path, draft.to_json().as_bytes(), Existing::Replace)
            .map_err(|source| StoreError::Write { path, source })
    }

    /// Removes a draft (and its lock file, and any file of an answer left open in an editor).
    pub fn delete(&self, id: &str) -> Result<(), StoreError> {
        let path = self.path_of(id);
        fs::remove_file(&path).map_err(|source| StoreError::Write {
            path: path.clone(),
            source,
        })?;
        let _ = fs::remove_file(self.lock_path(id));
        if let Ok(entries) = fs::read_dir(&self.dir) {
            let prefix = format!("{id}.");
            for entry in entries.flatten() {
                let name = entry.file_name();
                if name
                    .to_str()
                    .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".editing.txt"))
                {
                    let _ = fs::remove_file(entry.path());
                }
            }
        }
        crate::atomic_file::sync_dir(&self.dir).map_err(|source| StoreError::Write { path, source })
    }

    /// Takes the draft for this process. The lock is the operating system's (flock), so it goes
    /// with the process however it ends; a lock file whose lock is free was left by a copy that
    /// stopped, and is taken over.
    pub fn lock(&self, id: &Uuid) -> Result<DraftLock, StoreError> {
        let path = self.lock_path(&id.to_string());
        let werr = |source| StoreError::Write {
            path: path.clone(),
            source,
        };
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(&path)
            .map_err(werr)?;
        let previous: Option<LockInfo> = fs::read(&path)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok());
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                let info = previous.unwrap_or(LockInfo {
                    pid: 0,
                    since: "an unknown time".into(),
                });
                return Err(StoreError::Locked {
                    path: self.path_of(&id.to_string()),
                    pid: info.pid,
                    since: info.since,
                });
            }
            Err(fs::TryLockError::Error(e)) => return Err(werr(e)),
        }
        let info = LockInfo {
            pid: std::process::id(),
            since: crate::response::now_with_offset(),
        };
        file.set_len(0).map_err(werr)?;
        file.write_all(serde_json::to_string(&info).unwrap_or_default().as_bytes())
            .map_err(werr)?;
        Ok(DraftLock {
            file,
            taken_over_from: previous.map(|p| p.pid).filter(|&p| p != 0),
        })
    }

    /// Removes the lock file of a draft that was never written (the lock itself is held until
    /// the process ends).
    pub fn remove_lock(&self, id: &Uuid) {
        let _ = fs::remove_file(self.lock_path(&id.to_string()));
    }

    /// The process holding a draft open, if any.
    fn holder(&self, id: &str) -> Option<u32> {
        let path = self.lock_path(id);
        let file = File::open(&path).ok()?;
        match file.try_lock_shared() {
            Ok(()) => None,
            Err(_) => fs::read(&path)
                .ok()
                .and_then(|b| serde_json::from_slice::<LockInfo>(&b).ok())
                .map(|i| i.pid),
        }
    }
}

/// A draft's bytes, refusing anything but a regular file: a FIFO named like a draft would
/// otherwise stop `drafts` and the wizard's start while it waits for a writer.
fn read_regular(path: &Path) -> io::Result<Vec<u8>> {
    let mut file = OpenOptions::new()
        .read(true)
        .custom_flags(nix::libc::O_NONBLOCK)
        .open(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "it is not a regular file",
        ));
    }
    let mut bytes = Vec::new();
    io::Read::read_to_end(&mut file, &mut bytes)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_fails_cleanly_under_a_regular_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("file");
        fs::write(&file, b"x").unwrap();
        assert!(Store::open(&file.join("drafts")).is_err());
    }

    #[test]
    fn store_dir_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("d")).unwrap();
        let mode = fs::metadata(store.dir()).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
    }

    #[test]
    fn a_second_lock_is_refused_and_a_released_one_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let id = Uuid::new_v4();
        let first = store.lock(&id).unwrap();
        match store.lock(&id) {
            Err(StoreError::Locked { pid, .. }) => assert_eq!(pid, std::process::id()),
            other => panic!("expected a lock error, got {other:?}"),
        }
        drop(first);
        let again = store.lock(&id).unwrap();
        assert_eq!(
            again.taken_over_from, None,
            "an orderly release is not a takeover"
        );
        let path = dir.path().join(format!("{id}.lock"));
        let info = fs::read_to_string(&path).unwrap();
        assert!(info.contains(&std::process::id().to_string()));
        drop(again);
        // A holder that died leaves its lock file naming it, with the lock itself free (the
        // operating system let go of it with the process): taken over, naming the holder.
        fs::write(
            &path,
            r#"{"pid": 4242, "since": "2026-11-28T10:00:00+00:00"}"#,
        )
        .unwrap();
        let taken = store.lock(&id).unwrap();
        assert_eq!(taken.taken_over_from, Some(4242));
        let info = fs::read_to_string(&path).unwrap();
        assert!(
            info.contains(&format!("\"pid\":{}", std::process::id())),
            "{info}"
        );
    }
}
