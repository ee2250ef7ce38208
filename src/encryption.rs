//! Encryption of responses to the organisation's age public key, and reading response files
//! whether they are plain JSON or encrypted (`.age`).
//!
//! The files are the standard age format, so the organisation can open them with the `age`
//! command-line tool as well as with `ndti-respond --identity KEY`.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::response::Response;

/// How every binary age file starts.
const BINARY_HEADER: &[u8] = b"age-encryption.org/v1";
/// How an ASCII-armoured age file (`age --armor`) starts.
const ARMOR_HEADER: &[u8] = b"-----BEGIN AGE ENCRYPTED FILE-----";

/// Encrypts `plaintext` to an age X25519 recipient (`age1...`), in the binary age format that
/// the `age` command-line tool reads.
pub fn encrypt(recipient: &str, plaintext: &[u8]) -> Result<Vec<u8>, Error> {
    let recipient: age::x25519::Recipient = recipient.trim().parse().map_err(|_| {
        Error::Usage(format!(
            "the encryption key `{recipient}` is not an age public key (they start with age1)"
        ))
    })?;
    age::encrypt(&recipient, plaintext)
        .map_err(|e| Error::Failed(format!("cannot encrypt the response: {e}")))
}

/// Whether these bytes are an age-encrypted file (binary or armoured), judged by the header
/// rather than by the file's name.
pub fn is_encrypted(bytes: &[u8]) -> bool {
    let start = bytes.trim_ascii_start();
    bytes.starts_with(BINARY_HEADER) || start.starts_with(ARMOR_HEADER)
}

/// The secret keys from an identity file, read once and used for many responses.
pub struct Key {
    path: PathBuf,
    identities: Vec<Box<dyn age::Identity + Send + Sync>>,
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the keys themselves.
        f.debug_struct("Key").field("path", &self.path).finish()
    }
}

