//! Typing and pasting in the terminal, as a person does in a real pseudo-terminal: every word
//! kept, exactly where it was put. Each test is one of the ways words were lost or misplaced
//! when answers were read in the terminal's line mode: arrow keys, long pastes, a `.` line in a
//! paste, the unfinished line, pastes at the consent and at one-line answers, wide characters,
//! going back, type-ahead in plain mode, the editor, and lists.

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

fn start(place: &Place, env: &[(&str, &str)], cols: u16) -> Term {
    let q = tiny_str();
    let mut t = Term::spawn(place, &["--questions", &q, "new"], env, cols, 24);
    t.wait_for("Enter begin");
    t.press(ENTER);
    t.wait_for("Your name");
    t
}

/// Answers the name and arrives at the story.
fn at_story(place: &Place, env: &[(&str, &str)]) -> Term {
    let mut t = start(place, env, 80);
    t.type_text("Jo");
    t.press(ENTER);
    t.wait_for("Tell us what happened");
    t
}

/// Answers the name and the story and arrives at the consent.
fn at_consent(place: &Place) -> Term {
    let mut t = at_story(place, &[]);
    t.type_text("A story.");
    t.press(CTRL_D);
    t.wait_for("May we contact you again?");
    t
}

fn stop(t: &mut Term, place: &Place) -> Value {
    t.send(CTRL_C);
    t.assert_stopped(place);
    place.draft()
}

// 1. Arrow keys in a long answer move the cursor; they never become text.
#[test]
fn arrow_keys_in_a_long_answer_move_the_cursor() {
    let place = Place::new();
    let mut t = at_story(&place, &[]);
    t.type_text("First line");
    t.press(ENTER);
    t.type_text("Helo");
    t.press(LEFT);
    t.type_text("l");
    t.press(UP);
    t.type_text("X");
    t.press(END);
    t.type_text("!");
    t.press(CTRL_D);
    t.wait_for("May we contact you again?");
    let d = stop(&mut t, &place);
    // Up from column 4 of "Hell|o" lands at column 4 of "Firs|t line".
    assert_eq!(answer(&d, "story"), &json!("FirsXt line!\nHello"));
}

// 2. A pasted paragraph over 4,095 bytes (the terminal's line limit) is kept whole.
#[test]
fn a_pasted_paragraph_of_10000_bytes_is_kept_whole() {
    let place = Place::new();
    let mut t = at_story(&place, &[]);
    let paragraph: String = (0..1000).map(|i| format!("word{i:05} ")).collect();
    assert_eq!(paragraph.len(), 10_000);
    t.paste(&paragraph);
    t.wait_for("Pasted 1 line.");
    t.press(CTRL_D);
    t.wait_for("May we contact you again?");
    let d = stop(&mut t, &place);
    assert_eq!(answer(&d, "story"), &json!(paragraph));
}

#[test]
fn a_10000_byte_paste_into_a_one_line_answer_is_kept_whole() {
    let place = Place::new();
    let mut t = start(&place, &[], 80);
    let name: String = "Bloggs-".repeat(1000) + "Jo";
    assert!(name.len() > 7000);
    let long = format!("{name}{}", "x".repeat(10_000 - name.len()));
    t.paste(&long);
    t.press(ENTER);
    t.wait_for("Tell us what happened");
    let d = stop(&mut t, &place);
    assert_eq!(answer(&d, "name"), &json!(long));
}

// 3. A pasted line holding only `.` is just text: the answer goes on, nothing spills over.
#[test]
fn a_full_stop_line_inside_a_paste_is_just_text() {
    let place = Place::new();
    let mut t = at_story(&place, &[]);
    t.paste("We met.\n.\nThen we wrote a charter.\n");
    t.wait_for("Pasted 4 lines.");
    assert!(
        flat(&t.screen()).contains("Tell us what happened"),
        "still the same question"
    );
    t.press(CTRL_D);
    t.wait_for("May we contact you again?");
    let d = stop(&mut t, &place);
    assert_eq!(
        answer(&d, "story"),
        &json!("We met.\n.\nThen we wrote a charter.\n")
    );
    assert!(d["answers"].get("consent").is_none(), "{d}");
    assert!(
        d.get("in_progress").is_none(),
        "nothing went to the next question: {d}"
    );
}

