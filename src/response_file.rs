//! Reading a response file from disk, plain or encrypted, within stated limits: the bytes every
//! receiving command (`print`, `validate`, `email`, `collate`) hands to the strict reader
//! ([`crate::response_json`]).
//!
//! Every file read here came from a stranger, so before any work starts:
//! - a folder, a FIFO or a device is refused (a FIFO or device named on the command line is read,
//!   as a stream, since someone chose it: `print <(age -d ...)`);
//! - a file larger than [`MAX_RESPONSE_BYTES`] is refused by its size, and reading stops at the
//!   limit whatever the size claimed (a device, a file still growing);
//! - an encrypted file is opened with the key, its header held to
//!   [`MAX_AGE_HEADER_BYTES`](crate::encryption::MAX_AGE_HEADER_BYTES), and what it decrypts to
//!   held to the same limit.

use std::fs::File;
use std::io::Read;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;

use crate::encryption::{Key, is_encrypted};
use crate::error::Error;
use crate::render::sanitise;
use crate::response::Response;

/// The largest response file the receiving side reads, encrypted or not, and the largest JSON
/// an encrypted one may decrypt to: 16 MiB, sixteen times a very long response.
pub const MAX_RESPONSE_BYTES: u64 = 16 << 20;

/// The message given for an encrypted response when no key was given.
pub const NEEDS_KEY: &str = "this response is encrypted; give the key with --identity FILE";

/// Why a response file could not be read, in words for the person who gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadProblem {
    pub message: String,
    /// The command line needs changing (a key is needed), rather than the file being wrong.
    pub needs_key: bool,
}

impl ReadProblem {
    /// A problem with the file itself.
    pub fn invalid(message: impl Into<String>) -> ReadProblem {
        ReadProblem {
            message: message.into(),
            needs_key: false,
        }
    }

    /// The error a command ends with, naming the file (exit 2).
    pub fn into_error(self, path: &Path) -> Error {
        Error::InvalidInput {
            path: path.to_path_buf(),
            message: self.message,
        }
    }
}

impl std::fmt::Display for ReadProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Where a file to read was found, which decides what kinds of file are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    /// Named on the command line: a FIFO or device is read as a stream.
    Named,
    /// Found while searching a folder: only regular files are read.
    Found,
}

/// The most of a file that is read, and what is said of a file larger than that.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    /// The most bytes read.
    pub bytes: u64,
    /// Why a file of this many bytes (or, for a stream, at least this many) is not read.
    pub too_large: fn(u64) -> String,
}

/// The limit of a response file, encrypted or not: [`MAX_RESPONSE_BYTES`].
pub const RESPONSE_LIMIT: Limit = Limit {
    bytes: MAX_RESPONSE_BYTES,
    too_large: |_| {
        format!(
            "it is larger than {} MB, the most a response may be",
            MAX_RESPONSE_BYTES >> 20
        )
    },
};

/// Reads a file's bytes (as stored: perhaps encrypted) into `buf`, replacing what it held and
/// keeping its memory for the next file, within [`RESPONSE_LIMIT`]. Errors say why in plain
/// words.
pub fn read_raw(path: &Path, origin: Origin, buf: &mut Vec<u8>) -> Result<(), ReadProblem> {
    read_raw_within(path, origin, RESPONSE_LIMIT, buf)
}

