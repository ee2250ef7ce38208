//! Reading the XML inside a .docx or .odt, safely, as a stream of elements and text.
//!
//! Every file read came from a stranger, so:
//! - a `<!DOCTYPE>` is refused outright: neither Word nor LibreOffice writes one, and it is
//!   where entity tricks live. quick-xml never fetches or expands external entities in any
//!   case; only the five predefined entities (`&amp;` ...) and character references are read,
//!   and any other entity is an error, so nothing can expand ("billion laughs") or reach out;
//! - elements nested deeper than [`MAX_DEPTH`] are refused, so the readers' own stacks stay
//!   small whatever the file says;
//! - the part itself has already been size-checked by [`super::package`].

use quick_xml::XmlVersion;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

use super::error::ImportError;

/// How deeply elements may nest. A Word table inside a table inside a text box is about 40 deep;
/// nothing a word processor writes comes near this.
pub const MAX_DEPTH: usize = 256;

fn damaged(part: &str, detail: impl std::fmt::Display) -> ImportError {
    ImportError::Damaged(format!("its `{part}` is not well-formed XML: {detail}"))
}

/// The namespaces the readers care about; every other one is `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ns {
    /// WordprocessingML (ECMA-376 Part 1 §17), transitional or strict.
    Word,
    /// Markup Compatibility (ECMA-376 Part 3): `mc:AlternateContent`.
    Compat,
    /// ODF `text:`.
    Text,
    /// ODF `table:`.
    Table,
    /// ODF `office:`.
    Office,
    /// ODF `style:`.
    Style,
    /// ODF's XSL-FO compatible attributes `fo:`.
    Fo,
    /// ODF `draw:`.
    Draw,
    /// ODF `meta:`.
    Meta,
    /// Dublin Core `dc:` (both formats' metadata).
    Dc,
    /// DCMI terms `dcterms:` (docx metadata).
    DcTerms,
    /// ODF manifest `manifest:`.
    Manifest,
    Other,
}

impl Ns {
    fn of(uri: &[u8]) -> Ns {
        match uri {
            b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
            | b"http://purl.oclc.org/ooxml/wordprocessingml/main" => Ns::Word,
            b"http://schemas.openxmlformats.org/markup-compatibility/2006" => Ns::Compat,
            b"urn:oasis:names:tc:opendocument:xmlns:text:1.0" => Ns::Text,
            b"urn:oasis:names:tc:opendocument:xmlns:table:1.0" => Ns::Table,
            b"urn:oasis:names:tc:opendocument:xmlns:office:1.0" => Ns::Office,
            b"urn:oasis:names:tc:opendocument:xmlns:style:1.0" => Ns::Style,
            b"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" => Ns::Fo,
            b"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" => Ns::Draw,
            b"urn:oasis:names:tc:opendocument:xmlns:meta:1.0" => Ns::Meta,
            b"http://purl.org/dc/elements/1.1/" => Ns::Dc,
            b"http://purl.org/dc/terms/" => Ns::DcTerms,
            b"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" => Ns::Manifest,
            _ => Ns::Other,
        }
    }
}

/// An element's start: its namespace, local name and attributes (by local name; a word
/// processor never gives an element two attributes with the same local name).
#[derive(Debug, Clone)]
pub struct Element {
    pub ns: Ns,
    pub name: String,
    attributes: Vec<(String, String)>,
}

impl Element {
    /// The value of the attribute with this local name (`val` for `w:val`).
    pub fn attr(&self, local: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(name, _)| name == local)
            .map(|(_, value)| value.as_str())
    }

    pub fn is(&self, ns: Ns, name: &str) -> bool {
        self.ns == ns && self.name == name
    }
}

/// What the reader gives, one at a time.
#[derive(Debug)]
pub enum Node {
    /// An element starts (an empty element gives `Start` then `End`).
    Start(Element),
    /// An element ends.
    End { ns: Ns, name: String },
    /// Text (entities and character references already resolved).
    Text(String),
    /// The end of the part.
    Eof,
}

