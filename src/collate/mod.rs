//! The `collate` command: many responses into one CSV spreadsheet, Excel workbook, Markdown
//! digest or JSON Lines file.
//!
//! How it goes:
//! 1. [`find`] lists the response files and filled-in forms under the paths given, sorted,
//!    naming every entry it skips (a FIFO, a link to nothing, a link that loops).
//! 2. Each file is read ([`crate::response_file`]; a form is imported on the way, by `form`)
//!    and parsed by the strict reader into a view on every core (rayon), a window of files at a
//!    time, while the window before is handed on in path order, so the output is the same every
//!    time and memory does not grow with the number of files. Each file's problems (the rules
//!    `validate` applies) come with it.
//! 3. The responses go, in path order, to the output [`Format`]: [`csv`], [`xlsx`],
//!    [`markdown`], [`jsonl`] or [`html`], and are counted for the [`summary`]. A response
//!    whose id was seen before is compared with the first by content (its parsed JSON, so a
//!    copy saved with other line endings or layout is a copy): a copy is kept once, and a
//!    different response with the same id is kept too, both marked.
//! 4. One line on standard error says what came of every file found, then the summary follows
//!    (unless `--quiet`).
//!
//! A new output format is one more module implementing [`Format`] and one more arm in [`run`].

mod chart;
mod csv;
mod digest;
mod find;
mod form;
mod html;
mod jsonl;
mod markdown;
mod shown_words;
mod summary;
mod summary_sheet;
mod table;
mod xlsx;

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use rayon::prelude::*;
use uuid::Uuid;

use crate::atomic_file::StreamingFile;
use crate::cli::{CollateArgs, CollateFormat, GlobalArgs};
use crate::collate::summary::plural;
use crate::encryption::Key;
use crate::error::{Error, ExitCode, Result};
use crate::render::sanitise;
use crate::response_json::{Scratch, explain, parse_view};
use crate::response_view::ResponseView;

/// How many files are read at once, in parallel, while the ones before them are written: enough
/// to keep every core busy, few enough that memory stays flat.
const WINDOW: usize = 64;
/// From how many files on a terminal a progress bar is worth showing.
const PROGRESS_FROM: usize = 200;

/// What every format is told about the run.
pub(crate) struct Options {
    pub anonymise: bool,
    /// CSV: cells exactly as in the files (no formula guard, no sanitising).
    pub raw: bool,
    /// CSV: start with a byte-order mark.
    pub bom: bool,
}

/// One response that read, as the formats see it.
pub(crate) struct Response<'v, 'a> {
    pub view: &'v ResponseView<'a>,
    /// The file's JSON exactly as read (decrypted, byte-order mark and all), for the formats
    /// that keep every field ([`Format::NEEDS_JSON`]).
    pub json: Option<&'v [u8]>,
    /// What `validate` finds wrong with it, one line each.
    pub problems: &'v [String],
}

/// One output format.
///
/// [`row`](Format::row) runs on worker threads, once per response that read, and makes
/// whatever the format keeps of it; [`add`](Format::add) then takes the rows one at a time in
/// path order (its `number` counts the responses kept, from 1); [`finish`](Format::finish)
/// writes the whole output once every response is in.
pub(crate) trait Format: Send {
    /// What one response becomes on a worker thread.
    type Row: Send;
    /// Whether [`Response::json`] is needed (it costs a copy of every file).
    const NEEDS_JSON: bool = false;

    fn row(response: &Response, options: &Options) -> Self::Row;

    /// Takes a row, writing to `out` if the format writes as it goes; `Ok(Err(why))` refuses it
    /// (the file is then reported as skipped, and why).
    fn add(
        &mut self,
        row: Self::Row,
        number: usize,
        out: &mut Output,
    ) -> io::Result<std::result::Result<(), String>>;

    /// A problem found with response `number` after it was added (another file with its id and
    /// different answers), to be shown with it.
    fn late_problem(&mut self, number: usize, problem: String);

    /// The counts of the whole run, given once every response is in, just before
    /// [`finish`](Format::finish), to formats that show them.
    fn summary(&mut self, _summary: &summary::Summary) {}

    fn finish(self, out: &mut Output) -> io::Result<()>;
}

