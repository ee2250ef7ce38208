//! The `email` command.

use crate::error::{Error, Result};

pub fn run(_args: &crate::cli::EmailArgs) -> Result<u8> {
    Err(Error::Failed("`email` is not available yet".into()))
}

/// Writes an email message next to the response file; returns its path.
pub fn write_email_for(
    _response_path: &std::path::Path,
    _response: &crate::response::Response,
) -> Result<std::path::PathBuf> {
    Err(Error::Failed("email messages are not available yet".into()))
}
