//! The wizard session: choosing a draft, running the questions, writing the response.

use crate::cli::{DraftsArgs, GlobalArgs, WizardArgs};
use crate::error::{Error, Result};

pub enum Start {
    Default,
    New,
    Resume(Option<String>),
}

pub fn run_wizard(_global: &GlobalArgs, _wizard: &WizardArgs, _start: Start) -> Result<u8> {
    Err(Error::Failed("the wizard is not available yet".into()))
}

pub fn drafts_command(_global: &GlobalArgs, _args: DraftsArgs) -> Result<u8> {
    Err(Error::Failed("`drafts` is not available yet".into()))
}
