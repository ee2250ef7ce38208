//! Placing the text of a filled-in form: which words answer which question (issue 16, items
//! 2, 3 and 5).
//!
//! The text a respondent wrote after a prompt (in the same paragraph, the same cell, the
//! following paragraphs, or an answer cell of its own) up to the form's next words is that
//! question's answer. An answer cell (a cell without any of the form's words) belongs to the
//! prompt cell on its left, or else to the nearest prompt cell above it in the same grid
//! column, so an answer box beneath two side-by-side boxes of prompts goes to the right one.
//!
//! Prompts of long answers that follow one another with nothing written between them, in the
//! same cell (or, outside tables, the same run of paragraphs) and the same section, are one box
//! of the form with one space for its answer: the text
//! written there is kept whole as the answer of the box's first long question, and every
//! question of the box says so; nothing is guessed apart. One-line questions (name, email,
//! phone, yes/no) are never boxed: each has its own space.
//!
//! Text that belongs to no question (above the form, below it, under a heading, in comments or
//! notes) is kept word for word as unplaced. The form's own words are never an answer.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use crate::answer::AnswerValue;
use crate::questionnaire::{Kind, Question, Questionnaire};
use crate::response::Unplaced;

use super::consent::{self, YesNoReading};
use super::document::{Cell, Document, Paragraph, Place};
use super::wording::{Found, PhraseRole, normalize_with_origin};

/// Where every piece of a form's text went.
#[derive(Debug, Default)]
pub struct Placement {
    /// Per question, in questionnaire order: the answer read from the form.
    pub answers: Vec<Option<AnswerValue>>,
    /// Per question: whether its prompt is on the form.
    pub found: Vec<bool>,
    /// Boxes of several questions answered as a whole: the index of the question holding the
    /// text, and every question of the box.
    pub boxes: Vec<(usize, Vec<usize>)>,
    /// Per yes/no question found on the form: what its space says.
    pub yes_no: Vec<(usize, YesNoReading)>,
    /// Text that answers no question.
    pub unplaced: Vec<Unplaced>,
    /// Answers kept as written that fail their question's check (an email address that does
    /// not look like one), in words.
    pub problems: Vec<String>,
}

/// Where text without an owner is, for the unplaced list.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Context {
    Above,
    Heading(usize),
    Form,
    Below,
}

/// A line of an answer, with the piece of paragraph it came from (none for a blank line).
type Line = (String, Option<(usize, Range<usize>)>);

/// The text of one space of the form: one question's, or one box's.
#[derive(Debug)]
struct Group {
    questions: Vec<usize>,
    place: Place,
    lines: Vec<Line>,
    /// Where the last line came from: text from another cell starts after one blank line.
    last_place: Option<Place>,
    /// Whether text came after the group's last prompt.
    written: bool,
}

/// Places the document's text among the questionnaire's questions, given the form's words
/// found in it.
pub fn place(doc: &Document, found: &[Found], q: &Questionnaire) -> Placement {
    let questions: Vec<&Question> = q.questions().map(|(_, x)| x).collect();
    let mut by_paragraph: Vec<Vec<&Found>> = vec![Vec::new(); doc.paragraphs.len()];
    for f in found {
        by_paragraph[f.paragraph].push(f);
    }
    let cells = FormCells::of(doc, &by_paragraph);
    let mut walk = Walk::new(q, &questions);
    for (i, paragraph) in doc.paragraphs.iter().enumerate() {
        walk.paragraph(i, paragraph, &by_paragraph[i], &cells);
    }
    walk.into_placement(doc, &questions)
}

/// The cells of the document's tables: which hold the form's words, which hold prompts, and
/// the cells of each row, in order.
struct FormCells {
    /// Per cell: whether it holds the form's words (first), and whether it holds a prompt
    /// (second).
    cells: HashMap<Cell, (bool, bool)>,
    rows: BTreeMap<(u32, u32), Vec<Cell>>,
}

impl FormCells {
    fn of(doc: &Document, by_paragraph: &[Vec<&Found>]) -> FormCells {
        let mut cells: HashMap<Cell, (bool, bool)> = HashMap::new();
        let mut rows: BTreeMap<(u32, u32), Vec<Cell>> = BTreeMap::new();
        for (i, p) in doc.paragraphs.iter().enumerate() {
            if let Place::Cell(c) = p.place {
                let prompts = by_paragraph[i]
                    .iter()
                    .any(|f| matches!(f.role, PhraseRole::Start(_) | PhraseRole::Part(_)));
                let entry = cells.entry(c).or_insert((false, false));
                entry.0 |= !by_paragraph[i].is_empty();
                entry.1 |= prompts;
                let row = rows.entry((c.table, c.row)).or_default();
                if !row.contains(&c) {
                    row.push(c);
                }
            }
        }
        FormCells { cells, rows }
    }

