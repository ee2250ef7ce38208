//! `collate --format html` (the digest), the summary on standard error and the workbook's
//! summary sheet, run as the real binary and read back by real readers: an HTML parser
//! (scraper, html5ever's parsing as browsers do it), headless Chromium (a screenshot and a PDF,
//! read by poppler's pdfinfo and pdftotext) and openpyxl.
//!
//! Every expected count is worked out here from the responses the test wrote.

use std::collections::BTreeMap;
use std::path::Path;

use ndti_respond::answer::AnswerValue;
use ndti_respond::draft::Draft;
use ndti_respond::questionnaire::Questionnaire;
use ndti_respond::response::Response;
use scraper::{ElementRef, Html, Selector};
use tempfile::TempDir;

use crate::collate::{PEOPLE, collate, response, run, write};
use crate::common::{chromium, read_workbook};

const SCRIPT: &str = "<script>alert('digest')</script>";

/// When each response was completed: three weeks, the middle one empty.
const TIMES: [&str; 7] = [
    "2026-03-02T09:15:00+00:00",
    "2026-03-04T17:40:00+00:00",
    "2026-03-08T23:30:00-05:00",
    "2026-03-16T08:00:00+00:00",
    "2026-03-19T12:00:00+01:00",
    "2026-03-20T12:00:00+01:00",
    "2026-03-22T10:00:00+00:00",
];

/// Seven responses to the built-in questionnaire in `dir`, varied in respondent type (one with
/// "other", one with none), co-production focus, consent and week; the last has a required
/// answer missing, so it has problems. One answer holds a script and paragraphs.
fn varied(dir: &Path) -> Vec<Response> {
    let q = Questionnaire::embedded();
    let kind = q.question("respondent_type").unwrap();
    let focus = q.question("coproduce_focus").unwrap();
    let mut out = Vec::new();
    for (i, time) in TIMES.iter().enumerate() {
        let activity = format!("First paragraph {i}, with {SCRIPT} in it.\n\nSecond paragraph.");
        let mut r = response(&PEOPLE[i % 3], &activity, i % 3 != 1);
        let entry = &mut r.answers["respondent_type"];
        entry.answer = match i {
            3 => None,
            2 => Some(AnswerValue::Selection(
                kind.selection(&[4, 8], Some("Carer <b>and</b> peer".into()))
                    .unwrap(),
            )),
            _ => Some(AnswerValue::Selection(
                kind.selection(&[i % 3 * 2], None).unwrap(),
            )),
        };
        r.answers["coproduce_focus"].answer = Some(AnswerValue::Selection(
            focus.selection(&[i % 3], None).unwrap(),
        ));
        r.started_at = time.to_string();
        r.completed_at = time.to_string();
        if i == TIMES.len() - 1 {
            r.answers["activity_type"].answer = None;
        }
        write(dir, &format!("r{i}.json"), &r);
        out.push(r);
    }
    out
}

/// How many of the files `validate` calls invalid: the responses the digest must mark.
fn invalid(dir: &Path) -> usize {
    let mut cmd = assert_cmd::Command::cargo_bin("ndti-respond").unwrap();
    let out = run(cmd
        .arg("validate")
        .arg(dir.join("r0.json"))
        .args((1..TIMES.len()).map(|i| dir.join(format!("r{i}.json")))));
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("INVALID"))
        .count()
}

/// The labels chosen at question `id` of a response, "Other" for the other.
fn chosen(r: &Response, id: &str) -> Vec<String> {
    match &r.answers[id].answer {
        Some(AnswerValue::Selection(s)) => s
            .selected
            .iter()
            .map(|c| c.label.clone())
            .chain(s.other.iter().map(|_| "Other".to_string()))
            .collect(),
        _ => vec!["Not answered".to_string()],
    }
}

/// How many responses chose each option of a choice question, options nobody chose with 0.
fn expected_choices(rs: &[Response], id: &str) -> BTreeMap<String, usize> {
    let q = Questionnaire::embedded();
    let mut counts: BTreeMap<String, usize> = match &q.question(id).unwrap().kind {
        ndti_respond::questionnaire::Kind::Choice { choices, .. } => {
            choices.iter().map(|c| (c.label.clone(), 0)).collect()
        }
        _ => unreachable!(),
    };
    for r in rs {
        for label in chosen(r, id) {
            *counts.entry(label).or_default() += 1;
        }
    }
    counts
}