impl Key {
    /// Reads an identity file as `age-keygen` writes it (comments and blank lines allowed).
    pub fn load(path: &Path) -> Result<Key, Error> {
        let bytes = std::fs::read(path).map_err(|e| {
            Error::Usage(format!(
                "cannot read the key file {}: {}",
                path.display(),
                plain_io(&e)
            ))
        })?;
        let not_a_key = || {
            Error::Usage(format!(
                "{} is not an age key file (it should hold a line starting AGE-SECRET-KEY-1, as age-keygen writes)",
                path.display()
            ))
        };
        let file = age::IdentityFile::from_buffer(&bytes[..]).map_err(|_| not_a_key())?;
        let identities = file.into_identities().map_err(|_| not_a_key())?;
        if identities.is_empty() {
            return Err(not_a_key());
        }
        Ok(Key {
            path: path.to_path_buf(),
            identities,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Decrypts an age file's bytes.
    pub fn decrypt(&self, ciphertext: &[u8]) -> Result<Vec<u8>, ReadProblem> {
        let damaged = |detail: &str| {
            ReadProblem::invalid(format!(
                "the encrypted file is damaged and cannot be opened ({detail})"
            ))
        };
        let reader = age::armor::ArmoredReader::new(ciphertext);
        let decryptor = age::Decryptor::new(reader).map_err(|e| match e {
            age::DecryptError::UnknownFormat => {
                damaged("it uses an age format this version does not know")
            }
            _ => damaged("its header is not valid"),
        })?;
        if decryptor.is_scrypt() {
            return Err(ReadProblem::invalid(
                "it is encrypted with a passphrase, not with a key; open it with `age -d` first",
            ));
        }
        let mut plain = Vec::new();
        let mut stream = decryptor
            .decrypt(
                self.identities
                    .iter()
                    .map(|i| i.as_ref() as &dyn age::Identity),
            )
            .map_err(|e| match e {
                age::DecryptError::NoMatchingKeys | age::DecryptError::KeyDecryptionFailed => {
                    ReadProblem::invalid(format!(
                        "the key in {} does not open this response",
                        self.path.display()
                    ))
                }
                _ => damaged("its header is not valid"),
            })?;
        stream
            .read_to_end(&mut plain)
            .map_err(|_| damaged("it is cut short or altered"))?;
        Ok(plain)
    }
}

/// Why a response file could not be read, in words for the person who gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadProblem {
    pub message: String,
    /// The command line needs changing (a key is needed), rather than the file being wrong.
    pub needs_key: bool,
}

impl ReadProblem {
    fn invalid(message: impl Into<String>) -> ReadProblem {
        ReadProblem {
            message: message.into(),
            needs_key: false,
        }
    }

    /// The error a command ends with, naming the file.
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

/// The message given for an encrypted response when no key was given.
pub const NEEDS_KEY: &str = "this response is encrypted; give the key with --identity FILE";

/// Reads a response file, plain JSON or age-encrypted (recognised by its header, whatever its
/// name), decrypting it with the key in `identity` when it is encrypted. Returns the response
/// and its JSON bytes exactly as written.
///
/// Every error names the file: a missing key or unreadable key file, a key that does not open
/// the file, a damaged file, a file that is not a response, or one from a newer version.
pub fn read_response_file(
    path: &Path,
    identity: Option<&Path>,
) -> Result<(Response, Vec<u8>), Error> {
    let bytes = read_file(path).map_err(|p| p.into_error(path))?;
    let key = match identity {
        Some(id) if is_encrypted(&bytes) => Some(Key::load(id)?),
        _ => None,
    };
    response_from_bytes(bytes, key.as_ref()).map_err(|p| p.into_error(path))
}

/// Like [`read_response_file`], with a key already loaded (for commands that read many files).
pub fn read_response_with(
    path: &Path,
    key: Option<&Key>,
) -> Result<(Response, Vec<u8>), ReadProblem> {
    let bytes = read_file(path)?;
    response_from_bytes(bytes, key)
}

/// Reads a file given on the command line, explaining why it cannot be read.
pub fn read_file(path: &Path) -> Result<Vec<u8>, ReadProblem> {
    if path.is_dir() {
        return Err(ReadProblem::invalid("it is a folder, not a response file"));
    }
    std::fs::read(path)
        .map_err(|e| ReadProblem::invalid(format!("cannot read it: {}", plain_io(&e))))
}

/// Turns a file's bytes (JSON, or age-encrypted JSON) into a response.
pub fn response_from_bytes(
    bytes: Vec<u8>,
    key: Option<&Key>,
) -> Result<(Response, Vec<u8>), ReadProblem> {
    let json = if is_encrypted(&bytes) {
        match key {
            Some(key) => key.decrypt(&bytes)?,
            None => {
                return Err(ReadProblem {
                    message: NEEDS_KEY.to_string(),
                    needs_key: true,
                });
            }
        }
    } else {
        bytes
    };
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
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encrypts_and_decrypts_with_a_generated_key() {
        let secret = age::x25519::Identity::generate();
        let public = secret.to_public().to_string();
        let cipher = encrypt(&public, b"{\"hello\": 1}").unwrap();
        assert!(is_encrypted(&cipher));
        let dir = tempfile::tempdir().unwrap();
        let key_path = dir.path().join("key.txt");
        use age::secrecy::ExposeSecret;
        std::fs::write(
            &key_path,
            format!(
                "# created: now\n# public key: {public}\n{}\n",
                secret.to_string().expose_secret()
            ),
        )
        .unwrap();
        let key = Key::load(&key_path).unwrap();
        assert_eq!(key.decrypt(&cipher).unwrap(), b"{\"hello\": 1}");
        let other = age::x25519::Identity::generate();
        std::fs::write(
            &key_path,
            format!("{}\n", other.to_string().expose_secret()),
        )
        .unwrap();
        let wrong = Key::load(&key_path).unwrap();
        let err = wrong.decrypt(&cipher).unwrap_err();
        assert!(err.message.contains("does not open"), "{err}");
        let err = key_cut(&cipher, &Key::load(&key_path).unwrap());
        assert!(
            err.message.contains("damaged") || err.message.contains("does not open"),
            "{err}"
        );
    }

    fn key_cut(cipher: &[u8], key: &Key) -> ReadProblem {
        key.decrypt(&cipher[..cipher.len() / 2]).unwrap_err()
    }

    #[test]
    fn refuses_a_bad_recipient() {
        assert!(matches!(encrypt("age1nope", b"x"), Err(Error::Usage(_))));
    }

    #[test]
    fn plain_json_is_not_encrypted() {
        assert!(!is_encrypted(b"{\"format\": \"ndti-respond/response\"}"));
        assert!(is_encrypted(b"\n-----BEGIN AGE ENCRYPTED FILE-----\nabc"));
    }
}