    fn has_words(&self, c: &Cell) -> bool {
        self.cells.get(c).is_some_and(|e| e.0)
    }

    fn has_prompts(&self, c: &Cell) -> bool {
        self.cells.get(c).is_some_and(|e| e.1)
    }

    /// The cell at `place` if it is an answer cell: a cell holding none of the form's words.
    fn answer_cell(&self, place: Place) -> Option<Cell> {
        match place {
            Place::Cell(c) if !self.has_words(&c) => Some(c),
            _ => None,
        }
    }
}

impl Group {
    /// Adds a line; text that comes from another cell than the last is set one blank line
    /// below it, whatever blank lines the last cell ended with.
    fn push(&mut self, line: String, from: Option<(usize, Range<usize>)>, place: Place) {
        if self.last_place.is_some_and(|p| p != place) {
            while self.lines.last().is_some_and(|l| l.0.trim().is_empty()) {
                self.lines.pop();
            }
            if !self.lines.is_empty() {
                self.lines.push((String::new(), None));
            }
        }
        self.last_place = Some(place);
        self.lines.push((line, from));
    }
}

/// The walk through the document's paragraphs: the spaces of the form found so far, and the
/// text that belongs to none.
struct Walk {
    groups: Vec<Group>,
    group_of: Vec<Option<usize>>,
    /// The space in force: text that follows goes to it.
    open: Option<usize>,
    last_group_in_cell: HashMap<Cell, usize>,
    /// Per answer cell met so far, the space it belongs to.
    owner_of_cell: HashMap<Cell, Option<usize>>,
    context: Context,
    unplaced: Vec<Unplaced>,
    boxable: Vec<bool>,
    /// Per question, its section: a box never spans two sections.
    section_of: Vec<usize>,
    headings: Vec<String>,
}

impl Walk {
    fn new(q: &Questionnaire, questions: &[&Question]) -> Walk {
        Walk {
            groups: Vec::new(),
            group_of: vec![None; questions.len()],
            open: None,
            last_group_in_cell: HashMap::new(),
            owner_of_cell: HashMap::new(),
            context: Context::Above,
            unplaced: Vec::new(),
            boxable: questions
                .iter()
                .map(|x| matches!(x.kind, Kind::Long | Kind::Choice { .. }))
                .collect(),
            section_of: q
                .sections
                .iter()
                .enumerate()
                .flat_map(|(i, s)| s.questions.iter().map(move |_| i))
                .collect(),
            headings: q.sections.iter().map(|s| s.title.clone()).collect(),
        }
    }

    /// Paragraph `i`, with the form's words found in it (`phrases`): each phrase opens, joins
    /// or closes a space; the text around them goes to the space it belongs to, or is unplaced.
    fn paragraph(
        &mut self,
        i: usize,
        paragraph: &Paragraph,
        phrases: &[&Found],
        cells: &FormCells,
    ) {
        let text = paragraph.text();
        let answer_cell = cells.answer_cell(paragraph.place);
        if phrases.is_empty() {
            let owner = self.owner(answer_cell, cells);
            if has_text(&text) {
                let whole = 0..text.len();
                self.add(owner, text, Some((i, whole)), paragraph.place);
            } else if let Some(g) = owner {
                self.groups[g].push(String::new(), None, paragraph.place);
            }
            return;
        }
        let mut at = 0;
        for f in phrases {
            if f.range.start > at {
                let owner = self.owner(answer_cell, cells);
                self.free(owner, &text, at..f.range.start, i, paragraph.place);
            }
            self.phrase(f.role, paragraph.place);
            at = f.range.end;
        }
        if at < text.len() {
            let owner = self.owner(answer_cell, cells);
            self.free(owner, &text, at..text.len(), i, paragraph.place);
        }
    }

    /// The space text goes to: in an answer cell, the space the cell belongs to (found once,
    /// from where the cell is), which is then the space in force; elsewhere, the space in
    /// force.
    fn owner(&mut self, answer_cell: Option<Cell>, cells: &FormCells) -> Option<usize> {
        let Some(c) = answer_cell else {
            return self.open;
        };
        let owner = match self.owner_of_cell.get(&c) {
            Some(&owner) => owner,
            None => {
                let owner = self.owner_by_geometry(&c, cells);
                self.owner_of_cell.insert(c, owner);
                owner
            }
        };
        if owner.is_some() {
            self.open = owner;
        }
        owner
    }