fn html_of(out: &crate::collate::Run) -> String {
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

fn text(e: &ElementRef) -> String {
    e.text().collect::<String>().trim().to_string()
}

/// The numbers table of figure `id`: each row's heading with its numbers.
fn figure_table(doc: &Html, id: &str) -> BTreeMap<String, Vec<usize>> {
    select(doc, &format!("figure#{id} table.numbers tbody tr"))
        .iter()
        .map(|tr| {
            let label = text(&select_in(tr, "th")[0]);
            let numbers = select_in(tr, "td")
                .iter()
                .map(|td| text(td).parse().unwrap())
                .collect();
            (label, numbers)
        })
        .collect()
}

fn select_in<'a>(e: &ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    e.select(&Selector::parse(css).unwrap()).collect()
}

/// The key figure named `name` at the top of the page.
fn key_figure(doc: &Html, name: &str) -> String {
    select(doc, "dl.figures div")
        .iter()
        .find(|d| text(&select_in(d, "dt")[0]) == name)
        .map(|d| text(&select_in(d, "dd")[0]))
        .unwrap_or_else(|| panic!("no key figure {name}"))
}

#[test]
fn the_digest_counts_what_was_collated() {
    let dir = TempDir::new().unwrap();
    let rs = varied(dir.path());
    let out = run(collate().arg(dir.path()).args(["--format", "html"]));
    assert_eq!(out.code, 1, "one response has problems: {}", out.stderr);
    let html = html_of(&out);
    let again = run(collate().arg(dir.path()).args(["--format", "html"]));
    assert!(
        again.stdout == out.stdout,
        "the same files give the same page"
    );
    let doc = Html::parse_document(&html);

    assert_eq!(key_figure(&doc, "Responses"), rs.len().to_string());
    let yes = rs.iter().filter(|r| r.consent_to_future_contact).count();
    assert_eq!(
        key_figure(&doc, "Consent to future contact"),
        format!("{yes} yes · {} no", rs.len() - yes)
    );
    let invalid = invalid(dir.path());
    assert_eq!(invalid, 2, "no respondent type, and no activity");
    assert_eq!(
        key_figure(&doc, "Responses with problems"),
        invalid.to_string()
    );

    // Respondent type and co-production focus: every option of the questionnaire, counted.
    for (figure, id) in [
        ("respondent-type", "respondent_type"),
        ("choice-0", "coproduce_focus"),
    ] {
        let want: BTreeMap<String, Vec<usize>> = expected_choices(&rs, id)
            .into_iter()
            .map(|(k, v)| (k, vec![v]))
            .collect();
        assert_eq!(figure_table(&doc, figure), want, "{figure}");
    }
    // The "other" description is listed, escaped.
    let others: Vec<String> = select(&doc, "figure#respondent-type ul.descriptions li")
        .iter()
        .map(text)
        .collect();
    assert_eq!(others, ["Carer <b>and</b> peer"]);

    let consent = figure_table(&doc, "consent");
    assert_eq!(consent["Yes"], [yes]);
    assert_eq!(consent["No"], [rs.len() - yes]);

    // Arrivals by week: the Monday of each response's week (in its own offset), the empty
    // week between shown with 0.
    let mut weeks: BTreeMap<String, usize> = BTreeMap::new();
    for r in &rs {
        let date: jiff::civil::Date = r.completed_at[..10].parse().unwrap();
        let back = date.weekday().to_monday_zero_offset();
        let monday = date - jiff::Span::new().days(back);
        *weeks
            .entry(monday.strftime("%A %-d %B %Y").to_string())
            .or_default() += 1;
    }
    let shown = figure_table(&doc, "arrivals");
    assert_eq!(shown.len(), weeks.len() + 1, "{shown:?}");
    for (week, n) in &weeks {
        assert_eq!(shown[week], [*n], "{week}");
    }
    assert_eq!(shown["Monday 9 March 2026"], [0]);

    // How many answered each question, of how many asked.
    let answered = figure_table(&doc, "answered");
    let q = Questionnaire::embedded();
    for (_, question) in q.questions() {
        let n = rs
            .iter()
            .filter(|r| r.answers[&question.id].given().is_some())
            .count();
        // The question's words, on one line, cut (ending "…") when long.
        let words = question
            .prompt
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let row = answered
            .iter()
            .find(|(k, _)| {
                k.as_str() == words
                    || (k.ends_with('…') && words.starts_with(k.trim_end_matches('…')))
            })
            .unwrap_or_else(|| panic!("{} not in {answered:#?}", question.id));
        assert_eq!(row.1, &[n, rs.len()], "{}", question.id);
    }
    assert_eq!(answered.len(), q.question_count());
    assert_eq!(figure_table(&doc, "versions")["2016.1"], [rs.len()]);

    // Every chart is an inline SVG, hidden from screen readers (the table has its numbers).
    let charts = select(&doc, "figure svg.chart");
    assert!(charts.len() >= 6, "{} charts", charts.len());
    for svg in &charts {
        assert_eq!(svg.value().attr("aria-hidden"), Some("true"));
    }

    // The side by side part: each question's answers, each headed by who gave it and linked to
    // that response in full.
    let cards = select(&doc, "section#answers section h4");
    assert!(
        cards
            .iter()
            .any(|h| text(h) == "Type or nature of activity:")
    );
    let activity_cards: Vec<ElementRef> = select(&doc, "section#answers section[id^=q]")
        .into_iter()
        .filter(|s| text(&select_in(s, "h4")[0]) == "Type or nature of activity:")
        .collect();
    let cards = select_in(&activity_cards[0], ".card");
    assert_eq!(cards.len(), rs.len() - 1, "the last has no answer to it");
    for (card, r) in cards.iter().zip(&rs) {
        let who = select_in(card, ".who a")[0];
        let name = r.answers["name"].answer.as_ref().unwrap().to_text();
        let organisation = r.answers["organisation"].answer.as_ref().unwrap().to_text();
        assert_eq!(text(&who), format!("{name} ({organisation})"));
        // The answer keeps its paragraphs, and the script is text.
        let answer = text(&select_in(card, ".answer")[0]);
        assert!(answer.contains(SCRIPT), "{answer}");
        assert!(answer.contains(".\n\nSecond paragraph."), "{answer:?}");
    }
    assert!(
        select(&doc, "script").is_empty(),
        "no script element at all"
    );

    // Every link in the page leads somewhere in it; each response is there in full, once.
    let ids: Vec<String> = select(&doc, "[id]")
        .iter()
        .map(|e| e.value().attr("id").unwrap().to_string())
        .collect();
    for a in select(&doc, "a[href]") {
        let href = a.value().attr("href").unwrap();
        let target = href.strip_prefix('#').unwrap_or_else(|| panic!("{href}"));
        assert!(ids.iter().any(|i| i == target), "a link to nothing: {href}");
    }
    let full = select(&doc, "article.response");
    assert_eq!(full.len(), rs.len());
    for (i, article) in full.iter().enumerate() {
        assert_eq!(
            article.value().attr("id"),
            Some(format!("r{}", i + 1).as_str())
        );
        let whole = text(article);
        assert!(whole.contains(&rs[i].response_id.to_string()));
        assert!(whole.contains(PEOPLE[i % 3].email), "{whole}");
    }
    let problems = select(&doc, "section#problems li");
    assert_eq!(problems.len(), invalid);
    assert!(
        text(&problems[1]).contains("activity_type"),
        "{}",
        text(&problems[1])
    );

    // Nothing is loaded from anywhere.
    for attr in ["src", "srcset", "href"] {
        for e in select(&doc, &format!("[{attr}]")) {
            let v = e.value().attr(attr).unwrap();
            assert!(v.starts_with('#'), "{attr}={v}");
        }
    }
    assert!(!html.contains("@import") && !html.contains("url("));
    let csp = select(&doc, "meta[http-equiv=Content-Security-Policy]");
    assert!(
        csp[0]
            .value()
            .attr("content")
            .unwrap()
            .starts_with("default-src 'none'")
    );
}