// 4. The unfinished line is kept: kill -9 a second after typing stops mid-line, then resume
// shows that line, the cursor at its end.
#[test]
fn kill_9_a_second_after_typing_stops_keeps_the_unfinished_line() {
    let place = Place::new();
    let mut t = at_story(&place, &[]);
    t.type_text("A whole paragraph typed without ever pressing Enter");
    std::thread::sleep(Duration::from_millis(1000));
    t.signal(nix::sys::signal::Signal::SIGKILL);
    drop(t);
    let d = place.draft();
    assert_eq!(
        in_progress(&d),
        Some((
            "story",
            "A whole paragraph typed without ever pressing Enter"
        ))
    );
    let q = tiny_str();
    let mut t = Term::spawn(&place, &["--questions", &q, "resume"], &[], 80, 24);
    t.wait_for("Here is what you had written before you stopped");
    t.wait_for("A whole paragraph typed without ever pressing Enter");
    t.wait_for_cursor_on("without ever pressing Enter");
    t.type_text(", and then some.");
    t.press(CTRL_D);
    t.wait_for("May we contact you again?");
    let d = stop(&mut t, &place);
    assert_eq!(
        answer(&d, "story"),
        &json!("A whole paragraph typed without ever pressing Enter, and then some.")
    );
}

// 5. A paste at the consent question is ignored, kindly; nothing of it lands anywhere.
#[test]
fn a_paste_never_answers_the_consent() {
    let place = Place::new();
    let mut t = at_consent(&place);
    settle();
    t.paste("Some prose about the project.\nYes\nMore prose.\n");
    t.wait_for("Pasted text is not taken as an answer here");
    t.press(ENTER);
    t.wait_for("Please type yes or no.");
    assert!(flat(&t.screen()).contains("May we contact you again?"));
    t.type_text("no");
    t.press(ENTER);
    t.wait_for("What was it about?");
    t.press(ENTER);
    t.wait_for("Review your answers");
    let d = stop(&mut t, &place);
    assert_eq!(answer(&d, "consent"), &json!(false));
    assert_eq!(answer(&d, "focus"), &Value::Null);
    let text = d.to_string();
    assert!(
        !text.contains("prose"),
        "no pasted word is in the draft: {text}"
    );
}

#[test]
fn keys_typed_before_the_consent_appears_are_thrown_away() {
    let place = Place::new();
    let mut t = at_story(&place, &[]);
    t.type_text("A story.");
    // Ctrl-D and, at once, "yes" and Enter: typed ahead of the question.
    t.send(&format!("{CTRL_D}yes\r"));
    t.wait_for("May we contact you again?");
    settle();
    let field = t.cursor_row();
    assert!(
        !field.contains("yes"),
        "the field is empty: {field}\n{}",
        t.screen()
    );
    t.type_text("n");
    t.press(ENTER);
    t.wait_for("What was it about?");
    let d = stop(&mut t, &place);
    assert_eq!(answer(&d, "consent"), &json!(false));
}

// 6. A two-line paste into a one-line answer stays in that field, joined, and says so.
#[test]
fn a_two_line_paste_into_a_one_line_answer_stays_there() {
    let place = Place::new();
    let mut t = start(&place, &[], 80);
    t.paste("Jo\nBloggs\n");
    t.wait_for("The pasted text had 2 lines. This answer takes one line, so they are joined here with spaces.");
    assert!(flat(&t.screen()).contains("Your name"), "still the name");
    t.press(ENTER);
    t.wait_for("Tell us what happened");
    t.press(CTRL_D);
    t.wait_for("This question needs an answer");
    let d = stop(&mut t, &place);
    assert_eq!(answer(&d, "name"), &json!("Jo Bloggs"));
    assert!(d["answers"].get("story").is_none(), "{d}");
}