    /// One of the form's phrases: a question's prompt (or a later sentence of it) opens its
    /// space, or joins the box in force; any other phrase closes the space in force.
    fn phrase(&mut self, role: PhraseRole, place: Place) {
        match role {
            PhraseRole::Start(x) | PhraseRole::Part(x) => self.prompt(x, place),
            PhraseRole::Heading(s) => {
                self.open = None;
                self.context = Context::Heading(s);
            }
            PhraseRole::Above => {
                self.open = None;
                self.context = Context::Above;
            }
            PhraseRole::Below => {
                self.open = None;
                self.context = Context::Below;
            }
        }
    }

    /// Question `x`'s prompt at `place`: its space is the one in force from here on.
    fn prompt(&mut self, x: usize, place: Place) {
        self.context = Context::Form;
        if let Some(g) = self.group_of[x] {
            // A later sentence of a question already found: what follows is its too.
            self.open = Some(g);
            return;
        }
        let g = match self.box_joined_by(x, place) {
            Some(g) => {
                self.groups[g].questions.push(x);
                g
            }
            None => {
                self.groups.push(Group {
                    questions: vec![x],
                    place,
                    lines: Vec::new(),
                    last_place: None,
                    written: false,
                });
                self.groups.len() - 1
            }
        };
        self.group_of[x] = Some(g);
        self.open = Some(g);
        if let Place::Cell(c) = place {
            self.last_group_in_cell.insert(c, g);
        }
    }

    /// The space in force, if question `x`'s prompt at `place` joins it as one box: nothing is
    /// written in it yet, it is in the same cell (or outside tables), and it and `x` are long
    /// or choice questions of one section.
    fn box_joined_by(&self, x: usize, place: Place) -> Option<usize> {
        self.open.filter(|&g| {
            let group = &self.groups[g];
            group.place == place
                && !group.written
                && self.boxable[x]
                && group
                    .questions
                    .iter()
                    .all(|&y| self.boxable[y] && self.section_of[y] == self.section_of[x])
        })
    }

    /// A piece of a paragraph between the form's words.
    fn free(
        &mut self,
        owner: Option<usize>,
        text: &str,
        range: Range<usize>,
        paragraph: usize,
        place: Place,
    ) {
        let piece = &text[range.clone()];
        let trimmed = piece.trim_matches([' ', '\t', '\u{a0}']);
        if !has_text(trimmed) {
            return;
        }
        let start =
            range.start + (piece.len() - piece.trim_start_matches([' ', '\t', '\u{a0}']).len());
        let end = start + trimmed.len();
        self.add(
            owner,
            trimmed.to_string(),
            Some((paragraph, start..end)),
            place,
        );
    }

    fn add(
        &mut self,
        owner: Option<usize>,
        line: String,
        from: Option<(usize, Range<usize>)>,
        place: Place,
    ) {
        match owner {
            Some(g) => {
                self.groups[g].push(line, from, place);
                self.groups[g].written = true;
            }
            None => {
                let location = self.location();
                match self.unplaced.last_mut() {
                    Some(last) if last.location == location && last.question.is_none() => {
                        last.text.push('\n');
                        last.text.push_str(&line);
                    }
                    _ => self.unplaced.push(Unplaced {
                        text: line,
                        location,
                        question: None,
                    }),
                }
            }
        }
    }

    fn location(&self) -> String {
        match self.context {
            Context::Above => "above the form".to_string(),
            Context::Heading(s) => format!(
                "under the heading \"{}\", before its first question",
                self.headings[s]
            ),
            Context::Form => "in the form, outside any answer space".to_string(),
            Context::Below => "below the form".to_string(),
        }
    }

    /// The group an answer cell belongs to: the prompt cell on its left, or the nearest prompt
    /// cell above it in its grid column; failing both, the group in force.
    fn owner_by_geometry(&self, cell: &Cell, cells: &FormCells) -> Option<usize> {
        let same_row = cells
            .rows
            .get(&(cell.table, cell.row))
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        if let Some(left) = same_row
            .iter()
            .find(|c| c.column.saturating_add(c.span) == cell.column)
            && cells.has_prompts(left)
        {
            return self.last_group_in_cell.get(left).copied();
        }
        // Only the rows that have cells are visited, however high a row number is.
        for (_, row) in cells
            .rows
            .range((cell.table, 0)..(cell.table, cell.row))
            .rev()
        {
            let Some(above) = row
                .iter()
                .find(|c| c.column <= cell.column && cell.column < c.column.saturating_add(c.span))
            else {
                continue;
            };
            if cells.has_prompts(above) {
                return self.last_group_in_cell.get(above).copied();
            }
            if cells.has_words(above) {
                return None;
            }
        }
        self.open
    }

