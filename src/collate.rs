//! The `collate` command: many responses into one CSV spreadsheet, Markdown digest or JSON
//! Lines file.
//!
//! Built to stay fast and lean with thousands of files: each file is read into a reused buffer
//! and parsed once, as a borrowed [`ResponseView`], on every core (files in batches, results put
//! back in path order so the output is the same every time). Memory does not grow with the
//! answers: a CSV's rows go to a temporary spill file until every question id is known (the
//! header comes first but depends on every file), a digest's answers to one temporary file per
//! question, and JSON Lines straight to the output. What is kept per file is its path and its
//! response id (to spot duplicates).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::{self, File};
use std::io::{self, BufWriter, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, mpsc};

use crate::cli::{CollateArgs, CollateFormat};
use crate::encryption::Key;
use crate::error::{Error, Result, exit};
use crate::response_view::{EntryView, ResponseView};

/// Files per unit of work handed to a thread: large enough to keep the hand-over cheap, small
/// enough to share the work evenly.
const BATCH: usize = 16;
/// How many batches the threads may get ahead of the one being written, so memory stays flat
/// even when one file is slow.
const AHEAD: usize = 4;
/// From how many files on a terminal a progress bar is worth showing.
const PROGRESS_FROM: usize = 200;
/// The CSV columns every row starts with, before one column per question id.
pub const FIXED_COLUMNS: [&str; 5] = [
    "response_id",
    "completed_at",
    "questionnaire_version",
    "consent_to_future_contact",
    "respondent_type",
];