/// Each response is headed by the one rule for naming a respondent: "Name (Organisation)", or
/// whichever was given, else its number; in the cards, the index and the response in full.
#[test]
fn responses_are_headed_by_name_and_organisation() {
    let dir = crate::collate::named_three_ways();
    let out = run(collate().arg(dir.path()).args(["--format", "html"]));
    let doc = Html::parse_document(&html_of(&out));
    let want = [
        "Aoife Ní Bhriain (Bath Peer Network)",
        "Hearing Voices, Westgate",
        "Response 3",
    ];
    for css in ["article.response h3", "ol.index li a"] {
        let heads: Vec<String> = select(&doc, css).iter().map(text).collect();
        assert_eq!(heads, want, "{css}");
    }
    let activity = select(&doc, "section#answers section[id^=q]")
        .into_iter()
        .find(|s| text(&select_in(s, "h4")[0]) == "Type or nature of activity:")
        .unwrap();
    let cards: Vec<String> = select_in(&activity, ".card .who a")
        .iter()
        .map(text)
        .collect();
    assert_eq!(cards, want);
}

#[test]
fn anonymised_the_digest_names_nobody() {
    let dir = TempDir::new().unwrap();
    let rs = varied(dir.path());
    let out = run(collate()
        .arg(dir.path())
        .args(["--format", "html", "--anonymise"]));
    let html = html_of(&out);
    let escaped = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\'', "&#39;")
    };
    let doc = Html::parse_document(&html);
    let all_text: String = doc.root_element().text().collect();
    for p in &PEOPLE {
        for detail in [p.name, p.organisation, p.email, p.phone] {
            for form in [detail.to_string(), escaped(detail)] {
                assert!(!html.contains(&form), "{form} in the page");
            }
            assert!(!all_text.contains(detail), "{detail} in the page's text");
        }
    }
    let full = select(&doc, "article.response h3");
    assert_eq!(full.len(), rs.len());
    for (i, h) in full.iter().enumerate() {
        assert_eq!(text(h), format!("Response {}", i + 1));
    }
    // The answers are all there.
    assert!(select(&doc, "section#answers .card").len() > rs.len());
    assert!(all_text.contains(SCRIPT));
    assert!(html.contains("Contact details are left out"));
}