    /// From the spaces to answers: each space's text, then the asides, which are unplaced.
    fn into_placement(self, doc: &Document, questions: &[&Question]) -> Placement {
        let mut placement = Placement {
            answers: vec![None; questions.len()],
            found: self.group_of.iter().map(Option::is_some).collect(),
            unplaced: self.unplaced,
            ..Placement::default()
        };
        for group in &self.groups {
            placement.take_group(group, doc, questions);
        }
        for aside in &doc.asides {
            placement.unplaced.push(Unplaced {
                text: aside.text.clone(),
                location: aside.kind.location(),
                question: None,
            });
        }
        placement
    }
}

impl Placement {
    /// The text of one space: a yes/no question's reading, one question's answer, or the
    /// answer of a box; text that answers none of them is unplaced.
    fn take_group(&mut self, group: &Group, doc: &Document, questions: &[&Question]) {
        let lines = trim_blank_lines(&group.lines);
        let text = lines
            .iter()
            .map(|(t, _)| t.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        match group.questions.as_slice() {
            [only] if matches!(questions[*only].kind, Kind::YesNo { .. }) => {
                let fragments: Vec<(&Paragraph, Range<usize>)> = lines
                    .iter()
                    .filter_map(|(_, f)| f.clone())
                    .map(|(p, r)| (&doc.paragraphs[p], r))
                    .collect();
                self.take_yes_no(*only, questions[*only], &fragments, text);
            }
            _ if text.trim().is_empty() => {}
            [only] => self.take_answer(*only, questions[*only], text),
            _ => self.take_box(&group.questions, questions, text),
        }
    }

    /// A yes/no question's space, read by [`consent::read`]: a clear answer is its answer;
    /// text that is not clear is kept as unplaced, with why.
    fn take_yes_no(
        &mut self,
        index: usize,
        question: &Question,
        fragments: &[(&Paragraph, Range<usize>)],
        text: String,
    ) {
        let reading = consent::read(fragments);
        match &reading {
            YesNoReading::Clear { answer, .. } => {
                self.answers[index] = Some(AnswerValue::YesNo(*answer))
            }
            YesNoReading::Unclear { why } => self.unplaced.push(Unplaced {
                text,
                location: format!(
                    "beside the question \"{}\": not a clear yes or no ({why})",
                    question.prompt
                ),
                question: Some(question.id.clone()),
            }),
            YesNoReading::Blank => {}
        }
        self.yes_no.push((index, reading));
    }

    /// The text after one question's prompt: its answer (kept as written, with the problem,
    /// when it fails the question's check), or unplaced when the question cannot hold it.
    fn take_answer(&mut self, index: usize, question: &Question, text: String) {
        match answer_for(question, &text) {
            Ok(value) => self.answers[index] = Some(value),
            Err(Refused::Kept(value, problem)) => {
                self.problems.push(format!(
                    "the answer to \"{}\" ({}) is kept as written, but: {problem}",
                    question.prompt, question.id
                ));
                self.answers[index] = Some(value);
            }
            Err(Refused::Unplaced(why)) => self.unplaced.push(Unplaced {
                text,
                location: format!("after the question \"{}\": {why}", question.prompt),
                question: Some(question.id.clone()),
            }),
        }
    }

    /// The text of a box of several questions: the answer of its first long question, kept
    /// whole; unplaced when none of its questions takes written text.
    fn take_box(&mut self, members: &[usize], questions: &[&Question], text: String) {
        match members
            .iter()
            .find(|&&x| matches!(questions[x].kind, Kind::Long))
        {
            Some(&holder) => {
                self.answers[holder] = Some(AnswerValue::Text(text));
                self.boxes.push((holder, members.to_vec()));
            }
            None => {
                let prompts: Vec<&str> = members
                    .iter()
                    .map(|&x| questions[x].prompt.as_str())
                    .collect();
                self.unplaced.push(Unplaced {
                    text,
                    location: format!(
                        "after the questions \"{}\", asked together on the form, none of which takes written text",
                        prompts.join("\", \"")
                    ),
                    question: Some(questions[members[0]].id.clone()),
                });
            }
        }
    }
}

/// Why text after a prompt is not simply its answer.
enum Refused {
    /// Kept as the answer, written as it is, with the check it failed.
    Kept(AnswerValue, String),
    /// Not an answer this question can hold.
    Unplaced(String),
}

/// The answer a question takes from the text after its prompt, checked by the same rules as a
/// typed answer ([`Question::check_text`]).
fn answer_for(question: &Question, text: &str) -> Result<AnswerValue, Refused> {
    match &question.kind {
        Kind::Choice { choices, .. } => {
            let said = normalize_with_origin(
                text.trim()
                    .trim_start_matches(['(', '['])
                    .trim_end_matches([')', ']', '.']),
            )
            .0;
            let chosen = choices
                .iter()
                .position(|c| normalize_with_origin(&c.label).0 == said);
            match chosen.and_then(|i| question.selection(&[i], None).ok()) {
                Some(selection) => Ok(AnswerValue::Selection(selection)),
                None => Err(Refused::Unplaced(
                    "a choice question, and the text is not one of its options".to_string(),
                )),
            }
        }
        _ => match question.check_text(text) {
            Ok(value) => Ok(value),
            Err(problem) => Err(Refused::Kept(
                AnswerValue::Text(text.trim().to_string()),
                problem.0,
            )),
        },
    }
}

/// Whether a piece of text holds anything written, rather than the blanks of a form (spaces,
/// underscores, dots, dashes, bullets and stray punctuation).
pub fn has_text(text: &str) -> bool {
    text.chars().any(|c| {
        !c.is_whitespace()
            && !matches!(
                c,
                '_' | '.'
                    | '…'
                    | '-'
                    | '–'
                    | '—'
                    | '·'
                    | '•'
                    | ':'
                    | ';'
                    | ','
                    | '?'
                    | '!'
                    | '('
                    | ')'
                    | '['
                    | ']'
                    | '*'
                    | '/'
                    | '|'
                    | '~'
                    | '='
                    | '\u{ad}'
                    | '\u{200b}'
                    | '\u{feff}'
            )
    })
}

fn trim_blank_lines(lines: &[Line]) -> &[Line] {
    let blank = |l: &Line| l.0.trim().is_empty();
    let start = lines.iter().position(|l| !blank(l)).unwrap_or(lines.len());
    let end = lines
        .iter()
        .rposition(|l| !blank(l))
        .map_or(start, |e| e + 1);
    &lines[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::document::Marks;
    use crate::import::wording::Wording;

    fn body(lines: &[&str]) -> Document {
        Document {
            paragraphs: lines
                .iter()
                .map(|l| {
                    let mut p = Paragraph::new(Place::Body);
                    p.push(l, Marks::default());
                    p
                })
                .collect(),
            ..Document::default()
        }
    }

    fn placed(q: &Questionnaire, doc: &Document) -> Placement {
        let found = Wording::of(q).find(&doc.paragraphs).unwrap();
        place(doc, &found, q)
    }

    fn answer<'p>(q: &Questionnaire, p: &'p Placement, id: &str) -> Option<&'p AnswerValue> {
        let i = q.questions().position(|(_, x)| x.id == id).unwrap();
        p.answers[i].as_ref()
    }

