//! The wizard from start to finish: choosing the draft, asking the questions, writing the
//! response and saying how to send it.

use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};

use crate::active_draft::{ActiveDraft, Shared};
use crate::atomic_file::{Existing, write_numbered};
use crate::cli::{GlobalArgs, WizardArgs};
use crate::draft::Draft;
use crate::error::{Error, ExitCode, Result, Unfinished};
use crate::lines::StdinLines;
use crate::plain::PlainPrompter;
use crate::prompt::PromptError;
use crate::prompt::Prompter;
use crate::questionnaire::Questionnaire;
use crate::response::Response;
use crate::storage::{DraftSummary, Store};
use crate::terminal::TerminalPrompter;
use crate::wizard::{Wizard, shell_quote};

/// How the wizard was started.
pub enum Start {
    /// `ndti-respond`: offer to resume a draft when there is one (a person at a terminal only:
    /// piped input starts a new response).
    Default,
    /// `ndti-respond new [--answers FILE]`.
    New(Option<PathBuf>),
    /// `ndti-respond resume [DRAFT]`.
    Resume(Option<String>),
}

/// Whether to use plain mode: asked for, standard input or error is not a terminal, or the
/// environment asks for it.
pub fn plain_mode(global: &GlobalArgs) -> bool {
    global.plain
        || !io::stdin().is_terminal()
        || !io::stderr().is_terminal()
        || std::env::var_os("ACCESSIBLE").is_some_and(|v| !v.is_empty())
        || std::env::var("TERM").is_ok_and(|t| t == "dumb")
}

pub(crate) fn data_dir(global: &GlobalArgs) -> Result<PathBuf> {
    match &global.data_dir {
        Some(d) => Ok(d.clone()),
        None => Store::default_dir().ok_or(Error::NoDataDir),
    }
}

pub fn run_wizard(global: &GlobalArgs, args: &WizardArgs, start: Start) -> Result<ExitCode> {
    let q = Questionnaire::load_or_embedded(global.questions.as_deref())?;
    check_output_options(args, &q)?;
    // Answers given up front are checked whole before anything is asked.
    let given = match &start {
        Start::New(Some(path)) => Some(crate::answers_file::load(path, &q)?),
        _ => None,
    };
    let piped = !io::stdin().is_terminal();
    // Piped input is a script's answers: it never chooses a draft, so it can never be typed into
    // someone else's.
    let start = match start {
        Start::Default if piped => {
            crate::output::notice(
                "Standard input is not a terminal, so a new response is started. To carry on with a draft, run: ndti-respond resume ID",
            );
            Start::New(None)
        }
        other => other,
    };
    if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        console::set_colors_enabled(false);
        console::set_colors_enabled_stderr(false);
    }
    crate::interrupt::install();
    let plan = Plan {
        global,
        args,
        q: &q,
        given,
        piped,
    };
    if plain_mode(global) {
        console::set_colors_enabled_stderr(false);
        let mut input =
            StdinLines::new().map_err(|e| Error::io("cannot read standard input", e))?;
        let mut out = io::stderr();
        let mut prompter = PlainPrompter::new(&mut input, &mut out);
        drive(&plan, start, &mut prompter)
    } else {
        let mut prompter =
            TerminalPrompter::new().map_err(|e| Error::io("cannot use the terminal", e))?;
        let result = drive(&plan, start, &mut prompter);
        crate::interrupt::restore_terminal();
        result
    }
}

/// What a run of the wizard was asked to do.
struct Plan<'a> {
    global: &'a GlobalArgs,
    args: &'a WizardArgs,
    q: &'a Questionnaire,
    /// Answers given up front (`new --answers`), checked.
    given: Option<Vec<(String, crate::answer::AnswerValue)>>,
    /// Standard input is not a terminal (a script).
    piped: bool,
}