#[test]
fn a_paste_into_other_stays_in_other() {
    let place = Place::new();
    let q = ndti_respond::questionnaire::Questionnaire::embedded();
    let _ = q;
    let mut t = Term::spawn(&place, &["new"], &[], 80, 24);
    t.wait_for("Co-production in mental health");
    t.press(ENTER);
    t.wait_for("Which of these describes you?");
    t.press(END);
    t.press(" ");
    t.press(ENTER);
    t.wait_for("Please describe it in a few words.");
    t.paste("Carers'\npeer forum\n");
    t.wait_for("joined here with spaces");
    t.press(ENTER);
    t.wait_for("Question 2 of 28");
    let d = stop(&mut t, &place);
    assert_eq!(
        answer(&d, "respondent_type")["other"],
        json!("Carers' peer forum")
    );
    assert!(d["answers"].get("name").is_none(), "{d}");
}

// 7. Wide (CJK) characters: the cursor and editing go by display width.
#[test]
fn editing_in_the_middle_of_a_cjk_name() {
    let place = Place::new();
    let mut t = start(&place, &[], 80);
    t.type_text("王小明");
    t.press(LEFT);
    t.press(BACKSPACE);
    t.type_text("X");
    t.wait_until("王X明 in the field", |s| s.contains("王X明"));
    let screen = t.screen();
    assert!(!screen.contains("明明"), "{screen}");
    t.press(ENTER);
    t.wait_for("Tell us what happened");
    let d = stop(&mut t, &place);
    assert_eq!(answer(&d, "name"), &json!("王X明"));
}

#[test]
fn editing_in_the_middle_of_a_cjk_line_in_a_long_answer() {
    let place = Place::new();
    let mut t = at_story(&place, &[]);
    t.type_text("共同生产很重要");
    for _ in 0..3 {
        t.press(LEFT);
    }
    t.type_text("，真的");
    t.press(CTRL_D);
    t.wait_for("May we contact you again?");
    let d = stop(&mut t, &place);
    assert_eq!(answer(&d, "story"), &json!("共同生产，真的很重要"));
}

// 8. Going back to a long answer opens it in the editor, cursor at its end: typing adds to it.
#[test]
fn going_back_to_a_long_answer_edits_it_in_place() {
    let place = Place::new();
    let mut t = at_consent(&place);
    t.press(ESC);
    t.wait_for("Your answer so far: change it as you like.");
    t.wait_for_cursor_on("A story.");
    t.type_text(" More.");
    t.press(CTRL_D);
    t.wait_for("May we contact you again?");
    // From the review, too.
    t.press(CTRL_R);
    t.wait_for("Review your answers");
    t.press(DOWN); // "Continue" is first, then "Finish", then the name, then the story.
    t.press(DOWN);
    t.press(DOWN);
    t.press(ENTER);
    t.wait_for("A story. More.");
    t.press(BACKSPACE);
    t.type_text("!");
    t.press(CTRL_D);
    t.wait_for("Review your answers");
    let d = stop(&mut t, &place);
    assert_eq!(answer(&d, "story"), &json!("A story. More!"));
}

// 9. Plain mode on a real terminal: a `y` typed ahead of the consent does not answer it.
#[test]
fn plain_mode_on_a_terminal_throws_away_type_ahead_before_the_consent() {
    let place = Place::new();
    let q = tiny_str();
    let mut t = Term::spawn(&place, &["--questions", &q], &[("ACCESSIBLE", "1")], 80, 24);
    t.wait_for("Question 1 of 4 (required): Your name");
    t.send("Jo\r");
    t.wait_for("Question 2 of 4 (required): Tell us what happened");
    // The story, its full stop, and a "y" typed ahead of the consent question, in one go.
    t.send("A story.\r.\ry\r");
    t.wait_for("Question 3 of 4 (required): May we contact you again?");
    settle();
    t.send("n\r");
    t.wait_for("Question 4 of 4");
    t.send(CTRL_C);
    assert_eq!(t.exit_code(), 130);
    let d = place.draft();
    assert_eq!(answer(&d, "consent"), &json!(false));
}

// 10. Stopped while the editor is open: the editor is ended, its text kept, the terminal back.
fn editor_script(place: &Place) -> (String, std::path::PathBuf) {
    let editor = place.root.path().join("editor.sh");
    let pid = place.root.path().join("editor.pid");
    std::fs::write(
        &editor,
        format!(
            "#!/bin/sh\necho $$ > {pid}\nprintf 'Written in the editor.\\n' >> \"$1\"\nexec sleep 60\n",
            pid = pid.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    (editor.display().to_string(), pid)
}

fn wait_for_file(path: &std::path::Path) -> String {
    wait_until(&format!("{} to be written", path.display()), || {
        std::fs::read_to_string(path)
            .ok()
            .filter(|s| !s.trim().is_empty())
    })
}

fn alive(pid: i32) -> bool {
    nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), None).is_ok()
}

