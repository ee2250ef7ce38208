//! The workbook's first sheet, "Summary": the same counts as the HTML digest's summary and the
//! summary on standard error ([`Summary`]), as blocks of a label column and a number column,
//! each with an Excel bar chart of its numbers beside it.
//!
//! Blocks, top to bottom: the key numbers (responses, with problems, consent yes / no / not
//! answered or unclear); respondent type (every option, "Other", "Not answered", then the
//! "other" descriptions with how many gave each); each other choice question; consent;
//! responses by week (the week's Monday as a real date); questionnaire version; and how many
//! answered each question (its id, words, answered and asked). Every text cell is written as a
//! string, never a formula.

use rust_xlsxwriter::{
    Chart, ChartType, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError,
};

use crate::collate::summary::{ChoiceCount, CountRow, Summary};

/// The column the charts start in.
const CHART_COLUMN: u16 = 4;

struct Styles {
    title: Format,
    heading: Format,
    head: Format,
    text: Format,
    date: Format,
}

impl Styles {
    fn new() -> Styles {
        Styles {
            title: Format::new().set_bold().set_font_size(14),
            heading: Format::new().set_bold().set_font_size(12),
            head: Format::new()
                .set_bold()
                .set_background_color("#DDEBF7")
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            text: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            date: Format::new().set_num_format("ddd d mmm yyyy"),
        }
    }
}

/// The widths of the columns the blocks use (label, numbers, question id), in characters.
const WIDTHS: [f64; 4] = [60.0, 12.0, 12.0, 30.0];

/// Adds the "Summary" sheet to `workbook` (first, so that it opens on it).
pub(crate) fn write(workbook: &mut Workbook, summary: &Summary) -> Result<(), XlsxError> {
    let styles = Styles::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Summary")?;
    for (c, width) in WIDTHS.into_iter().enumerate() {
        sheet.set_column_width(c as u16, width)?;
    }
    sheet.write_string_with_format(
        0,
        0,
        summary.title.as_deref().unwrap_or("Collated responses"),
        &styles.title,
    )?;
    let mut blocks = Blocks {
        sheet,
        styles: &styles,
        row: 2,
    };
    blocks.key_numbers(summary)?;
    blocks.respondent_type(summary)?;
    for choice in summary.choices_in_order() {
        blocks.choice(&choice.question, choice)?;
    }
    blocks.table(
        "Consent to future contact",
        &["Consent", "Responses"],
        &summary.consent.rows(),
        Some(ChartType::Bar),
    )?;
    blocks.weeks(summary)?;
    blocks.table(
        "Questionnaire version",
        &["Version", "Responses"],
        &summary.version_rows(),
        Some(ChartType::Bar),
    )?;
    blocks.answered(summary)
}

/// The sheet, written block by block down its rows.
struct Blocks<'a> {
    sheet: &'a mut Worksheet,
    styles: &'a Styles,
    /// The next row to write.
    row: u32,
}

