//! Every kind of mistake in a questionnaire file, checked through the real binary: it must exit
//! 2 and say `FILE:LINE:COL: message`, with the line and column at the key or value at fault and
//! a caret under it.
//!
//! The corpus is `tests/questionnaires/`: each `NAME.toml` sits beside `NAME.expected`, which
//! holds `LINE:COL: message` exactly as the program should print it after the file name. Each
//! case below also names the text that must stand at that line and column, so a position that
//! drifts off the offending key or value fails here even if the expected file were regenerated.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/questionnaires")
}

fn ndti() -> Command {
    let mut cmd = Command::cargo_bin("ndti-respond").unwrap();
    cmd.current_dir(corpus());
    cmd.env_remove("NDTI_RESPOND_DATA_DIR");
    cmd
}

/// Marks a case whose position is just past the end of its line (where something is missing).
const END_OF_LINE: &str = "<end of line>";

/// What `NAME.expected` says: line, column and message.
fn expected(name: &str) -> (usize, usize, String) {
    let path = corpus().join(format!("{name}.expected"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let text = text.trim_end_matches('\n');
    let mut parts = text.splitn(3, ':');
    let line = parts.next().unwrap().parse().expect("a line number");
    let column = parts.next().unwrap().parse().expect("a column number");
    let message = parts.next().expect("a message").trim_start().to_string();
    (line, column, message)
}

/// Runs `check-questions` on one corpus file, both ways of naming it, and checks everything the
/// user sees.
fn check_case(name: &str, at: &str) {
    let file = format!("{name}.toml");
    let (line, column, message) = expected(name);
    let bytes = std::fs::read(corpus().join(&file)).unwrap();
    // Invalid UTF-8 becomes U+FFFD one character for one byte, so columns still line up.
    let text = String::from_utf8_lossy(&bytes);

    // The position names the offending key or value, counted in characters from 1.
    let file_line = text.lines().nth(line - 1).unwrap_or("");
    let from_column: String = file_line.chars().skip(column - 1).collect();
    let points_right = if at == END_OF_LINE {
        from_column.is_empty() && file_line.chars().count() == column - 1
    } else {
        from_column.starts_with(at)
    };
    assert!(
        points_right,
        "{file}:{line}:{column} should point at `{at}`, but there stands `{from_column}`"
    );

    for args in [
        vec!["check-questions".to_string(), file.clone()],
        vec![
            "--questions".to_string(),
            file.clone(),
            "check-questions".to_string(),
        ],
    ] {
        let output = ndti().args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?}: nothing on stdout");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(
            lines[0],
            format!("ndti-respond: {file}:{line}:{column}: {message}"),
            "{args:?}"
        );
        // The excerpt: the line as written (up to the first bad byte when not UTF-8), then a
        // caret under the column.
        let shown = lines[1].strip_prefix("  | ").expect("an excerpt line");
        if std::str::from_utf8(&bytes).is_ok() {
            assert_eq!(shown, file_line, "{args:?}");
        } else {
            assert!(file_line.starts_with(shown), "{args:?}: {shown}");
        }
        // The caret stands under the column on screen: as wide as what comes before it (a
        // wide character is two columns), tabs kept as tabs.
        let caret = lines[2].strip_prefix("  | ").expect("a caret line");
        let pad = caret.strip_suffix('^').expect("a caret at the end");
        let before: String = file_line.chars().take(column - 1).collect();
        let on_screen = |s: &str| -> String {
            s.replace('\t', "")
                .chars()
                .map(|c| " ".repeat(unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)))
                .collect()
        };
        assert_eq!(
            pad.replace('\t', ""),
            on_screen(&before),
            "{args:?}: {caret:?}"
        );
        assert_eq!(
            pad.matches('\t').count(),
            before.matches('\t').count(),
            "{args:?}: {caret:?}"
        );
        assert_eq!(lines.len(), 3, "{args:?}: {stderr}");
    }
}

macro_rules! cases {
    ($($name:ident => $at:expr,)*) => {
        $(
            #[test]
            fn $name() {
                check_case(stringify!($name), $at);
            }
        )*
        const CASES: &[&str] = &[$(stringify!($name)),*];
    };
}

