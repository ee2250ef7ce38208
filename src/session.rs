//! The wizard from start to finish: choosing the draft, asking the questions, writing the
//! response and saying how to send it. Also the `drafts` command.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::active_draft::{ActiveDraft, Shared};
use crate::app::load_questionnaire;
use crate::atomic_file::{Existing, write_numbered};
use crate::cli::{DraftsAction, DraftsArgs, GlobalArgs, WizardArgs};
use crate::draft::Draft;
use crate::error::{Error, Result, exit};
use crate::lines::StdinLines;
use crate::plain::PlainPrompter;
use crate::prompt::Prompter;
use crate::questionnaire::Questionnaire;
use crate::response::Response;
use crate::storage::{DraftSummary, Store, StoreError};
use crate::terminal::TerminalPrompter;
use crate::wizard::{Wizard, shell_quote};

/// How the wizard was started.
pub enum Start {
    /// `ndti-respond`: offer to resume a draft when there is one.
    Default,
    /// `ndti-respond new`.
    New,
    /// `ndti-respond resume [DRAFT]`.
    Resume(Option<String>),
}

/// Whether to use plain mode: asked for, or standard input is not a terminal (then dialoguer
/// would still read keys from /dev/tty), or the environment asks for it.
pub fn plain_mode(global: &GlobalArgs) -> bool {
    global.plain
        || !io::stdin().is_terminal()
        || !io::stderr().is_terminal()
        || std::env::var_os("ACCESSIBLE").is_some_and(|v| !v.is_empty())
        || std::env::var("TERM").is_ok_and(|t| t == "dumb")
}

fn data_dir(global: &GlobalArgs) -> Result<PathBuf> {
    match &global.data_dir {
        Some(d) => Ok(d.clone()),
        None => Store::default_dir().ok_or_else(|| {
            Error::Failed(
                "cannot find your user data folder to keep drafts in; give one with --data-dir DIR"
                    .into(),
            )
        }),
    }
}

pub fn run_wizard(global: &GlobalArgs, args: &WizardArgs, start: Start) -> Result<u8> {
    let q = load_questionnaire(global.questions.as_ref())?;
    check_output_target(args)?;
    if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        console::set_colors_enabled(false);
        console::set_colors_enabled_stderr(false);
    }
    crate::interrupt::install();
    if plain_mode(global) {
        console::set_colors_enabled_stderr(false);
        let mut input =
            StdinLines::new().map_err(|e| Error::io("cannot read standard input", e))?;
        let mut out = io::stderr();
        let mut prompter = PlainPrompter::new(&mut input, &mut out);
        drive(global, args, start, &q, &mut prompter)
    } else {
        let mut prompter =
            TerminalPrompter::new().map_err(|e| Error::io("cannot use the terminal", e))?;
        let result = drive(global, args, start, &q, &mut prompter);
        crate::interrupt::restore_terminal();
        result
    }
}

fn drive(
    global: &GlobalArgs,
    args: &WizardArgs,
    start: Start,
    q: &Questionnaire,
    prompter: &mut dyn Prompter,
) -> Result<u8> {
    let result = drive_inner(global, args, start, q, prompter);
    match result {
        Err(Error::Interrupted) => crate::interrupt::shutdown(),
        other => {
            crate::interrupt::clear_active();
            other
        }
    }
}

