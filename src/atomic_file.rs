//! Every write of a finished file: a response, an encrypted response, an `.eml`, `print -o`,
//! `collate -o`, and a draft save. One recipe, so that no file is ever left half written:
//!
//! 1. a temporary file (mode 0600: these files hold personal details) in the same folder,
//! 2. the bytes written and fsync'd,
//! 3. renamed over the final name (readers see the old file or the new one, never half),
//! 4. the folder fsync'd, so that the rename itself survives a crash.
//!
//! A target that exists and is not a regular file (`/dev/null`, `/dev/stdout`, a FIFO, a
//! terminal) is written to directly and never replaced: replacing a device node with a regular
//! file would break it for everyone. A symbolic link to a regular file is followed, and the file
//! it points to is replaced, so the link stays a link.
//!
//! Names that must not replace anything get `-2`, `-3`... ([`write_numbered`]).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// Temporary files start with this, so that a leftover from a killed process can be recognised
/// (and, in the drafts folder, removed).
pub const TEMP_PREFIX: &str = ".ndti-respond-tmp-";

/// Whether an existing file at the target may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Replace it (`--force`, `print -o`, `collate -o`, a draft save).
    Replace,
    /// Refuse with [`io::ErrorKind::AlreadyExists`], leaving it as it was.
    Keep,
}

/// Where the bytes for `path` go.
enum Destination {
    /// An existing device, FIFO or terminal: written in place.
    Direct,
    /// A regular file (new, or replacing the one there): through a temporary file renamed over
    /// this path.
    Atomic(PathBuf),
}

fn destination(path: &Path, existing: Existing) -> io::Result<Destination> {
    match fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            "it is a folder",
        )),
        Ok(_) if existing == Existing::Keep => Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "it already exists",
        )),
        Ok(meta) if !meta.is_file() => Ok(Destination::Direct),
        // A regular file, perhaps through links: replace the file itself, keep the links.
        Ok(_) => match fs::canonicalize(path) {
            Ok(real) => Ok(Destination::Atomic(real)),
            Err(_) => Ok(Destination::Direct),
        },
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if fs::symlink_metadata(path).is_ok() && existing == Existing::Keep {
                // A link to nothing: an entry all the same.
                return Err(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    "it already exists (a link to nothing)",
                ));
            }
            Ok(Destination::Atomic(path.to_path_buf()))
        }
        Err(e) => Err(e),
    }
}

/// The folder a file is in (`.` for a bare name).
pub fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Makes what was done in the folder `dir` (a file renamed in, or removed) durable: an fsync
/// of the folder itself, without which a crash can undo the rename.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

fn temp_beside(path: &Path) -> io::Result<tempfile::NamedTempFile> {
    tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .permissions(fs::Permissions::from_mode(0o600))
        .tempfile_in(parent_of(path))
}

/// Writes `bytes` to `path` by the recipe above, replacing an existing file or not as
/// `existing` says. Errors: the folder cannot be written (a full disk, no such folder, no
/// permission), `path` is a folder (`IsADirectory`), or, with [`Existing::Keep`], something is
/// already there (`AlreadyExists`).
pub fn write(path: &Path, bytes: &[u8], existing: Existing) -> io::Result<()> {
    match destination(path, existing)? {
        Destination::Direct => {
            let mut file = OpenOptions::new().write(true).open(path)?;
            file.write_all(bytes)?;
            file.flush()
        }
        Destination::Atomic(target) => {
            let mut temp = temp_beside(&target)?;
            temp.write_all(bytes)?;
            temp.as_file().sync_all()?;
            match existing {
                Existing::Replace => temp.persist(&target).map_err(|e| e.error)?,
                Existing::Keep => temp.persist_noclobber(&target).map_err(|e| e.error)?,
            };
            sync_dir(parent_of(&target))
        }
    }
}

