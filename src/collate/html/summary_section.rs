//! The summary at the top of the HTML digest: the key numbers, then, for each count of the
//! [`Summary`], a figure with a chart and a table holding the same numbers (the table is what
//! a screen reader reads, and what shows in black and white).

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::collate::chart::{self, Bar};
use crate::collate::summary::{ChoiceCount, CountRow, MAX_WEEKS, Summary};
use crate::render::html::escape;

/// One figure of the summary.
pub(super) struct Figure {
    /// Its id in the page, for the contents.
    pub anchor: String,
    /// Its title, escaped, cut short for the contents.
    pub caption: String,
    pub html: String,
}

/// The numbers that show first: responses, consent, problems.
pub(super) fn key_figures(
    w: &mut impl Write,
    s: &Summary,
    problems_listed: bool,
) -> io::Result<()> {
    let c = s.consent;
    let mut consent = format!("{} yes <small>· {} no", c.yes, c.no);
    if c.unclear > 0 {
        let _ = write!(consent, " · {} not answered or unclear", c.unclear);
    }
    consent.push_str("</small>");
    let problems = if problems_listed {
        format!("<a href=\"#problems\">{}</a>", s.with_problems)
    } else {
        s.with_problems.to_string()
    };
    write!(
        w,
        "<dl class=\"figures\">\n\
         <div><dt>Responses</dt><dd>{}</dd></div>\n\
         <div><dt>Consent to future contact</dt><dd>{consent}</dd></div>\n\
         <div><dt>Responses with problems</dt><dd>{problems}</dd></div>\n\
         </dl>\n",
        s.responses
    )
}

/// Every figure of the summary, in order: respondent type, the other choice questions (what
/// people came together to co-produce), consent, arrivals by week, questionnaire version, and
/// how many answered each question.
pub(super) fn figures(s: &Summary) -> Vec<Figure> {
    let mut out = Vec::new();
    if s.responses == 0 {
        return out;
    }
    match &s.respondent_type {
        Some(t) => out.push(choice_figure("respondent-type", "Respondent type", t)),
        None => out.push(Figure {
            anchor: "respondent-type".into(),
            caption: "Respondent type".into(),
            html: "<figure id=\"respondent-type\">\n<figcaption><h3>Respondent type</h3></figcaption>\n<p>The questionnaire these responses answer has no respondent-type question.</p>\n</figure>\n".into(),
        }),
    }
    for (i, c) in s.choices_in_order().into_iter().enumerate() {
        out.push(choice_figure(&format!("choice-{i}"), &c.question, c));
    }
    out.push(consent_figure(s));
    out.push(arrivals_figure(s));
    out.push(versions_figure(s));
    out.push(answered_figure(s));
    out
}

/// A figure: its caption, notes, chart and table of numbers.
struct Parts<'a> {
    anchor: &'a str,
    /// Unescaped.
    caption: &'a str,
    /// Already HTML.
    notes: Vec<String>,
    svg: Option<String>,
    /// The table's column headings, unescaped.
    head: &'a [&'a str],
    /// The table's rows: a label (unescaped), then numbers.
    rows: Vec<CountRow>,
    /// Anything after the table, already HTML.
    after: String,
}

impl<'a> Parts<'a> {
    /// A figure of `rows` under `head`, with a chart of horizontal bars of the first numbers
    /// (`axis` names what they count), and nothing more yet.
    fn horizontal(
        anchor: &'a str,
        caption: &'a str,
        head: &'a [&'a str],
        rows: Vec<CountRow>,
        axis: &str,
    ) -> Parts<'a> {
        Parts {
            anchor,
            caption,
            notes: Vec::new(),
            svg: chart::horizontal(&bars(&rows), axis),
            head,
            rows,
            after: String::new(),
        }
    }

    fn figure(self) -> Figure {
        let mut html = format!(
            "<figure id=\"{}\">\n<figcaption><h3>{}</h3>\n",
            self.anchor,
            escape(self.caption)
        );
        for note in &self.notes {
            let _ = writeln!(html, "<p class=\"note\">{note}</p>");
        }
        html.push_str("</figcaption>\n");
        if let Some(svg) = &self.svg {
            html.push_str(svg);
        }
        html.push_str("<table class=\"numbers\">\n<thead><tr>");
        for (i, h) in self.head.iter().enumerate() {
            let class = if i == 0 { "" } else { " class=\"n\"" };
            let _ = write!(html, "<th scope=\"col\"{class}>{}</th>", escape(h));
        }
        html.push_str("</tr></thead>\n<tbody>\n");
        for (label, numbers) in &self.rows {
            let _ = write!(html, "<tr><th scope=\"row\">{}</th>", escape(label));
            for n in numbers {
                let _ = write!(html, "<td class=\"n\">{n}</td>");
            }
            html.push_str("</tr>\n");
        }
        html.push_str("</tbody>\n</table>\n");
        html.push_str(&self.after);
        html.push_str("</figure>\n");
        Figure {
            anchor: self.anchor.to_string(),
            caption: escape(&short(self.caption)),
            html,
        }
    }
}

