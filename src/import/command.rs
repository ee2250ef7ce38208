//! The `import` command: reads each form given, writes its response, and reports on it.
//!
//! Exit codes: 0 when every form was imported (even one a person should look at: the report
//! says so); 2 when a form could not be imported (unreadable, not a form of the questionnaire,
//! an old .doc, password-protected, damaged, too large), or its response would replace a file
//! without `--force`, or the options do not fit together; 1 when a response could not be
//! written. Every form is tried; the highest code wins.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::cli::{GlobalArgs, ImportArgs};
use crate::error::{Error, ExitCode, Result};

use super::ImportReport;

/// One line of `--json` output.
#[derive(Serialize)]
struct JsonLine<'a> {
    file: String,
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    output: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    needs_attention: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    report: Option<&'a ImportReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// Runs `ndti-respond import`.
pub fn run(args: &ImportArgs, global: &GlobalArgs) -> Result<ExitCode> {
    let to_stdout = args.output.as_deref() == Some(Path::new("-"));
    check_options(args, to_stdout)?;
    let q = crate::questionnaire::Questionnaire::load_or_embedded(global.questions.as_deref())?;
    let mut code = ExitCode::Success;
    let mut planned: HashSet<PathBuf> = HashSet::new();
    for file in &args.files {
        let shown = file.display().to_string();
        let outcome = import_one(args, &q, file, to_stdout, &mut planned);
        match outcome {
            Ok((imported, written_to)) => {
                if args.json {
                    let line = JsonLine {
                        file: shown,
                        ok: true,
                        output: Some(written_to),
                        needs_attention: Some(imported.report.needs_attention()),
                        report: Some(&imported.report),
                        error: None,
                    };
                    json_line(&line)?;
                } else {
                    eprint!("{}", imported.report.to_text(&written_to));
                }
            }
            Err((failure, message)) => {
                code = code.max(failure);
                crate::output::message(&format!("{shown}: {message}"));
                if args.json {
                    json_line(&JsonLine {
                        file: shown,
                        ok: false,
                        output: None,
                        needs_attention: None,
                        report: None,
                        error: Some(message),
                    })?;
                }
            }
        }
    }
    Ok(code)
}

/// Refuses options that do not fit together, and makes the `--out-dir` folder.
fn check_options(args: &ImportArgs, to_stdout: bool) -> Result<()> {
    if args.output.is_some() && args.files.len() > 1 {
        return Err(Error::Usage(
            "-o/--output names the response of one form; for several, use --out-dir DIR (or no option, to write each beside its form)".to_string(),
        ));
    }
    if to_stdout && args.json {
        return Err(Error::Usage(
            "-o - and --json would both write to standard output; choose one".to_string(),
        ));
    }
    if let Some(dir) = &args.out_dir {
        if dir.exists() && !dir.is_dir() {
            return Err(Error::Usage(format!(
                "{} is not a folder (--out-dir)",
                dir.display()
            )));
        }
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::io(format!("cannot make the folder {}", dir.display()), e))?;
    }
    Ok(())
}

fn json_line(line: &JsonLine) -> Result<()> {
    let mut text = serde_json::to_string(line).expect("a report always serialises");
    text.push('\n');
    crate::output::stdout(text.as_bytes())
}

/// Imports one form and writes its response; on failure, the exit code and the message.
fn import_one(
    args: &ImportArgs,
    q: &crate::questionnaire::Questionnaire,
    file: &Path,
    to_stdout: bool,
    planned: &mut HashSet<PathBuf>,
) -> std::result::Result<(super::Imported, String), (ExitCode, String)> {
    let target = if to_stdout {
        None
    } else {
        Some(target_for(args, file, planned)?)
    };
    let imported = super::read(file, q).map_err(|e| (e.exit_code(), e.to_string()))?;
    let json = imported.response.to_json();
    let written_to = match target {
        None => {
            crate::output::stdout(json.as_bytes()).map_err(|e| (e.exit_code(), e.to_string()))?;
            "standard output".to_string()
        }
        Some(target) => {
            write_response(args, &target, &json)?;
            target.display().to_string()
        }
    };
    Ok((imported, written_to))
}

/// The file a form's response is to be written to, unless writing it there would replace the
/// form itself, another form's response of this run, or (without `--force`) an existing file.
fn target_for(
    args: &ImportArgs,
    file: &Path,
    planned: &mut HashSet<PathBuf>,
) -> std::result::Result<PathBuf, (ExitCode, String)> {
    let target = output_for(args, file);
    let refused = |why: String| Err((ExitCode::Usage, why));
    if same_file(&target, file) {
        return refused(format!(
            "its response would replace the form itself ({}); use -o or --out-dir",
            target.display()
        ));
    }
    if !planned.insert(target.clone()) {
        return refused(format!(
            "its response would go to {}, as another form's does; use -o or --out-dir, or rename one",
            target.display()
        ));
    }
    if !args.force && target.exists() {
        return refused(format!(
            "{} already exists; add --force to replace it",
            target.display()
        ));
    }
    Ok(target)
}

/// Writes a response to `target` whole or not at all, replacing a file there only with
/// `--force`.
fn write_response(
    args: &ImportArgs,
    target: &Path,
    json: &str,
) -> std::result::Result<(), (ExitCode, String)> {
    let existing = if args.force {
        crate::atomic_file::Existing::Replace
    } else {
        crate::atomic_file::Existing::Keep
    };
    crate::atomic_file::write(target, json.as_bytes(), existing).map_err(|e| {
        let why = if e.kind() == std::io::ErrorKind::AlreadyExists {
            "it already exists; add --force to replace it".to_string()
        } else {
            e.to_string()
        };
        (
            ExitCode::Failure,
            format!("cannot write its response {}: {why}", target.display()),
        )
    })
}

/// Where a form's response goes: `-o OUT`; or `DIR/NAME.json` with `--out-dir`; or beside the
/// form, its extension replaced by `.json`.
fn output_for(args: &ImportArgs, file: &Path) -> PathBuf {
    if let Some(out) = &args.output {
        return out.clone();
    }
    let stem = file
        .file_stem()
        .map(|s| s.to_os_string())
        .unwrap_or_else(|| "response".into());
    let mut name = stem;
    name.push(".json");
    match &args.out_dir {
        Some(dir) => dir.join(name),
        None => file.with_file_name(name),
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
