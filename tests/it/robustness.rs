//! Plain mode driven through pipes, and everything that must not lose a word: kill -9 at random
//! moments, a second copy, stale locks, damaged drafts, unusable folders, a questionnaire that
//! changed, and the `drafts` command.

use std::io::Write;
use std::process::{Child, ChildStdin, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;
use serde_json::{Value, json};

fn command(place: &Place, args: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.arg("--data-dir").arg(&place.data).args(args);
    cmd.current_dir(&place.cwd);
    for v in ["ACCESSIBLE", "NDTI_RESPOND_DATA_DIR", "VISUAL", "EDITOR"] {
        cmd.env_remove(v);
    }
    cmd.env("TERM", "dumb");
    cmd
}

/// Runs with `input` on standard input; the rest of the arguments after `--data-dir`.
fn run(place: &Place, args: &[&str], input: &str) -> Output {
    let mut child = command(place, args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // The program may stop reading early; that is not the test's concern.
    let _ = stdin.write_all(input.as_bytes());
    drop(stdin);
    child.wait_with_output().unwrap()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn assert_no_panic(o: &Output) {
    let e = err(o);
    assert!(!e.contains("panicked"), "{e}");
    assert!(!e.contains("RUST_BACKTRACE"), "{e}");
}

fn tiny_args<'a>(q: &'a str, rest: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec!["--plain", "--questions", q];
    v.extend_from_slice(rest);
    v
}

/// A session kept open, fed line by line.
struct Live {
    child: Child,
    stdin: Option<ChildStdin>,
}

impl Live {
    fn start(place: &Place, args: &[&str]) -> Live {
        let mut child = command(place, args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take();
        Live { child, stdin }
    }

    fn send(&mut self, text: &str) {
        let stdin = self.stdin.as_mut().unwrap();
        stdin.write_all(text.as_bytes()).unwrap();
        stdin.flush().unwrap();
    }

    fn finish(mut self) -> Output {
        drop(self.stdin.take());
        self.child.wait_with_output().unwrap()
    }

    fn kill9(mut self) -> Output {
        self.child.kill().unwrap();
        drop(self.stdin.take());
        self.child.wait_with_output().unwrap()
    }
}

// ---- Plain mode: back, review, finishing; resume ----

#[test]
fn plain_back_across_a_section_boundary() {
    let place = Place::new();
    let q = tiny().display().to_string();
    let o = run(
        &place,
        &tiny_args(&q, &["new"]),
        "Jo\nMy story.\n.\n:back\n.\ny\n\n:finish\ny\nn\n",
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let e = err(&o);
    let after_back = &e[e.find("Section 2 of 2").unwrap()..];
    let back = after_back
        .find("Section 1 of 2: About you")
        .expect("back in section 1");
    let shown = &after_back[back..];
    assert!(
        shown.contains("Question 2 of 4 (required): Tell us what happened"),
        "{e}"
    );
    assert!(
        shown.contains("Your answer so far is below.\nMy story.\nEnd of your answer so far."),
        "{e}"
    );
    let r = place.response();
    assert_eq!(answer(&r, "story"), &json!("My story."));
    assert_eq!(r["consent_to_future_contact"], json!(true));
}

#[test]
fn plain_edit_a_long_answer_from_the_review() {
    let place = Place::new();
    let q = tiny().display().to_string();
    let o = run(
        &place,
        &tiny_args(&q, &["new"]),
        "Jo\nOld story.\nSecond old line.\n.\nn\n2\n2\n.\n2\nNew story.\n\nAfter a blank line.\n.\n:finish\ny\nn\n",
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let e = err(&o);
    assert_eq!(
        e.matches("Your answer so far is below.\nOld story.\nSecond old line.")
            .count(),
        2,
        "the existing text is shown each time it is edited: {e}"
    );
    let r = place.response();
    assert_eq!(
        answer(&r, "story"),
        &json!("New story.\n\nAfter a blank line.")
    );
    assert_eq!(selected_ids(answer(&r, "focus")), ["community"]);
    assert_eq!(r["consent_to_future_contact"], json!(false));
}

#[test]
fn plain_finish_with_required_answers_missing() {
    let place = Place::new();
    let q = tiny().display().to_string();
    let o = run(
        &place,
        &tiny_args(&q, &["new"]),
        "Jo\n:review\n:finish\nA story.\n.\n:finish\nno\n:finish\ny\nn\n",
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let e = err(&o);
    let first = e.find("some questions still need an answer").expect(&e);
    assert!(e[first..].starts_with(
        "some questions still need an answer: 2. \"Tell us what happened\"; 3. \"May we contact you again?\""
    ), "{e}");
    assert!(e[first..].contains("Question 2 of 4 (required): Tell us what happened"));
    let second = e.find("one question still needs an answer").expect(&e);
    assert!(second > first);
    assert!(e[second..].contains("Question 3 of 4 (required): May we contact you again?"));
    let r = place.response();
    assert_eq!(answer(&r, "story"), &json!("A story."));
    assert_eq!(r["consent_to_future_contact"], json!(false));
}

#[test]
fn plain_resume_carries_on_and_offers_drafts() {
    let place = Place::new();
    let q = tiny().display().to_string();
    // Killed in the middle of the long answer: the draft holds its finished lines.
    let mut live = Live::start(&place, &tiny_args(&q, &["new"]));
    live.send("Jo\nLine one.\nLine two.\n");
    place.wait_for_draft_text("Line two.");
    live.kill9();
    let first = place.draft_id();
    let d = place.draft();
    assert_eq!(in_progress(&d), Some(("story", "Line one.\nLine two.")));

    // A second draft: input that ends early leaves it saved, says how to resume, exit 1.
    let o = run(&place, &tiny_args(&q, &["new"]), "Sam\n");
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(
        err(&o).contains("Your answers so far are saved in"),
        "{}",
        err(&o)
    );
    assert_eq!(place.drafts().len(), 2);

    // With drafts present, piped input never chooses one: plain `ndti-respond` starts a new
    // response and says so, and its first line ("2", which once picked a draft) is the first
    // answer.
    let before: Vec<(std::path::PathBuf, Vec<u8>)> = place
        .drafts()
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    let o = run(&place, &tiny_args(&q, &[]), "2\n");
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    let e = err(&o);
    assert!(
        e.contains("Standard input is not a terminal, so a new response is started"),
        "{e}"
    );
    assert!(!e.contains("unfinished drafts"), "{e}");
    assert_eq!(place.drafts().len(), 3);
    let new_one = place
        .drafts()
        .into_iter()
        .map(|p| read_json(&p))
        .find(|d| answer(d, "name") == &json!("2"))
        .expect("a new draft, answered by the script");
    assert_eq!(new_one["answers"].as_object().unwrap().len(), 1);
    for (path, bytes) in &before {
        assert_eq!(
            &std::fs::read(path).unwrap(),
            bytes,
            "{} untouched",
            path.display()
        );
    }

    // `resume` with several drafts and piped input is refused, naming them: never chosen.
    let o = run(&place, &tiny_args(&q, &["resume"]), "1\n");
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    let e = err(&o);
    assert!(
        e.contains("there are 3 drafts; say which to carry on with, as `ndti-respond resume ID`"),
        "{e}"
    );
    assert!(e.contains("Jo, last saved"), "{e}");

    // `resume PREFIX` carries on in the long answer, from its saved lines.
    let o = run(
        &place,
        &tiny_args(&q, &["resume", &first[..8]]),
        "Line three.\n.\ny\n1\n:finish\ny\nn\n",
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let e = err(&o);
    assert!(
        e.contains("stopped without closing it"),
        "stale lock taken over: {e}"
    );
    assert!(e.contains("Welcome back. You have answered 1 of 4"), "{e}");
    assert!(
        e.contains("You had started this answer before you stopped."),
        "{e}"
    );
    let r = place.response();
    assert_eq!(
        answer(&r, "story"),
        &json!("Line one.\nLine two.\nLine three.")
    );
    assert_eq!(answer(&r, "name"), &json!("Jo"));
    assert_eq!(place.drafts().len(), 2, "only the finished draft is gone");
    assert!(!place.data.join(format!("{first}.json")).exists());
}

// ---- kill -9 at random moments ----

/// A tiny deterministic generator (xorshift64*), so every seed replays the same session.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// What the draft must hold once a line has been sent.
#[derive(Clone, Debug)]
enum Expect {
    Name(String),
    /// The long answer so far, or the whole of it once finished.
    StoryLines(String),
    Story(String),
    Consent(bool),
    Focus(Vec<String>),
}

fn check_draft(d: &Value, e: &Expect, seed: u64) {
    match e {
        Expect::Name(n) => assert_eq!(answer(d, "name"), &json!(n), "seed {seed}: {d}"),
        Expect::StoryLines(t) => {
            let have = in_progress(d)
                .map(|(_, t)| t.to_string())
                .or_else(|| answer(d, "story").as_str().map(str::to_string))
                .unwrap_or_default();
            assert!(
                have.starts_with(t.as_str()),
                "seed {seed}: lines missing; expected at least {t:?}, draft has {have:?}"
            );
        }
        Expect::Story(t) => assert_eq!(answer(d, "story"), &json!(t), "seed {seed}: {d}"),
        Expect::Consent(b) => assert_eq!(answer(d, "consent"), &json!(b), "seed {seed}: {d}"),
        Expect::Focus(ids) => assert_eq!(&selected_ids(answer(d, "focus")), ids, "seed {seed}"),
    }
}

/// The lines of a scripted session and what each one, once sent, must leave in the draft.
fn script(rng: &mut Rng) -> Vec<(String, Vec<Expect>)> {
    let mut lines = Vec::new();
    let name = format!("Person {}", rng.below(1000));
    lines.push((name.clone(), vec![Expect::Name(name.clone())]));
    let n = 5 + rng.below(30) as usize;
    let mut story: Vec<String> = Vec::new();
    for i in 0..n {
        let line = match rng.below(5) {
            0 if i > 0 => String::new(),
            1 => format!("Line {i} – with “quotes” and 共同 {}", rng.below(100)),
            _ => format!("Line {i}: we met and talked, {}", rng.below(1_000_000)),
        };
        story.push(line.clone());
        lines.push((
            line,
            vec![
                Expect::Name(name.clone()),
                Expect::StoryLines(story.join("\n")),
            ],
        ));
    }
    let full = story.join("\n");
    let mut done = vec![Expect::Name(name.clone()), Expect::Story(full.clone())];
    lines.push((".".into(), done.clone()));
    let consent = rng.below(2) == 0;
    done.push(Expect::Consent(consent));
    lines.push(((if consent { "y" } else { "n" }).into(), done.clone()));
    done.push(Expect::Focus(vec!["care".into(), "planning".into()]));
    lines.push(("1,3".into(), done));
    lines
}

/// Returns whether the seed killed the program after some line was safely sent.
fn kill_nine_one_seed(seed: u64, q: &str) -> bool {
    let place = Place::new();
    let mut rng = Rng::new(seed);
    let lines = script(&mut rng);
    let delays: Vec<u64> = lines.iter().map(|_| 5 + rng.below(70)).collect();
    let total: u64 = delays.iter().sum();
    // Mostly late enough that some lines are past the one-second promise; sometimes early.
    let late = if rng.below(4) == 0 { 0 } else { 1500 };
    let kill_at = Duration::from_millis(late + rng.below(total + 200));

    let mut live = Live::start(&place, &tiny_args(q, &["new"]));
    let start = Instant::now();
    // When each line had been completely written.
    let mut sent: Vec<Duration> = Vec::new();
    for ((line, _), delay) in lines.iter().zip(&delays) {
        let next = start.elapsed() + Duration::from_millis(*delay);
        if next >= kill_at {
            break;
        }
        std::thread::sleep(Duration::from_millis(*delay));
        live.send(&format!("{line}\n"));
        sent.push(start.elapsed());
    }
    if let Some(rest) = kill_at.checked_sub(start.elapsed()) {
        std::thread::sleep(rest);
    }
    let killed_at = start.elapsed();
    live.kill9();

    // Everything sent comfortably before the kill (the promise is a second) is in the draft.
    let grace = Duration::from_millis(1500);
    let safe = sent
        .iter()
        .rposition(|&t| t + grace <= killed_at)
        .map(|i| i + 1)
        .unwrap_or(0);
    if safe == 0 && place.drafts().is_empty() {
        return false;
    }
    let d = place.draft();
    if safe > 0 {
        for e in &lines[safe - 1].1 {
            check_draft(&d, e, seed);
        }
    }

    // The draft resumes (its lock taken over) and finishes.
    let a = &d["answers"];
    let mut input = String::new();
    if a.get("name").is_none() {
        input.push_str("Resumed name\n");
    }
    if a.get("story").is_none() {
        input.push_str("A resumed line.\n.\n");
    }
    if a.get("consent").is_none() {
        input.push_str("y\n");
    }
    if a.get("focus").is_none() {
        input.push('\n');
    }
    input.push_str(":finish\ny\nn\n");
    let o = run(&place, &tiny_args(q, &["resume"]), &input);
    assert_eq!(o.status.code(), Some(0), "seed {seed}: {}", err(&o));
    let r = place.response();
    for id in ["name", "consent", "focus", "story"] {
        if let Some(entry) = a.get(id) {
            assert_eq!(r["answers"][id]["answer"], entry["answer"], "seed {seed}");
        }
    }
    if let Some((_, text)) = in_progress(&d) {
        let story = answer(&r, "story").as_str().unwrap();
        assert!(
            story.starts_with(text),
            "seed {seed}: {story:?} lost {text:?}"
        );
    }
    safe > 0
}

#[test]
fn kill_nine_at_random_moments_loses_no_finished_line() {
    let q = tiny().display().to_string();
    let seeds: Vec<u64> = (1..=40).collect();
    // Most of the time is spent waiting, so several seeds run at once.
    let mut checked = 0;
    for batch in seeds.chunks(20) {
        checked += std::thread::scope(|s| {
            let runs: Vec<_> = batch
                .iter()
                .map(|&seed| {
                    let q = &q;
                    s.spawn(move || kill_nine_one_seed(seed, q))
                })
                .collect();
            runs.into_iter()
                .map(|r| r.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .filter(|&c| c)
                .count()
        });
    }
    assert!(
        checked >= 20,
        "only {checked} of 40 seeds were killed after a line was safe"
    );
}

// ---- One copy at a time ----

#[test]
fn a_second_copy_is_refused_and_the_first_carries_on() {
    let place = Place::new();
    let q = tiny().display().to_string();
    let mut first = Live::start(&place, &tiny_args(&q, &["new"]));
    first.send("Jo\n");
    place.wait_for_draft_text("Jo");
    let id = place.draft_id();
    let pid = first.child.id();

    let o = run(&place, &tiny_args(&q, &["resume", &id[..8]]), "Al\n");
    assert_ne!(o.status.code(), Some(0));
    assert_no_panic(&o);
    let e = err(&o);
    assert!(e.contains("open in another copy"), "{e}");
    assert!(e.contains(&format!("process {pid}, since ")), "{e}");

    // Without a name, the open draft is left alone and there is nothing else to resume.
    let o = run(&place, &tiny_args(&q, &["resume"]), "");
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("is open in another copy"), "{}", err(&o));
    let o = run(&place, &tiny_args(&q, &["drafts"]), "");
    assert!(
        out(&o).contains(&format!("(open in process {pid})")),
        "{}",
        out(&o)
    );

    first.send("My story.\n.\ny\n\n:finish\ny\nn\n");
    let o = first.finish();
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let r = place.response();
    assert_eq!(answer(&r, "name"), &json!("Jo"));
    assert_eq!(answer(&r, "story"), &json!("My story."));
}

// ---- Bad files and unusable folders ----

#[test]
fn a_corrupt_draft_is_named_and_left_alone() {
    let place = Place::new();
    let q = tiny().display().to_string();
    let o = run(&place, &tiny_args(&q, &["new"]), "Jo\n");
    assert_eq!(o.status.code(), Some(1));
    let good = place.draft_id();
    let bad = place.data.join("0badf11e-0000-4000-8000-000000000000.json");
    let garbage: Vec<u8> = b"{\"format\": \x00\xff\xfe garbage"
        .iter()
        .copied()
        .chain((0..=255u8).rev())
        .collect();
    std::fs::write(&bad, &garbage).unwrap();

    let o = run(&place, &tiny_args(&q, &["drafts"]), "");
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(out(&o).contains(&good[..8]), "{}", out(&o));
    assert!(out(&o).contains("Jo"), "{}", out(&o));
    assert!(err(&o).contains(&bad.display().to_string()), "{}", err(&o));
    assert!(err(&o).contains("damaged"), "{}", err(&o));
    let o = run(&place, &tiny_args(&q, &["drafts", "--json"]), "");
    let list: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[0]["readable"], json!(true));
    assert_eq!(list[1]["readable"], json!(false));

    // `resume` names the damaged one and carries on with the good one.
    let o = run(
        &place,
        &tiny_args(&q, &["resume"]),
        "Story.\n.\ny\n\n:finish\ny\nn\n",
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(err(&o).contains("damaged"), "{}", err(&o));
    assert_eq!(answer(&place.response(), "name"), &json!("Jo"));
    // Resuming the damaged one fails clearly.
    let o = run(&place, &tiny_args(&q, &["resume", "0badf11e"]), "");
    assert_eq!(o.status.code(), Some(1));
    assert_no_panic(&o);
    assert!(err(&o).contains("damaged"), "{}", err(&o));
    assert_eq!(std::fs::read(&bad).unwrap(), garbage, "never changed");
}

#[test]
fn an_unusable_data_folder_is_a_clear_failure() {
    let mut place = Place::new();
    let file = place.root.path().join("file");
    std::fs::write(&file, b"x").unwrap();
    let q = tiny().display().to_string();
    // Under a regular file (nothing can be made there), and a regular file itself.
    for data in [file.join("drafts"), file.clone()] {
        place.data = data;
        for args in [tiny_args(&q, &["new"]), tiny_args(&q, &["resume"])] {
            let o = run(&place, &args, "Jo\n");
            assert_eq!(o.status.code(), Some(1), "{}", err(&o));
            assert_no_panic(&o);
            assert!(err(&o).contains("cannot use"), "{}", err(&o));
            assert!(err(&o).contains("to keep drafts"), "{}", err(&o));
        }
    }
    assert_eq!(std::fs::read(&file).unwrap(), b"x");
}

/// A script's answers go on when the drafts folder becomes unwritable: its next line is never
/// taken for a folder; saving is tried at every answer, said once; when the input ends the
/// draft is written where it can be (the working folder), named, and the exit code is 1.
#[test]
fn a_folder_that_becomes_unwritable_mid_script_keeps_the_answers_going() {
    let place = Place::new();
    let q = tiny().display().to_string();
    let mut live = Live::start(&place, &tiny_args(&q, &["new"]));
    live.send("Jo\n");
    place.wait_for_draft_text("Jo");
    // The drafts folder goes (a USB stick pulled out); a regular file takes its place.
    let moved = place.root.path().join("moved-away");
    std::fs::rename(&place.data, &moved).unwrap();
    std::fs::write(&place.data, b"not a folder").unwrap();
    live.send("Story line.\n.\nn\n");
    let o = live.finish();
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert_no_panic(&o);
    let e = err(&o);
    assert_eq!(
        e.matches("Your answers could not be saved").count(),
        1,
        "said once: {e}"
    );
    assert!(
        !e.contains("type the path of a folder"),
        "a script is not asked: {e}"
    );
    assert!(e.contains("are saved in"), "{e}");
    let saved = json_files(&place.cwd);
    assert_eq!(
        saved.len(),
        1,
        "the draft was written in the working folder: {e}"
    );
    assert!(
        e.contains(&saved[0].file_name().unwrap().to_string_lossy().into_owned()),
        "named: {e}"
    );
    let d = read_json(&saved[0]);
    assert_eq!(answer(&d, "name"), &json!("Jo"));
    assert_eq!(answer(&d, "story"), &json!("Story line."));
    assert_eq!(
        answer(&d, "consent"),
        &json!(false),
        "the answer after the failure too"
    );
    assert!(
        e.contains(&format!("--data-dir {} resume", place.cwd.display())),
        "the hint names where it is: {e}"
    );
}

#[test]
fn a_questionnaire_changed_under_a_draft_keeps_every_answer() {
    let place = Place::new();
    let q = tiny().display().to_string();
    let o = run(
        &place,
        &tiny_args(&q, &["new"]),
        "Jo\nWhat happened.\n.\ny\n",
    );
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));

    // The next version: the story question removed, the name reworded, a region added.
    let text = std::fs::read_to_string(tiny()).unwrap();
    let start = text.find("[[sections.questions]]\nid = \"story\"").unwrap();
    let end = start + text[start..].find("\n[[sections]]").unwrap();
    let edited = format!("{}{}", &text[..start], &text[end..])
        .replace("version = \"1\"", "version = \"2\"")
        .replace("prompt = \"Your name\"", "prompt = \"Your full name\"")
        .replace(
            "prompt = \"May we contact you again?\"\n",
            "prompt = \"May we contact you again?\"\n\n[[sections.questions]]\nid = \"region\"\nkind = \"short\"\nprompt = \"Your region\"\n",
        );
    let q2 = place.root.path().join("tiny-v2.toml");
    std::fs::write(&q2, edited).unwrap();
    let q2 = q2.display().to_string();

    let o = run(
        &place,
        &tiny_args(&q2, &["resume"]),
        "North\n\n:finish\ny\nn\n",
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let e = err(&o);
    assert!(
        e.contains("version 1 of the questionnaire; it is now version 2"),
        "{e}"
    );
    assert!(
        e.contains("The question \"Tell us what happened\" is no longer asked"),
        "{e}"
    );
    assert!(
        e.contains("The wording of question `name` has changed"),
        "{e}"
    );
    assert!(e.contains("Answers to questions no longer asked"), "{e}");
    assert!(e.contains("Tell us what happened: What happened."), "{e}");
    let r = place.response();
    assert_eq!(r["questionnaire"]["version"], json!("2"));
    assert_eq!(answer(&r, "name"), &json!("Jo"));
    assert_eq!(r["answers"]["name"]["question"], json!("Your full name"));
    assert_eq!(answer(&r, "region"), &json!("North"));
    assert_eq!(r["answers"]["story"]["retired"], json!(true));
    assert_eq!(answer(&r, "story"), &json!("What happened."));
    assert_eq!(r["consent_to_future_contact"], json!(true));
}

// ---- The drafts command ----

#[test]
fn the_drafts_command_lists_deletes_and_shows_where() {
    let place = Place::new();
    let q = tiny().display().to_string();
    let o = run(&place, &tiny_args(&q, &["drafts"]), "");
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(out(&o), "");
    assert!(err(&o).contains("There are no drafts"), "{}", err(&o));

    let o = run(&place, &tiny_args(&q, &["new"]), "Jo\nStory.\n.\n");
    assert_eq!(o.status.code(), Some(1));
    let id = place.draft_id();

    let o = run(&place, &tiny_args(&q, &["drafts"]), "");
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let table = out(&o);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 2, "{table}");
    assert!(lines[0].starts_with("ID"), "{table}");
    assert!(lines[0].contains("ANSWERED"), "{table}");
    assert!(lines[1].starts_with(&id[..8]), "{table}");
    assert!(lines[1].contains("Jo"), "{table}");
    assert!(lines[1].ends_with("2 of 4"), "{table}");

    let o = run(&place, &tiny_args(&q, &["drafts", "--json"]), "");
    let list: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(list[0]["id"], json!(id));
    assert_eq!(list[0]["answered"], json!(2));
    assert_eq!(list[0]["questions"], json!(4));
    assert_eq!(list[0]["name"], json!("Jo"));

    let o = run(&place, &["drafts", "path"], "");
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(out(&o), format!("{}\n", place.data.display()));

    let o = run(&place, &["drafts", "delete", &id[..8]], "n\n");
    assert_ne!(o.status.code(), Some(0));
    assert!(err(&o).contains("Nothing was deleted"), "{}", err(&o));
    assert_eq!(place.drafts().len(), 1);

    let o = run(&place, &["drafts", "delete", &id[..8], "--yes"], "");
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(place.drafts().is_empty());
    assert!(!place.data.join(format!("{id}.lock")).exists());

    let o = run(&place, &["drafts", "delete", &id[..8], "--yes"], "");
    assert_ne!(o.status.code(), Some(0));
    assert!(err(&o).contains("no draft called"), "{}", err(&o));
}
