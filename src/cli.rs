//! The command line: every option and subcommand, with the help text users see.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const AFTER_HELP: &str = "\
Examples:
  ndti-respond                      answer the questionnaire (or carry on with a draft)
  ndti-respond new --plain < answers.txt
                                    answer from a script, one line at a time
  ndti-respond new --answers answers.toml
                                    start from answers prepared in a file
  ndti-respond resume               carry on with a draft
  ndti-respond print response.json  show a finished response as text
  ndti-respond email response.json  make an email ready to send

Exit codes: 0 done; 1 failure; 2 bad usage or invalid input file; 130 interrupted (draft saved).";

/// Answer NDTi's call for practice examples of co-production in mental health, and read, print
/// and collate the responses.
///
/// With no subcommand, the wizard asks every question of the questionnaire, saves each answer
/// as it is given, and writes a response file ready to email or post.
#[derive(Debug, Parser)]
// Not `args_conflicts_with_subcommands`: clap counts global options as conflicting too, which
// refused `ndti-respond --questions FILE check-questions`; `app::run` refuses misplaced wizard
// options instead.
#[command(name = "ndti-respond", version, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(flatten)]
    pub wizard: WizardArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args, Clone, Default)]
pub struct GlobalArgs {
    /// Use this questionnaire file instead of the built-in one.
    #[arg(long, value_name = "FILE", global = true)]
    pub questions: Option<PathBuf>,

    /// Keep drafts in this folder instead of your user data folder.
    #[arg(long, value_name = "DIR", env = "NDTI_RESPOND_DATA_DIR", global = true)]
    pub data_dir: Option<PathBuf>,

    /// Plain mode: one prompt per line, answers read line by line from standard input, no
    /// colour or cursor movement. Also used when standard input is not a terminal, when
    /// ACCESSIBLE is set, or when TERM=dumb.
    #[arg(long, global = true)]
    pub plain: bool,
}

/// Options for writing the finished response.
#[derive(Debug, Args, Clone, Default)]
pub struct WizardArgs {
    /// Write the response to this file (refused if it exists, unless --force).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Replace the --output file if it already exists.
    #[arg(long)]
    pub force: bool,

    /// With an encryption key in the questionnaire, write only the encrypted response (.age),
    /// leaving no unencrypted copy on this computer.
    #[arg(long)]
    pub encrypted_only: bool,
}

impl WizardArgs {
    /// Whether any of these options was given.
    pub fn any(&self) -> bool {
        self.output.is_some() || self.force || self.encrypted_only
    }

    /// These options, with any left unset taken from `other` (given before the subcommand).
    pub fn or(&self, other: &WizardArgs) -> WizardArgs {
        WizardArgs {
            output: self.output.clone().or_else(|| other.output.clone()),
            force: self.force || other.force,
            encrypted_only: self.encrypted_only || other.encrypted_only,
        }
    }
}

/// Options of `new`.
#[derive(Debug, Args, Clone, Default)]
pub struct NewArgs {
    /// Answers given up front: a TOML or JSON file mapping question ids to answers (text; true
    /// or false for yes/no; a choice id, a list of them, or { selected = [ids], other = "..." }).
    /// Only what is still missing is asked.
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,

    #[command(flatten)]
    pub wizard: WizardArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a new response, even when drafts exist.
    #[command(
        after_help = "Examples:\n  ndti-respond new\n  ndti-respond new -o my-response.json\n  ndti-respond new --answers answers.toml\n  ndti-respond new --plain < answers.txt"
    )]
    New(NewArgs),

    /// Carry on with a draft: the only one, the one named, or one chosen from a list.
    #[command(
        after_help = "Examples:\n  ndti-respond resume\n  ndti-respond resume 3f2a\n  ndti-respond resume --plain < more-answers.txt"
    )]
    Resume {
        /// The draft: its id (or the start of it) as shown by `ndti-respond drafts`, or its path.
        draft: Option<String>,
        #[command(flatten)]
        wizard: WizardArgs,
    },

    /// List drafts, delete one, or show where they are kept.
    #[command(
        after_help = "Examples:\n  ndti-respond drafts\n  ndti-respond drafts --json\n  ndti-respond drafts delete 3f2a\n  ndti-respond drafts path"
    )]
    Drafts(DraftsArgs),

    /// Show a finished response as text laid out like the paper template, Markdown, HTML or JSON.
    #[command(
        after_help = "Examples:\n  ndti-respond print response.json\n  ndti-respond print response.json --format html -o response.html\n  ndti-respond print response.json.age --identity key.txt"
    )]
    Print(PrintArgs),

    /// Check finished responses: readable, complete, well-formed.
    #[command(
        after_help = "Examples:\n  ndti-respond validate response.json\n  ndti-respond validate responses/*.json --json"
    )]
    Validate(ValidateArgs),

    /// Make an email message (.eml) with the response attached, ready to send.
    #[command(
        after_help = "Examples:\n  ndti-respond email response.json\n  ndti-respond email response.json -o to-ndti.eml"
    )]
    Email(EmailArgs),

    /// Gather many responses into one CSV spreadsheet, Excel workbook, Markdown digest or JSON
    /// Lines file.
    #[command(
        after_help = "Examples:\n  ndti-respond collate responses/ -o all.csv\n  ndti-respond collate responses/ --format xlsx -o all.xlsx\n  ndti-respond collate responses/ --format markdown --anonymise > digest.md\n  ndti-respond collate inbox/ --identity key.txt --format jsonl"
    )]
    Collate(CollateArgs),

    /// Turn filled-in Word forms (.docx, .odt or plain text) into response files.
    #[command(
        after_help = "Examples:\n  ndti-respond import form.docx                 writes form.json beside it\n  ndti-respond import inbox/*.docx --out-dir responses/\n  ndti-respond import form.odt -o response.json\n  ndti-respond import inbox/* --out-dir responses/ --json > report.jsonl\n\nEach form gets a report on standard error: the questions placed and left empty, text that\ncould not be placed (kept in the response's \"unplaced\"), and whether consent was clear.\nExit codes: 0 every form imported; 1 a response could not be written; 2 a form could not be\nimported (not a form of the questionnaire, an old .doc, password-protected, damaged, too large)."
    )]
    Import(ImportArgs),

    /// Check a questionnaire file without running it.
    #[command(
        name = "check-questions",
        after_help = "Examples:\n  ndti-respond check-questions my-questions.toml\n  ndti-respond check-questions   (checks the built-in one)"
    )]
    CheckQuestions {
        /// The file to check; the built-in questionnaire (or --questions) when left out.
        file: Option<PathBuf>,
    },

    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  ndti-respond completions bash > /etc/bash_completion.d/ndti-respond\n  ndti-respond completions fish > ~/.config/fish/completions/ndti-respond.fish"
    )]
    Completions {
        #[arg(value_enum)]
        shell: Shell,
    },

    /// Print the manual page (troff).
    #[command(hide = true)]
    Manpage,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}