/// Runs the wizard. When it is stopped (Ctrl-C, a signal) the draft stays registered with
/// `interrupt`, for `main` to save it on the way out; otherwise it is let go here.
fn drive(plan: &Plan<'_>, start: Start, prompter: &mut dyn Prompter) -> Result<ExitCode> {
    let result = drive_inner(plan, start, prompter);
    if !matches!(result, Err(Error::Interrupted)) {
        crate::interrupt::clear_active();
    }
    result
}

fn drive_inner(plan: &Plan<'_>, start: Start, prompter: &mut dyn Prompter) -> Result<ExitCode> {
    let (global, q) = (plan.global, plan.q);
    let store = Store::open(&data_dir(global)?)?;
    let (mut draft, resumed) = choose_draft(&store, q, start, plan.piped, prompter)?;
    if let Some(given) = &plan.given {
        give_answers(&mut draft, q, given);
    }
    let lock = store.lock(&draft.response_id)?;
    if let Some(pid) = lock.taken_over_from.filter(|&p| p != std::process::id()) {
        prompter
            .notice(&format!(
                "This draft was last open in a copy of ndti-respond (process {pid}) that stopped without closing it. It is yours now."
            ))?;
    }
    let changes = draft.reconcile(q);
    let args = output_options(plan.args, &mut draft)?;
    check_output_options(&args, q)?;
    let active = open(store, draft, lock, global, prompter)?;

    if resumed {
        let answered = active.lock().draft.answered_count();
        prompter.notice(&format!(
            "Welcome back. You have answered {answered} of {} questions so far.",
            q.question_count()
        ))?;
    } else {
        let hint = active.lock().resume_hint();
        prompter.welcome(q, &hint)?;
    }
    for change in &changes {
        prompter.notice(&change.to_string())?;
    }

    let mut wizard = Wizard::new(q, active.clone(), prompter);
    let start_at = if plan.given.is_some() {
        if plan.piped {
            wizard.finish_when_complete();
        }
        wizard.first_unseen()
    } else {
        wizard.start_position()
    };
    match wizard.run(start_at) {
        Ok(()) => {}
        Err(Error::InputEnded) => return Err(input_ended(&active)),
        Err(e) => return Err(e),
    }
    finish(q, &args, &active, prompter)
}

/// The output options for this run: those given now (remembered in the draft for next time),
/// else those the draft remembers from when they were given.
fn output_options(given: &WizardArgs, draft: &mut Draft) -> Result<WizardArgs> {
    if given.any() {
        let path = match &given.output {
            Some(p) => Some(std::path::absolute(p).map_err(|e| {
                Error::io(format!("cannot use the output file {}", p.display()), e)
            })?),
            None => None,
        };
        draft.output = Some(crate::draft::OutputChoice {
            path,
            force: given.force,
            encrypted_only: given.encrypted_only,
        });
        return Ok(given.clone());
    }
    Ok(match &draft.output {
        Some(remembered) => WizardArgs {
            output: remembered.path.clone(),
            force: remembered.force,
            encrypted_only: remembered.encrypted_only,
        },
        None => WizardArgs::default(),
    })
}

/// Makes the chosen draft the one this run works on: known to the signal handler and the
/// prompter, with any text an editor left brought back into it.
fn open(
    store: Store,
    draft: Draft,
    lock: crate::storage::DraftLock,
    global: &GlobalArgs,
    prompter: &mut dyn Prompter,
) -> Result<Shared> {
    let active = Shared::new(ActiveDraft::new(store, draft, lock));
    {
        let mut a = active.lock();
        a.set_resume_command(resume_command(global));
        // Saved with the first answer (or on the way out, if stopped before one): until then
        // it holds nothing typed, and not writing it keeps the first prompt quick.
        a.unsaved = true;
    }
    // An answer left open in an editor when the program last stopped is part of the draft.
    if active.lock().salvage_editor_file() {
        prompter.notice("The text you were writing in your editor has been brought back.")?;
    }
    crate::interrupt::set_active(active.clone());
    prompter.attach_draft(active.clone());
    Ok(active)
}