/// Runs `collate`. Of the global options, `--questions` gives the questionnaire filled-in forms
/// are read against (the built-in one otherwise), and `--plain` rules out the progress bar, as
/// do `ACCESSIBLE` and `TERM=dumb`, since plain mode promises no redrawing.
pub fn run(args: &CollateArgs, global: &GlobalArgs) -> Result<ExitCode> {
    let questions = form::Questions::new(global.questions.as_deref())?;
    let key = match &args.identity {
        Some(identity) => Some(Key::load(identity)?),
        None => None,
    };
    check_output(args)?;
    let reporter = Reporter::new(global.plain);
    let found = find::find(&args.paths, &|m| reporter.warn(m))?;
    let mut output = Output::open(args.output.as_deref())?;
    let options = Options {
        anonymise: args.anonymise,
        raw: args.raw,
        bom: args.bom,
    };
    let job = Job {
        files: &found.files,
        key: key.as_ref(),
        questions: &questions,
        options: &options,
        reporter: &reporter,
    };
    let (tally, summary) = match job
        .run_as(args.format, &mut output)?
        .and_then(|t| output.commit().map(|()| t))
    {
        Ok(t) => t,
        Err(e) => return Err(write_error(args, e)),
    };
    if !args.quiet {
        reporter.warn(&tally.summary(found.files.len(), found.skipped));
        for line in summary.report() {
            crate::output::notice(&line);
        }
    }
    let failed = tally.skipped + tally.with_problems + found.skipped > 0;
    Ok(if failed {
        ExitCode::Failure
    } else {
        ExitCode::Success
    })
}

/// Refuses an output that cannot be written: a folder, or a workbook to a terminal.
fn check_output(args: &CollateArgs) -> Result<()> {
    if let Some(out) = &args.output
        && out.is_dir()
    {
        return Err(Error::Usage(format!(
            "{} is a folder: give -o a file name, for example {}",
            sanitise::path(out),
            sanitise::path(&out.join("all.csv"))
        )));
    }
    if args.format == CollateFormat::Xlsx && args.output.is_none() && {
        use std::io::IsTerminal;
        io::stdout().is_terminal()
    } {
        return Err(Error::Usage(
            "a workbook is not text to show on the terminal: give it a file name with -o, for example -o all.xlsx"
                .to_string(),
        ));
    }
    Ok(())
}

/// The error to give when writing the output failed.
fn write_error(args: &CollateArgs, e: io::Error) -> Error {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return Error::OutputClosed;
    }
    match &args.output {
        Some(path) => Error::Write {
            path: path.clone(),
            source: e,
        },
        None => Error::io("cannot write to standard output", e),
    }
}

fn temp(e: io::Error) -> Error {
    Error::io("cannot create a temporary file to collate in", e)
}

/// What became of the files.
#[derive(Debug, Default)]
struct Tally {
    kept: usize,
    /// Of those kept, how many were imported from forms.
    forms: usize,
    copies: usize,
    skipped: usize,
    with_problems: usize,
}

impl Tally {
    /// The closing line: every file found is counted once, as collated, a copy or skipped.
    fn summary(&self, files: usize, other_entries: usize) -> String {
        let mut s = format!(
            "collated {}{} from {}",
            plural(self.kept, "response", "responses"),
            match self.forms {
                0 => String::new(),
                n => format!(" ({n} imported from forms)"),
            },
            plural(files, "file", "files")
        );
        if self.copies > 0 {
            s.push_str(&format!(
                "; {} kept once",
                plural(self.copies, "copy", "copies")
            ));
        }
        if self.skipped > 0 {
            s.push_str(&format!(
                "; {} skipped",
                plural(self.skipped, "file", "files")
            ));
        }
        if self.with_problems > 0 {
            s.push_str(&format!(
                "; {} with problems, marked in the output",
                plural(self.with_problems, "response", "responses")
            ));
        }
        if other_entries > 0 {
            s.push_str(&format!(
                "; {} in the folders not read",
                plural(other_entries, "other entry", "other entries")
            ));
        }
        if self.skipped + self.with_problems + other_entries > 0 {
            s.push_str(" (see above)");
        }
        s
    }
}

/// One run over the files.
struct Job<'a> {
    files: &'a [find::Found],
    key: Option<&'a Key>,
    questions: &'a form::Questions,
    options: &'a Options,
    reporter: &'a Reporter,
}

/// One file read on a worker thread: what it was, its response id, its problems, what it
/// adds to the summary, and its row.
struct Parsed<R> {
    kind: form::Kind,
    id: Uuid,
    problems: Vec<String>,
    facts: summary::Facts,
    row: R,
}

