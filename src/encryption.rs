//! Encrypting responses to the organisation's age key.

use crate::error::{Error, Result};

/// Encrypts to an age X25519 recipient (`age1...`), in the standard binary age format.
pub fn encrypt(recipient: &str, plaintext: &[u8]) -> Result<Vec<u8>> {
    let recipient: age::x25519::Recipient = recipient
        .trim()
        .parse()
        .map_err(|e| Error::Failed(format!("the encryption key is not valid: {e}")))?;
    age::encrypt(&recipient, plaintext).map_err(|e| Error::Failed(format!("cannot encrypt: {e}")))
}
