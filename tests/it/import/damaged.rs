//! Documents damaged at random: the XML inside a filled-in .docx or .odt cut, repeated and
//! spliced with pieces of WordprocessingML and ODF, and text files of any characters. Each is
//! imported or refused with an error; never a panic, and whatever is imported is a response
//! that reads back and fits the schema.

use proptest::prelude::*;

use ndti_respond::import::read_bytes;
use ndti_respond::questionnaire::Questionnaire;
use ndti_respond::response::Response;

use super::word_forms::*;
use super::*;

/// Pieces of markup and text worth splicing into a form's XML.
const PIECES: &[&str] = &[
    "<w:p>",
    "</w:p>",
    "<w:r><w:t>",
    "</w:t></w:r>",
    "<w:tbl>",
    "</w:tbl>",
    "<w:tr>",
    "<w:tc>",
    "</w:tc>",
    "<w:gridSpan w:val=\"4294967295\"/>",
    "<w:gridBefore w:val=\"99999999\"/>",
    "<w:del>",
    "</w:del>",
    "<w:delText>N</w:delText>",
    "<w:b/>",
    "<w:strike/>",
    "<w:txbxContent>",
    "<mc:AlternateContent>",
    "<mc:Choice>",
    "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr>",
    "<text:p>",
    "</text:p>",
    "<table:table-cell table:number-columns-spanned=\"99999999\">",
    "<table:table-row table:number-rows-repeated=\"4294967295\">",
    "<text:s text:c=\"999999\"/>",
    "<text:change text:change-id=\"ct1\"/>",
    "<office:annotation>",
    "<text:note>",
    "&amp;",
    "&#0;",
    "&#x1F642;",
    "&bogus;",
    "<![CDATA[Y/N]]>",
    "Name:",
    "Y/N",
    "Yes",
    "Type or nature of activity:",
    "Please add any further comments.",
    "\u{0}",
    "é",
    "\t",
];

fn edited(xml: &str, edits: &[(f64, usize, usize)]) -> String {
    let mut out = xml.to_string();
    for &(at, cut, piece) in edits {
        let mut i = ((out.len() as f64) * at) as usize;
        while !out.is_char_boundary(i) {
            i -= 1;
        }
        let mut end = (i + cut).min(out.len());
        while !out.is_char_boundary(end) {
            end += 1;
        }
        out.replace_range(i..end, PIECES[piece % PIECES.len()]);
    }
    out
}

fn check(bytes: &[u8]) {
    let q = Questionnaire::embedded();
    if let Ok(imported) = read_bytes("form", bytes, None, &q) {
        let json = imported.response.to_json();
        let back = Response::from_json(json.as_bytes()).expect("an imported response reads back");
        assert_eq!(back, imported.response);
        assert_schema(&serde_json::from_str(&json).unwrap());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn damaged_docx(edits in prop::collection::vec((0.0..1.0f64, 0..200usize, any::<usize>()), 1..12)) {
        let form = contact(FilledForm::blank())
            .consent(&[("Y/", PLAIN), ("N", struck())])
            .cell(word_forms::AnswerCell::Activity, "A group.");
        let bytes = edit_part(&form.docx(), "word/document.xml", |xml| {
            let e = edited(xml, &edits);
            if e == xml { format!("{xml} ") } else { e }
        });
        check(&bytes);
    }

    #[test]
    fn damaged_odt(edits in prop::collection::vec((0.0..1.0f64, 0..200usize, any::<usize>()), 1..12)) {
        let form = contact(FilledForm::blank()).consent(&[("Y/", PLAIN), ("N", deleted())]);
        let bytes = edit_part(&form.odt(), "content.xml", |xml| {
            let e = edited(xml, &edits);
            if e == xml { format!("{xml} ") } else { e }
        });
        check(&bytes);
    }

    #[test]
    fn any_text(text in "\\PC{0,400}", lines in prop::collection::vec(0..PIECES.len(), 0..30)) {
        let mut form = FilledForm::blank().txt();
        for (n, piece) in lines.into_iter().enumerate() {
            let at = (n * 97) % form.len();
            let mut i = at;
            while !form.is_char_boundary(i) {
                i -= 1;
            }
            form.insert_str(i, PIECES[piece]);
        }
        form.push_str(&text);
        check(form.as_bytes());
        check(text.as_bytes());
    }
}
