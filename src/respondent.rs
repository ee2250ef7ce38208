//! Naming a respondent, from the name and organisation they gave: the one rule for lists of
//! drafts, messages, page titles, subject lines and file names.

/// What a respondent gave to be known by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Respondent<'a> {
    pub name: Option<&'a str>,
    pub organisation: Option<&'a str>,
}

impl<'a> Respondent<'a> {
    pub fn new(name: Option<&'a str>, organisation: Option<&'a str>) -> Respondent<'a> {
        let given = |s: Option<&'a str>| s.map(str::trim).filter(|s| !s.is_empty());
        Respondent {
            name: given(name),
            organisation: given(organisation),
        }
    }

    /// In full, for lists and titles: "Jo Bloggs (Hearing Voices Network)", or whichever was
    /// given; `None` when neither was.
    pub fn label(&self) -> Option<String> {
        match (self.name, self.organisation) {
            (Some(n), Some(o)) => Some(format!("{n} ({o})")),
            (n, o) => n.or(o).map(str::to_string),
        }
    }

    /// In short, for a subject line or a file name: the organisation the response speaks for,
    /// else the person's name.
    pub fn short(&self) -> Option<&'a str> {
        self.organisation.or(self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_use_what_was_given() {
        let both = Respondent::new(Some("Jo Bloggs"), Some(" Mind in Bath "));
        assert_eq!(both.label().as_deref(), Some("Jo Bloggs (Mind in Bath)"));
        assert_eq!(both.short(), Some("Mind in Bath"));
        let name = Respondent::new(Some("Jo"), Some("  "));
        assert_eq!(name.label().as_deref(), Some("Jo"));
        assert_eq!(name.short(), Some("Jo"));
        assert_eq!(Respondent::new(None, None).label(), None);
    }
}
