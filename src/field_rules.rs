//! The rules for the answers that have a form of their own: an email address, a telephone number,
//! a one-line answer and a yes/no. One rule each, used by every place that checks one: the wizard (terminal and
//! plain mode), a questionnaire's return address, `validate`, `collate`'s problems column and
//! `email`'s sender. This module depends on nothing else in the program.

/// Why an answer was not taken: written to be shown to the respondent as it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Problem(pub String);

/// The message for an address that breaks [`email_address`]'s rule, stating the rule.
const EMAIL_RULE: &str = "That doesn't look like an email address yet. It should look like \
name@example.org: one @, no spaces or angle brackets, and a dot in the part after the @.";

/// An email address as a mail message can carry it, or why not.
///
/// The rule: the plain form `local@domain` (no display name, no `<...>`, no spaces); the local
/// part is an RFC 5322 dot-atom or quoted string and the domain a host name (internationalised
/// names allowed), exactly as the mail library (`lettre`, which checks with the `email_address`
/// crate) accepts them for a message's From and To; and the domain has a dot and does not start
/// or end with one, as every address on the internet does. Because it is the mail library's own
/// check, an address this accepts is always usable as the sender of `ndti-respond email`.
///
/// `text` is taken as it is: callers trim a typed line first.
pub fn email_address(text: &str) -> Result<lettre::Address, Problem> {
    let refuse = || Problem(EMAIL_RULE.to_string());
    let (local, domain) = text.rsplit_once('@').ok_or_else(refuse)?;
    let dotted = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && !domain.starts_with('[');
    if local.is_empty() || !dotted || text.chars().any(char::is_whitespace) {
        return Err(refuse());
    }
    lettre::Address::new(local, domain).map_err(|_| refuse())
}

/// Checks an email address by [`email_address`]'s rule.
pub fn check_email(text: &str) -> Result<(), Problem> {
    email_address(text).map(|_| ())
}

/// The message for a number that breaks [`check_phone`]'s rule, stating the rule.
const PHONE_RULE: &str = "That doesn't look like a phone number. Please give 6 to 15 digits; \
spaces, brackets, dashes and dots may separate them, a + may start them, and an extension may \
follow (ext. 4, x 4 or #4). For example: 01225 789135, +44 (0)1225 789135, 01225 789135 ext. 4.";

/// A telephone number: 6 to 15 digits (E.164 allows 15; UK numbers have 10 or 11, and
/// `+44 (0)` adds three), separated by spaces, brackets, dashes or dots, optionally starting
/// with `+`, and optionally followed by an extension of up to 6 digits written `ext 4`,
/// `ext. 4`, `extension 4`, `x4` or `#4` (any case).
pub fn check_phone(text: &str) -> Result<(), Problem> {
    let refuse = || Problem(PHONE_RULE.to_string());
    let number = strip_extension(text.trim()).ok_or_else(refuse)?;
    let body = number.strip_prefix('+').unwrap_or(number);
    let digits = body.chars().filter(char::is_ascii_digit).count();
    let allowed = body
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '(' | ')' | '-' | '.'));
    if !allowed || !(6..=15).contains(&digits) {
        return Err(refuse());
    }
    Ok(())
}

/// The number without its extension; `None` when an extension marker has no digits after it.
fn strip_extension(text: &str) -> Option<&str> {
    let lower = text.to_ascii_lowercase();
    // The last marker wins: "x" inside a word cannot occur, as only digits and separators may
    // stand before it.
    for marker in ["extension", "ext.", "ext", "x", "#"] {
        if let Some(at) = lower.rfind(marker) {
            let ext = text[at + marker.len()..].trim_start_matches([' ', '.', ':']);
            if ext.is_empty() || ext.len() > 6 || !ext.chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            return Some(text[..at].trim_end_matches([' ', ',']));
        }
    }
    Some(text)
}

/// A short answer (a name, an organisation) is one line: it may not hold a line break.
pub fn check_one_line(text: &str) -> Result<(), Problem> {
    if text.contains('\n') {
        return Err(Problem("This answer fits on one line.".to_string()));
    }
    Ok(())
}

/// Reads a yes/no answer: `y`, `yes`, `n`, `no` in any case, spaces around ignored.
pub fn parse_yes_no(text: &str) -> Result<bool, Problem> {
    match text.trim().to_lowercase().as_str() {
        "y" | "yes" => Ok(true),
        "n" | "no" => Ok(false),
        _ => Err(Problem("Please answer yes or no (y or n).".to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        for good in [
            "a@b.org",
            "Louise.apps@ndti.org.uk",
            "jo+ndti@example.co.uk",
            "zoë@exämple.org",
        ] {
            assert!(check_email(good).is_ok(), "{good} should be taken");
        }
        for bad in [
            "",
            "a",
            "a@b",
            "@b.org",
            "a b@c.org",
            "a@.org",
            "a@b.",
            "a@b..org",
            "<jo@example.org>",
            "Jo <jo@example.org>",
            "jo@example.org>",
            "a@b@c.org",
            "jo@[127.0.0.1]",
            ".jo@example.org",
            "jo\u{1b}@example.org",
        ] {
            assert!(check_email(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn every_address_taken_can_be_a_mail_sender() {
        for good in ["a@b.org", "x.y-z@sub.example.co.uk"] {
            let address = email_address(good).unwrap();
            assert_eq!(address.to_string(), good);
        }
    }

    #[test]
    fn phones() {
        for good in [
            "01225 789135",
            "+44 (0)1225-789135",
            "(01225) 789-135",
            "01225 789135 ext. 4",
            "01225 789135 ext 45",
            "01225 789135 x4",
            "01225 789135 X 4",
            "01225 789135 #4",
            "01225 789135, extension 204",
            "0117.496.0000",
        ] {
            assert!(check_phone(good).is_ok(), "{good} should be taken");
        }
        for bad in [
            "12",
            "call me",
            "01225 789135 ext.",
            "01225 789135 ext. four",
            "0122+5 789135",
            "1234567890123456",
            "01225 789135 ext 1234567",
        ] {
            assert!(check_phone(bad).is_err(), "{bad} should be refused");
        }
        let message = check_phone("x").unwrap_err().0;
        assert!(message.contains("ext. 4") && message.contains("brackets"));
    }

    #[test]
    fn yes_no() {
        for y in ["y", "Y", "yes", "YES", " Yes "] {
            assert_eq!(parse_yes_no(y), Ok(true));
        }
        for n in ["n", "No", "NO"] {
            assert_eq!(parse_yes_no(n), Ok(false));
        }
        assert!(parse_yes_no("").is_err());
        assert!(parse_yes_no("yep").is_err());
    }
}
