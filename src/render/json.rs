//! JSON written for people and terminals as well as programs (`print --format json`,
//! `collate --format jsonl`): every value kept exactly, and every character the
//! [sanitiser](crate::render::sanitise) would not let through as it is (DEL, C1 controls, bidi
//! overrides; serde_json already escapes C0) written as a `\uXXXX` escape, which any JSON
//! reader turns back into the same character. So the data is unchanged, and the bytes on a
//! terminal are harmless.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};

use crate::render::sanitise::is_unsafe;

/// A formatter that escapes what serde_json leaves raw, around one that lays the JSON out.
struct Escaping<F>(F);

macro_rules! delegate {
    ($($name:ident($($arg:ident: $ty:ty),*)),* $(,)?) => {
        $(fn $name<W: ?Sized + Write>(&mut self, w: &mut W $(, $arg: $ty)*) -> io::Result<()> {
            self.0.$name(w $(, $arg)*)
        })*
    };
}

impl<F: Formatter> Formatter for Escaping<F> {
    delegate!(
        begin_array(),
        end_array(),
        begin_array_value(first: bool),
        end_array_value(),
        begin_object(),
        end_object(),
        begin_object_key(first: bool),
        end_object_key(),
        begin_object_value(),
        end_object_value(),
    );

    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if is_unsafe(c) {
                w.write_all(&fragment.as_bytes()[start..i])?;
                write!(w, "\\u{:04x}", c as u32)?;
                start = i + c.len_utf8();
            }
        }
        w.write_all(&fragment.as_bytes()[start..])
    }
}

/// `value` as JSON laid out with two-space indents, then a line break.
pub fn pretty<T: Serialize>(value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    let mut ser =
        serde_json::Serializer::with_formatter(&mut out, Escaping(PrettyFormatter::new()));
    // Serialising a value read from JSON into memory cannot fail.
    let _ = value.serialize(&mut ser);
    out.push(b'\n');
    out
}

/// `value` as JSON on one line, then a line break (one line of JSON Lines).
pub fn line<T: Serialize>(value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, Escaping(CompactFormatter));
    let _ = value.serialize(&mut ser);
    out.push(b'\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_data_and_escapes_what_a_terminal_would_act_on() {
        let value = serde_json::json!({"a": "x\u{7f}\u{9b}2J\u{202e}y\u{1b}z é", "b": [1, true]});
        let text = String::from_utf8(line(&value)).unwrap();
        assert_eq!(
            text,
            "{\"a\":\"x\\u007f\\u009b2J\\u202ey\\u001bz é\",\"b\":[1,true]}\n"
        );
        assert!(!text.chars().any(|c| is_unsafe(c) && c != '\n'));
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
        let back: serde_json::Value = serde_json::from_slice(&pretty(&value)).unwrap();
        assert_eq!(back, value);
    }
}