fn drive_inner(
    global: &GlobalArgs,
    args: &WizardArgs,
    start: Start,
    q: &Questionnaire,
    prompter: &mut dyn Prompter,
) -> Result<u8> {
    let io_err = Error::from_prompt;
    let dir = data_dir(global)?;
    let store = Store::open(&dir)?;
    let (draft, resumed) = choose_draft(&store, q, start, prompter).map_err(|e| match e {
        ChooseError::Io(e) => io_err(e),
        ChooseError::Other(e) => e,
    })?;
    let mut draft = draft;
    let lock = store.lock(&draft.response_id)?;
    if let Some(pid) = lock.taken_over_from.filter(|&p| p != std::process::id()) {
        prompter
            .notice(&format!(
                "This draft was last open in a copy of ndti-respond (process {pid}) that stopped without closing it. It is yours now."
            ))
            .map_err(io_err)?;
    }
    let changes = draft.reconcile(q);
    let active = Shared::new(ActiveDraft::new(store, draft, lock));
    // Saved with the first answer (or on the way out, if stopped before one): until then it holds
    // nothing typed, and not writing it keeps the first prompt quick.
    active.lock().unsaved = true;
    let hint = resume_hint(global, &active.lock().id());
    crate::interrupt::set_active(active.clone(), hint.clone());
    prompter.attach_draft(active.clone());

    if resumed {
        let (answered, total) = {
            let a = active.lock();
            (a.draft.answered_count(), q.question_count())
        };
        prompter
            .notice(&format!(
                "Welcome back. You have answered {answered} of {total} questions so far."
            ))
            .map_err(io_err)?;
    } else {
        prompter.welcome(q).map_err(io_err)?;
    }
    for change in &changes {
        prompter.notice(&change.to_string()).map_err(io_err)?;
    }

    let mut wizard = Wizard::new(q, active.clone(), prompter);
    let start_at = wizard.start_position();
    match wizard.run(start_at) {
        Ok(()) => {}
        Err(Error::InputEnded) => {
            let (saved, path) = {
                let mut a = active.lock();
                let saved = a.save_if_needed().map(|()| a.is_on_disk());
                (saved, a.path())
            };
            match saved {
                Ok(true) => {}
                Ok(false) => {
                    return Err(Error::Failed(
                        "the input ended before any question was answered, so nothing was kept"
                            .into(),
                    ));
                }
                Err(e) => return Err(e.into()),
            }
            return Err(Error::Failed(format!(
                "the input ended before the questionnaire was finished. Your answers so far are saved in {}. To carry on: {hint}",
                path.display()
            )));
        }
        Err(e) => return Err(e),
    }

    finish(q, args, &active, prompter, &hint)
}

/// Writes the response, removes the draft once the response is safely on disk, and explains
/// how to send it.
fn finish(
    q: &Questionnaire,
    args: &WizardArgs,
    active: &Shared,
    prompter: &mut dyn Prompter,
    hint: &str,
) -> Result<u8> {
    let response = active.lock().draft.to_response(q);
    let json = response.to_json();
    let keep_hint = |e: String| {
        Error::Failed(format!(
            "{e}. Your answers are safe in your draft; to try again, run: {hint} (add -o FILE to choose where the response goes)"
        ))
    };
    let recipient = q.return_to.age_recipient.clone();
    let encrypted_only = args.encrypted_only && recipient.is_some();
    let base = match &args.output {
        Some(p) => p.clone(),
        None => default_response_name(&response),
    };
    let mut written: Vec<PathBuf> = Vec::new();
    let json_path = if encrypted_only {
        None
    } else {
        let path = write_output(&base, json.as_bytes(), args)
            .map_err(|e| keep_hint(format!("cannot write the response: {e}")))?;
        written.push(path.clone());
        Some(path)
    };
    let age_path = match &recipient {
        Some(r) => {
            let bytes = crate::encryption::encrypt(r, json.as_bytes())
                .map_err(|e| keep_hint(format!("cannot encrypt the response: {e}")))?;
            let target = match &json_path {
                Some(p) => append_ext(p, "age"),
                None => append_ext(&base, "age"),
            };
            let path = write_output(&target, &bytes, args)
                .map_err(|e| keep_hint(format!("cannot write the encrypted response: {e}")))?;
            written.push(path.clone());
            Some(path)
        }
        None => None,
    };
    // Only now that the response is durably written does the draft go.
    {
        let mut a = active.lock();
        if let Err(e) = a.remove() {
            let _ = prompter.notice(&format!(
                "Your response is written, but the draft could not be removed ({e}); you can delete it with `ndti-respond drafts delete`."
            ));
        }
    }
    crate::interrupt::clear_active();

    let main_file = json_path
        .clone()
        .or(age_path.clone())
        .expect("a file was written");
    let mut lines = vec![
        String::new(),
        "Thank you. Your response is written:".to_string(),
    ];
    for p in &written {
        lines.push(format!("  {}", p.display()));
    }
    let eml = match prompter
        .confirm("Would you like an email message made ready to send, with your response attached?")
    {
        Ok(true) => match crate::email::write_email_for(&main_file, &response) {
            Ok(path) => Some(path),
            Err(e) => {
                lines.push(format!("The email message could not be made: {e}"));
                None
            }
        },
        Ok(false) => None,
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => None,
        Err(e) => return Err(Error::from_prompt(e)),
    };
    let r = &q.return_to;
    let attach = age_path.as_ref().unwrap_or(&main_file);
    lines.push(String::new());
    lines.push("How to send it:".to_string());
    match &eml {
        Some(path) => lines.push(format!(
            "  By email: open {} in your email program and press Send (it goes to {}).",
            path.display(),
            r.email
        )),
        None => lines.push(format!(
            "  By email: send the file {} as an attachment to {}.",
            attach.display(),
            r.email
        )),
    }
    lines.push(format!(
        "  By post: print it (ndti-respond print {} > response.txt) and post it to {}.",
        shell_quote(&main_file.display().to_string()),
        r.postal_address
    ));
    if let Some(phone) = &r.phone {
        let who = r.phone_contact.as_deref().unwrap_or("NDTi");
        lines.push(format!(
            "  If you would rather talk about your work, call {who} on {phone}."
        ));
    }
    lines.push(format!("Please send it by {}.", r.deadline_text()));
    for line in lines {
        prompter.info(&line).map_err(Error::from_prompt)?;
    }
    Ok(exit::OK)
}