/// Runs `collate`; `plain` (from `--plain`) rules out the progress bar, as do `ACCESSIBLE` and
/// `TERM=dumb`, since plain mode promises no redrawing.
pub fn run(args: &CollateArgs, plain: bool) -> Result<u8> {
    // The key is read once, for every encrypted response.
    let key = match &args.identity {
        Some(identity) => Some(crate::encryption::Key::load(identity)?),
        None => None,
    };
    if let Some(out) = &args.output
        && out.is_dir()
    {
        return Err(Error::Usage(format!(
            "{} is a folder: give -o a file name, for example {}",
            out.display(),
            out.join("all.csv").display()
        )));
    }
    let reporter = Reporter::new(plain);
    let (files, mut problems) = find_files(&args.paths, &reporter)?;
    reporter.start_progress(files.len());

    let mut output = Output::open(args.output.as_deref())?;
    let opts = Options {
        format: args.format,
        anonymise: args.anonymise,
        key: key.as_ref(),
    };
    let mut sink = match args.format {
        CollateFormat::Csv => Sink::Csv(CsvSink::new()?),
        CollateFormat::Markdown => Sink::Markdown(MarkdownSink::new(args.anonymise)),
        CollateFormat::Jsonl => Sink::Jsonl,
    };
    let mut seen: HashMap<u128, usize> = HashMap::with_capacity(files.len());
    let mut kept = 0usize;
    let mut duplicates = 0usize;
    let mut write_error: Option<io::Error> = None;

    read_in_parallel(&files, &opts, |outcome| {
        reporter.inc();
        let row = match outcome {
            Ok(row) => row,
            Err((i, reason)) => {
                problems += 1;
                reporter.warn(&format!("skipped {}: {reason}", files[i].display()));
                return true;
            }
        };
        if let Some(&first) = seen.get(&row.response_id) {
            duplicates += 1;
            match same_content(&files[first], &files[row.file], opts.key) {
                true => reporter.warn(&format!(
                    "{}: a copy of {} (the same response); kept once",
                    files[row.file].display(),
                    files[first].display()
                )),
                false => {
                    problems += 1;
                    reporter.warn(&format!(
                        "skipped {}: it has the same response id as {} but different answers; kept the first",
                        files[row.file].display(),
                        files[first].display()
                    ));
                }
            }
            return true;
        }
        seen.insert(row.response_id, row.file);
        kept += 1;
        let written = match &mut sink {
            Sink::Csv(csv) => csv.add(row.data),
            Sink::Markdown(md) => md.add(row.data, kept),
            Sink::Jsonl => match row.data {
                RowData::Jsonl(line) => output.writer.write_all(&line),
                _ => unreachable!("each format makes its own rows"),
            },
        };
        match written {
            Ok(()) => true,
            // Stop reading: the output cannot take more (a full disk, or `| head` has all it wants).
            Err(e) => {
                write_error = Some(e);
                false
            }
        }
    });
    reporter.finish_progress();

    let finished = match write_error {
        Some(e) => Err(e),
        None => match sink {
            Sink::Csv(csv) => csv.finish(&mut output.writer, args.bom),
            Sink::Markdown(md) => md.finish(&mut output.writer),
            Sink::Jsonl => Ok(()),
        },
    };
    let where_to = output.name.clone();
    match finished.and_then(|()| output.commit()) {
        Ok(()) => {}
        // `| head` closing the pipe early is not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(exit::OK),
        Err(e) => return Err(Error::io(format!("cannot write {where_to}"), e)),
    }

    let mut summary = format!(
        "collated {kept} response{} from {} file{}",
        plural(kept),
        files.len(),
        plural(files.len())
    );
    if duplicates > 0 {
        summary.push_str(&format!(
            "; {duplicates} duplicate{} kept once",
            plural(duplicates)
        ));
    }
    if problems > 0 {
        summary.push_str(&format!(
            "; {problems} problem{} (see above)",
            plural(problems)
        ));
    }
    reporter.warn(&summary);
    Ok(if problems > 0 {
        exit::FAILURE
    } else {
        exit::OK
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// An I/O error in plain words, without the "(os error 2)" tail.
fn plain_io(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or folder".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}

/// Messages on stderr, kept clear of the progress bar.
struct Reporter {
    is_term: bool,
    bar: std::cell::RefCell<Option<indicatif::ProgressBar>>,
}

impl Reporter {
    fn new(plain: bool) -> Reporter {
        use std::io::IsTerminal;
        let plain = plain
            || std::env::var_os("ACCESSIBLE").is_some_and(|v| !v.is_empty())
            || std::env::var_os("TERM").is_some_and(|t| t == "dumb");
        Reporter {
            is_term: !plain && io::stderr().is_terminal(),
            bar: std::cell::RefCell::new(None),
        }
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
        *self.bar.borrow_mut() = Some(bar);
    }

    fn inc(&self) {
        if let Some(bar) = &*self.bar.borrow() {
            bar.inc(1);
        }
    }

    fn finish_progress(&self) {
        if let Some(bar) = self.bar.borrow_mut().take() {
            bar.finish_and_clear();
        }
    }

    /// A message on stderr, printed above the progress bar while there is one.
    fn warn(&self, message: &str) {
        let line = format!("ndti-respond: {message}");
        match &*self.bar.borrow() {
            Some(bar) => bar.println(line),
            None => eprintln!("{line}"),
        }
    }
}

/// Lists the response files under the paths given, sorted. Folders are searched through for
/// `.json` and `.age` files (hidden ones left out); files named are read whatever they are
/// called. Returns the files and how many paths could not be used (each reported).
fn find_files(paths: &[PathBuf], reporter: &Reporter) -> Result<(Vec<PathBuf>, usize)> {
    let mut files = Vec::new();
    let mut problems = 0;
    let mut usable = 0;
    for path in paths {
        match fs::metadata(path) {
            Err(e) => {
                problems += 1;
                reporter.warn(&format!("skipped {}: {}", path.display(), plain_io(&e)));
            }
            Ok(meta) if meta.is_dir() => {
                usable += 1;
                let before = files.len();
                walk(path, &mut files, &mut problems, reporter);
                if files.len() == before {
                    reporter.warn(&format!(
                        "{}: no response files (.json or .age) in this folder",
                        path.display()
                    ));
                }
            }
            Ok(_) => {
                usable += 1;
                files.push(path.clone());
            }
        }
    }
    if usable == 0 {
        return Err(Error::Usage(match paths {
            [one] => format!("{}: no such file or folder", one.display()),
            _ => "none of the files or folders given exist".to_string(),
        }));
    }
    files.sort();
    files.dedup();
    if files.is_empty() {
        return Err(Error::Usage(
            "no response files to collate: folders are searched for .json and .age files"
                .to_string(),
        ));
    }
    Ok((files, problems))
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, problems: &mut usize, reporter: &Reporter) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            *problems += 1;
            reporter.warn(&format!("skipped {}: {}", dir.display(), plain_io(&e)));
            return;
        }
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        // Hidden files include editors' backups and macOS's "._" copies, which are not responses.
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        // Symbolic links are followed to files only, so that a link cannot make a loop.
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            walk(&path, files, problems, reporter);
        } else if (name.ends_with(".json") || name.ends_with(".age"))
            && (kind.is_file() || fs::metadata(&path).is_ok_and(|m| m.is_file()))
        {
            files.push(path);
        }
    }
}

