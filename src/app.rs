//! Runs the command the user asked for.

use clap::CommandFactory;

use crate::cli::{Cli, Command, Shell};
use crate::error::{Error, ExitCode, Result};
use crate::questionnaire::Questionnaire;

/// Runs a parsed command line; returns the exit code for a run that did not fail outright.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let global = cli.global;
    if cli.command.is_some()
        && !matches!(cli.command, Some(Command::New(_) | Command::Resume { .. }))
        && (cli.wizard.output.is_some() || cli.wizard.force || cli.wizard.encrypted_only)
    {
        return Err(Error::Usage(
            "--output, --force and --encrypted-only go with the wizard (no subcommand, `new` or \
             `resume`), for example `ndti-respond resume -o response.json`"
                .to_string(),
        ));
    }
    match cli.command {
        None => crate::session::run_wizard(&global, &cli.wizard, crate::session::Start::Default),
        Some(Command::New(new)) => crate::session::run_wizard(
            &global,
            &new.wizard.or(&cli.wizard),
            crate::session::Start::New(new.answers),
        ),
        Some(Command::Resume { draft, wizard }) => crate::session::run_wizard(
            &global,
            &wizard.or(&cli.wizard),
            crate::session::Start::Resume(draft),
        ),
        Some(Command::Drafts(args)) => crate::drafts_command::run(&global, args),
        Some(Command::Print(args)) => crate::print::run(&args),
        Some(Command::Validate(args)) => crate::validate::run(&args),
        Some(Command::Email(args)) => crate::email::run(&args, &global),
        Some(Command::Collate(args)) => crate::collate::run(&args, &global),
        Some(Command::Import(args)) => crate::import::command::run(&args, &global),
        Some(Command::CheckQuestions { file }) => {
            let path = file.or(global.questions.clone());
            let q = Questionnaire::load_or_embedded(path.as_deref())?;
            let name = path
                .map(|p| crate::render::sanitise::path(&p))
                .unwrap_or_else(|| crate::questionnaire::EMBEDDED_NAME.to_string());
            crate::output::stdout(
                format!(
                    "{name}: valid ({} sections, {} questions, id {}, version {})\n",
                    q.sections.len(),
                    q.question_count(),
                    q.id,
                    q.version
                )
                .as_bytes(),
            )?;
            Ok(ExitCode::Success)
        }
        Some(Command::Completions { shell }) => {
            let shell = match shell {
                Shell::Bash => clap_complete::Shell::Bash,
                Shell::Zsh => clap_complete::Shell::Zsh,
                Shell::Fish => clap_complete::Shell::Fish,
            };
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "ndti-respond", &mut out);
            crate::output::stdout(&out)?;
            Ok(ExitCode::Success)
        }
        Some(Command::Manpage) => {
            let mut out = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut out)
                .map_err(|e| Error::io("cannot write the manual page", e))?;
            crate::output::stdout(&out)?;
            Ok(ExitCode::Success)
        }
    }
}