    fn text(s: &str) -> Option<AnswerValue> {
        Some(AnswerValue::Text(s.into()))
    }

    #[test]
    fn answers_after_prompts_up_to_the_next_prompt() {
        let q = Questionnaire::embedded();
        let doc = body(&[
            "Dear Lou, here is our form.",
            "Co-production in mental health",
            "Name: Jo Bloggs          Organisation: Mind Bath",
            "Email Address: jo@example.org   Contact Number:",
            "May we contact in future with further information?   Y/N  yes",
            "Type or nature of activity:",
            "A peer group.",
            "",
            "It met weekly.",
            "Who Initiated and/or led the activity? Service users.",
            "Please add any further comments.",
            "None.",
            "Many thanks. Please return the completed template to Louise.apps@ndti.org.uk or post to Lou at NDTi, First Floor, 30-32 Westgate Buildings, Bath BA1 1EF, by Friday 15th January 2016.",
            "PS from Jo",
        ]);
        let p = placed(&q, &doc);
        assert_eq!(answer(&q, &p, "name"), text("Jo Bloggs").as_ref());
        assert_eq!(answer(&q, &p, "organisation"), text("Mind Bath").as_ref());
        assert_eq!(answer(&q, &p, "email"), text("jo@example.org").as_ref());
        assert_eq!(answer(&q, &p, "phone"), None);
        assert_eq!(
            answer(&q, &p, "future_contact"),
            Some(&AnswerValue::YesNo(true))
        );
        assert_eq!(
            answer(&q, &p, "activity_type"),
            text("A peer group.\n\nIt met weekly.").as_ref()
        );
        assert_eq!(
            answer(&q, &p, "initiated_by"),
            text("Service users.").as_ref()
        );
        assert_eq!(answer(&q, &p, "further_comments"), text("None.").as_ref());
        let unplaced: Vec<(&str, &str)> = p
            .unplaced
            .iter()
            .map(|u| (u.text.as_str(), u.location.as_str()))
            .collect();
        assert_eq!(
            unplaced,
            [
                ("Dear Lou, here is our form.", "above the form"),
                ("PS from Jo", "below the form")
            ]
        );
        assert!(p.boxes.is_empty());
    }