/// A file's bytes, in a buffer reused from file to file. It is kept zeroed and at full length,
/// so reading needs neither `unsafe` nor clearing, and a file takes one `read` call (and the one
/// that finds its end) rather than the size checks `read_to_end` makes first.
#[derive(Default)]
struct FileBuffer {
    data: Vec<u8>,
    len: usize,
}

impl FileBuffer {
    fn bytes(&self) -> &[u8] {
        &self.data[..self.len]
    }

    fn bytes_mut(&mut self) -> &mut [u8] {
        &mut self.data[..self.len]
    }

    fn read(&mut self, path: &Path) -> io::Result<()> {
        let mut file = File::open(path)?;
        self.len = 0;
        loop {
            if self.len == self.data.len() {
                let grow = self.data.len().max(64 * 1024);
                self.data.resize(self.data.len() + grow, 0);
            }
            match file.read(&mut self.data[self.len..]) {
                Ok(0) => return Ok(()),
                Ok(n) => self.len += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// Holds these bytes instead (a decrypted response).
    fn replace(&mut self, bytes: Vec<u8>) {
        self.len = bytes.len();
        self.data = bytes;
    }
}

/// Reads one response file's JSON into `buf`, decrypting it with the key when it is encrypted.
fn read_one(path: &Path, key: Option<&Key>, buf: &mut FileBuffer) -> Result<(), String> {
    buf.read(path).map_err(|e| plain_io(&e))?;
    if crate::encryption::is_encrypted(buf.bytes()) {
        let Some(key) = key else {
            return Err("this response is encrypted; give the key with --identity FILE".into());
        };
        let plain = key.decrypt(buf.bytes()).map_err(|p| p.to_string())?;
        buf.replace(plain);
    }
    Ok(())
}

/// Whether two files hold the same response, byte for byte.
fn same_content(a: &Path, b: &Path, key: Option<&Key>) -> bool {
    let (mut x, mut y) = (FileBuffer::default(), FileBuffer::default());
    read_one(a, key, &mut x).is_ok() && read_one(b, key, &mut y).is_ok() && x.bytes() == y.bytes()
}

struct Options<'a> {
    format: CollateFormat,
    anonymise: bool,
    key: Option<&'a Key>,
}

/// One file read and parsed, ready for the output.
struct Row {
    file: usize,
    response_id: u128,
    data: RowData,
}

enum RowData {
    Csv(CsvRow),
    Markdown(MarkdownRow),
    Jsonl(Vec<u8>),
}

/// A file's row, or (its index, why it was skipped).
type Outcome = std::result::Result<Row, (usize, String)>;

/// Reads and parses every file on every core, handing the results to `consume` in path order,
/// until `consume` returns false.
fn read_in_parallel(files: &[PathBuf], opts: &Options, mut consume: impl FnMut(Outcome) -> bool) {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8)
        .min(files.len().div_ceil(BATCH).max(1));
    let batches = files.len().div_ceil(BATCH);
    let next = AtomicUsize::new(0);
    // The batch being written, so that threads wait rather than run far ahead of it.
    let written = (Mutex::new(0usize), Condvar::new());
    let (tx, rx) = mpsc::channel::<(usize, Vec<Outcome>)>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let tx = tx.clone();
            let (next, written) = (&next, &written);
            scope.spawn(move || {
                let mut buf = FileBuffer::default();
                let mut csv = CsvEncoder::new();
                loop {
                    let b = next.fetch_add(1, Ordering::Relaxed);
                    if b >= batches {
                        break;
                    }
                    {
                        let (lock, cvar) = written;
                        let mut w = lock.lock().unwrap_or_else(|p| p.into_inner());
                        while b >= *w + AHEAD {
                            w = cvar.wait(w).unwrap_or_else(|p| p.into_inner());
                        }
                    }
                    let start = b * BATCH;
                    let end = (start + BATCH).min(files.len());
                    let out = (start..end)
                        .map(|i| parse_file(i, &files[i], opts, &mut buf, &mut csv))
                        .collect();
                    if tx.send((b, out)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut pending = BTreeMap::new();
        let mut want = 0;
        'receiving: for (b, out) in rx.iter() {
            pending.insert(b, out);
            while let Some(out) = pending.remove(&want) {
                for outcome in out {
                    if !consume(outcome) {
                        // Threads waiting for their turn give up: there will be none.
                        next.store(batches, Ordering::Relaxed);
                        let (lock, cvar) = &written;
                        *lock.lock().unwrap_or_else(|p| p.into_inner()) = usize::MAX / 2;
                        cvar.notify_all();
                        break 'receiving;
                    }
                }
                want += 1;
                let (lock, cvar) = &written;
                *lock.lock().unwrap_or_else(|p| p.into_inner()) = want;
                cvar.notify_all();
            }
        }
    });
}

fn parse_file(
    i: usize,
    path: &Path,
    opts: &Options,
    buf: &mut FileBuffer,
    csv: &mut CsvEncoder,
) -> Outcome {
    read_one(path, opts.key, buf).map_err(|e| (i, e))?;
    if opts.format == CollateFormat::Jsonl {
        // JSON Lines needs the file's own bytes afterwards, so it takes the careful reader.
        let view = ResponseView::parse(buf.bytes()).map_err(|e| (i, e))?;
        let response_id = view.id().map_err(|e| (i, e))?;
        let line = jsonl_line(buf.bytes(), opts.anonymise).map_err(|e| (i, e))?;
        return Ok(Row {
            file: i,
            response_id,
            data: RowData::Jsonl(line),
        });
    }
    let view = match ResponseView::parse_in_place(buf.bytes_mut(), &mut csv.json) {
        Some(view) => view,
        None => {
            // The fast reader changed the buffer: read the file again to say what is wrong.
            read_one(path, opts.key, buf).map_err(|e| (i, e))?;
            let reason = match ResponseView::parse(buf.bytes()) {
                Err(reason) => reason,
                Ok(_) => "unexpected content".to_string(),
            };
            return Err((i, reason));
        }
    };
    let response_id = view.id().map_err(|e| (i, e))?;
    let data = match opts.format {
        CollateFormat::Markdown => RowData::Markdown(MarkdownRow::of(&view, opts.anonymise)),
        _ => RowData::Csv(csv.row(&view, opts.anonymise)),
    };
    Ok(Row {
        file: i,
        response_id,
        data,
    })
}

enum Sink {
    Csv(CsvSink),
    Markdown(MarkdownSink),
    Jsonl,
}

// ---------------------------------------------------------------------------------------------
// CSV

/// A row encoded as CSV, with the question ids of its columns (after the fixed ones).
struct CsvRow {
    /// The question ids, each as its length (4 bytes) then its bytes: the row's layout.
    layout: Vec<u8>,
    /// The whole CSV record, fixed columns first, ending in CRLF.
    line: Vec<u8>,
}

/// Whether a question gets a column of its own in the CSV: consent and respondent type have
/// their fixed columns, and contact details are left out when anonymising.
fn csv_column(entry: &EntryView, anonymise: bool) -> bool {
    let has_fixed_column =
        !entry.retired && (entry.has_role("consent") || entry.has_role("respondent_type"));
    let left_out = anonymise && entry.is_contact_detail();
    !has_fixed_column && !left_out
}

fn csv_writer<W: Write>(w: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(w)
}

/// Encodes rows on a worker thread (so the quoting is done on every core).
struct CsvEncoder {
    /// simd-json's working memory, reused from file to file (allocating it took a tenth of the
    /// time).
    json: simd_json::Buffers,
    /// The size of the last row, to size the next one's buffer.
    last_len: usize,
}

impl CsvEncoder {
    fn new() -> CsvEncoder {
        CsvEncoder {
            json: simd_json::Buffers::new(64 * 1024),
            last_len: 16 * 1024,
        }
    }

    fn row(&mut self, view: &ResponseView, anonymise: bool) -> CsvRow {
        let mut layout = Vec::with_capacity(512);
        let respondent_type = view
            .by_role("respondent_type")
            .map(|e| e.answer.cell())
            .unwrap_or_default();
        let mut w = csv_writer(Vec::with_capacity(self.last_len + self.last_len / 4));
        // Writing to a Vec cannot fail.
        let _ = w.write_field(view.response_id.as_str());
        let _ = w.write_field(view.completed_at.as_str());
        let _ = w.write_field(view.questionnaire.version.as_str());
        let _ = w.write_field(if view.consent_to_future_contact {
            "yes"
        } else {
            "no"
        });
        let _ = w.write_field(respondent_type.as_ref());
        for (id, entry) in &view.answers.0 {
            if !csv_column(entry, anonymise) {
                continue;
            }
            layout.extend_from_slice(&(id.as_str().len() as u32).to_le_bytes());
            layout.extend_from_slice(id.as_str().as_bytes());
            let _ = w.write_field(entry.answer.cell().as_ref());
        }
        let _ = w.write_record(None::<&[u8]>);
        let line = w.into_inner().unwrap_or_default();
        self.last_len = line.len();
        CsvRow { layout, line }
    }
}

fn layout_ids(layout: &[u8]) -> Vec<String> {
    let mut ids = Vec::new();
    let mut rest = layout;
    while rest.len() >= 4 {
        let len = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]) as usize;
        ids.push(String::from_utf8_lossy(&rest[4..4 + len]).into_owned());
        rest = &rest[4 + len..];
    }
    ids
}

