//! The one check of what a file says it is: the `format` field that names the kind of file
//! (a response, a draft) and the `format_version` a later version of the program may raise, so
//! that every reader of either says the same thing about a file it cannot read.

use crate::render::sanitise;

/// A kind of file the program writes, and the newest version of it this build reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileFormat {
    /// The `format` field's value, such as `ndti-respond/response`.
    pub name: &'static str,
    /// What the file is, in a word: "response", "draft".
    pub what: &'static str,
    /// The newest `format_version` this build reads (versions start at 1).
    pub version: u32,
}

impl FileFormat {
    /// Checks a file's `format` and `format_version`: `Err` says, in words for the person who
    /// has the file, why it cannot be read here (another kind of file, or one written by a newer
    /// version of the program). `format` came from the file and is shown safely.
    pub fn check(&self, format: &str, version: u64) -> Result<(), String> {
        if format != self.name {
            return Err(format!(
                "it is a `{}` file, not a {}",
                sanitise::line(format),
                self.what
            ));
        }
        match version {
            0 => Err(format!(
                "it has an unknown {} format version (0)",
                self.what
            )),
            v if v <= u64::from(self.version) => Ok(()),
            v => Err(format!(
                "it was written by a newer version of ndti-respond ({} format version {v}; this version, {}, reads up to {}); please update ndti-respond",
                self.what,
                env!("CARGO_PKG_VERSION"),
                self.version
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DRAFT: FileFormat = FileFormat {
        name: "ndti-respond/draft",
        what: "draft",
        version: 1,
    };

    #[test]
    fn one_message_for_each_way_a_file_is_not_readable() {
        assert_eq!(DRAFT.check("ndti-respond/draft", 1), Ok(()));
        assert_eq!(
            DRAFT.check("ndti-respond/response", 1).unwrap_err(),
            "it is a `ndti-respond/response` file, not a draft"
        );
        assert!(
            DRAFT
                .check("ndti-respond/draft", 2)
                .unwrap_err()
                .starts_with(
                    "it was written by a newer version of ndti-respond (draft format version 2;"
                )
        );
        assert_eq!(
            DRAFT.check("\u{1b}[2J", 1).unwrap_err(),
            "it is a `\u{fffd}[2J` file, not a draft"
        );
    }
}
