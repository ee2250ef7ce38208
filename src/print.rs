//! The `print` command.

use crate::error::{Error, Result};

pub fn run(_args: &crate::cli::PrintArgs) -> Result<u8> {
    Err(Error::Failed("`print` is not available yet".into()))
}