/// Puts each new question id into the column order next to the id it follows in the response
/// that brought it, so that columns from several questionnaire versions stay in questionnaire
/// order as far as the versions agree.
fn merge_columns(columns: &mut Vec<String>, known: &mut HashSet<String>, ids: &[String]) {
    let mut cursor = 0;
    for id in ids {
        if known.contains(id) {
            if let Some(pos) = columns.iter().position(|c| c == id) {
                cursor = pos + 1;
            }
        } else {
            known.insert(id.clone());
            columns.insert(cursor, id.clone());
            cursor += 1;
        }
    }
}

/// Rows are spilled to a temporary file until every column is known; each row's layout and
/// length are kept in memory (8 bytes a row).
struct CsvSink {
    spill: BufWriter<File>,
    rows: Vec<(u32, u32)>,
    layouts: HashMap<Vec<u8>, u32>,
    layout_list: Vec<Vec<String>>,
    columns: Vec<String>,
    known: HashSet<String>,
}

impl CsvSink {
    fn new() -> Result<CsvSink> {
        let spill = tempfile::tempfile()
            .map_err(|e| Error::io("cannot create a temporary file to collate in", e))?;
        Ok(CsvSink {
            spill: BufWriter::with_capacity(1 << 20, spill),
            rows: Vec::new(),
            layouts: HashMap::new(),
            layout_list: Vec::new(),
            columns: Vec::new(),
            known: HashSet::new(),
        })
    }

