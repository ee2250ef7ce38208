//! The answer cards of the HTML digest, waiting in a temporary file until every response is
//! in, then read back question by question.
//!
//! Cards come response by response but go out question by question. The first
//! [`OWN_FILES`] questions (every question of a questionnaire, in practice) each have a file of
//! their own, copied out whole at the end by the kernel. Past those (a stranger's file with
//! thousands of made-up questions must not open thousands of files), cards share one file, each
//! written with a header pointing to the next card of the same question, filled in when that
//! card comes (in the write buffer while it is still there, else in the file). Either way
//! memory holds only a buffer per question and the first and last card of each, however many
//! responses there are.

use std::fs::File;
use std::io::{self, BufWriter, Seek, Write};
use std::os::unix::fs::FileExt;

use crate::collate::Output;

/// Where a card's record is in the file: its offset and its length, header included.
type Link = (u64, u32);

/// A record's header: the next card of its question (offset, then length; a length of 0 when
/// there is none yet).
const HEADER: usize = 12;
/// How much is written at once.
const BUFFER: usize = 1 << 20;
/// How many questions get a file of their own.
const OWN_FILES: usize = 64;
/// The write buffer of a question's own file.
const OWN_BUFFER: usize = 64 * 1024;

pub(super) struct Cards {
    /// The files of the first questions, by question number, made when first needed.
    own: Vec<Option<BufWriter<File>>>,
    /// The shared file of the other questions.
    file: File,
    buf: Vec<u8>,
    /// How much of the file is written (where `buf` starts).
    flushed: u64,
    /// For each question (by its number), its first and last card.
    ends: Vec<Option<(Link, Link)>>,
}

impl Cards {
    pub fn new() -> io::Result<Cards> {
        Ok(Cards {
            own: Vec::new(),
            file: tempfile::tempfile()?,
            buf: Vec::with_capacity(BUFFER + 64 * 1024),
            flushed: 0,
            ends: Vec::new(),
        })
    }

    /// Adds a card for `question`, made of `parts` one after another.
    pub fn push(&mut self, question: usize, parts: &[&[u8]]) -> io::Result<()> {
        if question < OWN_FILES {
            if self.own.len() <= question {
                self.own.resize_with(question + 1, || None);
            }
            let file = match &mut self.own[question] {
                Some(file) => file,
                slot => slot.insert(BufWriter::with_capacity(OWN_BUFFER, tempfile::tempfile()?)),
            };
            for part in parts {
                file.write_all(part)?;
            }
            return Ok(());
        }
        let len = HEADER + parts.iter().map(|p| p.len()).sum::<usize>();
        let len = u32::try_from(len)
            .map_err(|_| io::Error::other("an answer is too large to collate"))?;
        let at = self.flushed + self.buf.len() as u64;
        self.buf.extend_from_slice(&[0; HEADER]);
        for part in parts {
            self.buf.extend_from_slice(part);
        }
        if self.ends.len() <= question {
            self.ends.resize(question + 1, None);
        }
        let link = (at, len);
        match self.ends[question] {
            None => self.ends[question] = Some((link, link)),
            Some((first, last)) => {
                self.point(last.0, link)?;
                self.ends[question] = Some((first, link));
            }
        }
        if self.buf.len() >= BUFFER {
            self.file.write_all(&self.buf)?;
            self.flushed += self.buf.len() as u64;
            self.buf.clear();
        }
        Ok(())
    }

    /// Makes the record at `record` point to `next`.
    fn point(&mut self, record: u64, next: Link) -> io::Result<()> {
        let mut header = [0; HEADER];
        header[..8].copy_from_slice(&next.0.to_le_bytes());
        header[8..].copy_from_slice(&next.1.to_le_bytes());
        match record.checked_sub(self.flushed) {
            Some(i) => {
                let i = i as usize;
                self.buf[i..i + HEADER].copy_from_slice(&header);
                Ok(())
            }
            None => self.file.write_all_at(&header, record),
        }
    }

    /// Writes out what is still buffered, before reading back.
    pub fn flush(&mut self) -> io::Result<()> {
        self.file.write_all(&self.buf)?;
        self.flushed += self.buf.len() as u64;
        self.buf.clear();
        Ok(())
    }

    /// Writes every card of `question` to `out`, in the order they came. Call
    /// [`flush`](Self::flush) first.
    pub fn write_out(
        &mut self,
        question: usize,
        buf: &mut Vec<u8>,
        out: &mut Output,
    ) -> io::Result<()> {
        match self.own.get_mut(question).and_then(Option::take) {
            Some(file) => {
                let mut file = file.into_inner().map_err(|e| e.into_error())?;
                file.rewind()?;
                out.copy_from(&mut file)?;
                Ok(())
            }
            None => self.each(question, buf, &mut |card| out.writer.write_all(card)),
        }
    }

    /// Hands each card of `question` in the shared file to `each`, in the order they came.
    fn each(
        &self,
        question: usize,
        buf: &mut Vec<u8>,
        each: &mut dyn FnMut(&[u8]) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut link = self
            .ends
            .get(question)
            .copied()
            .flatten()
            .map(|(first, _)| first);
        while let Some((at, len)) = link {
            buf.resize(len as usize, 0);
            self.file.read_exact_at(buf, at)?;
            let next = u64::from_le_bytes(buf[..8].try_into().unwrap_or_default());
            let next_len = u32::from_le_bytes(buf[8..HEADER].try_into().unwrap_or_default());
            each(&buf[HEADER..])?;
            link = (next_len > 0).then_some((next, next_len));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cards_come_back_question_by_question_in_order() {
        let mut cards = Cards::new().unwrap();
        // The shared file: these questions come after those with a file of their own.
        let q0 = OWN_FILES;
        // Enough to pass the buffer several times, so that links are filled in both in the
        // buffer and in the file.
        let big = vec![b'x'; 1_200_000];
        for r in 0..20 {
            for q in [0, 2, 1] {
                if (r + q) % 3 == 0 {
                    continue;
                }
                let tag = format!("{r}/{q};");
                cards
                    .push(q0 + q, &[tag.as_bytes(), &big[..r * 60_000]])
                    .unwrap();
            }
        }
        cards.flush().unwrap();
        let mut buf = Vec::new();
        for q in 0..4 {
            let mut got = Vec::new();
            cards
                .each(q0 + q, &mut buf, &mut |card| {
                    let tag = card.split(|&b| b == b';').next().unwrap();
                    got.push(String::from_utf8(tag.to_vec()).unwrap());
                    Ok(())
                })
                .unwrap();
            let want: Vec<String> = (0..20)
                .filter(|r| q < 3 && (r + q) % 3 != 0)
                .map(|r| format!("{r}/{q}"))
                .collect();
            assert_eq!(got, want, "question {q}");
        }
    }
}
