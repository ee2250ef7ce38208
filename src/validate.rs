//! The `validate` command.

use crate::error::{Error, Result};

pub fn run(_args: &crate::cli::ValidateArgs) -> Result<u8> {
    Err(Error::Failed("`validate` is not available yet".into()))
}