#[test]
fn sigterm_with_the_editor_open_ends_the_editor_and_keeps_its_text() {
    let place = Place::new();
    let (editor, pid_file) = editor_script(&place);
    let mut t = at_story(&place, &[("EDITOR", &editor)]);
    t.type_text("Typed before the editor.");
    t.press(CTRL_E);
    let pid: i32 = wait_for_file(&pid_file).trim().parse().unwrap();
    // The editor has written its line (it does so before sleeping).
    std::thread::sleep(Duration::from_millis(200));
    t.signal(nix::sys::signal::Signal::SIGTERM);
    t.assert_stopped(&place);
    assert!(!alive(pid), "the editor was left running");
    let d = place.draft();
    assert_eq!(
        in_progress(&d),
        Some(("story", "Typed before the editor.\nWritten in the editor."))
    );
    assert!(d.get("editing").is_none(), "{d}");
    let left: Vec<String> = std::fs::read_dir(&place.data)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    assert!(
        left.is_empty(),
        "the editor's file went once its text was in the draft: {left:?}"
    );
}

#[test]
fn an_editor_file_left_by_a_killed_program_comes_back_on_resume() {
    let place = Place::new();
    let (editor, pid_file) = editor_script(&place);
    let mut t = at_story(&place, &[("EDITOR", &editor)]);
    t.type_text("Before.");
    t.press(CTRL_E);
    let pid: i32 = wait_for_file(&pid_file).trim().parse().unwrap();
    std::thread::sleep(Duration::from_millis(200));
    t.signal(nix::sys::signal::Signal::SIGKILL);
    drop(t);
    let _ = nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(pid),
        nix::sys::signal::Signal::SIGKILL,
    );
    let d = place.draft();
    assert_eq!(d["editing"]["question_id"], json!("story"), "{d}");
    let q = tiny_str();
    let mut t = Term::spawn(&place, &["--questions", &q, "resume"], &[], 80, 24);
    t.wait_for("The text you were writing in your editor has been brought back.");
    t.wait_for("Written in the editor.");
    t.press(CTRL_D);
    t.wait_for("May we contact you again?");
    let d = stop(&mut t, &place);
    assert_eq!(
        answer(&d, "story"),
        &json!("Before.\nWritten in the editor.")
    );
}

#[test]
fn an_editor_that_cannot_start_leaves_the_answer_as_it_was() {
    let place = Place::new();
    let mut t = at_story(&place, &[("EDITOR", "/nonexistent/editor")]);
    t.type_text("Kept.");
    t.press(CTRL_E);
    t.wait_for("Your editor closed with an error, so your answer is unchanged.");
    t.wait_for("Kept.");
    t.type_text(" Still here.");
    t.press(CTRL_D);
    t.wait_for("May we contact you again?");
    let d = stop(&mut t, &place);
    assert_eq!(answer(&d, "story"), &json!("Kept. Still here."));
}

// 11. Lists: labels wrapped, never cut, at every width; a resize redraws cleanly.
#[test]
fn list_labels_are_never_cut_and_a_resize_redraws_once() {
    let place = Place::new();
    let mut t = Term::spawn(&place, &["new"], &[], 40, 24);
    t.wait_for("Co-production in mental health");
    t.press(ENTER);
    let label = "Specialist voluntary and community sector groups/organisations (such as those supporting BAME or LGB & T people)";
    let bare = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    for (cols, rows) in [(40, 24), (200, 24), (80, 24), (40, 30)] {
        t.resize(cols, rows);
        t.press(END);
        t.wait_until(&format!("the whole label at {cols} columns"), |s| {
            bare(s).contains(&bare(label))
        });
        let screen = t.screen();
        assert_eq!(
            screen.matches("NHS Trusts").count(),
            1,
            "one copy of the list at {cols}x{rows}:\n{screen}"
        );
        assert!(!screen.contains("..."), "nothing cut short: {screen}");
    }
    t.send(CTRL_C);
    assert_eq!(t.exit_code(), 130);
}