cases! {
    // TOML itself
    syntax_error => END_OF_LINE,
    syntax_error_table_header => END_OF_LINE,
    syntax_error_after_wide_characters => "= 3",
    duplicate_key => "version",
    not_utf8 => "\u{FFFD}",
    empty_file => "",
    crlf_line_endings => "\"shrot\"",
    // Keys that are not part of the format
    unknown_key_top_level => "subtitle",
    unknown_key_return => "fax",
    unknown_key_section => "descripton",
    unknown_key_question => "hint",
    unknown_key_choice => "value",
    // Keys that are missing: the table that lacks them
    missing_top_level_key => "id = \"example\"",
    missing_return_key => "[return]",
    missing_return_table => "id = \"example\"",
    missing_section_id => "[[sections]]",
    missing_section_title => "[[sections]]",
    missing_question_id => "[[sections.questions]]",
    missing_kind => "[[sections.questions]]",
    missing_prompt => "[[sections.questions]]",
    choice_without_choices => "[[sections.questions]]",
    choice_without_label => "{ id = \"no_thanks\" }",
    no_sections => "id = \"example\"",
    // Values of the wrong type
    kind_not_a_string => "1",
    required_not_true_or_false => "\"yes\"",
    negative_minutes => "-5",
    yesno_default_not_true_or_false => "\"yes\"",
    // Ids
    uppercase_questionnaire_id => "\"Example\"",
    section_id_with_spaces => "\"contact details\"",
    uppercase_question_id => "\"Name\"",
    choice_id_with_spaces => "\"yes please\"",
    duplicate_question_id => "\"name\"",
    reserved_question_id => "\"completed_at\"",
    respondent_type_id_without_its_role => "\"respondent_type\"",
    duplicate_section_id => "\"contact\"",
    duplicate_choice_id => "\"yes_please\"",
    choice_id_other_taken => "\"other\"",
    // Empty things
    empty_version => "\"\"",
    empty_prompt => "\"   \"",
    empty_choices => "[]",
    empty_choice_label => "\"\"",
    empty_section => "[[sections]]",
    empty_sections_list => "[]",
    // Kinds, roles and defaults
    unknown_kind => "\"text\"",
    unknown_role => "\"full_name\"",
    choices_on_a_text_question => "[{ id = \"a\"",
    default_on_a_text_question => "\"Anonymous\"",
    default_not_a_choice => "\"maybe\"",
    multichoice_default_not_a_choice => "\"maybe\"",
    consent_with_default => "false",
    role_not_fitting_kind => "\"name\"",
    duplicate_role => "\"name\"",
    // The return table
    bad_deadline => "\"15/01/2016\"",
    impossible_deadline => "\"2016-02-30\"",
    bad_return_email => "\"responses at example dot org\"",
    bad_age_recipient => "\"ssh-ed25519",
}

#[test]
fn every_file_in_the_corpus_has_a_case_and_an_expected_message() {
    let mut tomls = Vec::new();
    for entry in std::fs::read_dir(corpus()).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_str().unwrap().to_string();
        match path.extension().and_then(|e| e.to_str()) {
            Some("toml") => tomls.push(stem),
            Some("expected") => assert!(
                corpus().join(format!("{stem}.toml")).exists(),
                "{stem}.expected has no {stem}.toml"
            ),
            _ => panic!("unexpected file in the corpus: {}", path.display()),
        }
    }
    for stem in &tomls {
        if stem == "valid" {
            continue;
        }
        assert!(
            CASES.contains(&stem.as_str()),
            "{stem}.toml has no case in tests/questionnaire_errors.rs"
        );
        assert!(
            corpus().join(format!("{stem}.expected")).exists(),
            "{stem}.toml has no {stem}.expected"
        );
    }
}

#[test]
fn a_valid_file_passes_both_ways() {
    for args in [
        &["check-questions", "valid.toml"][..],
        &["--questions", "valid.toml", "check-questions"][..],
    ] {
        ndti()
            .args(args)
            .assert()
            .code(0)
            .stdout("valid.toml: valid (1 sections, 2 questions, id example, version 1)\n")
            .stderr("");
    }
}

#[test]
fn the_built_in_questionnaire_and_the_shipped_file_pass() {
    ndti()
        .arg("check-questions")
        .assert()
        .code(0)
        .stdout(predicates::str::contains(
            "questions.toml (built in): valid",
        ));
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("questions.toml");
    ndti()
        .arg("check-questions")
        .arg(&shipped)
        .assert()
        .code(0)
        .stdout(predicates::str::contains(": valid ("));
}

#[test]
fn a_missing_file_is_named_plainly() {
    for args in [
        &["check-questions", "no-such-file.toml"][..],
        &["--questions", "no-such-file.toml", "check-questions"][..],
    ] {
        ndti().args(args).assert().code(2).stdout("").stderr(
            "ndti-respond: cannot read the questionnaire no-such-file.toml: there is no such file\n",
        );
    }
}

#[test]
fn a_folder_is_not_a_questionnaire() {
    ndti()
        .args(["check-questions", "."])
        .assert()
        .code(2)
        .stderr("ndti-respond: cannot read the questionnaire .: it is a folder, not a file\n");
}

#[test]
fn a_file_named_on_the_command_line_wins_over_questions() {
    ndti()
        .args([
            "--questions",
            "valid.toml",
            "check-questions",
            "unknown_kind.toml",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("unknown_kind.toml:19:8:"));
}