    #[test]
    fn a_box_of_prompts_answered_below_is_kept_whole() {
        let q = Questionnaire::embedded();
        let doc = body(&[
            "Name: Jo",
            "Type or nature of activity:",
            "Who Initiated and/or led the activity? ",
            "What was it that you were coming together to co-produce? (Individual care & support or wider community and or service commission & planning)",
            "Who defined the issues, or problem to be tackled?",
            "We ran a group. Staff and members led it together.",
            "Developing a common shared understanding:",
        ]);
        let p = placed(&q, &doc);
        let i = |id: &str| q.questions().position(|(_, x)| x.id == id).unwrap();
        assert_eq!(
            answer(&q, &p, "activity_type"),
            text("We ran a group. Staff and members led it together.").as_ref()
        );
        assert_eq!(answer(&q, &p, "initiated_by"), None);
        assert_eq!(
            p.boxes,
            [(
                i("activity_type"),
                vec![
                    i("activity_type"),
                    i("initiated_by"),
                    i("coproduce_focus"),
                    i("issue_definers")
                ]
            )]
        );
    }

    #[test]
    fn a_choice_answered_with_one_of_its_options() {
        let q = Questionnaire::embedded();
        let doc = body(&[
            "Name: Jo",
            "What was it that you were coming together to co-produce? (Individual care & support)",
            "Who defined the issues, or problem to be tackled? Us.",
        ]);
        let p = placed(&q, &doc);
        match answer(&q, &p, "coproduce_focus") {
            Some(AnswerValue::Selection(s)) => assert_eq!(s.ids(), ["individual_care"]),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn contact_details_that_fail_their_check_are_kept_and_reported() {
        let q = Questionnaire::embedded();
        let doc = body(&[
            "Name: Jo",
            "Email Address: jo at example",
            "Contact Number: ring me",
        ]);
        let p = placed(&q, &doc);
        assert_eq!(answer(&q, &p, "email"), text("jo at example").as_ref());
        assert_eq!(answer(&q, &p, "phone"), text("ring me").as_ref());
        assert_eq!(p.problems.len(), 2, "{:?}", p.problems);
        assert!(p.problems[0].contains("email address"));
    }

    #[test]
    fn answer_cells_belong_to_the_prompt_cell_above_them() {
        let q = Questionnaire::embedded();
        let cell = |row, column| {
            Place::Cell(Cell {
                table: 0,
                row,
                column,
                span: 1,
            })
        };
        let para = |place, t: &str| {
            let mut p = Paragraph::new(place);
            p.push(t, Marks::default());
            p
        };
        let doc = Document {
            paragraphs: vec![
                para(Place::Body, "Name: Jo"),
                para(cell(0, 0), "Type or nature of activity:"),
                para(cell(0, 0), "Who Initiated and/or led the activity?"),
                para(
                    cell(0, 1),
                    "Why & how was it decided that a co-production approach was the best way to do what was needed?",
                ),
                para(
                    cell(0, 1),
                    "What was envisaged would be achieved by using this approach?",
                ),
                para(cell(1, 0), "Left answer."),
                para(cell(1, 1), "Right answer."),
            ],
            ..Document::default()
        };
        let p = placed(&q, &doc);
        assert_eq!(
            answer(&q, &p, "activity_type"),
            text("Left answer.").as_ref()
        );
        assert_eq!(
            answer(&q, &p, "why_coproduction"),
            text("Right answer.").as_ref()
        );
        assert_eq!(p.boxes.len(), 2);
    }
}