/// A caption as the contents give it: at most [`CONTENTS_CHARS`] characters.
fn short(caption: &str) -> String {
    match caption.char_indices().nth(CONTENTS_CHARS) {
        Some((end, _)) => format!("{}…", caption[..end].trim_end()),
        None => caption.to_string(),
    }
}

/// How much of a caption the contents show.
const CONTENTS_CHARS: usize = 60;

fn bars(rows: &[CountRow]) -> Vec<Bar> {
    rows.iter()
        .map(|(label, n)| Bar {
            label: label.clone(),
            count: n[0],
        })
        .collect()
}

fn choice_figure(anchor: &str, caption: &str, c: &ChoiceCount) -> Figure {
    let mut notes = Vec::new();
    if caption != c.question {
        notes.push(format!("The question: “{}”", escape(&c.question)));
    }
    let mut note = format!(
        "{} of {} answered (question <span class=\"question-id\">{}</span>).",
        c.answered,
        c.asked,
        escape(&c.id)
    );
    if c.multiple {
        note.push_str(" A response may choose more than one, so the numbers can add up to more.");
    }
    notes.push(note);
    let mut after = String::new();
    if !c.descriptions.is_empty() {
        after.push_str("<p>“Other”, in the respondents’ words:</p>\n<ul class=\"descriptions\">\n");
        for (words, n) in &c.descriptions {
            let times = if *n > 1 {
                format!(" (×{n})")
            } else {
                String::new()
            };
            let _ = writeln!(after, "<li>{}{times}</li>", escape(words));
        }
        after.push_str("</ul>\n");
    }
    Parts {
        notes,
        after,
        ..Parts::horizontal(
            anchor,
            caption,
            &["Answer", "Responses"],
            c.rows(),
            "Responses",
        )
    }
    .figure()
}

fn consent_figure(s: &Summary) -> Figure {
    let c = s.consent;
    let mut notes = Vec::new();
    if c.unclear > 0 {
        notes.push(
            "“Not answered or unclear”: the consent question has no answer, or its answer disagrees with the response’s consent (see the problems)."
                .to_string(),
        );
    }
    Parts {
        notes,
        ..Parts::horizontal(
            "consent",
            "Consent to future contact",
            &["Consent", "Responses"],
            c.rows(),
            "Responses",
        )
    }
    .figure()
}

fn arrivals_figure(s: &Summary) -> Figure {
    let arrivals = s.arrivals();
    let bars: Vec<Bar> = arrivals
        .iter()
        .map(|(week, n)| Bar {
            label: week.strftime("%-d %b").to_string(),
            count: *n,
        })
        .collect();
    let mut rows: Vec<CountRow> = arrivals
        .iter()
        .map(|(week, n)| (week.strftime("%A %-d %B %Y").to_string(), vec![*n]))
        .collect();
    let mut notes = vec![
        "By the week each response was completed (weeks begin on Monday), in the respondent’s own time zone."
            .to_string(),
    ];
    if let (Some(first), Some(last)) = (arrivals.first(), arrivals.last())
        && first
            .0
            .until(last.0)
            .map_or(true, |d| d.get_days() / 7 > MAX_WEEKS)
    {
        notes.push(
            "Only the weeks with responses are shown: they span more than three years.".into(),
        );
    }
    if s.undated > 0 {
        rows.push(("Completion time not readable".into(), vec![s.undated]));
    }
    Parts {
        anchor: "arrivals",
        caption: "Responses by week",
        notes,
        svg: chart::columns(&bars, "Responses"),
        head: &["Week beginning", "Responses"],
        rows,
        after: String::new(),
    }
    .figure()
}

fn versions_figure(s: &Summary) -> Figure {
    Parts::horizontal(
        "versions",
        "Questionnaire version",
        &["Version", "Responses"],
        s.version_rows(),
        "Responses",
    )
    .figure()
}

fn answered_figure(s: &Summary) -> Figure {
    let questions = s.questions();
    let rows: Vec<CountRow> = questions
        .iter()
        .map(|q| (q.words.clone(), vec![q.answered, q.asked]))
        .collect();
    Parts {
        notes: vec![
            "Of the responses whose questionnaire asks the question (another version may not)."
                .into(),
        ],
        ..Parts::horizontal(
            "answered",
            "How many answered each question",
            &["Question", "Answered", "Asked"],
            rows,
            "Responses that answered it",
        )
    }
    .figure()
}