/// A pull reader over one XML part.
pub struct XmlReader<'a> {
    reader: NsReader<&'a [u8]>,
    buf: Vec<u8>,
    depth: usize,
    part: String,
}

impl<'a> XmlReader<'a> {
    /// Reads `bytes`, the part named `part` (used in messages).
    pub fn new(bytes: &'a [u8], part: &str) -> XmlReader<'a> {
        let mut reader = NsReader::from_reader(bytes);
        reader.config_mut().expand_empty_elements = true;
        reader.config_mut().check_end_names = true;
        XmlReader {
            reader,
            buf: Vec::new(),
            depth: 0,
            part: part.to_string(),
        }
    }

    fn damaged(&self, detail: impl std::fmt::Display) -> ImportError {
        damaged(&self.part, detail)
    }

    /// The next element start, element end or text.
    pub fn next_node(&mut self) -> Result<Node, ImportError> {
        let XmlReader {
            reader,
            buf,
            depth,
            part,
        } = self;
        let part = part.as_str();
        loop {
            buf.clear();
            let (ns, event) = match reader.read_resolved_event_into(buf) {
                Ok((ResolveResult::Bound(ns), event)) => (Ns::of(ns.as_ref()), event),
                Ok((_, event)) => (Ns::Other, event),
                Err(e) => return Err(damaged(part, e)),
            };
            match event {
                Event::Start(e) => {
                    *depth += 1;
                    if *depth > MAX_DEPTH {
                        return Err(ImportError::Damaged(format!(
                            "its `{part}` nests elements more than {MAX_DEPTH} deep, which no word processor does"
                        )));
                    }
                    return element(ns, &e, part).map(Node::Start);
                }
                Event::End(e) => {
                    *depth = depth.saturating_sub(1);
                    let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                    return Ok(Node::End { ns, name });
                }
                Event::Empty(_) => unreachable!("empty elements are expanded"),
                Event::Text(t) => {
                    let text = t.xml10_content().map_err(|e| damaged(part, e))?;
                    return Ok(Node::Text(text.into_owned()));
                }
                Event::CData(t) => {
                    let text = t.xml10_content().map_err(|e| damaged(part, e))?;
                    return Ok(Node::Text(text.into_owned()));
                }
                Event::GeneralRef(r) => return reference(&r, part).map(Node::Text),
                Event::DocType(_) => {
                    return Err(ImportError::Damaged(format!(
                        "its `{part}` declares a DOCTYPE, which Word and LibreOffice never write; it is not read"
                    )));
                }
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) => continue,
                Event::Eof => return Ok(Node::Eof),
            }
        }
    }

    /// Skips the rest of the element that just started, up to and including its end.
    pub fn skip(&mut self) -> Result<(), ImportError> {
        let mut depth = 1usize;
        while depth > 0 {
            match self.next_node()? {
                Node::Start(_) => depth += 1,
                Node::End { .. } => depth -= 1,
                Node::Text(_) => {}
                Node::Eof => return Err(self.damaged("it ends in the middle of an element")),
            }
        }
        Ok(())
    }
}

/// When a document was created and last saved, as its metadata part (`bytes`, the part named
/// `part`) says: the text of the elements `created` and `modified` name (namespace, local name),
/// read by `parse`. Where one is given twice, the last counts.
pub fn document_times(
    bytes: &[u8],
    part: &str,
    created: (Ns, &str),
    modified: (Ns, &str),
    parse: fn(&str) -> Option<jiff::Timestamp>,
) -> Result<(Option<jiff::Timestamp>, Option<jiff::Timestamp>), ImportError> {
    let mut xml = XmlReader::new(bytes, part);
    let (mut created_at, mut modified_at) = (None, None);
    let mut current: Option<bool> = None;
    loop {
        match xml.next_node()? {
            Node::Start(e) if e.is(created.0, created.1) => current = Some(true),
            Node::Start(e) if e.is(modified.0, modified.1) => current = Some(false),
            Node::Text(t) => match current {
                Some(true) => created_at = parse(&t),
                Some(false) => modified_at = parse(&t),
                None => {}
            },
            Node::End { .. } => current = None,
            Node::Eof => return Ok((created_at, modified_at)),
            _ => {}
        }
    }
}

