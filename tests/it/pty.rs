//! The interactive wizard through a real pseudo-terminal: a whole questionnaire, pasted answers,
//! consent that stray keys cannot answer, Ctrl-C and signals at every kind of prompt, going back,
//! the review, and resuming.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::*;
use expectrl::process::unix::WaitStatus;
use expectrl::{Expect, Session};
use serde_json::{Value, json};

const CTRL_C: &str = "\x03";
const DOWN: &str = "\x1b[B";
const ESC: &str = "\x1b";
const HIDE: &[u8] = b"\x1b[?25l";
const SHOW: &[u8] = b"\x1b[?25h";

/// The program on a pseudo-terminal, with everything it wrote kept.
struct Pty {
    session: expectrl::session::OsSession,
    out: Vec<u8>,
}

impl Pty {
    fn spawn(place: &Place, args: &[&str], env: &[(&str, &str)]) -> Pty {
        let mut cmd = Command::new(BIN);
        cmd.arg("--data-dir").arg(&place.data).args(args);
        cmd.current_dir(&place.cwd);
        cmd.env("TERM", "xterm").env("NO_COLOR", "1");
        for v in ["ACCESSIBLE", "NDTI_RESPOND_DATA_DIR", "VISUAL", "EDITOR"] {
            cmd.env_remove(v);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut session = Session::spawn(cmd).expect("spawn on a pty");
        session.set_expect_timeout(Some(Duration::from_secs(10)));
        Pty {
            session,
            out: Vec::new(),
        }
    }

    fn pid(&self) -> nix::unistd::Pid {
        nix::unistd::Pid::from_raw(self.session.get_process().pid().as_raw())
    }

    /// Sends a signal to the program only (not to the terminal's process group).
    fn signal(&self, sig: nix::sys::signal::Signal) {
        nix::sys::signal::kill(self.pid(), sig).expect("signal the program");
    }

    /// Waits for `text` in the output (10 s at most).
    fn expect(&mut self, text: &str) {
        match self.session.expect(text) {
            Ok(found) => self.out.extend_from_slice(found.as_bytes()),
            Err(e) => {
                self.drain_now();
                panic!(
                    "waiting for {text:?}: {e}\n--- output so far ---\n{}",
                    String::from_utf8_lossy(&self.out)
                )
            }
        }
    }

    fn send(&mut self, keys: &str) {
        self.session.send(keys).expect("write to the pty");
    }

    /// Reads whatever is there without waiting.
    fn drain_now(&mut self) -> bool {
        let mut buf = [0u8; 4096];
        loop {
            match self.session.try_read(&mut buf) {
                Ok(0) => return true,
                Ok(n) => self.out.extend_from_slice(&buf[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => return false,
                // EIO: the terminal's other side is closed.
                Err(_) => return true,
            }
        }
    }

    /// Waits for the program to end, collecting its last words; returns its exit code.
    fn exit_code(&mut self) -> i32 {
        let start = Instant::now();
        loop {
            let closed = self.drain_now();
            match self.session.get_process().status() {
                Ok(WaitStatus::StillAlive) => {}
                Ok(WaitStatus::Exited(_, code)) => {
                    self.drain_now();
                    return code;
                }
                Ok(WaitStatus::Signaled(_, sig, _)) => {
                    self.drain_now();
                    panic!(
                        "the program was killed by {sig:?}\n{}",
                        String::from_utf8_lossy(&self.out)
                    )
                }
                Ok(_) => {}
                Err(e) => panic!("cannot wait for the program: {e}"),
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "the program did not end (closed: {closed})\n{}",
                String::from_utf8_lossy(&self.out)
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.out).into_owned()
    }

    /// The cursor, if it was ever hidden, was shown again afterwards.
    fn assert_cursor_visible(&self) {
        let last = |needle: &[u8]| self.out.windows(needle.len()).rposition(|w| w == needle);
        if let Some(hide) = last(HIDE) {
            let show = last(SHOW).unwrap_or_else(|| {
                panic!(
                    "the cursor was hidden and never shown again\n{}",
                    self.text()
                )
            });
            assert!(
                show > hide,
                "the last cursor-show comes before the last cursor-hide\n{}",
                self.text()
            );
        }
    }

    /// Exit 130, "Stopped..." said, cursor shown, no temp file left.
    fn assert_stopped(&mut self, place: &Place) {
        let code = self.exit_code();
        assert_eq!(code, 130, "exit code\n{}", self.text());
        assert!(
            self.text().contains("Stopped. Your answers are saved in"),
            "{}",
            self.text()
        );
        self.assert_cursor_visible();
        assert_eq!(place.temp_files(), Vec::<String>::new(), "temp files left");
    }
}

fn tiny_str() -> String {
    tiny().display().to_string()
}

/// Starts the tiny questionnaire and answers up to (not including) the question named by
/// `upto`: "name", "story", "consent", "focus" or "review".
fn tiny_up_to(place: &Place, upto: &str, env: &[(&str, &str)]) -> Pty {
    let q = tiny_str();
    let mut p = Pty::spawn(place, &["--questions", &q, "new"], env);
    p.expect("Press Enter to begin.");
    p.send("\r");
    p.expect("Your answer");
    if upto == "name" {
        return p;
    }
    p.send("Jo Bloggs\r");
    p.expect("Tell us what happened");
    p.expect("Type or paste");
    if upto == "story" {
        return p;
    }
    p.send("It began in 2014.\nWe met monthly.\n.\n");
    p.expect("Yes or no");
    if upto == "consent" {
        return p;
    }
    p.send("yes\r");
    p.expect("Tick all that apply");
    if upto == "focus" {
        return p;
    }
    p.send(" \r");
    p.expect("Your answers");
    p
}

fn assert_tiny_first_three(draft: &Value) {
    assert_eq!(answer(draft, "name"), &json!("Jo Bloggs"));
    assert_eq!(
        answer(draft, "story"),
        &json!("It began in 2014.\nWe met monthly.")
    );
    assert_eq!(answer(draft, "consent"), &json!(true));
}

// ---- Ctrl-C at every kind of prompt ----

#[test]
fn ctrl_c_at_consent_saves_everything_before_it() {
    let place = Place::new();
    let mut p = tiny_up_to(&place, "consent", &[]);
    p.send(CTRL_C);
    p.assert_stopped(&place);
    let d = place.draft();
    assert_eq!(answer(&d, "name"), &json!("Jo Bloggs"));
    assert_eq!(
        answer(&d, "story"),
        &json!("It began in 2014.\nWe met monthly.")
    );
    assert!(
        d["answers"].get("consent").is_none(),
        "consent never given: {d}"
    );
}

#[test]
fn ctrl_c_at_a_short_answer() {
    let place = Place::new();
    let mut p = Pty::spawn(&place, &["new"], &[]);
    p.expect("Press Enter to begin.");
    p.send("\r");
    p.expect("Tick all that apply");
    p.send(" \r");
    p.expect("Section 2 of 8");
    p.expect("Your answer");
    p.send("Jo Bloggs\r");
    p.expect("Organisation");
    p.expect("Your answer");
    p.send("Mind in");
    p.send(CTRL_C);
    p.assert_stopped(&place);
    let d = place.draft();
    assert_eq!(
        selected_ids(answer(&d, "respondent_type")),
        ["service_user"]
    );
    assert_eq!(answer(&d, "name"), &json!("Jo Bloggs"));
    assert!(d["answers"].get("organisation").is_none(), "{d}");
}

#[test]
fn ctrl_c_in_a_long_answer_keeps_its_finished_lines_and_resume_carries_on() {
    let place = Place::new();
    let mut p = tiny_up_to(&place, "story", &[]);
    p.send("First line, with a tab\there.\n\nThird line after a blank one.\n");
    place.wait_for_draft_text("Third line after a blank one.");
    p.send("an unfinished li");
    p.send(CTRL_C);
    p.assert_stopped(&place);
    let d = place.draft();
    assert_eq!(answer(&d, "name"), &json!("Jo Bloggs"));
    assert_eq!(
        in_progress(&d),
        Some((
            "story",
            "First line, with a tab\there.\n\nThird line after a blank one."
        ))
    );

    // Resume: the lines come back and typing carries on from them.
    let q = tiny_str();
    let mut p = Pty::spawn(&place, &["--questions", &q, "resume"], &[]);
    p.expect("Welcome back. You have answered 1 of 4");
    p.expect("You had started this answer");
    p.expect("Third line after a blank one.");
    p.expect("Type or paste");
    p.send("Fourth line.\n.\n");
    p.expect("Yes or no");
    p.send("n\r");
    p.expect("Tick all that apply");
    p.send("\r");
    p.expect("Your answers");
    p.send("\r");
    p.expect("Finish and write your response now?");
    p.expect("Yes or no");
    p.send("y\r");
    p.expect("email message");
    p.expect("Yes or no");
    p.send("n\r");
    assert_eq!(p.exit_code(), 0, "{}", p.text());
    let r = place.response();
    assert_eq!(
        answer(&r, "story"),
        &json!("First line, with a tab\there.\n\nThird line after a blank one.\nFourth line.")
    );
    assert_eq!(r["consent_to_future_contact"], json!(false));
    assert_eq!(answer(&r, "consent"), &json!(false));
    assert!(
        place.drafts().is_empty(),
        "the draft goes once the response is written"
    );
}

#[test]
fn ctrl_c_at_a_multichoice() {
    let place = Place::new();
    let mut p = tiny_up_to(&place, "focus", &[]);
    p.send(" ");
    p.send(CTRL_C);
    p.assert_stopped(&place);
    let d = place.draft();
    assert_tiny_first_three(&d);
    assert!(d["answers"].get("focus").is_none(), "{d}");
}

#[test]
fn ctrl_c_at_the_review() {
    let place = Place::new();
    let mut p = tiny_up_to(&place, "review", &[]);
    p.send(DOWN);
    p.send(CTRL_C);
    p.assert_stopped(&place);
    let d = place.draft();
    assert_tiny_first_three(&d);
    assert_eq!(selected_ids(answer(&d, "focus")), ["care"]);
}

#[test]
fn ctrl_c_while_the_editor_is_open_salvages_its_text() {
    let place = Place::new();
    let editor = place.root.path().join("editor.sh");
    let mark = place.root.path().join("editor-wrote");
    std::fs::write(
        &editor,
        "#!/bin/sh\nprintf '\\nWritten in the editor.\\nSecond editor line.\\n' >> \"$1\"\ntouch \"$MARK\"\nsleep 30\n",
    )
    .unwrap();
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let editor = editor.display().to_string();
    let mark_s = mark.display().to_string();
    let mut p = tiny_up_to(&place, "story", &[("EDITOR", &editor), ("MARK", &mark_s)]);
    p.send("Typed before the editor.\n:edit\n");
    p.expect("Opening your editor");
    let start = Instant::now();
    while !mark.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the editor never ran"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    p.send(CTRL_C);
    p.assert_stopped(&place);
    let d = place.draft();
    assert_eq!(answer(&d, "name"), &json!("Jo Bloggs"));
    let (qid, text) = in_progress(&d).unwrap_or_else(|| panic!("nothing salvaged: {d}"));
    assert_eq!(qid, "story");
    assert_eq!(
        text.trim_end(),
        "Typed before the editor.\nWritten in the editor.\nSecond editor line."
    );
}

#[test]
fn sigterm_in_a_long_answer() {
    let place = Place::new();
    let mut p = tiny_up_to(&place, "story", &[]);
    p.send("A line before the signal.\n");
    place.wait_for_draft_text("A line before the signal.");
    p.signal(nix::sys::signal::Signal::SIGTERM);
    p.assert_stopped(&place);
    let d = place.draft();
    assert_eq!(
        in_progress(&d),
        Some(("story", "A line before the signal."))
    );
}

#[test]
fn sighup_at_a_multichoice() {
    let place = Place::new();
    let mut p = tiny_up_to(&place, "focus", &[]);
    p.signal(nix::sys::signal::Signal::SIGHUP);
    p.assert_stopped(&place);
    assert_tiny_first_three(&place.draft());
}

// ---- Consent: explicit, never answered by stray or pasted keys ----

#[test]
fn keys_pasted_after_a_long_answer_cannot_answer_consent() {
    let place = Place::new();
    let mut p = tiny_up_to(&place, "story", &[]);
    // The answer, its full stop, and stray lines that arrive before the consent is asked.
    p.send("It began in 2014.\nWe met monthly.\n.\nyes\ny\n");
    p.expect("Yes or no");
    p.send("no\r");
    p.expect("You answered: no");
    p.expect("Tick all that apply");
    assert!(!p.text().contains("You answered: yes"), "{}", p.text());
    assert_eq!(answer(&place.draft(), "consent"), &json!(false));
    p.send(CTRL_C);
    p.assert_stopped(&place);
}

// ---- Moving about: back across a section, editing from the review, finishing ----

#[test]
fn back_across_a_section_boundary() {
    let place = Place::new();
    let mut p = tiny_up_to(&place, "consent", &[]);
    p.send(":back\r");
    p.expect("Section 1 of 2: About you");
    p.expect("Tell us what happened");
    p.expect("Your answer so far:");
    p.expect("We met monthly.");
    p.expect("Type or paste");
    p.send(".\n");
    p.expect("Section 2 of 2: Keeping in touch");
    p.expect("Yes or no");
    p.send("yes\r");
    p.expect("Tick all that apply");
    // Esc at a choice goes back too: to the consent, which keeps its answer.
    p.send(ESC);
    p.expect("Your answer so far is yes");
    p.expect("Yes or no");
    p.send("\r");
    p.expect("Tick all that apply");
    p.send(CTRL_C);
    p.assert_stopped(&place);
    assert_tiny_first_three(&place.draft());
}

#[test]
fn editing_a_long_answer_from_the_review() {
    let place = Place::new();
    let mut p = tiny_up_to(&place, "review", &[]);
    // Finish, name, story...: the story is two down.
    p.send(&format!("{DOWN}{DOWN}\r"));
    p.expect("Your answer so far:");
    p.expect("It began in 2014.");
    p.expect("Type or paste");
    p.send(".\n");
    p.expect("Your answers");
    assert_eq!(
        answer(&place.draft(), "story"),
        &json!("It began in 2014.\nWe met monthly.")
    );
    p.send(&format!("{DOWN}{DOWN}\r"));
    p.expect("Your answer so far:");
    p.expect("Type or paste");
    p.send("A new story.\nIn two lines.\n.\n");
    p.expect("Your answers");
    p.send("\r");
    p.expect("Finish and write your response now?");
    p.expect("Yes or no");
    p.send("yes\r");
    p.expect("email message");
    p.expect("Yes or no");
    p.send("n\r");
    assert_eq!(p.exit_code(), 0, "{}", p.text());
    let r = place.response();
    assert_eq!(answer(&r, "story"), &json!("A new story.\nIn two lines."));
    assert_eq!(answer(&r, "name"), &json!("Jo Bloggs"));
    assert_eq!(r["consent_to_future_contact"], json!(true));
}

#[test]
fn finishing_with_a_required_answer_missing_goes_to_it() {
    let place = Place::new();
    let mut p = tiny_up_to(&place, "name", &[]);
    p.send(":review\r");
    p.expect("Your answers");
    p.send("\r");
    p.expect("still need an answer");
    p.expect("Question 1 of 4 (required)");
    p.expect("Your answer");
    p.send("Jo\r");
    // Back to the review once it is answered.
    p.expect("Your answers");
    p.send("\r");
    p.expect("still need an answer");
    p.expect("Tell us what happened");
    p.send(CTRL_C);
    p.assert_stopped(&place);
    assert_eq!(answer(&place.draft(), "name"), &json!("Jo"));
}

// ---- Resuming ----

#[test]
fn resume_by_id_prefix_and_the_offer_to_resume() {
    let place = Place::new();
    let q = tiny_str();
    // Two drafts: one stopped at the consent, one at the story (someone else's name given).
    let mut p = tiny_up_to(&place, "consent", &[]);
    p.send(CTRL_C);
    p.assert_stopped(&place);
    let first = place.draft_id();
    let mut p = tiny_up_to(&place, "name", &[]);
    p.send("Sam Smith\r");
    p.expect("Type or paste");
    p.send(CTRL_C);
    p.assert_stopped(&place);
    assert_eq!(place.drafts().len(), 2);

    // `resume` with two drafts asks which; `resume PREFIX` goes straight to one.
    let mut p = Pty::spawn(&place, &["--questions", &q, "resume", &first[..8]], &[]);
    p.expect("Welcome back. You have answered 2 of 4");
    p.expect("Yes or no");
    p.send("y\r");
    p.expect("Tick all that apply");
    p.send(CTRL_C);
    p.assert_stopped(&place);

    // Plain `ndti-respond` offers the drafts (most recently saved first) or a new response.
    let mut p = Pty::spawn(&place, &["--questions", &q], &[]);
    p.expect("You have 2 unfinished drafts");
    p.expect("Start a new response");
    // Both were saved within the same second, so their order is not fixed: find Jo's.
    let listing = p.text();
    let listing = &listing[listing.rfind("unfinished drafts").unwrap()..];
    let jo = listing
        .lines()
        .skip(1)
        .position(|l| l.contains("Jo Bloggs"))
        .expect("Jo's draft is listed");
    p.send(&format!("{}\r", DOWN.repeat(jo)));
    p.expect("Welcome back. You have answered 3 of 4");
    p.expect("Tick all that apply");
    p.send(&format!("{DOWN} \r"));
    p.expect("Your answers");
    p.send("\r");
    p.expect("Yes or no");
    p.send("y\r");
    p.expect("email message");
    p.expect("Yes or no");
    p.send("n\r");
    assert_eq!(p.exit_code(), 0, "{}", p.text());
    let r = place.response();
    assert_tiny_first_three(&r);
    assert_eq!(selected_ids(answer(&r, "focus")), ["community"]);
    assert_eq!(place.drafts().len(), 1, "the other draft is still there");
}

// ---- The whole questionnaire ----

const PASTED: &str = "We started with one question: \"who is missing from this room?\"\nIt was 'hard' at first, and some meetings went badly.\n\n\tThe second paragraph, indented with a tab: café, naïve, Zoë, Łódź, “curly quotes” — and a dash.\n\n第三段：共同生产很重要。 The third paragraph mixes Chinese and English; 🙂 too.";

#[test]
fn the_whole_questionnaire_from_first_prompt_to_response() {
    let place = Place::new();
    let mut p = Pty::spawn(&place, &[], &[]);
    p.expect("There are 28 questions in 8 sections.");
    p.expect("Press Enter to begin.");
    p.send("\r");

    // 1: who they are. Tick the first and third.
    p.expect("Section 1 of 8");
    p.expect("Tick all that apply");
    p.send(&format!(" {DOWN}{DOWN} \r"));

    // 2: name. Go back across the section boundary first, and keep the choice with Enter.
    p.expect("Section 2 of 8");
    p.expect("Question 2 of 28");
    p.expect("Your answer");
    p.send(":back\r");
    p.expect("Section 1 of 8");
    p.expect("Tick all that apply");
    p.send("\r");
    p.expect("Section 2 of 8");
    p.expect("Your answer");
    p.send("Zoë Ó Dálaigh\r");
    p.expect("Question 3 of 28");
    p.expect("Your answer");
    p.send("Mind in Bath & \"Friends\"\r");
    p.expect("Question 4 of 28");
    p.expect("Your answer");
    p.send("zoe@example.org\r");
    // 5: phone, with stray lines after it that must not answer the consent.
    p.expect("Question 5 of 28");
    p.expect("Your answer");
    p.send("01225 789135\ryes\ry\r");
    p.expect("Question 6 of 28 (required)");
    p.expect("Yes or no");
    p.send("no\r");
    p.expect("You answered: no");

    // 7: the pasted three-paragraph answer, in one write.
    p.expect("Section 3 of 8");
    p.expect("Question 7 of 28");
    p.expect("Type or paste");
    p.send(&format!("{PASTED}\n.\n"));
    p.expect("Question 8 of 28");
    p.send("The service users' group.\n.\n");
    p.expect("Question 9 of 28");
    p.expect("Tick all that apply");
    p.send("\r"); // nothing ticked: skipped
    for n in 10..=28 {
        p.expect(&format!("Question {n} of 28"));
        p.expect("Type or paste");
        if n == 21 {
            p.send("Fewer admissions.\nMore trust.\n.\n");
        } else {
            p.send(".\n");
        }
    }
    p.expect("Review: 9 of 28 questions answered");
    p.expect("Your answers");
    p.send("\r");
    p.expect("Finish and write your response now?");
    p.expect("Yes or no");
    p.send("yes\r");
    p.expect("email message");
    p.expect("Yes or no");
    p.send("n\r");
    p.expect("Thank you. Your response is written");
    assert_eq!(p.exit_code(), 0, "{}", p.text());
    let text = p.text();
    let consent =
        &text[text.find("Question 6 of 28").unwrap()..text.find("Section 3 of 8").unwrap()];
    assert_eq!(
        consent.matches("You answered:").count(),
        1,
        "the consent was answered once, by the typed no: {consent}"
    );
    p.assert_cursor_visible();

    let r = place.response();
    assert_eq!(r["consent_to_future_contact"], json!(false));
    assert_eq!(answer(&r, "future_contact"), &json!(false));
    assert_eq!(
        selected_ids(answer(&r, "respondent_type")),
        ["service_user", "campaigning_organisation"]
    );
    assert_eq!(answer(&r, "name"), &json!("Zoë Ó Dálaigh"));
    assert_eq!(
        answer(&r, "organisation"),
        &json!("Mind in Bath & \"Friends\"")
    );
    assert_eq!(answer(&r, "email"), &json!("zoe@example.org"));
    assert_eq!(answer(&r, "phone"), &json!("01225 789135"));
    assert_eq!(answer(&r, "activity_type"), &json!(PASTED));
    assert_eq!(
        answer(&r, "initiated_by"),
        &json!("The service users' group.")
    );
    assert_eq!(answer(&r, "coproduce_focus"), &Value::Null);
    assert_eq!(
        answer(&r, "outcomes_achieved"),
        &json!("Fewer admissions.\nMore trust.")
    );
    let answers = r["answers"].as_object().unwrap();
    assert_eq!(answers.len(), 28, "every question is in the response");
    let given = answers.values().filter(|a| !a["answer"].is_null()).count();
    assert_eq!(given, 9);
    assert!(place.drafts().is_empty());
    assert_eq!(place.temp_files(), Vec::<String>::new());
}

// ---- Plain mode chosen on a real terminal ----

/// On a terminal, plain mode is used when asked for (`--plain`, ACCESSIBLE, TERM=dumb): one
/// plain prompt at a time, no escape codes at all, answers read line by line.
fn plain_on_a_terminal(args: &[&str], env: &[(&str, &str)]) {
    let place = Place::new();
    let q = tiny_str();
    let mut all = vec!["--questions", q.as_str()];
    all.extend_from_slice(args);
    let mut p = Pty::spawn(&place, &all, env);
    p.expect("Question 1 of 4 (required): Your name");
    p.expect("then press Enter.");
    p.send("Jo Bloggs\r");
    p.expect("Question 2 of 4 (required): Tell us what happened");
    p.expect("type a line with only a full stop");
    p.send("First line.\r\rThird line.\r.\r");
    p.expect("(y/n)");
    p.send("n\r");
    p.expect("3. Service planning");
    p.send("1, 3\r");
    p.expect("To finish, type :finish.");
    p.send(":finish\r");
    p.expect("Finish and write your response now?");
    p.send("y\r");
    p.expect("Would you like an email message");
    p.send("n\r");
    p.expect("Please send it by");
    assert_eq!(p.exit_code(), 0, "{}", p.text());
    let text = p.text();
    assert!(
        !text.contains('\x1b'),
        "plain mode writes no escape codes:\n{text:?}"
    );
    let r = place.response();
    assert_eq!(answer(&r, "name"), &json!("Jo Bloggs"));
    assert_eq!(answer(&r, "story"), &json!("First line.\n\nThird line."));
    assert_eq!(r["consent_to_future_contact"], json!(false));
    assert_eq!(answer(&r, "focus")["selected"][1]["id"], json!("planning"));
}

#[test]
fn plain_flag_on_a_terminal() {
    plain_on_a_terminal(&["--plain"], &[]);
}

#[test]
fn accessible_set_means_plain_mode() {
    plain_on_a_terminal(&[], &[("ACCESSIBLE", "1")]);
}

#[test]
fn a_dumb_terminal_means_plain_mode() {
    plain_on_a_terminal(&[], &[("TERM", "dumb")]);
}

// ---- Narrow and wide terminals ----

/// Every line the wizard writes fits the terminal, measured by display width once colour and
/// cursor codes are taken out.
fn fits(width: usize) {
    let place = Place::new();
    let q = tiny_str();
    let mut p = Pty::spawn(&place, &["--questions", &q, "new"], &[]);
    p.session
        .get_process_mut()
        .set_window_size(width as u16, 24)
        .expect("resize the terminal");
    p.expect("Press Enter to begin.");
    p.send("\r");
    p.expect("Your answer");
    p.send("Jo Bloggs, a long name to see whether the line is cut or wrapped well\r");
    p.expect("Type or paste");
    p.send(
        "漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字\n.\n",
    );
    p.expect("Yes or no");
    p.send("no\r");
    p.expect("Tick all that apply");
    p.send(" \r");
    p.expect("Your answers");
    p.send("\x1b");
    p.expect("Tick all that apply");
    p.signal(nix::sys::signal::Signal::SIGTERM);
    p.exit_code();
    let plain = console::strip_ansi_codes(&p.text()).into_owned();
    // What the respondent types is echoed as typed and wrapped by the terminal itself; only
    // what the program writes is measured.
    // A line that is only a path or a command cannot be wrapped without breaking it.
    let typed = ["Jo Bloggs", "漢字"];
    let data = place.data.display().to_string();
    for line in plain
        .split(['\n', '\r'])
        .filter(|l| !typed.iter().any(|t| l.contains(t)))
        .filter(|l| {
            !(l.trim_start().starts_with(&data) || l.trim_start().starts_with("ndti-respond --"))
        })
    {
        let w = console::measure_text_width(line);
        assert!(
            w <= width,
            "a line of {w} columns on a {width}-column terminal: {line:?}"
        );
    }
}

#[test]
fn prompts_fit_a_40_column_terminal() {
    fits(40);
}

#[test]
fn prompts_fit_a_200_column_terminal() {
    fits(200);
}

#[test]
fn ctrl_c_before_any_answer_keeps_no_empty_draft() {
    let place = Place::new();
    let mut p = tiny_up_to(&place, "name", &[]);
    p.send("Jo");
    p.send(CTRL_C);
    assert_eq!(p.exit_code(), 130, "{}", p.text());
    assert!(
        p.text().contains("Nothing had been answered yet"),
        "{}",
        p.text()
    );
    p.assert_cursor_visible();
    let left: Vec<_> = std::fs::read_dir(&place.data).unwrap().flatten().collect();
    assert!(left.is_empty(), "no draft and no lock file: {left:?}");
}