/// Refuses an existing `-o` target before any question is asked, unless `--force`.
fn check_output_target(args: &WizardArgs) -> Result<()> {
    let Some(out) = &args.output else {
        return Ok(());
    };
    if out.is_dir() {
        return Err(Error::Usage(format!(
            "{} is a folder; give a file name for the response",
            out.display()
        )));
    }
    if out.exists() && !out.is_file() {
        return Err(Error::Usage(format!(
            "{} is not a regular file; give a file name for the response",
            out.display()
        )));
    }
    if out.exists() && !args.force {
        return Err(Error::Usage(format!(
            "{} already exists; choose another name or add --force to replace it",
            out.display()
        )));
    }
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty())
        && !parent.is_dir()
    {
        return Err(Error::Usage(format!(
            "cannot write the response to {}: the folder {} does not exist",
            out.display(),
            parent.display()
        )));
    }
    Ok(())
}

/// Writes a finished file: replacing only an `-o` target given with `--force`; otherwise never
/// overwriting (a default name gets `-2`, `-3`... when taken).
fn write_output(path: &Path, bytes: &[u8], args: &WizardArgs) -> io::Result<PathBuf> {
    if args.output.is_some() {
        let existing = if args.force {
            Existing::Replace
        } else {
            Existing::Keep
        };
        crate::atomic_file::write(path, bytes, existing)?;
        return Ok(path.to_path_buf());
    }
    write_numbered(path, bytes)
}

fn append_ext(path: &Path, ext: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".");
    s.push(ext);
    PathBuf::from(s)
}

/// `ndti-response-jo-bloggs-2026-11-28.json` in the current folder.
pub fn default_response_name(response: &Response) -> PathBuf {
    let who = response
        .text_of(crate::questionnaire::Role::Organisation)
        .or_else(|| response.text_of(crate::questionnaire::Role::Name))
        .unwrap_or_default();
    let mut slug = String::new();
    for c in who.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
        if slug.len() >= 40 {
            break;
        }
    }
    let slug = slug.trim_matches('-');
    let date = response.completed_at.get(..10).unwrap_or("response");
    if slug.is_empty() {
        PathBuf::from(format!("ndti-response-{date}.json"))
    } else {
        PathBuf::from(format!("ndti-response-{slug}-{date}.json"))
    }
}

fn resume_hint(global: &GlobalArgs, id: &str) -> String {
    let mut s = String::from("ndti-respond");
    if let Some(q) = &global.questions {
        s.push_str(&format!(
            " --questions {}",
            shell_quote(&q.display().to_string())
        ));
    }
    if let Some(d) = &global.data_dir
        && std::env::var_os("NDTI_RESPOND_DATA_DIR").is_none_or(|v| v != d.as_os_str())
    {
        s.push_str(&format!(
            " --data-dir {}",
            shell_quote(&d.display().to_string())
        ));
    }
    s.push_str(&format!(" resume {}", short_id(id)));
    s
}

fn short_id(id: &str) -> &str {
    id.get(..8).unwrap_or(id)
}

enum ChooseError {
    Io(io::Error),
    Other(Error),
}

impl From<io::Error> for ChooseError {
    fn from(e: io::Error) -> Self {
        ChooseError::Io(e)
    }
}

impl From<StoreError> for ChooseError {
    fn from(e: StoreError) -> Self {
        ChooseError::Other(e.into())
    }
}