    fn add(&mut self, data: RowData) -> io::Result<()> {
        let RowData::Csv(row) = data else {
            unreachable!("each format makes its own rows")
        };
        let layout = match self.layouts.get(&row.layout) {
            Some(&n) => n,
            None => {
                let ids = layout_ids(&row.layout);
                merge_columns(&mut self.columns, &mut self.known, &ids);
                let n = self.layout_list.len() as u32;
                self.layout_list.push(ids);
                self.layouts.insert(row.layout, n);
                n
            }
        };
        let len = u32::try_from(row.line.len())
            .map_err(|_| io::Error::other("a response is too large to collate (over 4 GB)"))?;
        self.rows.push((layout, len));
        self.spill.write_all(&row.line)
    }

    fn finish(self, out: &mut BufWriter<Target>, bom: bool) -> io::Result<()> {
        let mut spill = self.spill.into_inner().map_err(|e| e.into_error())?;
        spill.rewind()?;
        if bom {
            out.write_all("\u{feff}".as_bytes())?;
        }
        let mut header = csv_writer(Vec::new());
        header.write_record(
            FIXED_COLUMNS
                .iter()
                .copied()
                .chain(self.columns.iter().map(String::as_str)),
        )?;
        header.flush()?;
        out.write_all(header.get_ref())?;

        // Where each layout's columns go in the final order; `None` when it is the final order.
        let position: HashMap<&str, usize> = self
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| (c.as_str(), i))
            .collect();
        let maps: Vec<Option<Vec<usize>>> = self
            .layout_list
            .iter()
            .map(|ids| {
                (*ids != self.columns).then(|| ids.iter().map(|id| position[id.as_str()]).collect())
            })
            .collect();
        if maps.iter().all(Option::is_none) {
            // Every response has the same questions: the spilled rows are the CSV as it is.
            out.flush()?;
            out.get_mut().copy_from(&mut spill)?;
            return Ok(());
        }
        let mut spill = io::BufReader::with_capacity(1 << 20, spill);
        let mut line = Vec::new();
        let width = FIXED_COLUMNS.len() + self.columns.len();
        for (layout, len) in self.rows {
            line.resize(len as usize, 0);
            spill.read_exact(&mut line)?;
            let Some(map) = &maps[layout as usize] else {
                out.write_all(&line)?;
                continue;
            };
            // Our own record, read back to put its fields in the final columns.
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(line.as_slice());
            let mut record = csv::ByteRecord::new();
            reader.read_byte_record(&mut record)?;
            let mut fields: Vec<&[u8]> = vec![b""; width];
            for (i, field) in record.iter().enumerate() {
                match i.checked_sub(FIXED_COLUMNS.len()) {
                    None => fields[i] = field,
                    Some(q) => fields[FIXED_COLUMNS.len() + map[q]] = field,
                }
            }
            let mut rebuilt = csv_writer(Vec::with_capacity(line.len() + width));
            rebuilt.write_record(&fields)?;
            out.write_all(&rebuilt.into_inner().map_err(|e| e.into_error())?)?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Markdown

/// A response's answers, already escaped for Markdown.
struct MarkdownRow {
    title: String,
    name: Option<String>,
    cells: Vec<MarkdownCell>,
}

struct MarkdownCell {
    id: String,
    section_id: String,
    section: String,
    question: String,
    /// The answer as the lines of a block quote; `None` when not answered.
    answer: Option<String>,
}

impl MarkdownRow {
    fn of(view: &ResponseView, anonymise: bool) -> MarkdownRow {
        let name = (!anonymise)
            .then(|| view.by_role("name"))
            .flatten()
            .filter(|e| e.answer.is_given())
            .map(|e| e.answer.cell().trim().to_string());
        let cells = view
            .answers
            .0
            .iter()
            .filter(|(_, e)| !(anonymise && e.is_contact_detail()))
            .map(|(id, e)| MarkdownCell {
                id: id.as_str().to_string(),
                section_id: e.section_id.as_str().to_string(),
                section: e.section.as_str().to_string(),
                question: e.question.as_str().to_string(),
                answer: e.answer.is_given().then(|| quote_block(&e.answer.cell())),
            })
            .collect();
        MarkdownRow {
            title: view.questionnaire.title.as_str().to_string(),
            name,
            cells,
        }
    }
}

/// Escapes text so that it shows as written inside Markdown: every character that could start
/// emphasis, a link, code, HTML or a table is backslash-escaped.
pub fn escape_inline(text: &str, out: &mut String) {
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '#' | '$'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
}

/// An answer as a Markdown block quote that keeps its line breaks and cannot break the
/// document's structure: no line can become a heading, list, code block, rule or table.
pub fn quote_block(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8 + 16);
    let lines: Vec<&str> = text.trim_end().lines().collect();
    for (i, line) in lines.iter().enumerate() {
        out.push('>');
        if line.trim().is_empty() {
            out.push('\n');
            continue;
        }
        out.push(' ');
        // Leading spaces and tabs would make a code block: keep them as entities.
        let body = line.trim_start_matches([' ', '\t']);
        for c in line[..line.len() - body.len()].chars() {
            out.push_str(if c == '\t' { "&#9;" } else { "&#32;" });
        }
        let mut rest = body;
        // A line starting like a list item, heading underline or numbered item.
        if let Some(first) = rest.chars().next()
            && matches!(first, '-' | '+' | '=' | '*' | '#' | '>')
        {
            out.push('\\');
            out.push(first);
            rest = &rest[first.len_utf8()..];
        } else {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            if digits > 0 && matches!(rest.as_bytes().get(digits), Some(b'.' | b')')) {
                out.push_str(&rest[..digits]);
                out.push('\\');
                out.push_str(&rest[digits..=digits]);
                rest = &rest[digits + 1..];
            }
        }
        escape_inline(rest, &mut out);
        // A hard line break where the next line carries on the same paragraph.
        if lines.get(i + 1).is_some_and(|next| !next.trim().is_empty()) {
            out.push('\\');
        }
        out.push('\n');
    }
    out
}

struct MarkdownSink {
    anonymise: bool,
    title: Option<String>,
    responses: usize,
    /// Per question id: its first-seen words and section, and a temporary file of its answers.
    questions: HashMap<String, usize>,
    order: Vec<QuestionDigest>,
    columns: Vec<String>,
    known: HashSet<String>,
}

struct QuestionDigest {
    id: String,
    section_id: String,
    section: String,
    question: String,
    answers: Option<BufWriter<File>>,
    answered: usize,
}

impl MarkdownSink {
    fn new(anonymise: bool) -> MarkdownSink {
        MarkdownSink {
            anonymise,
            title: None,
            responses: 0,
            questions: HashMap::new(),
            order: Vec::new(),
            columns: Vec::new(),
            known: HashSet::new(),
        }
    }