#[derive(Debug, Args)]
pub struct DraftsArgs {
    #[command(subcommand)]
    pub action: Option<DraftsAction>,

    /// List as JSON, for scripts.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum DraftsAction {
    /// List the drafts (the default).
    List {
        /// As JSON, for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Delete a draft, after asking.
    Delete {
        /// The draft's id (or the start of it).
        draft: String,
        /// Do not ask first.
        #[arg(short, long)]
        yes: bool,
    },
    /// Show the folder drafts are kept in.
    Path,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum PrintFormat {
    /// Plain text laid out like the paper template.
    #[default]
    Text,
    /// Markdown.
    Markdown,
    /// A standalone HTML page with a print stylesheet (A4).
    Html,
    /// The response JSON itself.
    Json,
}

#[derive(Debug, Args)]
pub struct PrintArgs {
    /// The response file (.json, or .age with --identity).
    pub file: PathBuf,
    #[arg(short, long, value_enum, default_value_t)]
    pub format: PrintFormat,
    /// Wrap text at this many columns (default: the terminal's width, or 80).
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(20..=1000))]
    pub width: Option<u16>,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// The age identity (secret key) file for reading encrypted responses.
    #[arg(short, long, value_name = "FILE")]
    pub identity: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The response files to check.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// One JSON object per file on standard output, for scripts.
    #[arg(long)]
    pub json: bool,
    /// The age identity (secret key) file for reading encrypted responses.
    #[arg(short, long, value_name = "FILE")]
    pub identity: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct EmailArgs {
    /// The response file (.json or .age).
    pub file: PathBuf,
    /// Write the message here (default: next to the response, ending .eml).
    #[arg(short, long, value_name = "OUT.eml")]
    pub output: Option<PathBuf>,
    /// Replace OUT.eml if it already exists.
    #[arg(long)]
    pub force: bool,
    /// The age identity file, to read an encrypted response's return address and names for
    /// the message (the answers stay only in the encrypted attachment).
    #[arg(short, long, value_name = "FILE")]
    pub identity: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum CollateFormat {
    /// One row per response, one column per question.
    #[default]
    Csv,
    /// Every response's answer to each question together, section by section.
    Markdown,
    /// One JSON object per line.
    Jsonl,
    /// An Excel workbook (.xlsx): one row per response, every answer a text cell.
    Xlsx,
    /// A printable web page: a summary with charts, then every response's answer to each
    /// question side by side, then each response in full.
    Html,
}

#[derive(Debug, Args)]
pub struct CollateArgs {
    /// Response files, or folders holding them. Filled-in forms (.docx, .odt, .txt) among
    /// them are imported on the way, against the questionnaire (--questions, or the built-in).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    #[arg(short, long, value_enum, default_value_t)]
    pub format: CollateFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Leave out contact details (the questions marked identifying).
    #[arg(long, alias = "anonymize")]
    pub anonymise: bool,
    /// The age identity (secret key) file for reading encrypted responses.
    #[arg(short, long, value_name = "FILE")]
    pub identity: Option<PathBuf>,
    /// Start the CSV with a byte-order mark, which Excel needs to read UTF-8.
    #[arg(long)]
    pub bom: bool,
    /// CSV only: write every cell exactly as in the files, without the `'` that keeps a cell
    /// starting with =, +, -, @ or a tab from being run as a formula, and without making
    /// control characters visible. Only for programs, never for a spreadsheet.
    #[arg(long)]
    pub raw: bool,
    /// No summary at the end: only messages about files skipped or with problems.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The filled-in forms: .docx (Word), .odt (LibreOffice) or .txt, told apart by content.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Write the response here (one form only); `-` for standard output.
    #[arg(short, long, value_name = "OUT", conflicts_with = "out_dir")]
    pub output: Option<PathBuf>,
    /// Write each response into this folder, named after its form (made if missing).
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Replace response files that already exist.
    #[arg(long)]
    pub force: bool,
    /// One JSON report per form on standard output (JSON Lines), for scripts.
    #[arg(long)]
    pub json: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