/// Picks the draft to work on; `true` when it is one being resumed.
fn choose_draft(
    store: &Store,
    q: &Questionnaire,
    start: Start,
    prompter: &mut dyn Prompter,
) -> std::result::Result<(Draft, bool), ChooseError> {
    let wanted = match start {
        Start::New => return Ok((Draft::new(q), false)),
        Start::Resume(Some(name)) => {
            let id = store.find(&name)?;
            let draft = store.load(&id)?;
            if draft.questionnaire.id != q.id {
                return Err(ChooseError::Other(Error::Usage(format!(
                    "the draft {} answers the questionnaire `{}` (\"{}\"), not `{}`; to carry on with it, give that questionnaire with --questions FILE",
                    short_id(&id),
                    draft.questionnaire.id,
                    draft.questionnaire.title,
                    q.id
                ))));
            }
            return Ok((draft, true));
        }
        Start::Resume(None) => true,
        Start::Default => false,
    };
    let mut usable: Vec<DraftSummary> = Vec::new();
    for entry in store.list()? {
        match entry {
            Ok(s) if s.open_in_process.is_some() => prompter.notice(&format!(
                "The draft {} is open in another copy of ndti-respond (process {}), so it is left alone here.",
                short_id(&s.id),
                s.open_in_process.unwrap_or(0)
            ))?,
            Ok(s) if s.questionnaire_id != q.id => prompter.notice(&format!(
                "The draft {} answers another questionnaire (`{}`); to carry on with it, give that questionnaire with --questions FILE.",
                short_id(&s.id),
                s.questionnaire_id
            ))?,
            Ok(s) => usable.push(s),
            Err(e) => prompter.notice(&format!("Note: {e}."))?,
        }
    }
    if usable.is_empty() {
        if wanted {
            return Err(ChooseError::Other(Error::Failed(format!(
                "there is no draft to resume in {}; start a new response with `ndti-respond`",
                store.dir().display()
            ))));
        }
        return Ok((Draft::new(q), false));
    }
    let total = q.question_count();
    let mut options: Vec<String> = usable.iter().map(|s| describe(s, total)).collect();
    let choice = if wanted && usable.len() == 1 {
        Some(0)
    } else {
        let text = if wanted {
            "Which draft would you like to carry on with?".to_string()
        } else {
            options.push("Start a new response".to_string());
            format!(
                "You have {} unfinished {}. Carry on with one, or start a new response?",
                usable.len(),
                if usable.len() == 1 { "draft" } else { "drafts" }
            )
        };
        prompter.select(&text, &options)?
    };
    match choice {
        Some(i) if i < usable.len() => Ok((store.load(&usable[i].id)?, true)),
        Some(_) => Ok((Draft::new(q), false)),
        None => Err(ChooseError::Other(Error::Failed(
            "no draft was chosen; nothing was changed".into(),
        ))),
    }
}

fn describe(s: &DraftSummary, total: usize) -> String {
    let who = match (&s.name, &s.organisation) {
        (Some(n), Some(o)) => format!("{n} ({o})"),
        (Some(n), None) => n.clone(),
        (None, Some(o)) => o.clone(),
        (None, None) => "No name yet".to_string(),
    };
    format!(
        "{who}, last saved {}, {} of {total} answered [{}]",
        friendly_time(&s.saved_at),
        s.answered,
        short_id(&s.id)
    )
}

/// `2026-11-28 14:05` from an RFC 3339 timestamp, in its own offset.
fn friendly_time(ts: &str) -> String {
    match (ts.get(..10), ts.get(11..16)) {
        (Some(d), Some(t)) => format!("{d} {t}"),
        _ => ts.to_string(),
    }
}