    fn add(&mut self, data: RowData, number: usize) -> io::Result<()> {
        let RowData::Markdown(row) = data else {
            unreachable!("each format makes its own rows")
        };
        self.responses += 1;
        if self.title.is_none() && !row.title.is_empty() {
            self.title = Some(row.title.clone());
        }
        let ids: Vec<String> = row.cells.iter().map(|c| c.id.clone()).collect();
        if ids.iter().any(|id| !self.known.contains(id)) {
            merge_columns(&mut self.columns, &mut self.known, &ids);
        }
        let mut label = String::new();
        match &row.name {
            Some(name) if !self.anonymise => escape_inline(name, &mut label),
            _ => label = format!("Response {number}"),
        }
        for cell in row.cells {
            let n = match self.questions.get(&cell.id) {
                Some(&n) => n,
                None => {
                    let n = self.order.len();
                    self.questions.insert(cell.id.clone(), n);
                    self.order.push(QuestionDigest {
                        id: cell.id,
                        section_id: cell.section_id,
                        section: cell.section,
                        question: cell.question,
                        answers: None,
                        answered: 0,
                    });
                    n
                }
            };
            let Some(answer) = cell.answer else {
                continue;
            };
            let q = &mut self.order[n];
            if q.answers.is_none() {
                q.answers = Some(BufWriter::new(tempfile::tempfile()?));
            }
            if let Some(w) = &mut q.answers {
                q.answered += 1;
                write!(w, "**{label}:**\n\n{answer}\n")?;
            }
        }
        Ok(())
    }

