//! Encryption of responses to the organisation's age public key, and decryption with its secret
//! key. Reading a response file, plain or encrypted, is [`crate::response_file`]'s.
//!
//! The files are the standard age format, so the organisation can open them with the `age`
//! command-line tool as well as with `ndti-respond --identity KEY`.

use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::response_file::{MAX_RESPONSE_BYTES, ReadProblem, plain_io};

/// The largest age header read (the lines from `age-encryption.org/v1` to the `---` line):
/// 16 KiB, room for a hundred recipients. The age crate parses a header again from its start
/// each time a line arrives, so a hostile header of many lines costs time with the square of
/// its size; this limit keeps that under a few milliseconds, and the header is handed to the
/// age crate a line at a time so that one long line costs no more than its length.
pub const MAX_AGE_HEADER_BYTES: usize = 16 << 10;

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
    Ok(age::encrypt(&recipient, plaintext)?)
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
                crate::render::sanitise::path(path),
                plain_io(&e)
            ))
        })?;
        let not_a_key = || {
            Error::Usage(format!(
                "{} is not an age key file (it should hold a line starting AGE-SECRET-KEY-1, as age-keygen writes)",
                crate::render::sanitise::path(path)
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

    /// Decrypts an age file's bytes (binary or armoured), refusing a header past
    /// [`MAX_AGE_HEADER_BYTES`] before the age crate sees it, and stopping at
    /// [`MAX_RESPONSE_BYTES`] of decrypted JSON.
    pub fn decrypt(&self, ciphertext: &[u8]) -> Result<Vec<u8>, ReadProblem> {
        let damaged = |detail: &str| {
            ReadProblem::invalid(format!(
                "the encrypted file is damaged and cannot be opened ({detail})"
            ))
        };
        let mut armored = age::armor::ArmoredReader::new(ciphertext);
        // The header, and perhaps the start of the payload after it.
        let mut head = Vec::with_capacity(1024);
        (&mut armored)
            .take(MAX_AGE_HEADER_BYTES as u64 + 1)
            .read_to_end(&mut head)
            .map_err(|_| damaged("its armour is not valid"))?;
        if header_end(&head).is_none() {
            return Err(if head.len() > MAX_AGE_HEADER_BYTES {
                damaged(&format!(
                    "its header is longer than {} KB, which no real one is",
                    MAX_AGE_HEADER_BYTES >> 10
                ))
            } else {
                damaged("its header is not valid")
            });
        }
        let input = BufReader::new(std::io::Cursor::new(head).chain(armored));
        let decryptor = age::Decryptor::new_buffered(input).map_err(|e| match e {
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
        let stream = decryptor
            .decrypt(
                self.identities
                    .iter()
                    .map(|i| i.as_ref() as &dyn age::Identity),
            )
            .map_err(|e| match e {
                age::DecryptError::NoMatchingKeys | age::DecryptError::KeyDecryptionFailed => {
                    ReadProblem::invalid(format!(
                        "the key in {} does not open this response",
                        crate::render::sanitise::path(&self.path)
                    ))
                }
                _ => damaged("its header is not valid"),
            })?;
        stream
            .take(MAX_RESPONSE_BYTES + 1)
            .read_to_end(&mut plain)
            .map_err(|_| damaged("it is cut short or altered"))?;
        if plain.len() as u64 > MAX_RESPONSE_BYTES {
            return Err(ReadProblem::invalid(format!(
                "decrypted, it is larger than {} MB, the most a response may be",
                MAX_RESPONSE_BYTES >> 20
            )));
        }
        Ok(plain)
    }
}

/// Where the header ends: just after the line starting `---` (the header's MAC line).
fn header_end(bytes: &[u8]) -> Option<usize> {
    let mut at = 0;
    while at < bytes.len() {
        let end = bytes[at..].iter().position(|&b| b == b'\n')? + at;
        if bytes[at..end].starts_with(b"---") {
            return Some(end + 1);
        }
        at = end + 1;
    }
    None
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
