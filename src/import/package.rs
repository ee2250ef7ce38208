//! The zip package a .docx (ECMA-376 Part 2, Open Packaging Conventions) or .odt (ODF 1.2
//! Part 3) is stored in, opened with limits: a zip bomb or a damaged archive is refused with a
//! plain message before it costs memory or time.

use std::io::{Cursor, Read};

use zip::ZipArchive;
use zip::result::ZipError;

use super::error::ImportError;
use super::limits;

/// An opened package.
pub struct Package<'a> {
    archive: ZipArchive<Cursor<&'a [u8]>>,
}

impl<'a> Package<'a> {
    /// Opens the zip archive in `bytes`.
    ///
    /// Errors: [`ImportError::Damaged`] when the archive cannot be read (cut short, not a zip
    /// after all), or holds more than [`limits::MAX_PARTS`] files.
    pub fn open(bytes: &'a [u8]) -> Result<Package<'a>, ImportError> {
        let archive = ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
        if archive.len() > limits::MAX_PARTS {
            return Err(ImportError::Damaged(format!(
                "it holds {} files inside, where a document has a few dozen",
                archive.len()
            )));
        }
        Ok(Package { archive })
    }

    /// Whether the package holds a part of this name.
    pub fn has(&self, name: &str) -> bool {
        self.archive.index_for_name(name).is_some()
    }

    /// The names of the parts, for telling one kind of package from another.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.archive.file_names()
    }

    /// The bytes of a part, or `None` when there is no such part.
    ///
    /// Errors: [`ImportError::TooMuchInside`] when the part says, or turns out while unpacking,
    /// to be larger than [`limits::MAX_PART_BYTES`] (the zip's own sizes may lie, so the
    /// unpacking itself is cut off too); [`ImportError::PasswordProtected`] for a part
    /// encrypted with a zip password; [`ImportError::Damaged`] otherwise.
    pub fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, ImportError> {
        let Some(index) = self.archive.index_for_name(name) else {
            return Ok(None);
        };
        let too_much = || ImportError::TooMuchInside {
            part: name.to_string(),
            limit: limits::MAX_PART_BYTES,
        };
        let file = match self.archive.by_index(index) {
            Ok(file) => file,
            Err(ZipError::UnsupportedArchive(ZipError::PASSWORD_REQUIRED))
            | Err(ZipError::InvalidPassword) => return Err(ImportError::PasswordProtected),
            Err(e) => return Err(damaged(e)),
        };
        if file.size() > limits::MAX_PART_BYTES {
            return Err(too_much());
        }
        let mut bytes = Vec::with_capacity(file.size() as usize);
        file.take(limits::MAX_PART_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| ImportError::Damaged(format!("its `{name}` cannot be unpacked: {e}")))?;
        if bytes.len() as u64 > limits::MAX_PART_BYTES {
            return Err(too_much());
        }
        Ok(Some(bytes))
    }
}

fn damaged(e: ZipError) -> ImportError {
    match e {
        ZipError::UnsupportedArchive(ZipError::PASSWORD_REQUIRED) | ZipError::InvalidPassword => {
            ImportError::PasswordProtected
        }
        e => ImportError::Damaged(format!("its zip archive cannot be read: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use zip::write::SimpleFileOptions;

    use super::*;

    fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, bytes) in parts {
            w.start_file(*name, SimpleFileOptions::default()).unwrap();
            w.write_all(bytes).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn reads_parts_and_says_when_one_is_missing() {
        let bytes = zip_of(&[("a.xml", b"<a/>")]);
        let mut p = Package::open(&bytes).unwrap();
        assert!(p.has("a.xml"));
        assert_eq!(p.read("a.xml").unwrap().unwrap(), b"<a/>");
        assert!(p.read("b.xml").unwrap().is_none());
    }

    #[test]
    fn a_cut_short_archive_is_damaged() {
        let bytes = zip_of(&[("a.xml", b"<a/>")]);
        let err = Package::open(&bytes[..bytes.len() / 2]).err().unwrap();
        assert!(matches!(err, ImportError::Damaged(_)), "{err:?}");
    }
}
