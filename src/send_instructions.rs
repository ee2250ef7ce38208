//! How to send a finished response: the words said once it is written, from what was written
//! and the questionnaire's return details (email, postal address, phone contact, deadline).

use std::path::Path;

use crate::questionnaire::Questionnaire;
use crate::wizard::shell_quote;

/// What was written for the respondent to send.
#[derive(Debug, Clone, Copy)]
pub struct Written<'a> {
    /// The response as JSON, unless only the encrypted copy was kept.
    pub readable: Option<&'a Path>,
    /// The response encrypted to the organisation's key, when the questionnaire has one.
    pub encrypted: Option<&'a Path>,
    /// The email message made ready to send, when the respondent asked for one.
    pub email: Option<&'a Path>,
}

/// The lines that say how to send the response (by email, by post, or to talk instead) and by
/// when, said kindly once the deadline has passed. `today` decides that.
pub fn how_to_send(
    q: &Questionnaire,
    written: &Written<'_>,
    today: jiff::civil::Date,
) -> Vec<String> {
    let r = &q.return_to;
    let mut lines = vec![String::new(), "How to send it:".to_string()];
    // The encrypted copy is the one to send when there is one: it is what the organisation asked for.
    let attach = written.encrypted.or(written.readable);
    match (written.email, attach) {
        (Some(eml), _) => lines.push(format!(
            "  By email: open {} in your email program and press Send (it goes to {}).",
            eml.display(),
            r.email
        )),
        (None, Some(file)) => lines.push(format!(
            "  By email: send the file {} as an attachment to {}.",
            file.display(),
            r.email
        )),
        (None, None) => {}
    }
    match written.readable {
        Some(file) => lines.push(format!(
            "  By post: print it (ndti-respond print {} > response.txt) and post it to {}.",
            shell_quote(&file.display().to_string()),
            r.postal_address
        )),
        // Only the encrypted copy was kept: there is nothing readable to print.
        None => lines.push(format!(
            "  By post: only the encrypted copy was kept, which cannot be read once printed. To post your response, start again without --encrypted-only (your answers can be given with --answers), print that response (ndti-respond print FILE) and post it to {}.",
            r.postal_address
        )),
    }
    if let Some(phone) = &r.phone {
        let who = r.phone_contact.as_deref().unwrap_or("NDTi");
        lines.push(format!(
            "  If you would rather talk about your work, call {who} on {phone}."
        ));
    }
    lines.push(crate::wording::deadline(q, today, "it"));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_instructions_name_every_way_and_the_deadline() {
        let q = Questionnaire::embedded();
        let lines = how_to_send(
            &q,
            &Written {
                readable: Some(Path::new("my response.json")),
                encrypted: None,
                email: None,
            },
            jiff::civil::date(2016, 1, 1),
        );
        assert_eq!(
            lines,
            [
                "",
                "How to send it:",
                "  By email: send the file my response.json as an attachment to Louise.apps@ndti.org.uk.",
                "  By post: print it (ndti-respond print 'my response.json' > response.txt) and post it to Lou at NDTi, First Floor, 30-32 Westgate Buildings, Bath BA1 1EF.",
                "  If you would rather talk about your work, call Louise Apps on 01225 789135.",
                "Please send it by Friday 15 January 2016.",
            ]
        );
        let late = how_to_send(
            &q,
            &Written {
                readable: None,
                encrypted: Some(Path::new("r.json.age")),
                email: Some(Path::new("r.eml")),
            },
            jiff::civil::date(2026, 11, 29),
        );
        assert!(late[2].contains("open r.eml"), "{late:?}");
        assert!(
            late[3].starts_with("  By post: only the encrypted copy was kept"),
            "{late:?}"
        );
        assert!(
            late.last()
                .unwrap()
                .starts_with("The closing date for responses was Friday 15 January 2016.")
        );
    }
}
