//! The interactive wizard through a real pseudo-terminal, looked at as a person sees it: a
//! whole questionnaire, Ctrl-C and signals at every kind of question, going back, the review,
//! resuming, plain mode on a terminal, and pages that fit 40 to 200 columns.

use std::time::Duration;

use serde_json::{Value, json};

use crate::common::*;
use crate::terminal::*;

fn tiny_str() -> String {
    tiny().display().to_string()
}

/// A moment for a question that throws away keys typed ahead to be ready for typing.
fn settle() {
    std::thread::sleep(Duration::from_millis(150));
}

/// Starts the tiny questionnaire (80x24) and answers up to (not including) the question named
/// by `upto`: "name", "story", "consent", "focus" or "review".
fn tiny_up_to(place: &Place, upto: &str, env: &[(&str, &str)]) -> Term {
    let q = tiny_str();
    let mut t = Term::spawn(place, &["--questions", &q, "new"], env, 80, 24);
    t.wait_for("Enter begin");
    t.press(ENTER);
    t.wait_for("Your name");
    if upto == "name" {
        return t;
    }
    t.type_text("Jo Bloggs");
    t.press(ENTER);
    t.wait_for("Tell us what happened");
    if upto == "story" {
        return t;
    }
    t.type_text("It began in 2014.");
    t.press(ENTER);
    t.type_text("We met monthly.");
    t.press(CTRL_D);
    t.wait_for("May we contact you again?");
    if upto == "consent" {
        return t;
    }
    settle();
    t.type_text("yes");
    t.press(ENTER);
    t.wait_for("What was it about?");
    if upto == "focus" {
        return t;
    }
    t.press(" ");
    t.press(ENTER);
    t.wait_for("Review your answers");
    t
}

fn assert_tiny_first_three(doc: &Value) {
    assert_eq!(answer(doc, "name"), &json!("Jo Bloggs"));
    assert_eq!(
        answer(doc, "story"),
        &json!("It began in 2014.\nWe met monthly.")
    );
    assert_eq!(answer(doc, "consent"), &json!(true));
}

// ---- Ctrl-C and signals at every kind of question ----

