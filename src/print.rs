//! The `print` command: reads a response file and writes it as text, Markdown, HTML or JSON.
//! The layout itself is in [`crate::render`].

use std::path::Path;

use crate::cli::{PrintArgs, PrintFormat};
use crate::encryption::read_response_file;
use crate::error::{Error, Result, exit};

/// The width used when the output is not a terminal and no `--width` is given.
pub const DEFAULT_WIDTH: usize = 80;

pub fn run(args: &PrintArgs) -> Result<u8> {
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
            crate::render::text(&response, width)
        }
        PrintFormat::Markdown => crate::render::markdown(&response),
        PrintFormat::Html => crate::render::html(&response),
        PrintFormat::Json => pretty_json(&json),
    };
    match &args.output {
        Some(out) => crate::storage::write_atomic(out, rendered.as_bytes())
            .map_err(|e| Error::io(format!("cannot write {}", out.display()), e))?,
        None => crate::app::write_stdout(rendered.as_bytes())?,
    }
    Ok(exit::OK)
}

/// The terminal's width when standard output is one, otherwise [`DEFAULT_WIDTH`].
fn terminal_width() -> usize {
    console::Term::stdout()
        .size_checked()
        .map(|(_, cols)| usize::from(cols))
        .filter(|&c| c >= 20)
        .unwrap_or(DEFAULT_WIDTH)
}

/// The response JSON laid out with two-space indents, every field kept in its order.
fn pretty_json(json: &[u8]) -> String {
    match serde_json::from_slice::<serde_json::Value>(json) {
        Ok(value) => {
            let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
            s.push('\n');
            s
        }
        // Already read as a response, so this cannot happen; fall back to the bytes as they are.
        Err(_) => String::from_utf8_lossy(json).into_owned(),
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
            output.display()
        )));
    }
    Ok(())
}