/// Puts the answers given up front in a new draft. Questions the file leaves out that are not
/// required are skipped (not asked); required ones are asked.
fn give_answers(
    draft: &mut Draft,
    q: &Questionnaire,
    given: &[(String, crate::answer::AnswerValue)],
) {
    for (_, question) in q.questions() {
        match given.iter().find(|(id, _)| *id == question.id) {
            Some((_, value)) => draft.set_answer(q, question, Some(value.clone())),
            None if !question.required => draft.set_answer(q, question, None),
            None => {}
        }
    }
}

/// The input ended before the questionnaire was finished: the draft is saved (in another folder
/// if its own cannot be written), and the error says where and how to carry on.
fn input_ended(active: &Shared) -> Error {
    let mut a = active.lock();
    let saved = a.save_if_needed().map(|()| a.is_on_disk());
    match saved {
        Ok(true) => Unfinished::Saved {
            path: a.path(),
            resume: a.resume_hint(),
        }
        .into(),
        Ok(false) => Unfinished::NothingKept.into(),
        Err(first) => {
            // The drafts folder cannot be written: the answers go wherever they can.
            let mut fallbacks: Vec<PathBuf> = std::path::absolute(".").into_iter().collect();
            fallbacks.push(std::env::temp_dir().join("ndti-respond-drafts"));
            for dir in fallbacks {
                if let Ok(stale) = a.relocate(&dir) {
                    return Unfinished::Moved {
                        reason: first,
                        path: a.path(),
                        stale,
                        resume: a.resume_hint(),
                    }
                    .into();
                }
            }
            Unfinished::Lost { reason: first }.into()
        }
    }
}

/// The files a finished response was written to.
struct WrittenResponse {
    /// The response as JSON, unless only the encrypted copy was to be kept.
    json: Option<PathBuf>,
    /// The response encrypted to the organisation's key, when the questionnaire has one.
    age: Option<PathBuf>,
}

impl WrittenResponse {
    fn all(&self) -> impl Iterator<Item = &PathBuf> {
        self.json.iter().chain(&self.age)
    }
}

/// Writes the response, removes the draft once the response is safely on disk, offers an
/// email message and explains how to send it.
fn finish(
    q: &Questionnaire,
    args: &WizardArgs,
    active: &Shared,
    prompter: &mut dyn Prompter,
) -> Result<ExitCode> {
    let response = active.lock().draft.to_response(q);
    let written = write_response(q, args, &response, &active.lock().resume_hint())?;
    // Only now that the response is durably written does the draft go.
    if let Err(e) = active.lock().remove() {
        let _ = prompter.notice(&format!(
            "Your response is written, but the draft could not be removed ({e}); you can delete it with `ndti-respond drafts delete`."
        ));
    }
    crate::interrupt::clear_active();
    let mut lines = vec![
        String::new(),
        "Thank you. Your response is written:".to_string(),
    ];
    lines.extend(written.all().map(|p| format!("  {}", p.display())));
    let main_file = written.all().next().expect("a file was written").clone();
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
        Err(PromptError::InputEnded) => None,
        Err(e) => return Err(e.into()),
    };
    lines.extend(crate::send_instructions::how_to_send(
        q,
        &crate::send_instructions::Written {
            readable: written.json.as_deref(),
            encrypted: written.age.as_deref(),
            email: eml.as_deref(),
        },
        crate::response::today(),
    ));
    for line in lines {
        prompter.info(&line)?;
    }
    Ok(ExitCode::Success)
}

