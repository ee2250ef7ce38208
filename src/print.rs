//! The `print` command: reads a response file and writes it as text, Markdown, HTML or JSON.
//! The layouts themselves are in [`crate::render`].

use std::path::Path;

use crate::atomic_file::Existing;
use crate::cli::{PrintArgs, PrintFormat};
use crate::error::{Error, ExitCode, Result};
use crate::render::sanitise;
use crate::response_file::read_response_file;

/// The width used when the output is not a terminal and no `--width` is given.
pub const DEFAULT_WIDTH: usize = 80;

pub fn run(args: &PrintArgs) -> Result<ExitCode> {
    if let Some(out) = &args.output {
        refuse_to_overwrite_input(&args.file, out)?;
    }
    let (response, json) = read_response_file(&args.file, args.identity.as_deref())?;
    let rendered = match args.format {
        PrintFormat::Text => {
            let width = match (args.width, &args.output) {
                (Some(w), _) => usize::from(w),
                (None, Some(_)) => DEFAULT_WIDTH,
                (None, None) => terminal_width(),
            };
            crate::render::text(&response, width).into_bytes()
        }
        PrintFormat::Markdown => crate::render::markdown(&response).into_bytes(),
        PrintFormat::Html => crate::render::html(&response).into_bytes(),
        PrintFormat::Json => pretty_json(&json),
    };
    match &args.output {
        Some(out) => crate::atomic_file::write(out, &rendered, Existing::Replace)
            .map_err(|e| Error::io(format!("cannot write {}", sanitise::path(out)), e))?,
        None => crate::output::stdout(&rendered)?,
    }
    Ok(ExitCode::Success)
}

/// The terminal's width when standard output is one, otherwise [`DEFAULT_WIDTH`].
fn terminal_width() -> usize {
    console::Term::stdout()
        .size_checked()
        .map(|(_, cols)| usize::from(cols))
        .filter(|&c| c >= 20)
        .unwrap_or(DEFAULT_WIDTH)
}

/// The response JSON laid out with two-space indents, every field kept in its order, with the
/// characters a terminal would act on escaped.
fn pretty_json(json: &[u8]) -> Vec<u8> {
    // Already read as a response by the strict reader, so it is JSON without repeated keys.
    match serde_json::from_slice::<serde_json::Value>(crate::response_json::without_bom(json)) {
        Ok(value) => crate::render::json::pretty(&value),
        Err(_) => sanitise::text(&String::from_utf8_lossy(json))
            .into_owned()
            .into_bytes(),
    }
}

/// `print response.json -o response.json` would replace the response with its printout.
fn refuse_to_overwrite_input(input: &Path, output: &Path) -> Result<()> {
    let same = match (input.canonicalize(), output.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same {
        return Err(Error::Usage(format!(
            "{} is the response itself; choose another file for -o",
            sanitise::path(output)
        )));
    }
    Ok(())
}
