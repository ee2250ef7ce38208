//! The `collate` command.

use crate::error::{Error, Result};

pub fn run(_args: &crate::cli::CollateArgs) -> Result<u8> {
    Err(Error::Failed("`collate` is not available yet".into()))
}
