//! The `email` command.

use crate::error::{Error, Result};

pub fn run(_args: &crate::cli::EmailArgs) -> Result<u8> {
    Err(Error::Failed("`email` is not available yet".into()))
}