impl Blocks<'_> {
    /// The key numbers: responses, those with problems, and consent.
    fn key_numbers(&mut self, summary: &Summary) -> Result<(), XlsxError> {
        let c = summary.consent;
        self.table(
            "Responses",
            &["", "Responses"],
            &[
                ("Responses collated".into(), vec![summary.responses]),
                (
                    "Responses with problems".into(),
                    vec![summary.with_problems],
                ),
                ("Consent to future contact: yes".into(), vec![c.yes]),
                ("Consent to future contact: no".into(), vec![c.no]),
                (
                    "Consent to future contact: not answered or unclear".into(),
                    vec![c.unclear],
                ),
            ],
            None,
        )
    }

    /// Respondent type, or a note that the questionnaire does not ask it.
    fn respondent_type(&mut self, summary: &Summary) -> Result<(), XlsxError> {
        match &summary.respondent_type {
            Some(t) => self.choice("Respondent type", t),
            None => {
                self.heading("Respondent type")?;
                self.note(
                    "The questionnaire these responses answer has no respondent-type question.",
                )?;
                self.row += 1;
                Ok(())
            }
        }
    }

    fn heading(&mut self, text: &str) -> Result<(), XlsxError> {
        self.sheet
            .write_string_with_format(self.row, 0, text, &self.styles.heading)?;
        self.row += 1;
        Ok(())
    }

    fn note(&mut self, text: &str) -> Result<(), XlsxError> {
        self.sheet
            .write_string_with_format(self.row, 0, text, &self.styles.text)?;
        self.row += 1;
        Ok(())
    }

    fn head(&mut self, head: &[&str]) -> Result<(), XlsxError> {
        for (c, h) in head.iter().enumerate() {
            self.sheet
                .write_string_with_format(self.row, c as u16, *h, &self.styles.head)?;
        }
        self.row += 1;
        Ok(())
    }

    /// A heading, a row of column names, then a row for each label with its numbers; with a
    /// chart of the first number column beside it, when there is more than one row.
    fn table(
        &mut self,
        heading: &str,
        head: &[&str],
        rows: &[CountRow],
        chart: Option<ChartType>,
    ) -> Result<(), XlsxError> {
        self.heading(heading)?;
        self.head(head)?;
        let first = self.row;
        for (label, numbers) in rows {
            self.sheet
                .write_string_with_format(self.row, 0, label, &self.styles.text)?;
            for (i, n) in numbers.iter().enumerate() {
                self.sheet.write_number(self.row, 1 + i as u16, *n as f64)?;
            }
            self.row += 1;
        }
        if let Some(kind) = chart
            && rows.len() > 1
        {
            self.chart(kind, heading, first, self.row - 1)?;
        }
        self.row += 1;
        Ok(())
    }

    /// A bar (or column) chart of rows `first..=last`, labels in column A, counts in B, beside
    /// them; the rows below are kept clear of it.
    fn chart(
        &mut self,
        kind: ChartType,
        name: &str,
        first: u32,
        last: u32,
    ) -> Result<(), XlsxError> {
        let sheet = self.sheet.name();
        let mut chart = Chart::new(kind);
        chart
            .add_series()
            .set_categories((sheet.as_str(), first, 0, last, 0))
            .set_values((sheet.as_str(), first, 1, last, 1))
            .set_name(name);
        chart.title().set_name(name);
        chart.legend().set_hidden();
        if kind == ChartType::Bar {
            // A bar chart lists its categories from the bottom up: this keeps the table's order.
            chart.x_axis().set_reverse();
        }
        let rows = last - first + 1;
        let height = (rows * 22 + 90).clamp(200, 900);
        chart.set_width(520).set_height(height);
        self.sheet
            .insert_chart(first.saturating_sub(2), CHART_COLUMN, &chart)?;
        // 20 pixels a row: leave room for the chart before the next block.
        self.row = self.row.max(first.saturating_sub(2) + height / 20 + 1);
        Ok(())
    }

    fn choice(&mut self, heading: &str, c: &ChoiceCount) -> Result<(), XlsxError> {
        self.table(
            heading,
            &["Answer", "Responses"],
            &c.rows(),
            Some(ChartType::Bar),
        )?;
        if c.multiple {
            self.row -= 1;
            self.note("A response may choose more than one, so the numbers can add up to more.")?;
            self.row += 1;
        }
        if !c.descriptions.is_empty() {
            self.head(&["“Other”, in the respondents’ words", "Responses"])?;
            for (words, n) in &c.descriptions {
                self.sheet
                    .write_string_with_format(self.row, 0, words, &self.styles.text)?;
                self.sheet.write_number(self.row, 1, *n as f64)?;
                self.row += 1;
            }
            self.row += 1;
        }
        Ok(())
    }

    fn weeks(&mut self, summary: &Summary) -> Result<(), XlsxError> {
        self.heading("Responses by week")?;
        self.head(&["Week beginning (Monday)", "Responses"])?;
        let first = self.row;
        let arrivals = summary.arrivals();
        for (week, n) in &arrivals {
            let date = ExcelDateTime::from_ymd(
                u16::try_from(week.year()).unwrap_or(1900),
                week.month() as u8,
                week.day() as u8,
            );
            match date {
                Ok(date) => {
                    self.sheet
                        .write_date_with_format(self.row, 0, &date, &self.styles.date)?
                }
                Err(_) => self.sheet.write_string_with_format(
                    self.row,
                    0,
                    week.to_string(),
                    &self.styles.text,
                )?,
            };
            self.sheet.write_number(self.row, 1, *n as f64)?;
            self.row += 1;
        }
        if summary.undated > 0 {
            self.sheet.write_string_with_format(
                self.row,
                0,
                "Completion time not readable",
                &self.styles.text,
            )?;
            self.sheet
                .write_number(self.row, 1, summary.undated as f64)?;
            self.row += 1;
        }
        if arrivals.len() > 1 {
            self.chart(
                ChartType::Column,
                "Responses by week",
                first,
                first + arrivals.len() as u32 - 1,
            )?;
        }
        self.row += 1;
        Ok(())
    }

    fn answered(&mut self, summary: &Summary) -> Result<(), XlsxError> {
        self.heading("How many answered each question")?;
        self.note(
            "Of the responses whose questionnaire asks the question (another version may not).",
        )?;
        self.head(&["Question", "Answered", "Asked", "Question id (column name)"])?;
        for q in summary.questions() {
            self.sheet
                .write_string_with_format(self.row, 0, &q.words, &self.styles.text)?;
            self.sheet.write_number(self.row, 1, q.answered as f64)?;
            self.sheet.write_number(self.row, 2, q.asked as f64)?;
            self.sheet
                .write_string_with_format(self.row, 3, &q.id, &self.styles.text)?;
            self.row += 1;
        }
        Ok(())
    }
}