#[test]
fn a_paste_into_a_list_ticks_nothing() {
    let place = Place::new();
    let q = tiny_str();
    let mut t = Term::spawn(&place, &["--questions", &q, "new"], &[], 80, 24);
    t.wait_for("Enter begin");
    t.press(ENTER);
    t.type_text("Jo");
    t.press(ENTER);
    t.type_text("Story.");
    t.press(CTRL_D);
    t.wait_for("May we contact you again?");
    settle();
    t.type_text("y");
    t.press(ENTER);
    t.wait_for("What was it about?");
    t.paste(" \n \n");
    t.wait_for("Pasted text does nothing in a list");
    assert!(!t.screen().contains("[x]"), "{}", t.screen());
    let d = stop(&mut t, &place);
    assert!(d["answers"].get("focus").is_none(), "{d}");
}

// A failed save while typing is said at once, and the words stay.
#[test]
fn a_failed_save_while_typing_is_said_at_once_and_the_words_stay() {
    let place = Place::new();
    let mut t = at_story(&place, &[]);
    t.type_text("Saved.");
    place.wait_for_draft_text("Saved.");
    // The drafts folder goes, and a file takes its name: every save fails, even as root.
    let gone = place.root.path().join("drafts-away");
    std::fs::rename(&place.data, &gone).unwrap();
    std::fs::write(&place.data, b"in the way").unwrap();
    t.type_text(" Not saved yet.");
    t.wait_for("Not saved:");
    t.wait_for("Your words are safe here while the program runs");
    std::fs::remove_file(&place.data).unwrap();
    std::fs::rename(&gone, &place.data).unwrap();
    t.type_text(" Saved again.");
    place.wait_for_draft_text("Saved. Not saved yet. Saved again.");
    t.wait_until("the warning gone", |s| !s.contains("Not saved:"));
    let d = stop(&mut t, &place);
    assert_eq!(
        in_progress(&d),
        Some(("story", "Saved. Not saved yet. Saved again."))
    );
}

// The keys of any good editor: Home, End, Right, undo.
#[test]
fn home_end_and_undo_in_a_long_answer() {
    let place = Place::new();
    let mut t = at_story(&place, &[]);
    t.type_text("world");
    t.press(HOME);
    t.type_text("Hello");
    t.press(RIGHT);
    t.type_text(",");
    t.press(END);
    t.paste(" and a paste to take back");
    t.wait_for("take back");
    t.press(CTRL_Z);
    t.wait_until("the paste undone", |s| !s.contains("take back"));
    t.press(CTRL_D);
    t.wait_for("May we contact you again?");
    let d = stop(&mut t, &place);
    assert_eq!(answer(&d, "story"), &json!("Hellow,orld"));
}

#[test]
fn ctrl_home_and_ctrl_end_go_to_the_start_and_the_end_of_the_whole_answer() {
    let place = Place::new();
    let mut t = at_story(&place, &[]);
    t.type_text("A first line, long enough");
    t.press(ENTER);
    t.type_text("short");
    t.press(UP);
    t.press(CTRL_END);
    t.type_text("!");
    t.wait_for("short!");
    t.press(CTRL_HOME);
    t.type_text(">");
    t.wait_for(">A first line");
    t.press(CTRL_D);
    t.wait_for("May we contact you again?");
    let d = stop(&mut t, &place);
    assert_eq!(
        answer(&d, "story"),
        &json!(">A first line, long enough\nshort!")
    );
}

#[test]
fn undo_and_redo_in_a_one_line_answer() {
    let place = Place::new();
    let mut t = start(&place, &[], 80);
    t.type_text("Jo Bloggs");
    t.press(CTRL_Z);
    t.press(CTRL_Z);
    t.wait_until("two letters undone", |s| {
        s.contains("Jo Blog") && !s.contains("Jo Bloggs")
    });
    t.press(CTRL_Y);
    t.press(CTRL_Y);
    t.wait_for("Jo Bloggs");
    t.press(ENTER);
    t.wait_for("Tell us what happened");
    let d = stop(&mut t, &place);
    assert_eq!(answer(&d, "name"), &json!("Jo Bloggs"));
}
