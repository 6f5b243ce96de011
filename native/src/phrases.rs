//! Whole-word phrase hits for several phrase tables in one Aho–Corasick pass: linter/text/phrases.py's
//! `PhraseIndex.find` (its pure-Python twin, with pyahocorasick), the same hits as offset arrays.
//!
//! The text is read as one byte per code point: each character of a phrase gets its own byte (at most 255 kinds
//! of character in all the phrases, else the index is not built and Python runs), every other character byte 0,
//! which no phrase holds; so the automaton's offsets are code-point offsets, with no UTF-8 copy to map back.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::{python_isalnum, CodePoints};

/// phrases.py's `_is_word`: `ch.isalnum() or ch == "_"`, as the running interpreter reads it.
#[inline]
fn is_word(u: u32) -> bool {
    if u < 0x80 {
        return (u as u8).is_ascii_alphanumeric() || u == 0x5F;
    }
    python_isalnum(u)
}

/// PhraseAutomaton(phrases, tables, count): `phrases` (the keys, each non-empty) and, for each, the numbers of the
/// tables (`0..count`) that hold it. ValueError where it cannot be built (an empty phrase, more than 255 kinds of
/// character): phrases.py then keeps to pyahocorasick.
#[pyclass(module = "linter.text._native")]
pub struct PhraseAutomaton {
    automaton: AhoCorasick,
    byte_of: Vec<u8>,
    tables: Vec<Vec<u32>>,
    count: usize,
}

#[pymethods]
impl PhraseAutomaton {
    #[new]
    fn new(phrases: Vec<String>, tables: Vec<Vec<u32>>, count: usize) -> PyResult<Self> {
        if phrases.len() != tables.len() {
            return Err(PyValueError::new_err("phrases and tables differ in length"));
        }
        if tables.iter().flatten().any(|&t| t as usize >= count) {
            return Err(PyValueError::new_err("a table number is not below count"));
        }
        let mut byte_of: Vec<u8> = Vec::new();
        let mut kinds = 0u32;
        let mut coded: Vec<Vec<u8>> = Vec::with_capacity(phrases.len());
        for phrase in &phrases {
            if phrase.is_empty() {
                return Err(PyValueError::new_err("an empty phrase"));
            }
            let mut bytes = Vec::with_capacity(phrase.len());
            for ch in phrase.chars() {
                let u = ch as usize;
                if u >= byte_of.len() {
                    byte_of.resize(u + 1, 0);
                }
                if byte_of[u] == 0 {
                    kinds += 1;
                    if kinds > 255 {
                        return Err(PyValueError::new_err("more than 255 kinds of character in the phrases"));
                    }
                    byte_of[u] = kinds as u8;
                }
                bytes.push(byte_of[u]);
            }
            coded.push(bytes);
        }
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .dfa(true)
            .build(&coded);
        Ok(PhraseAutomaton { automaton, byte_of, tables, count })
    }

    /// find(text, folded) -> per table, its hits as one flat list `[start, end, phrase, ...]`: the whole-word
    /// occurrences of its phrases in `folded` (not after a word character, "#" or "@" of `text`, not before a word
    /// character), leftmost first, the longest where several start together, none overlapping.
    fn find(&self, text: &PyString, folded: &PyString) -> PyResult<Vec<Vec<usize>>> {
        // SAFETY: str objects are immutable and both are borrowed for this whole call.
        let t = CodePoints::of(unsafe { text.data()? });
        let f = CodePoints::of(unsafe { folded.data()? });
        let n = t.len();
        if f.len() != n {
            return Err(PyValueError::new_err("the folded text differs from the text in length"));
        }
        let width = self.byte_of.len();
        let coded: Vec<u8> = (0..n)
            .map(|i| {
                let u = f.at(i) as usize;
                if u < width { self.byte_of[u] } else { 0 }
            })
            .collect();
        let mut found: Vec<Vec<(usize, usize, usize)>> = vec![Vec::new(); self.count];
        for m in self.automaton.find_overlapping_iter(&coded) {
            let (start, end) = (m.start(), m.end());
            if start > 0 {
                let before = t.at(start - 1);
                if is_word(before) || before == 0x23 || before == 0x40 {
                    continue;
                }
            }
            if end < n && is_word(t.at(end)) {
                continue;
            }
            for &table in &self.tables[m.pattern()] {
                found[table as usize].push((start, end, m.pattern()));
            }
        }
        Ok(found
            .into_iter()
            .map(|mut hits| {
                hits.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
                let mut kept = Vec::with_capacity(hits.len() * 3);
                let mut taken_until = 0usize;
                for (start, end, phrase) in hits {
                    if start >= taken_until {
                        taken_until = end;
                        kept.extend_from_slice(&[start, end, phrase]);
                    }
                }
                kept
            })
            .collect())
    }
}