#[test]
fn ctrl_c_at_consent_saves_everything_before_it() {
    let place = Place::new();
    let mut t = tiny_up_to(&place, "consent", &[]);
    t.send(CTRL_C);
    t.assert_stopped(&place);
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
fn ctrl_c_at_a_short_answer_keeps_what_was_typed() {
    let place = Place::new();
    let mut t = tiny_up_to(&place, "name", &[]);
    t.type_text("Jo Blo");
    t.send(CTRL_C);
    t.assert_stopped(&place);
    let d = place.draft();
    assert_eq!(in_progress(&d), Some(("name", "Jo Blo")), "{d}");
    let screen = t.screen();
    assert!(
        flat(&screen).contains(&format!(
            "ndti-respond --questions {} --data-dir {} resume",
            tiny_str(),
            place.data.display()
        )),
        "the hint says all that is needed to carry on: {screen}"
    );
}

#[test]
fn ctrl_c_at_a_multichoice() {
    let place = Place::new();
    let mut t = tiny_up_to(&place, "focus", &[]);
    t.press(" ");
    t.send(CTRL_C);
    t.assert_stopped(&place);
    let d = place.draft();
    assert_tiny_first_three(&d);
    assert!(d["answers"].get("focus").is_none(), "{d}");
}

#[test]
fn ctrl_c_at_the_review() {
    let place = Place::new();
    let mut t = tiny_up_to(&place, "review", &[]);
    t.press(DOWN);
    t.send(CTRL_C);
    t.assert_stopped(&place);
    let d = place.draft();
    assert_tiny_first_three(&d);
    assert_eq!(selected_ids(answer(&d, "focus")), ["care"]);
}

#[test]
fn sigterm_in_a_long_answer_keeps_the_unfinished_line() {
    let place = Place::new();
    let mut t = tiny_up_to(&place, "story", &[]);
    t.type_text("A line.");
    t.press(ENTER);
    t.type_text("and half of anoth");
    t.signal(nix::sys::signal::Signal::SIGTERM);
    t.assert_stopped(&place);
    assert_eq!(
        in_progress(&place.draft()),
        Some(("story", "A line.\nand half of anoth"))
    );
}

#[test]
fn sighup_in_a_long_answer_keeps_the_unfinished_line() {
    let place = Place::new();
    let mut t = tiny_up_to(&place, "story", &[]);
    t.type_text("Typed without Enter");
    t.signal(nix::sys::signal::Signal::SIGHUP);
    assert_eq!(t.exit_code(), 130);
    assert_eq!(
        in_progress(&place.draft()),
        Some(("story", "Typed without Enter"))
    );
}

#[test]
fn a_signal_right_after_typing_keeps_every_key_already_typed() {
    // The keys are still in the terminal's input buffer, unread, when the signal arrives:
    // they were typed before the stop, so they are kept.
    let typed = "Typed fast, then the window was closed at once. ".repeat(20);
    for signal in [
        nix::sys::signal::Signal::SIGHUP,
        nix::sys::signal::Signal::SIGTERM,
    ] {
        let place = Place::new();
        let mut t = tiny_up_to(&place, "story", &[]);
        t.send(&typed);
        t.signal(signal);
        assert_eq!(t.exit_code(), 130, "{signal}");
        assert_eq!(
            in_progress(&place.draft()),
            Some(("story", typed.as_str())),
            "{signal}"
        );
    }
}

#[test]
fn sighup_at_a_multichoice() {
    let place = Place::new();
    let mut t = tiny_up_to(&place, "focus", &[]);
    t.signal(nix::sys::signal::Signal::SIGHUP);
    t.assert_stopped(&place);
    assert_tiny_first_three(&place.draft());
}

#[test]
fn ctrl_c_before_any_answer_keeps_no_empty_draft() {
    let place = Place::new();
    let q = tiny_str();
    let mut t = Term::spawn(&place, &["--questions", &q, "new"], &[], 80, 24);
    t.wait_for("Enter begin");
    t.send(CTRL_C);
    assert_eq!(t.exit_code(), 130);
    assert!(
        flat(&t.screen()).contains("Nothing had been answered yet"),
        "{}",
        t.screen()
    );
    t.assert_terminal_restored();
    let left: Vec<_> = std::fs::read_dir(&place.data).unwrap().flatten().collect();
    assert!(
        left.is_empty(),
        "nothing left in the drafts folder: {left:?}"
    );
}

// ---- Moving about: back, the review, finishing ----

#[test]
fn back_across_a_section_boundary_and_esc_at_a_list() {
    let place = Place::new();
    let mut t = tiny_up_to(&place, "consent", &[]);
    t.press(ESC);
    t.wait_for("Section 1 of 2: About you");
    t.wait_for("Tell us what happened");
    // The answer is in the editor, the cursor at its end.
    t.wait_for("We met monthly.");
    t.wait_for_cursor_on("We met monthly.");
    t.press(CTRL_D);
    t.wait_for("Section 2 of 2: Keeping in touch");
    settle();
    t.type_text("yes");
    t.press(ENTER);
    t.wait_for("What was it about?");
    // Esc at a choice goes back too: to the consent, which keeps its answer.
    t.press(ESC);
    t.wait_for("Your answer so far is yes");
    settle();
    t.press(ENTER);
    t.wait_for("What was it about?");
    t.send(CTRL_C);
    t.assert_stopped(&place);
    assert_tiny_first_three(&place.draft());
}

#[test]
fn going_back_then_on_steps_through_the_questions_one_by_one() {
    // Back from the fourth question to the first, then Enter: the second question comes next,
    // as "Enter: done, next question" says, not the furthest one reached.
    let place = Place::new();
    let mut t = tiny_up_to(&place, "focus", &[]);
    t.press(ESC);
    t.wait_for("Your answer so far is yes");
    t.press(ESC);
    t.wait_for("We met monthly.");
    t.press(ESC);
    t.wait_for("Your name");
    t.wait_for("Jo Bloggs");
    t.press(ENTER);
    t.wait_for("Tell us what happened");
    assert!(!t.screen().contains("What was it about?"), "{}", t.screen());
    t.press(CTRL_D);
    t.wait_for("May we contact you again?");
    settle();
    t.press(ENTER);
    t.wait_for("What was it about?");
    t.send(CTRL_C);
    t.assert_stopped(&place);
    assert_tiny_first_three(&place.draft());
}

#[test]
fn the_review_part_way_carries_on_where_the_respondent_was() {
    let place = Place::new();
    let mut t = tiny_up_to(&place, "consent", &[]);
    t.press(CTRL_R);
    t.wait_for("Review your answers: 2 of 4 questions answered");
    t.wait_for("1 required question still needs an answer");
    t.wait_for("> Continue from question 3");
    // Change the name: the review comes back with the highlight on it.
    t.press(DOWN);
    t.press(DOWN);
    t.press(ENTER);
    t.wait_for("Your name");
    t.type_text(" Smith");
    t.press(ENTER);
    t.wait_for("Review your answers");
    t.wait_for("> 1. Your name");
    assert!(flat(&t.screen()).contains("Continue from question 3"));
    // Esc goes back to where the respondent was: the consent.
    t.press(ESC);
    t.wait_for("May we contact you again?");
    t.send(CTRL_C);
    t.assert_stopped(&place);
    assert_eq!(answer(&place.draft(), "name"), &json!("Jo Bloggs Smith"));
}

#[test]
fn finishing_says_what_is_missing_and_goes_to_it() {
    let place = Place::new();
    let mut t = tiny_up_to(&place, "name", &[]);
    t.press(CTRL_R);
    t.wait_for("Review your answers: 0 of 4 questions answered");
    // "Continue from question 1" first, then "Finish".
    t.press(DOWN);
    t.press(ENTER);
    t.wait_for("some questions still need an answer: 1. \"Your name\"; 2. \"Tell us what happened\"; 3. \"May we contact you again?\"");
    t.wait_for("Question 1 of 4 (required)");
    t.type_text("Jo");
    t.press(ENTER);
    // Back to the review once it is answered.
    t.wait_for("Review your answers: 1 of 4 questions answered");
    t.send(CTRL_C);
    t.assert_stopped(&place);
    assert_eq!(answer(&place.draft(), "name"), &json!("Jo"));
}

#[test]
fn finishing_from_the_review_writes_the_response() {
    let place = Place::new();
    let mut t = tiny_up_to(&place, "review", &[]);
    t.wait_for("> Finish and write my response");
    t.press(ENTER);
    t.wait_for("All 4 questions are answered. Finish and write your response now?");
    settle();
    t.type_text("y");
    t.press(ENTER);
    t.wait_for("email message");
    settle();
    t.type_text("n");
    t.press(ENTER);
    assert_eq!(t.exit_code(), 0, "{}", t.screen());
    let screen = t.screen();
    assert!(
        flat(&screen).contains("Thank you. Your response is written"),
        "{screen}"
    );
    t.assert_terminal_restored();
    let r = place.response();
    assert_tiny_first_three(&r);
    assert_eq!(r["consent_to_future_contact"], json!(true));
    assert!(
        place.drafts().is_empty(),
        "the draft goes once the response is written"
    );
}

#[test]
fn saying_not_yet_to_finishing_puts_the_highlight_back_on_finish() {
    // Opened part-way, the review offers "Continue" first; after "Finish" and "not yet",
    // the highlight is back where the respondent left it: on "Finish".
    let place = Place::new();
    let mut t = tiny_up_to(&place, "focus", &[]);
    t.press(CTRL_R);
    t.wait_for("> Continue from question 4");
    t.press(DOWN);
    t.wait_for("> Finish and write my response");
    t.press(ENTER);
    t.wait_for("Finish and write your response now?");
    settle();
    t.type_text("n");
    t.press(ENTER);
    t.wait_for("Review your answers");
    t.wait_for("> Finish and write my response");
    assert!(!t.screen().contains("> Continue from"), "{}", t.screen());
    t.send(CTRL_C);
    t.assert_stopped(&place);
}

// ---- Resuming ----

#[test]
fn resume_by_id_prefix_and_the_offer_to_resume() {
    let place = Place::new();
    let q = tiny_str();
    // Two drafts: one stopped at the consent, one at the story (someone else's name given).
    let mut t = tiny_up_to(&place, "consent", &[]);
    t.send(CTRL_C);
    t.assert_stopped(&place);
    let first = place.draft_id();
    let mut t = tiny_up_to(&place, "name", &[]);
    t.type_text("Sam Smith");
    t.press(ENTER);
    t.wait_for("Tell us what happened");
    t.send(CTRL_C);
    t.assert_stopped(&place);
    assert_eq!(place.drafts().len(), 2);

    // `resume PREFIX` goes straight to one, at its first unanswered question.
    let mut t = Term::spawn(
        &place,
        &["--questions", &q, "resume", &first[..8]],
        &[],
        80,
        24,
    );
    t.wait_for("Welcome back. You have answered 2 of 4 questions so far.");
    t.wait_for("May we contact you again?");
    settle();
    t.type_text("y");
    t.press(ENTER);
    t.wait_for("What was it about?");
    t.send(CTRL_C);
    t.assert_stopped(&place);

    // Plain `ndti-respond` offers the drafts or a new response.
    let mut t = Term::spawn(&place, &["--questions", &q], &[], 80, 24);
    t.wait_for("You have 2 unfinished drafts");
    t.wait_for("Start a new response");
    let screen = t.screen();
    let rows: Vec<&str> = screen.lines().collect();
    let first_option = rows.iter().position(|r| r.starts_with("> ")).unwrap();
    let jo = rows
        .iter()
        .position(|r| r.contains("Jo Bloggs"))
        .expect("Jo's draft is listed");
    for _ in first_option..jo {
        t.press(DOWN);
    }
    t.press(ENTER);
    t.wait_for("Welcome back. You have answered 3 of 4");
    t.wait_for("What was it about?");
    t.press(DOWN);
    t.press(" ");
    t.press(ENTER);
    t.wait_for("Review your answers");
    t.press(ENTER);
    t.wait_for("Finish and write your response now?");
    settle();
    t.type_text("y");
    t.press(ENTER);
    t.wait_for("email message");
    settle();
    t.type_text("n");
    t.press(ENTER);
    assert_eq!(t.exit_code(), 0, "{}", t.screen());
    let r = place.response();
    assert_tiny_first_three(&r);
    assert_eq!(selected_ids(answer(&r, "focus")), ["community"]);
    assert_eq!(place.drafts().len(), 1, "the other draft is still there");
}

// ---- The whole questionnaire ----

const PASTED: &str = "We started with one question: \"who is missing from this room?\"\nIt was 'hard' at first, and some meetings went badly.\n\n\tThe second paragraph, indented with a tab: café, naïve, Zoë, Łódź, “curly quotes” — and a dash.\n\n第三段：共同生产很重要。 The third paragraph mixes Chinese and English; 🙂 too.";

#[test]
fn the_whole_questionnaire_from_first_page_to_response() {
    let place = Place::new();
    let mut t = Term::spawn(&place, &[], &[], 80, 24);
    t.wait_for("There are 28 questions in 8 sections.");
    t.press(ENTER);

    // 1: who they are. Tick the first and third.
    t.wait_for("Section 1 of 8");
    t.press(" ");
    t.press(DOWN);
    t.press(DOWN);
    t.press(" ");
    t.press(ENTER);
    t.wait_for("Question 2 of 28");
    t.type_text("Zoë Ó Dálaigh");
    t.press(ENTER);
    t.wait_for("Question 3 of 28");
    t.type_text("Mind in Bath & \"Friends\"");
    t.press(ENTER);
    t.wait_for("Question 4 of 28");
    t.type_text("zoe@example.org");
    t.press(ENTER);
    t.wait_for("Question 5 of 28");
    t.type_text("01225 789135");
    t.press(ENTER);
    t.wait_for("Question 6 of 28 (required)");
    settle();
    t.type_text("no");
    t.press(ENTER);

    // 7: a pasted three-paragraph answer.
    t.wait_for("Question 7 of 28");
    t.paste(PASTED);
    t.wait_for("Pasted 6 lines.");
    t.press(CTRL_D);
    t.wait_for("Question 8 of 28");
    t.type_text("The service users' group.");
    t.press(CTRL_D);
    t.wait_for("Question 9 of 28");
    t.press(ENTER); // nothing ticked: skipped
    for n in 10..=28 {
        t.wait_for(&format!("Question {n} of 28"));
        if n == 21 {
            t.type_text("Fewer admissions.");
            t.press(ENTER);
            t.type_text("More trust.");
        }
        t.press(CTRL_D);
    }
    t.wait_for("Review your answers: 9 of 28 questions answered");
    t.press(ENTER);
    t.wait_for("19 of the 28 questions are not answered");
    settle();
    t.type_text("yes");
    t.press(ENTER);
    t.wait_for("email message");
    settle();
    t.type_text("n");
    t.press(ENTER);
    assert_eq!(t.exit_code(), 0, "{}", t.screen());
    t.assert_terminal_restored();

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
    assert_eq!(
        answers.values().filter(|a| !a["answer"].is_null()).count(),
        9
    );
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
    let mut t = Term::spawn(&place, &all, env, 80, 24);
    t.wait_for("Question 1 of 4 (required): Your name");
    t.send("Jo Bloggs\r");
    t.wait_for("Question 2 of 4 (required): Tell us what happened");
    t.send("First line.\r\rThird line.\r.\r");
    t.wait_for("(y/n)");
    settle();
    t.send("n\r");
    t.wait_for("3. Service planning");
    t.send("1, 3\r");
    t.wait_for("To finish, type :finish.");
    t.send(":finish\r");
    t.wait_for("Finish and write your response now?");
    settle();
    t.send("y\r");
    t.wait_for("Would you like an email message");
    settle();
    t.send("n\r");
    t.wait_for("Please send it by");
    assert_eq!(t.exit_code(), 0, "{}", t.screen());
    assert!(
        !t.raw().contains('\x1b'),
        "plain mode writes no escape codes:\n{:?}",
        t.raw()
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

/// Walks the whole built-in questionnaire at `cols` x 24: every question is on screen in full
/// (its words, however wrapped), with its number, at every page.
fn every_question_in_full_at(cols: u16) {
    let place = Place::new();
    let q = ndti_respond::questionnaire::Questionnaire::embedded();
    let mut t = Term::spawn(&place, &["new"], &[], cols, 24);
    t.wait_for("Co-production in mental health");
    t.press(ENTER);
    let bare = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    for (i, (_, question)) in q.questions().enumerate() {
        let n = i + 1;
        t.wait_for(&format!("Question {n} of 28"));
        let prompt = bare(&question.prompt);
        t.wait_until(&format!("question {n} in full at {cols} columns"), |s| {
            bare(s).contains(&prompt)
        });
        match question.kind {
            ndti_respond::questionnaire::Kind::Long if question.required => {
                t.type_text("Words.");
                t.press(CTRL_D);
            }
            ndti_respond::questionnaire::Kind::Long => t.press(CTRL_D),
            ndti_respond::questionnaire::Kind::YesNo { .. } => {
                settle();
                t.type_text("n");
                t.press(ENTER);
            }
            ndti_respond::questionnaire::Kind::Choice { .. } if question.required => {
                t.press(" ");
                t.press(ENTER);
            }
            ndti_respond::questionnaire::Kind::Short if question.required => {
                t.type_text("Jo");
                t.press(ENTER);
            }
            _ => t.press(ENTER),
        }
    }
    t.wait_for("Review your answers");
    t.send(CTRL_C);
    t.assert_stopped(&place);
}

#[test]
fn every_question_in_full_at_40_columns() {
    every_question_in_full_at(40);
}

#[test]
fn every_question_in_full_at_80_columns() {
    every_question_in_full_at(80);
}

#[test]
fn every_question_in_full_at_200_columns() {
    every_question_in_full_at(200);
}

// ---- A full drafts folder, with a person at the keyboard ----

/// A small tmpfs mounted for one test, unmounted when dropped.
struct SmallDisk(std::path::PathBuf);

impl SmallDisk {
    fn mount(at: &std::path::Path) -> SmallDisk {
        std::fs::create_dir_all(at).unwrap();
        let status = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=256k", "tmpfs"])
            .arg(at)
            .status()
            .expect("run mount");
        assert!(
            status.success(),
            "this test mounts a small tmpfs to fill it, which needs root (as in CI)"
        );
        SmallDisk(at.to_path_buf())
    }

    /// Fills the disk, so that every write fails with "no space left".
    fn fill(&self) {
        let mut f = std::fs::File::create(self.0.join("filler")).unwrap();
        let block = vec![b'x'; 4096];
        while std::io::Write::write_all(&mut f, &block).is_ok() {}
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_drafts_folder_moves_the_draft_where_the_person_says_and_the_hint_follows() {
    let place = Place::new();
    let disk = SmallDisk::mount(&place.data);
    let q = tiny_str();
    let mut t = Term::spawn(
        &place,
        &["--questions", &q, "new"],
        &[("ACCESSIBLE", "1")],
        80,
        24,
    );
    t.wait_for("Question 1 of 4 (required): Your name");
    t.send("Jo\r");
    place.wait_for_draft_text("Jo");
    let id = place.draft_id();
    disk.fill();
    t.send("A story.\r.\r");
    t.wait_for("Your answers could not be saved");
    t.wait_for("type the path of a folder");
    let elsewhere = place.root.path().join("usb stick");
    t.send(&format!("{}\r", elsewhere.display()));
    t.wait_for(&format!(
        "Saved. Your draft is now kept in {}.",
        elsewhere.display()
    ));
    t.wait_for(&format!(
        "--data-dir '{}' resume {}",
        elsewhere.display(),
        &id[..8]
    ));
    assert!(
        !place.data.join(format!("{id}.json")).exists(),
        "the older copy in the full folder is gone"
    );
    let moved = read_json(&elsewhere.join(format!("{id}.json")));
    assert_eq!(answer(&moved, "story"), &json!("A story."));
    settle();
    t.send(CTRL_C);
    assert_eq!(t.exit_code(), 130);
    let screen = flat(&t.screen());
    assert!(
        screen.contains(&format!(
            "--data-dir '{}' resume {}",
            elsewhere.display(),
            &id[..8]
        )),
        "the stop message names the new folder: {screen}"
    );
}

#[test]
fn answers_given_up_front_are_shown_at_the_review_and_only_the_missing_asked() {
    let place = Place::new();
    let q = tiny_str();
    let file = place.root.path().join("answers.toml");
    std::fs::write(
        &file,
        "name = \"Jo Bloggs\"\nstory = \"Prepared with an advocate.\"\n",
    )
    .unwrap();
    let file = file.display().to_string();
    let mut t = Term::spawn(
        &place,
        &["--questions", &q, "new", "--answers", &file],
        &[],
        80,
        24,
    );
    t.wait_for("Enter begin");
    t.press(ENTER);
    // The consent is required and missing: asked. The choice is optional and left out: not.
    t.wait_for("May we contact you again?");
    settle();
    t.type_text("yes");
    t.press(ENTER);
    t.wait_for("Review your answers: 3 of 4 questions answered");
    t.wait_for("Prepared with an advocate.");
    t.press(ENTER);
    t.wait_for("Finish and write your response now?");
    settle();
    t.type_text("y");
    t.press(ENTER);
    t.wait_for("email message");
    settle();
    t.type_text("n");
    t.press(ENTER);
    assert_eq!(t.exit_code(), 0, "{}", t.screen());
    let r = place.response();
    assert_eq!(answer(&r, "story"), &json!("Prepared with an advocate."));
    assert_eq!(r["consent_to_future_contact"], json!(true));
    assert_eq!(answer(&r, "focus"), &Value::Null);
}

#[test]
fn the_stop_message_never_wraps_the_command_at_40_columns() {
    let place = Place::new();
    let q = tiny_str();
    let mut t = Term::spawn(&place, &["--questions", &q, "new"], &[], 40, 24);
    t.wait_for("Enter begin");
    t.press(ENTER);
    t.wait_for("Your name");
    t.type_text("Jo");
    t.press(ENTER);
    t.wait_for("happened");
    t.send(CTRL_C);
    t.assert_stopped(&place);
    let id = place.draft_id();
    let command = format!(
        "ndti-respond --questions {q} --data-dir {} resume {}",
        place.data.display(),
        &id[..8]
    );
    assert!(
        command.len() > 40,
        "the command is longer than the terminal is wide"
    );
    // Written whole, on a line of its own: the terminal folds it, and copying gives one line.
    assert!(
        t.raw().contains(&format!("\n  {command}\r\n"))
            || t.raw().contains(&format!("\n  {command}\n")),
        "{:?}",
        t.raw()
    );
}

#[test]
fn esc_at_other_goes_back_to_the_list_and_keeps_nothing_typed_as_a_command() {
    let place = Place::new();
    let mut t = Term::spawn(&place, &["new"], &[], 80, 24);
    // The welcome names the command that carries on, with the drafts folder given.
    t.wait_for(&format!(
        "ndti-respond --data-dir {} resume",
        place.data.display()
    ));
    t.press(ENTER);
    t.wait_for("Which of these describes you?");
    t.press(END);
    t.press(" ");
    t.press(ENTER);
    t.wait_for("Please describe it in a few words.");
    t.type_text(":back");
    t.press(ESC);
    // Back at the list, "other" still ticked; nothing was taken as its words.
    t.wait_for("Tick all that apply");
    t.wait_for("[x] Other (please describe)");
    t.press(HOME);
    t.press(" ");
    t.press(END);
    t.press(" ");
    t.press(ENTER);
    t.wait_for("Question 2 of 28");
    let d = stop(&mut t, &place);
    assert_eq!(
        selected_ids(answer(&d, "respondent_type")),
        ["service_user"]
    );
    assert!(answer(&d, "respondent_type").get("other").is_none(), "{d}");
}

#[test]
fn a_refused_answer_is_said_once_with_no_tick_and_later_long_answers_say_the_keys_briefly() {
    let place = Place::new();
    let mut t = Term::spawn(&place, &["new"], &[], 80, 24);
    t.wait_for("Enter begin");
    t.press(ENTER);
    t.wait_for("Which of these describes you?");
    t.press(" ");
    t.press(ENTER);
    t.wait_for("Question 2 of 28");
    t.type_text("Jo");
    t.press(ENTER);
    t.wait_for("Question 3 of 28");
    t.press(ENTER);
    t.wait_for("Question 4 of 28");
    t.type_text("jo@example");
    t.press(ENTER);
    t.wait_for("doesn't look like an email address");
    assert!(!t.raw().contains('✔'), "no tick beside a refused answer");
    t.type_text(".org");
    t.press(ENTER);
    t.wait_for("Question 5 of 28");
    t.press(ENTER);
    t.wait_for("Question 6 of 28");
    settle();
    t.type_text("n");
    t.press(ENTER);
    t.wait_for("Question 7 of 28");
    t.wait_for("Type or paste your answer here: it can be many lines and paragraphs");
    t.type_text("What we did.");
    t.press(CTRL_D);
    t.wait_for("Question 8 of 28");
    t.wait_for("Enter starts a new line; Ctrl-D when you have finished.");
    assert!(
        !flat(&t.screen()).contains("it can be many lines and paragraphs"),
        "said in full once, then briefly: {}",
        t.screen()
    );
    let d = stop(&mut t, &place);
    assert_eq!(answer(&d, "email"), &json!("jo@example.org"));
}

fn stop(t: &mut Term, place: &Place) -> Value {
    t.send(CTRL_C);
    t.assert_stopped(place);
    place.draft()
}

#[test]
fn a_tick_clears_the_request_for_an_answer() {
    // The template's first question is a required list: Enter with nothing ticked asks for an
    // answer, and ticking one answers that request, so it goes.
    let place = Place::new();
    let mut t = Term::spawn(&place, &["new"], &[], 80, 24);
    t.wait_for("Enter begin");
    t.press(ENTER);
    t.wait_for("Which of these describes you?");
    settle();
    t.press(ENTER);
    t.wait_for("This question needs an answer");
    t.press(" ");
    t.wait_for("[x] People who identify");
    t.wait_until("the request gone", |s| {
        !s.contains("This question needs an answer")
    });
    t.send(CTRL_C);
    assert_eq!(t.exit_code(), 130);
}