/// `path` with `-n` before its extension: `response.json` → `response-2.json`.
pub fn numbered(path: &Path, n: usize) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "response".to_string());
    let name = match path.extension() {
        Some(ext) => format!("{stem}-{n}.{}", ext.to_string_lossy()),
        None => format!("{stem}-{n}"),
    };
    path.with_file_name(name)
}

/// Writes a new file at `path`, or at `path-2`, `path-3`... when the name is taken, never
/// replacing anything; returns the name used.
pub fn write_numbered(path: &Path, bytes: &[u8]) -> io::Result<PathBuf> {
    for n in 1..10_000 {
        let candidate = if n == 1 {
            path.to_path_buf()
        } else {
            numbered(path, n)
        };
        match write(&candidate, bytes, Existing::Keep) {
            Ok(()) => return Ok(candidate),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        "too many files with this name already",
    ))
}

/// A finished file written a piece at a time (for `collate -o`, whose output is too large to
/// hold), by the same recipe: [`commit`](Self::commit) puts it in place; dropping it without
/// committing leaves nothing behind.
pub struct StreamingFile {
    file: File,
    temp: Option<(tempfile::TempPath, PathBuf)>,
}

impl StreamingFile {
    /// Starts the file at `path`, replacing what is there once committed.
    pub fn create(path: &Path) -> io::Result<StreamingFile> {
        match destination(path, Existing::Replace)? {
            Destination::Direct => Ok(StreamingFile {
                file: OpenOptions::new().write(true).open(path)?,
                temp: None,
            }),
            Destination::Atomic(target) => {
                let (file, temp) = temp_beside(&target)?.into_parts();
                Ok(StreamingFile {
                    file,
                    temp: Some((temp, target)),
                })
            }
        }
    }

    /// The open file, for writing (and for the kernel to copy into).
    pub fn file(&mut self) -> &mut File {
        &mut self.file
    }

    /// Makes the file durable and puts it in place.
    pub fn commit(self) -> io::Result<()> {
        self.file.sync_all().or_else(|e| match self.temp {
            // A device may not support fsync; what matters is that the bytes were taken.
            None => Ok(()),
            Some(_) => Err(e),
        })?;
        if let Some((temp, target)) = self.temp {
            temp.persist(&target).map_err(|e| e.error)?;
            sync_dir(parent_of(&target))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_privately_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        write(&path, b"one", Existing::Replace).unwrap();
        write(&path, b"two", Existing::Replace).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn keep_never_overwrites_and_numbers_instead() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        write(&path, b"one", Existing::Keep).unwrap();
        let err = write(&path, b"two", Existing::Keep).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&path).unwrap(), b"one");
        assert_eq!(
            write_numbered(&path, b"2").unwrap(),
            dir.path().join("a-2.json")
        );
        assert_eq!(
            write_numbered(&path, b"3").unwrap(),
            dir.path().join("a-3.json")
        );
    }

    #[test]
    fn a_device_is_written_to_not_replaced() {
        write(Path::new("/dev/null"), b"x", Existing::Replace).unwrap();
        let meta = fs::metadata("/dev/null").unwrap();
        use std::os::unix::fs::FileTypeExt;
        assert!(meta.file_type().is_char_device());
        let mut s = StreamingFile::create(Path::new("/dev/null")).unwrap();
        s.file().write_all(b"y").unwrap();
        s.commit().unwrap();
        assert!(
            fs::metadata("/dev/null")
                .unwrap()
                .file_type()
                .is_char_device()
        );
    }

    #[test]
    fn a_link_stays_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.txt");
        fs::write(&real, b"old").unwrap();
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write(&link, b"new", Existing::Replace).unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&real).unwrap(), b"new");
    }

    #[test]
    fn fails_cleanly_under_a_regular_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("file");
        fs::write(&file, b"x").unwrap();
        assert!(write(&file.join("a.json"), b"one", Existing::Replace).is_err());
        assert!(StreamingFile::create(&file.join("a.csv")).is_err());
    }
}