/// The buffers a worker thread reuses from file to file.
#[derive(Default)]
struct Worker {
    bytes: Vec<u8>,
    json: Vec<u8>,
    scratch: Scratch,
}

thread_local! {
    static WORKER: std::cell::RefCell<Worker> = std::cell::RefCell::default();
}

/// What a run keeps as the files are handed on, in path order.
struct Collated<F> {
    format: F,
    tally: Tally,
    summary: summary::Summary,
    /// The responses marked as having problems, by number: a response can be marked after it
    /// was added (another with its id), and is counted once.
    marked: HashSet<usize>,
    /// The first file of each id, and the response number it was kept as.
    seen: HashMap<Uuid, (usize, usize)>,
    /// Why writing the output failed, which stops the run.
    failure: Option<io::Error>,
}

impl<F: Format> Collated<F> {
    fn new(format: F, files: usize) -> Collated<F> {
        Collated {
            format,
            tally: Tally::default(),
            summary: summary::Summary::default(),
            marked: HashSet::new(),
            seen: HashMap::with_capacity(files),
            failure: None,
        }
    }

    /// Counts file `i`, kept as response `number`.
    fn keep(&mut self, i: usize, number: usize, kind: form::Kind, id: Uuid, facts: summary::Facts) {
        self.tally.kept += 1;
        self.summary.add(facts);
        if kind == form::Kind::Form {
            self.tally.forms += 1;
        }
        self.seen.entry(id).or_insert((i, number));
    }

    /// Once every file is in: the counts to the format, then its output written.
    fn finish(self, out: &mut Output) -> io::Result<(Tally, summary::Summary)> {
        let Collated {
            mut format,
            mut tally,
            mut summary,
            marked,
            failure,
            ..
        } = self;
        if let Some(e) = failure {
            return Err(e);
        }
        tally.with_problems = marked.len();
        summary.with_problems = marked.len();
        format.summary(&summary);
        format.finish(out)?;
        Ok((tally, summary))
    }
}

