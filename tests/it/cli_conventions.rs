//! The conventions every command-line tool is expected to keep: `--version`, help with
//! examples, shell completions, a manual page, and exit code 2 for a command line that makes no
//! sense. Run through the real binary.

use std::io::Write;

use assert_cmd::Command;
use clap::CommandFactory;
use ndti_respond::cli::Cli;
use predicates::prelude::*;

fn ndti() -> Command {
    let mut cmd = Command::cargo_bin("ndti-respond").unwrap();
    cmd.env_remove("NDTI_RESPOND_DATA_DIR");
    cmd
}

/// The subcommands a user can see (the hidden `manpage` is for packagers).
fn visible_subcommands() -> Vec<String> {
    Cli::command()
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .map(|s| s.get_name().to_string())
        .collect()
}

fn stdout_of(args: &[&str]) -> String {
    let output = ndti().args(args).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{args:?}");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn version_names_the_program_and_its_version() {
    ndti()
        .arg("--version")
        .assert()
        .code(0)
        .stdout(format!("ndti-respond {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn help_shows_examples_and_exit_codes() {
    ndti()
        .arg("--help")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Examples:"))
        .stdout(predicate::str::contains("Exit codes:"));
}

#[test]
fn every_subcommand_has_examples_in_its_help() {
    let cli = Cli::command();
    let mut checked = 0;
    for sub in cli.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = sub.get_name();
        let after = sub
            .get_after_help()
            .map(|h| h.to_string())
            .unwrap_or_default();
        assert!(
            after.contains("Examples"),
            "`{name}` has no examples in its after_help"
        );
        ndti()
            .args([name, "--help"])
            .assert()
            .code(0)
            .stdout(predicate::str::contains("Examples:"))
            .stdout(predicate::str::contains(format!("ndti-respond {name}")));
        checked += 1;
    }
    assert!(checked >= 8, "only {checked} subcommands found");
}

#[test]
fn completions_cover_every_subcommand() {
    for shell in ["bash", "zsh", "fish"] {
        let script = stdout_of(&["completions", shell]);
        assert!(
            !script.trim().is_empty(),
            "{shell}: empty completion script"
        );
        for sub in visible_subcommands() {
            assert!(script.contains(&sub), "{shell}: `{sub}` is not completed");
        }
        // fish spells long options `-l questions`.
        let global = if shell == "fish" {
            "-l questions"
        } else {
            "--questions"
        };
        assert!(script.contains(global), "{shell}: global options");
    }
}

/// Whether `shell` accepts `script` without running it (`bash -n`, `zsh -n`, `fish -n`).
fn parses_in(shell: &str, script: &str) -> bool {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(script.as_bytes()).unwrap();
    std::process::Command::new(shell)
        .arg("-n")
        .arg(file.path())
        .status()
        .unwrap_or_else(|e| panic!("cannot run {shell}: {e}"))
        .success()
}

#[test]
fn the_bash_completion_script_parses() {
    let script = stdout_of(&["completions", "bash"]);
    assert!(
        parses_in("bash", &script),
        "bash -n rejects the completion script"
    );
}

#[test]
#[ignore = "needs zsh (Debian package zsh)"]
fn the_zsh_completion_script_parses() {
    crate::common::require("zsh", "zsh");
    let script = stdout_of(&["completions", "zsh"]);
    assert!(
        parses_in("zsh", &script),
        "zsh -n rejects its completion script"
    );
}

#[test]
#[ignore = "needs fish (Debian package fish)"]
fn the_fish_completion_script_parses() {
    crate::common::require("fish", "fish");
    let script = stdout_of(&["completions", "fish"]);
    assert!(
        parses_in("fish", &script),
        "fish -n rejects its completion script"
    );
}

#[test]
fn the_manual_page_is_troff() {
    let page = stdout_of(&["manpage"]);
    assert!(page.contains(".TH ndti-respond"), "{page}");
    assert!(page.contains(".SH NAME"));
    let subcommands = page
        .split(".SH ")
        .find(|part| part.starts_with("SUBCOMMANDS"))
        .expect("the page has a SUBCOMMANDS section");
    for sub in visible_subcommands() {
        let troff = sub.replace('-', "\\-");
        assert!(
            subcommands.contains(&format!("ndti\\-respond\\-{troff}(1)")),
            "the manual page does not list `{sub}`"
        );
    }
}

#[test]
fn an_unknown_subcommand_is_a_usage_error() {
    ndti()
        .arg("frobnicate")
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("frobnicate"));
}

#[test]
fn an_unknown_option_is_a_usage_error() {
    ndti()
        .arg("--frobnicate")
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("--frobnicate"));
    ndti()
        .args(["check-questions", "--frobnicate"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--frobnicate"));
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    ndti().args(["completions", "powershell"]).assert().code(2);
}

#[test]
fn global_options_go_before_or_after_the_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    for args in [
        &["--plain", "--data-dir", data, "check-questions"][..],
        &["check-questions", "--plain", "--data-dir", data][..],
    ] {
        ndti()
            .args(args)
            .assert()
            .code(0)
            .stdout(predicate::str::contains("valid"));
    }
}

#[test]
fn wizard_options_before_a_subcommand_are_refused_not_ignored() {
    ndti()
        .args(["-o", "response.json", "check-questions"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--output"));
}