/// An element's start, with its attributes (values normalised as XML 1.0 says) by local name.
fn element(ns: Ns, start: &BytesStart, part: &str) -> Result<Element, ImportError> {
    let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
    let mut attributes = Vec::new();
    for attr in start.attributes() {
        let attr = attr.map_err(|e| damaged(part, e))?;
        let key = String::from_utf8_lossy(attr.key.local_name().as_ref()).into_owned();
        let value = attr
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| damaged(part, e))?
            .into_owned();
        attributes.push((key, value));
    }
    Ok(Element {
        ns,
        name,
        attributes,
    })
}

/// The text a reference stands for: a character reference, or one of XML's five predefined
/// entities. Any other entity is refused: entities are never read from elsewhere.
fn reference(r: &BytesRef, part: &str) -> Result<String, ImportError> {
    if let Some(c) = r.resolve_char_ref().map_err(|e| damaged(part, e))? {
        return Ok(c.to_string());
    }
    let name = r.decode().map_err(|e| damaged(part, e))?;
    match quick_xml::escape::resolve_predefined_entity(&name) {
        Some(text) => Ok(text.to_string()),
        None => Err(damaged(
            part,
            format!(
                "it uses the entity `&{name};`, which XML does not define (entities are never read from elsewhere)"
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(xml: &str) -> Result<Vec<String>, ImportError> {
        let mut r = XmlReader::new(xml.as_bytes(), "test.xml");
        let mut out = Vec::new();
        loop {
            match r.next_node()? {
                Node::Start(e) => out.push(format!("<{}>", e.name)),
                Node::End { name, .. } => out.push(format!("</{name}>")),
                Node::Text(t) => out.push(t),
                Node::Eof => return Ok(out),
            }
        }
    }

    #[test]
    fn reads_elements_text_and_the_predefined_entities() {
        let got =
            all(r#"<?xml version="1.0"?><a x="1 &amp; 2"><b/>T&amp;C &#233;<![CDATA[<raw>]]></a>"#)
                .unwrap();
        assert_eq!(
            got,
            ["<a>", "<b>", "</b>", "T", "&", "C ", "é", "<raw>", "</a>"]
        );
    }

    #[test]
    fn refuses_a_doctype_and_unknown_entities() {
        let xxe = r#"<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>"#;
        let err = all(xxe).unwrap_err().to_string();
        assert!(err.contains("DOCTYPE"), "{err}");
        let err = all("<a>&x;</a>").unwrap_err().to_string();
        assert!(err.contains("`&x;`"), "{err}");
    }

    #[test]
    fn refuses_deep_nesting_without_recursing() {
        let deep = "<a>".repeat(MAX_DEPTH + 1) + &"</a>".repeat(MAX_DEPTH + 1);
        let err = all(&deep).unwrap_err().to_string();
        assert!(err.contains("more than 256 deep"), "{err}");
        let ok = "<a>".repeat(MAX_DEPTH) + &"</a>".repeat(MAX_DEPTH);
        assert!(all(&ok).is_ok());
    }

    #[test]
    fn mismatched_or_cut_short_xml_is_damaged() {
        assert!(all("<a><b></a>").is_err());
        let mut r = XmlReader::new(b"<a><b>", "t.xml");
        assert!(matches!(r.next_node().unwrap(), Node::Start(_)));
        assert!(r.skip().is_err());
    }

    #[test]
    fn namespaces_are_resolved_whatever_the_prefix() {
        let xml = r#"<x:document xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><x:p/></x:document>"#;
        let mut r = XmlReader::new(xml.as_bytes(), "t.xml");
        match r.next_node().unwrap() {
            Node::Start(e) => assert!(e.is(Ns::Word, "document")),
            other => panic!("{other:?}"),
        }
    }
}