/// Writes the response file (to `-o`, or a name of its own that is not taken) and, with an
/// encryption key in the questionnaire, its encrypted copy beside it; with `--encrypted-only`
/// only that. A failure says the answers are safe in the draft and how to try again (`hint`).
fn write_response(
    q: &Questionnaire,
    args: &WizardArgs,
    response: &Response,
    hint: &str,
) -> Result<WrittenResponse> {
    let json = response.to_json();
    let not_written = |action, path: &Path, source: Box<dyn std::error::Error + Send + Sync>| {
        Error::ResponseNotWritten {
            action,
            path: path.to_path_buf(),
            source,
            resume: hint.to_string(),
        }
    };
    let recipient = q.return_to.age_recipient.as_deref();
    let base = match &args.output {
        Some(p) => p.clone(),
        None => default_response_name(response),
    };
    let json_path = if args.encrypted_only && recipient.is_some() {
        None
    } else {
        Some(
            write_output(&base, json.as_bytes(), args)
                .map_err(|e| not_written("write the response to", &base, e.into()))?,
        )
    };
    let age_path =
        match recipient {
            Some(r) => {
                let target = append_ext(json_path.as_deref().unwrap_or(&base), "age");
                let bytes = crate::encryption::encrypt(r, json.as_bytes())
                    .map_err(|e| not_written("encrypt the response as", &target, e.into()))?;
                Some(write_output(&target, &bytes, args).map_err(|e| {
                    not_written("write the encrypted response to", &target, e.into())
                })?)
            }
            None => None,
        };
    Ok(WrittenResponse {
        json: json_path,
        age: age_path,
    })
}