/// As [`read_raw`], within another limit: a file larger than `limit.bytes` is refused by its
/// size before it is read, and a stream when reading passes the limit, saying
/// `limit.too_large`.
pub fn read_raw_within(
    path: &Path,
    origin: Origin,
    limit: Limit,
    buf: &mut Vec<u8>,
) -> Result<(), ReadProblem> {
    let refuse = |size: u64| ReadProblem::invalid((limit.too_large)(size));
    buf.clear();
    // Opened without waiting: a FIFO with no writer must not stop the command.
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(nix::libc::O_NONBLOCK)
        .open(path)
        .map_err(|e| ReadProblem::invalid(format!("cannot read it: {}", plain_io(&e))))?;
    let meta = file
        .metadata()
        .map_err(|e| ReadProblem::invalid(format!("cannot read it: {}", plain_io(&e))))?;
    let kind = meta.file_type();
    if kind.is_dir() {
        return Err(ReadProblem::invalid("it is a folder, not a response file"));
    }
    if !kind.is_file() {
        let what = if kind.is_fifo() {
            "a FIFO (named pipe)"
        } else if kind.is_char_device() || kind.is_block_device() {
            "a device"
        } else {
            "not a regular file"
        };
        if origin == Origin::Found {
            return Err(ReadProblem::invalid(format!(
                "it is {what}, not a response file; only regular files in a folder are read"
            )));
        }
        // Named on the command line: read it as the stream it is, waiting for its writer.
        let flags = nix::fcntl::OFlag::from_bits_truncate(
            nix::fcntl::fcntl(&file, nix::fcntl::FcntlArg::F_GETFL).unwrap_or(0),
        );
        let _ = nix::fcntl::fcntl(
            &file,
            nix::fcntl::FcntlArg::F_SETFL(flags - nix::fcntl::OFlag::O_NONBLOCK),
        );
    } else if meta.len() > limit.bytes {
        return Err(refuse(meta.len()));
    }
    read_limited(file, limit.bytes, buf)
        .map_err(|e| ReadProblem::invalid(format!("cannot read it: {}", plain_io(&e))))?;
    if buf.len() as u64 > limit.bytes {
        return Err(refuse(buf.len() as u64));
    }
    Ok(())
}

/// Reads up to one byte past the limit, so that going past it shows.
fn read_limited(file: File, limit: u64, buf: &mut Vec<u8>) -> std::io::Result<()> {
    file.take(limit + 1).read_to_end(buf)?;
    Ok(())
}

/// Reads a file and, when it is encrypted, decrypts it with `key`: `buf` then holds the
/// response's JSON.
pub fn read_json(
    path: &Path,
    origin: Origin,
    key: Option<&Key>,
    buf: &mut Vec<u8>,
) -> Result<(), ReadProblem> {
    read_raw(path, origin, buf)?;
    decrypt_in_place(buf, key)
}

/// When `buf` holds an encrypted response, replaces it with the JSON it decrypts to with `key`
/// (refused, saying a key is needed, without one); leaves anything else as it is.
pub fn decrypt_in_place(buf: &mut Vec<u8>, key: Option<&Key>) -> Result<(), ReadProblem> {
    if is_encrypted(buf) {
        let Some(key) = key else {
            return Err(ReadProblem {
                message: NEEDS_KEY.to_string(),
                needs_key: true,
            });
        };
        *buf = key.decrypt(buf)?;
    }
    Ok(())
}

/// Reads a response file named on the command line, plain JSON or age-encrypted (recognised by
/// its header, whatever its name), decrypting it with the key in `identity` when it is
/// encrypted. Returns the response and its JSON bytes exactly as written (decrypted).
///
/// Every error names the file (exit 2): a missing key or unreadable key file, a key that does
/// not open the file, a damaged file, a file past the limits, a file that is not a response, or
/// one from a newer version.
pub fn read_response_file(
    path: &Path,
    identity: Option<&Path>,
) -> Result<(Response, Vec<u8>), Error> {
    let mut bytes = Vec::new();
    read_raw(path, Origin::Named, &mut bytes).map_err(|p| p.into_error(path))?;
    let key = match identity {
        Some(id) if is_encrypted(&bytes) => Some(Key::load(id)?),
        _ => None,
    };
    response_from_bytes(bytes, key.as_ref()).map_err(|p| p.into_error(path))
}

/// Turns a file's bytes (JSON, or age-encrypted JSON) into a response through the strict
/// reader. Returns the response and the JSON.
pub fn response_from_bytes(
    bytes: Vec<u8>,
    key: Option<&Key>,
) -> Result<(Response, Vec<u8>), ReadProblem> {
    let mut json = bytes;
    decrypt_in_place(&mut json, key)?;
    let response = Response::from_json(&json).map_err(ReadProblem::invalid)?;
    Ok((response, json))
}

/// An I/O error in plain words, without the "(os error 2)" programmers' detail.
pub fn plain_io(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "there is no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        std::io::ErrorKind::IsADirectory => "it is a folder, not a file".to_string(),
        _ => {
            let s = e.to_string();
            let s = match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            };
            sanitise::line(&s).into_owned()
        }
    }
}