/// Responses to another questionnaire (no respondent-type question, its own choice question)
/// still give a sensible digest: the summary is found by roles and ids, not by the built-in
/// questionnaire's words.
#[test]
fn responses_to_another_questionnaire_give_a_sensible_digest() {
    let dir = TempDir::new().unwrap();
    let q = Questionnaire::load_or_embedded(Some(&crate::common::tiny())).unwrap();
    let focus = q.question("focus").unwrap();
    let mut rs = Vec::new();
    for (i, picks) in [vec![0], vec![0, 2], vec![]].iter().enumerate() {
        let mut d = Draft::new(&q);
        let set = |d: &mut Draft, id: &str, v: AnswerValue| {
            d.set_answer(&q, q.question(id).unwrap(), Some(v));
        };
        set(&mut d, "name", AnswerValue::Text(format!("Person {i}")));
        set(&mut d, "story", AnswerValue::Text("What happened.".into()));
        set(&mut d, "consent", AnswerValue::YesNo(i == 0));
        if !picks.is_empty() {
            set(
                &mut d,
                "focus",
                AnswerValue::Selection(focus.selection(picks, None).unwrap()),
            );
        }
        let r = d.to_response(&q);
        write(dir.path(), &format!("t{i}.json"), &r);
        rs.push(r);
    }
    let out = run(collate().arg(dir.path()).args(["--format", "html"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc = Html::parse_document(&html_of(&out));
    assert_eq!(
        select(&doc, "h1").iter().map(text).collect::<Vec<_>>(),
        ["A tiny test questionnaire"]
    );
    assert!(
        text(&select(&doc, "figure#respondent-type")[0])
            .contains("has no respondent-type question")
    );
    let caption = text(&select(&doc, "figure#choice-0 h3")[0]);
    assert_eq!(caption, "What was it about?");
    let table = figure_table(&doc, "choice-0");
    assert_eq!(table["Individual care"], [2]);
    assert_eq!(table["Service planning"], [1]);
    assert_eq!(table["Not answered"], [1]);
    assert!(
        !table.contains_key("Wider community"),
        "only what was chosen: {table:?}"
    );
    let consent = figure_table(&doc, "consent");
    assert_eq!((consent["Yes"][0], consent["No"][0]), (1, 2));
    assert_eq!(
        figure_table(&doc, "answered")["Tell us what happened"],
        [3, 3]
    );
    // The stderr summary says the same.
    assert!(
        out.stderr
            .contains("by respondent type: not asked by these responses' questionnaire"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("consent to future contact: 1 yes, 2 no")
    );
}

#[test]
fn every_collate_ends_with_a_summary_unless_quiet() {
    let dir = TempDir::new().unwrap();
    let rs = varied(dir.path());
    let yes = rs.iter().filter(|r| r.consent_to_future_contact).count();
    for format in ["csv", "markdown", "jsonl", "html"] {
        let out = run(collate().arg(dir.path()).args(["--format", format]));
        assert_eq!(out.code, 1, "{}", out.stderr);
        let lines: Vec<&str> = out.stderr.lines().collect();
        let at = lines
            .iter()
            .position(|l| l.starts_with("ndti-respond: collated 7 responses from 7 files"))
            .unwrap_or_else(|| panic!("{format}: {}", out.stderr));
        let summary = &lines[at + 1..];
        assert_eq!(
            summary[0],
            "  by respondent type (a response may give more than one):"
        );
        for (label, n) in expected_choices(&rs, "respondent_type") {
            let line = format!(
                "    {n:>5}  {}",
                if label == "Not answered" {
                    "(not answered)"
                } else {
                    &label
                }
            );
            assert_eq!(
                summary.contains(&line.as_str()),
                n > 0,
                "{format}: {line:?} in {summary:#?}"
            );
        }
        assert!(
            summary.contains(
                &format!(
                    "  consent to future contact: {yes} yes, {} no",
                    rs.len() - yes
                )
                .as_str()
            )
        );
        assert_eq!(
            summary.last().copied(),
            Some(
                format!(
                    "  problems: {} responses have them (see above)",
                    invalid(dir.path())
                )
                .as_str()
            )
        );
    }
    // --quiet: only the messages about the responses with problems.
    let out = run(collate().arg(dir.path()).arg("--quiet"));
    assert_eq!(out.code, 1);
    assert_eq!(out.stderr.lines().count(), 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("r3.json: collated, and marked as having problems")
    );
    assert!(
        out.stderr
            .contains("r6.json: collated, and marked as having problems")
    );
    // --quiet with nothing wrong: nothing at all.
    std::fs::remove_file(dir.path().join("r3.json")).unwrap();
    std::fs::remove_file(dir.path().join("r6.json")).unwrap();
    let out = run(collate().arg(dir.path()).args(["-q", "--format", "html"]));
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
    assert!(!out.stdout.is_empty());
}

/// The page as Chromium draws it and prints it: the screenshot is not blank and the charts are
/// drawn (the bars' colour is there, and not in the same page with its charts taken out); the
/// PDF has pages, and its text has the counts and the script as text.
#[test]
#[ignore = "needs chromium (Debian package chromium) and poppler-utils (pdfinfo, pdftotext)"]
fn chromium_draws_the_charts_and_prints_the_digest() {
    crate::common::require("chromium", "chromium");
    crate::common::require("pdfinfo", "poppler-utils");
    crate::common::require("pdftotext", "poppler-utils");
    let dir = TempDir::new().unwrap();
    let inbox = dir.path().join("inbox");
    let rs = varied(&inbox);
    let page = dir.path().join("digest.html");
    let out = run(collate()
        .arg(&inbox)
        .args(["--format", "html", "-o"])
        .arg(&page));
    assert_eq!(out.code, 1, "{}", out.stderr);
    let html = std::fs::read_to_string(&page).unwrap();

    // The bars' colour, as the page's first chart gives it.
    let doc = Html::parse_document(&html);
    let fill = select(&doc, "svg.chart rect")
        .iter()
        .filter_map(|r| r.value().attr("fill"))
        .find(|f| !f.eq_ignore_ascii_case("#FFFFFF"))
        .unwrap()
        .to_string();
    let rgb: Vec<u8> = (0..3)
        .map(|i| u8::from_str_radix(&fill[1 + 2 * i..3 + 2 * i], 16).unwrap())
        .collect();

    let with = screenshot(dir.path(), &page);
    let (white, bar) = count_pixels(&with, &rgb);
    let total = with.0 * with.1;
    assert!(
        white < total * 97 / 100,
        "the screenshot is almost blank: {white} of {total} pixels white"
    );
    assert!(bar > 5_000, "only {bar} pixels in the bars' colour {fill}");

    // The same page without its charts: none of the bars' colour.
    let mut bare = String::new();
    let mut rest = html.as_str();
    while let Some(start) = rest.find("<svg") {
        bare.push_str(&rest[..start]);
        let end = rest[start..].find("</svg>").unwrap() + start + "</svg>".len();
        rest = &rest[end..];
    }
    bare.push_str(rest);
    let bare_page = dir.path().join("no-charts.html");
    std::fs::write(&bare_page, bare).unwrap();
    let without = screenshot(dir.path(), &bare_page);
    assert_eq!(
        count_pixels(&without, &rgb).1,
        0,
        "the bars' colour without charts"
    );

    // Printed to PDF: pages, and the text as written.
    let pdf = dir.path().join("digest.pdf");
    let status = chromium(dir.path())
        .arg("--no-pdf-header-footer")
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(pdf.exists(), "{}", String::from_utf8_lossy(&status.stderr));
    let info = std::process::Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    // The summary, the answers and each response in full start new pages.
    assert!(pages >= 3 + rs.len(), "{pages} pages");
    let page_size = info.lines().find(|l| l.starts_with("Page size:")).unwrap();
    assert!(page_size.ends_with("(A4)"), "{page_size}");
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains(SCRIPT), "the script shows as text");
    assert!(text.contains("Responses with problems"));
    let yes = rs.iter().filter(|r| r.consent_to_future_contact).count();
    assert!(text.contains(&format!("{yes} yes")), "{text}");
}

/// A 1200x2400 screenshot of the page: width, height and RGB pixels.
fn screenshot(dir: &Path, page: &Path) -> (usize, usize, Vec<u8>) {
    let png = dir.join("shot.png");
    let _ = std::fs::remove_file(&png);
    let out = chromium(dir)
        .arg("--window-size=1200,2400")
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    let file = std::fs::File::open(&png).unwrap_or_else(|e| {
        panic!(
            "no screenshot ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut buf).unwrap();
    let channels = frame.color_type.samples();
    let rgb: Vec<u8> = buf[..frame.buffer_size()]
        .chunks(channels)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    (frame.width as usize, frame.height as usize, rgb)
}

/// How many pixels are white, and how many are within a few steps of `rgb`.
fn count_pixels(shot: &(usize, usize, Vec<u8>), rgb: &[u8]) -> (usize, usize) {
    let (mut white, mut like) = (0, 0);
    for p in shot.2.chunks(3) {
        if p.iter().all(|&c| c >= 250) {
            white += 1;
        }
        if p.iter().zip(rgb).all(|(&a, &b)| a.abs_diff(b) <= 6) {
            like += 1;
        }
    }
    (white, like)
}

/// The workbook's first sheet is the summary, with the same counts, read back by openpyxl.
#[test]
#[ignore = "needs python3 with openpyxl (Debian package python3-openpyxl)"]
fn the_workbook_opens_on_the_summary() {
    crate::common::require("python3", "python3-openpyxl");
    let dir = TempDir::new().unwrap();
    let inbox = dir.path().join("inbox");
    let rs = varied(&inbox);
    let book = dir.path().join("all.xlsx");
    let out = run(collate()
        .arg(&inbox)
        .args(["--format", "xlsx", "-o"])
        .arg(&book));
    assert_eq!(out.code, 1, "{}", out.stderr);
    let script = r#"
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Summary"]
rows = [[None if c.value is None else (c.data_type, c.value if c.data_type != "d" else c.value.date().isoformat()) for c in row] for row in ws.iter_rows()]
print(json.dumps({"sheets": wb.sheetnames, "rows": rows, "charts": len(ws._charts)}))
"#;
    let got = read_workbook(script, &book);
    assert_eq!(
        got["sheets"],
        serde_json::json!(["Summary", "Responses", "Questions"])
    );
    assert!(got["charts"].as_u64().unwrap() >= 4, "{}", got["charts"]);
    // Rows as (first cell, second cell), no cell a formula.
    let rows: Vec<(serde_json::Value, serde_json::Value)> = got["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            let row = row.as_array().unwrap();
            for cell in row {
                assert!(cell.is_null() || cell[0] != "f", "a formula: {cell}");
            }
            let value = |i: usize| row.get(i).map(|c| c[1].clone()).unwrap_or_default();
            (value(0), value(1))
        })
        .collect();
    let number = |label: &str, after: usize| -> (usize, u64) {
        let i = rows
            .iter()
            .enumerate()
            .skip(after)
            .find(|(_, r)| r.0 == label)
            .unwrap_or_else(|| panic!("no row {label} after row {after}"))
            .0;
        (i, rows[i].1.as_f64().unwrap() as u64)
    };
    let yes = rs.iter().filter(|r| r.consent_to_future_contact).count() as u64;
    assert_eq!(number("Responses collated", 0).1, rs.len() as u64);
    assert_eq!(
        number("Responses with problems", 0).1,
        invalid(&inbox) as u64
    );
    assert_eq!(number("Consent to future contact: yes", 0).1, yes);
    assert_eq!(
        number("Consent to future contact: no", 0).1,
        rs.len() as u64 - yes
    );
    let (block, _) = rows
        .iter()
        .enumerate()
        .find(|(_, r)| r.0 == "Respondent type")
        .unwrap();
    for (label, n) in expected_choices(&rs, "respondent_type") {
        assert_eq!(number(&label, block).1, n as u64, "{label}");
    }
    assert_eq!(number("Carer <b>and</b> peer", block).1, 1);
    // The weeks as real dates.
    let (weeks, _) = rows
        .iter()
        .enumerate()
        .find(|(_, r)| r.0 == "Responses by week")
        .unwrap();
    assert_eq!(rows[weeks + 1].0, "Week beginning (Monday)");
    let dates: Vec<&serde_json::Value> = rows[weeks + 2..weeks + 5].iter().map(|r| &r.0).collect();
    assert_eq!(dates, ["2026-03-02", "2026-03-09", "2026-03-16"]);
}

/// Responses with more questions than get a file of their own each (a questionnaire of a
/// hundred questions, as a stranger's file could claim): every answer is still under its
/// question, in collating order.
#[test]
fn a_hundred_questions_each_keep_their_answers_in_order() {
    let dir = TempDir::new().unwrap();
    let mut rs = Vec::new();
    for (i, person) in PEOPLE.iter().enumerate() {
        let mut r = response(person, "x", true);
        let template = r.answers["activity_type"].clone();
        for q in 0..100 {
            let mut entry = template.clone();
            entry.question = format!("Extra question {q}?");
            entry.answer = Some(AnswerValue::Text(format!("answer {q} from {i}")));
            r.answers.insert(format!("extra_{q}"), entry);
        }
        write(dir.path(), &format!("r{i}.json"), &r);
        rs.push(r);
    }
    let out = run(collate().arg(dir.path()).args(["--format", "html"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc = Html::parse_document(&html_of(&out));
    let sections = select(&doc, "section#answers section[id^=q]");
    for q in 0..100 {
        let section = sections
            .iter()
            .find(|s| text(&select_in(s, "h4")[0]) == format!("Extra question {q}?"))
            .unwrap_or_else(|| panic!("no question {q}"));
        let answers: Vec<String> = select_in(section, ".card .answer")
            .iter()
            .map(text)
            .collect();
        let want: Vec<String> = (0..rs.len())
            .map(|i| format!("answer {q} from {i}"))
            .collect();
        assert_eq!(answers, want, "question {q}");
    }
    assert_eq!(figure_table(&doc, "answered")["Extra question 99?"], [3, 3]);
}