pub fn drafts_command(global: &GlobalArgs, args: DraftsArgs) -> Result<u8> {
    let dir = data_dir(global)?;
    let (json, action) = match args.action {
        None => (args.json, None),
        Some(DraftsAction::List { json }) => (json || args.json, None),
        Some(other) => (args.json, Some(other)),
    };
    match action {
        Some(DraftsAction::Path) => {
            crate::app::write_stdout(format!("{}\n", dir.display()).as_bytes())?;
            Ok(exit::OK)
        }
        Some(DraftsAction::Delete { draft, yes }) => {
            let store = Store::open(&dir)?;
            let id = store.find(&draft)?;
            let summary = store.load(&id);
            let lock = store.lock(&id.parse().map_err(|_| {
                Error::Failed(format!("{id} is not a draft made by ndti-respond"))
            })?)?;
            if !yes {
                let what = match &summary {
                    Ok(d) => describe_draft(d),
                    Err(_) => format!("the damaged draft {}", store.path_of(&id).display()),
                };
                if !confirm_on_stdin(&format!("Delete {what}? This cannot be undone."))? {
                    eprintln!("Nothing was deleted.");
                    return Ok(exit::FAILURE);
                }
            }
            drop(lock);
            store.delete(&id)?;
            eprintln!("Deleted draft {}.", short_id(&id));
            Ok(exit::OK)
        }
        Some(DraftsAction::List { .. }) | None => {
            let q = load_questionnaire(global.questions.as_ref())?;
            let total = q.question_count();
            let listing = if dir.is_dir() {
                Store::open(&dir)?.list()?
            } else {
                Vec::new()
            };
            let mut out = String::new();
            if json {
                let items: Vec<serde_json::Value> = listing
                    .iter()
                    .map(|entry| match entry {
                        Ok(s) => serde_json::json!({
                            "id": s.id,
                            "path": s.path,
                            "name": s.name,
                            "organisation": s.organisation,
                            "started_at": s.started_at,
                            "saved_at": s.saved_at,
                            "answered": s.answered,
                            "questions": total,
                            "questionnaire_id": s.questionnaire_id,
                            "questionnaire_version": s.questionnaire_version,
                            "open_in_process": s.open_in_process,
                            "readable": true,
                        }),
                        Err(e) => serde_json::json!({
                            "readable": false,
                            "error": e.to_string(),
                        }),
                    })
                    .collect();
                out = serde_json::to_string_pretty(&items).unwrap_or_default();
                out.push('\n');
            } else {
                let rows: Vec<[String; 4]> = listing
                    .iter()
                    .filter_map(|e| e.as_ref().ok())
                    .map(|s| {
                        let who = match (&s.name, &s.organisation) {
                            (Some(n), Some(o)) => format!("{n} ({o})"),
                            (Some(n), None) => n.clone(),
                            (None, Some(o)) => o.clone(),
                            (None, None) => "(no name yet)".to_string(),
                        };
                        let status = match s.open_in_process {
                            Some(pid) => format!(" (open in process {pid})"),
                            None => String::new(),
                        };
                        [
                            short_id(&s.id).to_string(),
                            format!("{who}{status}"),
                            friendly_time(&s.saved_at),
                            format!("{} of {total}", s.answered),
                        ]
                    })
                    .collect();
                if !rows.is_empty() {
                    out = table(&["ID", "NAME", "LAST SAVED", "ANSWERED"], &rows);
                }
                for e in listing.iter().filter_map(|e| e.as_ref().err()) {
                    eprintln!("Note: {e}.");
                }
                if rows.is_empty() {
                    eprintln!("There are no drafts in {}.", dir.display());
                } else {
                    eprintln!("Drafts are kept in {}.", dir.display());
                }
            }
            crate::app::write_stdout(out.as_bytes())?;
            Ok(exit::OK)
        }
    }
}

fn describe_draft(d: &Draft) -> String {
    let who = d
        .text_of(crate::questionnaire::Role::Name)
        .or_else(|| d.text_of(crate::questionnaire::Role::Organisation))
        .unwrap_or_else(|| "no name yet".into());
    format!(
        "the draft {} ({who}, {} answered)",
        short_id(&d.response_id.to_string()),
        d.answered_count()
    )
}

/// A table with columns padded by display width.
fn table(headers: &[&str; 4], rows: &[[String; 4]]) -> String {
    let mut widths = headers.map(console::measure_text_width);
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(console::measure_text_width(cell));
        }
    }
    let mut out = String::new();
    let mut line = |cells: Vec<&str>| {
        let mut l = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            l.push_str(cell);
            if i + 1 < cells.len() {
                l.push_str(&" ".repeat(w - console::measure_text_width(cell) + 2));
            }
        }
        out.push_str(l.trim_end());
        out.push('\n');
    };
    line(headers.to_vec());
    for row in rows {
        line(row.iter().map(String::as_str).collect());
    }
    out
}

/// Asks a yes/no question on stderr, answered by a line on stdin.
fn confirm_on_stdin(text: &str) -> Result<bool> {
    let mut err = io::stderr();
    let mut input = StdinLines::new().map_err(|e| Error::io("cannot read standard input", e))?;
    loop {
        let _ = write!(err, "{text} Type y or n, then press Enter. (y/n) ");
        let _ = err.flush();
        use crate::lines::LineInput;
        match input
            .read_line()
            .map_err(|e| Error::io("cannot read standard input", e))?
        {
            None => return Ok(false),
            Some(line) => match crate::answer::parse_yes_no(&line) {
                Ok(b) => return Ok(b),
                Err(p) => {
                    let _ = writeln!(err, "{}", p.0);
                }
            },
        }
    }
}