/// Refuses an existing `-o` target before any question is asked, unless `--force`.
fn check_output_options(args: &WizardArgs, q: &Questionnaire) -> Result<()> {
    if args.encrypted_only && q.return_to.age_recipient.is_none() {
        return Err(Error::Usage(
            "--encrypted-only needs the organisation's encryption key in the questionnaire (`age_recipient` in its [return] table), and this questionnaire has none; leave --encrypted-only out".into(),
        ));
    }
    let Some(out) = &args.output else {
        return Ok(());
    };
    if out.is_dir() {
        return Err(Error::Usage(format!(
            "{} is a folder; give a file name for the response",
            out.display()
        )));
    }
    // The entry itself, not what a link points to: a link to nowhere is an entry all the same.
    let entry = std::fs::symlink_metadata(out).ok();
    if let Some(meta) = &entry {
        if !meta.is_file() {
            return Err(Error::Usage(format!(
                "{} is not a regular file (it is {}); give a file name for the response",
                out.display(),
                if meta.file_type().is_symlink() {
                    "a link"
                } else {
                    "a device, pipe or socket"
                }
            )));
        }
        if !args.force {
            return Err(Error::Usage(format!(
                "{} already exists; choose another name or add --force to replace it",
                out.display()
            )));
        }
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
    let name = response.text_of(crate::questionnaire::Role::Name);
    let organisation = response.text_of(crate::questionnaire::Role::Organisation);
    let who = crate::respondent::Respondent::new(name.as_deref(), organisation.as_deref())
        .short()
        .unwrap_or_default()
        .to_string();
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
    let date = local_time(&response.completed_at)
        .map_or_else(|| "response".to_string(), |t| t.date().to_string());
    if slug.is_empty() {
        PathBuf::from(format!("ndti-response-{date}.json"))
    } else {
        PathBuf::from(format!("ndti-response-{slug}-{date}.json"))
    }
}

/// How the command that carries on with a draft is named: the program, with `--questions FILE`
/// when another questionnaire is in use, and the drafts folder used when `--data-dir` is not
/// given (so that it is named exactly when it is needed).
fn resume_command(global: &GlobalArgs) -> crate::active_draft::ResumeCommand {
    let mut prefix = String::from("ndti-respond");
    if let Some(q) = &global.questions {
        prefix.push_str(&format!(
            " --questions {}",
            shell_quote(&q.display().to_string())
        ));
    }
    let implicit_dir = std::env::var_os("NDTI_RESPOND_DATA_DIR")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(Store::default_dir);
    crate::active_draft::ResumeCommand {
        prefix,
        implicit_dir,
    }
}

pub(crate) fn short_id(id: &str) -> &str {
    id.get(..8).unwrap_or(id)
}

/// Picks the draft to work on; `true` when it is one being resumed.
fn choose_draft(
    store: &Store,
    q: &Questionnaire,
    start: Start,
    piped: bool,
    prompter: &mut dyn Prompter,
) -> Result<(Draft, bool)> {
    let wanted = match start {
        Start::New(_) => return Ok((Draft::new(q), false)),
        Start::Resume(Some(name)) => return Ok((named_draft(store, q, &name)?, true)),
        Start::Resume(None) => true,
        Start::Default => false,
    };
    let usable = usable_drafts(store, q, prompter)?;
    if usable.is_empty() {
        if wanted {
            return Err(Error::NoDraftToResume {
                dir: store.dir().to_path_buf(),
            });
        }
        return Ok((Draft::new(q), false));
    }
    let total = q.question_count();
    let mut options: Vec<String> = usable.iter().map(|s| describe(s, total)).collect();
    let choice = if wanted && usable.len() == 1 {
        Some(0)
    } else if piped {
        // Never chosen from piped input: its lines are a script's answers.
        let list: Vec<String> = options.iter().map(|o| format!("  {o}")).collect();
        return Err(Error::Usage(format!(
            "there are {} drafts; say which to carry on with, as `ndti-respond resume ID` (piped input never chooses a draft):\n{}",
            usable.len(),
            list.join("\n")
        )));
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
        None => Err(Error::NoDraftChosen),
    }
}

/// The draft named on the command line (`resume ID`, an id prefix or a path), which must
/// answer this questionnaire.
fn named_draft(store: &Store, q: &Questionnaire, name: &str) -> Result<Draft> {
    let id = store.find(name)?;
    let draft = store.load(&id)?;
    if draft.questionnaire.id != q.id {
        return Err(Error::Usage(format!(
            "the draft {} answers the questionnaire `{}` (\"{}\"), not `{}`; to carry on with it, give that questionnaire with --questions FILE",
            short_id(&id),
            draft.questionnaire.id,
            draft.questionnaire.title,
            q.id
        )));
    }
    Ok(draft)
}

/// The drafts in the folder that can be carried on with here; each one left alone (open in
/// another copy, of another questionnaire, unreadable) is named, with why.
fn usable_drafts(
    store: &Store,
    q: &Questionnaire,
    prompter: &mut dyn Prompter,
) -> Result<Vec<DraftSummary>> {
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
    Ok(usable)
}

fn describe(s: &DraftSummary, total: usize) -> String {
    // A name comes from whoever typed it: shown, never obeyed.
    let who = crate::respondent::Respondent::new(s.name.as_deref(), s.organisation.as_deref())
        .label()
        .map_or_else(
            || "No name yet".to_string(),
            |l| crate::preview::preview(&l, usize::MAX),
        );
    format!(
        "{who}, last saved {}, {} of {total} answered [{}]",
        friendly_time(&s.saved_at),
        s.answered,
        short_id(&s.id)
    )
}

/// `2026-11-28 14:05` from an RFC 3339 timestamp, in its own offset; the text as it is when
/// it is not one.
pub(crate) fn friendly_time(ts: &str) -> String {
    match local_time(ts) {
        Some(t) => t.strftime("%Y-%m-%d %H:%M").to_string(),
        None => ts.to_string(),
    }
}

/// The date and time written in an RFC 3339 timestamp, in the timestamp's own offset (`Z`
/// included); `None` when it is not one.
fn local_time(ts: &str) -> Option<jiff::civil::DateTime> {
    let pieces = jiff::fmt::temporal::Pieces::parse(ts).ok()?;
    Some(pieces.date().to_datetime(pieces.time()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn friendly_times_keep_their_own_offset() {
        assert_eq!(
            friendly_time("2026-11-28T14:05:59+01:00"),
            "2026-11-28 14:05"
        );
        assert_eq!(
            friendly_time("2026-11-28T14:05:00.123Z"),
            "2026-11-28 14:05"
        );
        assert_eq!(friendly_time("yesterday"), "yesterday");
    }
}