impl Job<'_> {
    /// Collates in `format`; the outer error is a temporary file that could not be made, the
    /// inner one a failure to write.
    fn run_as(
        &self,
        format: CollateFormat,
        out: &mut Output,
    ) -> Result<io::Result<(Tally, summary::Summary)>> {
        Ok(match format {
            CollateFormat::Csv => self.run(csv::Csv::new(self.options).map_err(temp)?, out),
            CollateFormat::Xlsx => self.run(xlsx::Xlsx::new().map_err(temp)?, out),
            CollateFormat::Markdown => {
                self.run(markdown::Digest::new(self.options).map_err(temp)?, out)
            }
            CollateFormat::Jsonl => self.run(jsonl::JsonLines, out),
            CollateFormat::Html => self.run(html::Digest::new(self.options).map_err(temp)?, out),
        })
    }

    fn run<F: Format>(&self, format: F, out: &mut Output) -> io::Result<(Tally, summary::Summary)> {
        self.reporter.start_progress(self.files.len());
        let mut collated = Collated::new(format, self.files.len());
        self.read_in_order::<F>(|i, outcome| self.take(&mut collated, out, i, outcome));
        self.reporter.finish_progress();
        collated.finish(out)
    }

    /// Takes file `i` as it was read: skipped, a copy kept once, or added to the output and
    /// counted. False when writing failed, to stop.
    fn take<F: Format>(
        &self,
        c: &mut Collated<F>,
        out: &mut Output,
        i: usize,
        outcome: std::result::Result<Parsed<F::Row>, String>,
    ) -> bool {
        self.reporter.inc();
        let parsed = match outcome {
            Ok(p) => p,
            Err(reason) => return self.skip(&mut c.tally, i, &reason),
        };
        let mut conflict = None;
        if let Some(&(first, number)) = c.seen.get(&parsed.id) {
            if self.same_content(first, i) {
                c.tally.copies += 1;
                self.report_copy(i, first, parsed.id);
                return true;
            }
            conflict = Some((first, number));
        }
        let number = c.tally.kept + 1;
        match c.format.add(parsed.row, number, out) {
            Ok(Ok(())) => {}
            Ok(Err(why)) => return self.skip(&mut c.tally, i, &why),
            Err(e) => {
                c.failure = Some(e);
                return false;
            }
        }
        c.keep(i, number, parsed.kind, parsed.id, parsed.facts);
        let mut has_problems = !parsed.problems.is_empty();
        if let Some((first, first_number)) = conflict {
            self.mark_same_id(&mut c.format, (i, number), (first, first_number), parsed.id);
            c.marked.insert(first_number);
            has_problems = true;
        }
        if !parsed.problems.is_empty() {
            self.report_problems(i, parsed.kind, &parsed.problems);
        }
        if has_problems {
            c.marked.insert(number);
        }
        true
    }

    /// Counts file `i` as skipped and says why; true, to go on.
    fn skip(&self, tally: &mut Tally, i: usize, why: &str) -> bool {
        tally.skipped += 1;
        self.reporter.warn(&format!(
            "skipped {}: {why}",
            sanitise::path(&self.files[i].path)
        ));
        true
    }

    fn report_copy(&self, i: usize, first: usize, id: Uuid) {
        let first_path = sanitise::path(&self.files[first].path);
        self.reporter.warn(&format!(
            "{}: a copy of {first_path} (the same response, id {id}); kept {first_path}, the first in path order",
            sanitise::path(&self.files[i].path),
        ));
    }

    /// Marks two responses with the same id and different answers, `(file, number)` each, so
    /// that both show it.
    fn mark_same_id(
        &self,
        format: &mut impl Format,
        (i, number): (usize, usize),
        (first, first_number): (usize, usize),
        id: Uuid,
    ) {
        let same_id = |other: usize| {
            format!(
                "it has the same response id ({id}) as {} but different answers",
                sanitise::path(&self.files[other].path)
            )
        };
        let ours = same_id(first);
        self.reporter.warn(&format!(
            "{}: {ours}; both are kept and marked, so that you can tell which is genuine",
            sanitise::path(&self.files[i].path)
        ));
        format.late_problem(number, ours);
        format.late_problem(first_number, same_id(i));
    }

    fn report_problems(&self, i: usize, kind: form::Kind, problems: &[String]) {
        let how = match kind {
            form::Kind::Response => "collated, and marked as having problems",
            form::Kind::Form => "imported from the form and collated; a person should look at it",
        };
        self.reporter.warn(&format!(
            "{}: {how}: {}",
            sanitise::path(&self.files[i].path),
            problems.join("; ")
        ));
    }

    /// Reads every file on every core, a window at a time, handing the results to `consume` in
    /// path order until it returns false. While one window is handed on, the next is read.
    fn read_in_order<F: Format>(
        &self,
        mut consume: impl FnMut(usize, std::result::Result<Parsed<F::Row>, String>) -> bool + Send,
    ) {
        let parse_window = |start: usize| -> Vec<std::result::Result<Parsed<F::Row>, String>> {
            let end = (start + WINDOW).min(self.files.len());
            (start..end)
                .into_par_iter()
                .with_max_len(4)
                .map(|i| self.parse::<F>(i))
                .collect()
        };
        let mut start = 0;
        let mut ready = parse_window(0);
        loop {
            let next = start + WINDOW;
            let (upcoming, go_on) = rayon::join(
                || (next < self.files.len()).then(|| parse_window(next)),
                || {
                    ready
                        .drain(..)
                        .enumerate()
                        .all(|(k, outcome)| consume(start + k, outcome))
                },
            );
            match upcoming {
                Some(window) if go_on => {
                    ready = window;
                    start = next;
                }
                _ => return,
            }
        }
    }

    /// Reads and parses file `i` on a worker thread.
    fn parse<F: Format>(&self, i: usize) -> std::result::Result<Parsed<F::Row>, String> {
        let found = &self.files[i];
        WORKER.with_borrow_mut(|w| {
            let kind = form::read(found, self.key, self.questions, &mut w.bytes)?;
            if F::NEEDS_JSON {
                w.json.clear();
                w.json.extend_from_slice(&w.bytes);
            }
            let Worker {
                bytes,
                json,
                scratch,
            } = w;
            let view = match parse_view(bytes, scratch) {
                Ok(view) => view,
                Err(_) => {
                    // The reader undid escapes in place: read the file again to explain.
                    let mut again = Vec::new();
                    form::read(found, self.key, self.questions, &mut again)?;
                    return Err(explain(&again));
                }
            };
            let problems = if self.options.anonymise {
                crate::validate::problems_without_contact_details(&view)
            } else {
                crate::validate::problems(&view)
            };
            let facts = summary::Facts::of(&view);
            let response = Response {
                view: &view,
                json: F::NEEDS_JSON.then_some(&json[..]),
                problems: &problems,
            };
            let row = F::row(&response, self.options);
            Ok(Parsed {
                kind,
                id: view.response_id,
                problems,
                facts,
                row,
            })
        })
    }

    /// Whether files `a` and `b` hold the same response: the same JSON once parsed (however it
    /// is laid out, whatever the order of its keys), read again by the strict reader.
    fn same_content(&self, a: usize, b: usize) -> bool {
        let read = |i: usize| -> Option<serde_json::Value> {
            let mut bytes = Vec::new();
            form::read(&self.files[i], self.key, self.questions, &mut bytes).ok()?;
            let mut copy = bytes.clone();
            parse_view(&mut copy, &mut Scratch::default()).ok()?;
            serde_json::from_slice(crate::response_json::without_bom(&bytes)).ok()
        };
        matches!((read(a), read(b)), (Some(x), Some(y)) if x == y)
    }
}