    fn finish(mut self, out: &mut dyn Write) -> io::Result<()> {
        let mut title = String::new();
        escape_inline(self.title.as_deref().unwrap_or("Responses"), &mut title);
        write!(
            out,
            "# {title}\n\nCollated responses: {}{}.\n",
            self.responses,
            if self.anonymise {
                " (contact details left out)"
            } else {
                ""
            }
        )?;
        // Sections in the order their first question comes, questions in column order.
        let mut sections: Vec<(String, Vec<usize>)> = Vec::new();
        for id in &self.columns {
            let n = self.questions[id];
            let key = &self.order[n].section_id;
            match sections.iter_mut().find(|(s, _)| s == key) {
                Some((_, list)) => list.push(n),
                None => sections.push((key.clone(), vec![n])),
            }
        }
        for (_, list) in sections {
            let mut heading = String::new();
            escape_inline(&self.order[list[0]].section, &mut heading);
            write!(out, "\n## {heading}\n")?;
            for n in list {
                let q = &mut self.order[n];
                let mut words = String::new();
                escape_inline(&q.question, &mut words);
                write!(
                    out,
                    "\n### {words}\n\n`{}` · answers: {}\n\n",
                    q.id.replace('`', "'"),
                    q.answered
                )?;
                if let Some(w) = q.answers.take() {
                    let mut file = w.into_inner().map_err(|e| e.into_error())?;
                    file.rewind()?;
                    io::copy(&mut file, out)?;
                } else {
                    writeln!(out, "_No answers._\n")?;
                }
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// JSON Lines

/// The response as one line of JSON; anonymised, without the contact details' answers.
fn jsonl_line(bytes: &[u8], anonymise: bool) -> std::result::Result<Vec<u8>, String> {
    let mut value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| format!("not valid JSON: {e}"))?;
    if anonymise && let Some(answers) = value.get_mut("answers").and_then(|a| a.as_object_mut()) {
        answers.retain(|_, entry| {
            let identifying = entry.get("identifying").and_then(|v| v.as_bool()) == Some(true);
            let contact = matches!(
                entry.get("role").and_then(|v| v.as_str()),
                Some("name" | "organisation" | "email" | "phone")
            );
            !(identifying || contact)
        });
    }
    let mut line = serde_json::to_vec(&value).map_err(|e| e.to_string())?;
    line.push(b'\n');
    Ok(line)
}

// ---------------------------------------------------------------------------------------------
// Output

/// Where the output goes: standard output, a device such as `/dev/null`, or a file written in
/// full beside its final name and then renamed over it, so that a failed run leaves no half
/// file (and the file, holding personal details, is readable by its owner only).
struct Output {
    writer: BufWriter<Target>,
    temp: Option<(tempfile::TempPath, PathBuf)>,
    name: String,
}

/// Standard output or a file: a concrete type rather than `dyn Write`, so that copying the
/// spilled CSV rows out can be left to the kernel (`std::io::copy` uses `copy_file_range`,
/// `sendfile` or `splice` between file descriptors).
enum Target {
    Stdout(io::Stdout),
    File(File),
}

impl Write for Target {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Target::Stdout(s) => s.write(buf),
            Target::File(f) => f.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Target::Stdout(s) => s.flush(),
            Target::File(f) => f.flush(),
        }
    }
}

impl Target {
    fn copy_from(&mut self, from: &mut File) -> io::Result<u64> {
        match self {
            Target::Stdout(s) => io::copy(from, &mut s.lock()),
            Target::File(f) => io::copy(from, f),
        }
    }
}

impl Output {
    fn open(path: Option<&Path>) -> Result<Output> {
        let Some(path) = path else {
            return Ok(Output {
                writer: BufWriter::with_capacity(1 << 20, Target::Stdout(io::stdout())),
                temp: None,
                name: "standard output".to_string(),
            });
        };
        let name = path.display().to_string();
        let cannot = |e| Error::io(format!("cannot write {name}"), e);
        if fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
            let file = fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(cannot)?;
            return Ok(Output {
                writer: BufWriter::with_capacity(1 << 20, Target::File(file)),
                temp: None,
                name,
            });
        }
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let temp = tempfile::Builder::new()
            .prefix(".ndti-collate-")
            .tempfile_in(dir)
            .map_err(cannot)?;
        let (file, temp_path) = temp.into_parts();
        Ok(Output {
            writer: BufWriter::with_capacity(1 << 20, Target::File(file)),
            temp: Some((temp_path, path.to_path_buf())),
            name,
        })
    }

    fn commit(mut self) -> io::Result<()> {
        self.writer.flush()?;
        if let Some((temp, path)) = self.temp.take() {
            drop(self.writer);
            File::open(&temp)?.sync_all()?;
            temp.persist(&path).map_err(|e| e.error)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_columns_go_next_to_their_neighbours() {
        let ids = |s: &str| s.split(',').map(String::from).collect::<Vec<_>>();
        let (mut cols, mut known) = (Vec::new(), HashSet::new());
        merge_columns(&mut cols, &mut known, &ids("a,b,c,d"));
        merge_columns(&mut cols, &mut known, &ids("a,b,x,y,d"));
        merge_columns(&mut cols, &mut known, &ids("z,a"));
        assert_eq!(cols, ids("z,a,b,x,y,c,d"));
    }

    #[test]
    fn quoted_answers_cannot_make_structure() {
        let q = quote_block(
            "# heading\n- item\n1. first\n    code\n\tTab\n| a | b |\n<b>x</b>\n\nnext *para*",
        );
        assert_eq!(
            q,
            "> \\# heading\\\n> \\- item\\\n> 1\\. first\\\n> &#32;&#32;&#32;&#32;code\\\n> &#9;Tab\\\n> \\| a \\| b \\|\\\n> \\<b\\>x\\</b\\>\n>\n> next \\*para\\*\n"
        );
    }
}