/// Messages on stderr, kept clear of the progress bar. Every message is sanitised.
struct Reporter {
    is_term: bool,
    bar: std::sync::Mutex<Option<indicatif::ProgressBar>>,
}

impl Reporter {
    fn new(plain: bool) -> Reporter {
        use std::io::IsTerminal;
        let plain = plain
            || std::env::var_os("ACCESSIBLE").is_some_and(|v| !v.is_empty())
            || std::env::var_os("TERM").is_some_and(|t| t == "dumb");
        Reporter {
            is_term: !plain && io::stderr().is_terminal(),
            bar: std::sync::Mutex::new(None),
        }
    }

    fn bar(&self) -> std::sync::MutexGuard<'_, Option<indicatif::ProgressBar>> {
        self.bar.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A progress bar on stderr for large runs, only when stderr is a terminal.
    fn start_progress(&self, files: usize) {
        if !self.is_term || files < PROGRESS_FROM {
            return;
        }
        let bar = indicatif::ProgressBar::with_draw_target(
            Some(files as u64),
            indicatif::ProgressDrawTarget::stderr(),
        );
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("collating {bar:30} {pos}/{len} files")
        {
            bar.set_style(style);
        }
        *self.bar() = Some(bar);
    }

    fn inc(&self) {
        if let Some(bar) = &*self.bar() {
            bar.inc(1);
        }
    }

    fn finish_progress(&self) {
        if let Some(bar) = self.bar().take() {
            bar.finish_and_clear();
        }
    }

    /// A message on stderr, printed above the progress bar while there is one.
    fn warn(&self, message: &str) {
        match &*self.bar() {
            Some(bar) => bar.println(format!("ndti-respond: {}", sanitise::text(message))),
            None => crate::output::message(message),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Output

/// Where the output goes: standard output, or a file written in full under a temporary name and
/// then put in place ([`StreamingFile`]), or a device such as `/dev/null` written directly.
pub(crate) struct Output {
    pub writer: BufWriter<Target>,
}

/// Standard output or a file: a concrete type rather than `dyn Write`, so that copying spilled
/// rows out can be left to the kernel (`std::io::copy` uses `copy_file_range`, `sendfile` or
/// `splice` between file descriptors).
pub(crate) enum Target {
    Stdout(io::Stdout),
    File(StreamingFile),
}

impl Write for Target {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Target::Stdout(s) => s.write(buf),
            Target::File(f) => f.file().write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Target::Stdout(s) => s.flush(),
            Target::File(f) => f.file().flush(),
        }
    }
}

impl Output {
    fn open(path: Option<&Path>) -> Result<Output> {
        let Some(path) = path else {
            return Ok(Output {
                writer: BufWriter::with_capacity(1 << 20, Target::Stdout(io::stdout())),
            });
        };
        let file = StreamingFile::create(path).map_err(|source| Error::Write {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(Output {
            writer: BufWriter::with_capacity(1 << 20, Target::File(file)),
        })
    }

    /// Copies the rest of `from` to the output, letting the kernel do it where it can.
    pub fn copy_from(&mut self, from: &mut File) -> io::Result<u64> {
        self.writer.flush()?;
        match self.writer.get_mut() {
            Target::Stdout(s) => io::copy(from, &mut s.lock()),
            Target::File(f) => io::copy(from, f.file()),
        }
    }

    fn commit(&mut self) -> io::Result<()> {
        self.writer.flush()?;
        let placeholder = Target::Stdout(io::stdout());
        let target = std::mem::replace(self.writer.get_mut(), placeholder);
        match target {
            Target::Stdout(_) => Ok(()),
            Target::File(f) => f.commit(),
        }
    }
}
