//! The sentence segmenter (linter/text/segment.py's `sentences`, its twin): where each paragraph's sentences end.

use pyo3::prelude::*;
use pyo3::types::PyString;
use pyo3::{ffi, AsPyPointer};
use std::collections::HashSet;

use crate::letters;
use crate::{in_table, is_regex_space, python_isalpha, python_isspace, python_isupper, CodePoints};

extern "C" {
    fn _PyUnicode_IsUppercase(ch: u32) -> std::os::raw::c_int;
    fn _PyUnicode_IsDigit(ch: u32) -> std::os::raw::c_int;
}

/// `\w` as `regex` reads it (the table native/gen_letters.py wrote).
#[inline]
fn is_word(u: u32) -> bool {
    if u < 0x80 {
        return (u | 0x20).wrapping_sub(0x61) < 26 || u.wrapping_sub(0x30) < 10 || u == 0x5F;
    }
    in_table(&letters::WORD, u)
}

/// `[.!?…]`: what `_TERMINAL` is a run of.
#[inline]
fn is_terminal(u: u32) -> bool {
    matches!(u, 0x2E | 0x21 | 0x3F | 0x2026)
}

/// `["'”’»)\]]`: the closing marks a terminal run takes after it.
#[inline]
fn is_closer(u: u32) -> bool {
    matches!(u, 0x22 | 0x27 | 0x201D | 0x2019 | 0xBB | 0x29 | 0x5D)
}

/// `["'“‘«(\[]`: the opening marks `_NEXT_WORD` passes over.
#[inline]
fn is_opener(u: u32) -> bool {
    matches!(u, 0x22 | 0x27 | 0x201C | 0x2018 | 0xAB | 0x28 | 0x5B)
}

/// `[\w'’-]`: a character of `_NEXT_WORD`'s word.
#[inline]
fn is_next_word(u: u32) -> bool {
    is_word(u) || matches!(u, 0x27 | 0x2019 | 0x2D)
}

/// `[\w.'-]`: a character inside `_WORD_BEFORE`'s word.
#[inline]
fn is_word_inside(u: u32) -> bool {
    is_word(u) || matches!(u, 0x2E | 0x27 | 0x2D)
}

#[inline]
fn python_isupper_char(u: u32) -> bool {
    // SAFETY: a plain table lookup of the running interpreter
    unsafe { _PyUnicode_IsUppercase(u) != 0 }
}

#[inline]
fn python_isdigit_char(u: u32) -> bool {
    // SAFETY: a plain table lookup of the running interpreter
    unsafe { _PyUnicode_IsDigit(u) != 0 }
}

/// The sentence segmenter with its word lists (linter/text/segment.py's TITLES, AMBIGUOUS and SENTENCE_OPENERS),
/// made once: `sentences(text, paragraphs)` is segment.py's `_python_sentence_index`, the same steps.
#[pyclass(module = "linter.text._native")]
pub struct Segmenter {
    titles: HashSet<String>,
    ambiguous: HashSet<String>,
    openers: HashSet<String>,
}

/// A word of the text as `str.lower` gives it: lowered here when ASCII, by Python's own `str.lower` otherwise.
fn lowered(py: Python<'_>, text: &PyString, t: &CodePoints<'_>, start: usize, end: usize) -> PyResult<String> {
    if (start..end).all(|k| t.at(k) < 0x80) {
        return Ok((start..end).map(|k| (t.at(k) as u8).to_ascii_lowercase() as char).collect());
    }
    // SAFETY: offsets within the string's length; a NULL (memory error) is turned into the Python exception
    let cut = unsafe { ffi::PyUnicode_Substring(text.as_ptr(), start as ffi::Py_ssize_t, end as ffi::Py_ssize_t) };
    let cut = unsafe { PyObject::from_owned_ptr_or_err(py, cut)? };
    cut.call_method0(py, "lower")?.extract(py)
}

impl Segmenter {
    /// `_NEXT_WORD.match(text, from, end)`: the span of its word, or None where it does not match.
    fn next_word(t: &CodePoints<'_>, from: usize, end: usize) -> Option<(usize, usize)> {
        let mut p = from;
        while p < end && (is_regex_space(t.at(p)) || (0x1C..=0x1F).contains(&t.at(p))) {
            p += 1;
        }
        let mut q = p;
        while q < end && is_opener(t.at(q)) {
            q += 1;
        }
        let start = if q < end && is_next_word(t.at(q)) {
            q
        } else {
            // backtracking gives the openers back from the right: the last "'" among them is a word of its own
            (p..q).rev().find(|&r| t.at(r) == 0x27)?
        };
        let mut stop = start;
        while stop < end && is_next_word(t.at(stop)) {
            stop += 1;
        }
        Some((start, stop))
    }

    /// `_WORD_BEFORE.search(text, lo, hi)` (`(?r)(\w(?:[\w.'-]*\w)?)\.?$`): the span of its group, or None. `$` is
    /// `hi`, or the position before a line feed just before `hi`.
    fn word_before(t: &CodePoints<'_>, lo: usize, hi: usize) -> Option<(usize, usize)> {
        let ending_at = |x: usize| -> Option<(usize, usize)> {
            let y = if x > lo && t.at(x - 1) == 0x2E { x - 1 } else { x };
            if !(y > lo && is_word(t.at(y - 1))) {
                return None;
            }
            let mut s = y - 1;
            while s > lo && is_word_inside(t.at(s - 1)) {
                s -= 1;
            }
            let first = (s..y).find(|&k| is_word(t.at(k)))?;
            Some((first, y))
        };
        ending_at(hi).or_else(|| if hi > lo && t.at(hi - 1) == 0x0A { ending_at(hi - 1) } else { None })
    }

    /// `_is_boundary`: whether the terminal run `term` ends the sentence that starts at `sentence_start`.
    fn is_boundary(&self, py: Python<'_>, text: &PyString, t: &CodePoints<'_>, sentence_start: usize,
                   term: (usize, usize), end: usize) -> PyResult<bool> {
        let Some((w_start, w_end)) = Self::next_word(t, term.1, end) else {
            return Ok(true);
        };
        let first = t.at(w_start);
        let starts_upper = python_isupper_char(first) || python_isdigit_char(first);
        let mark = t.at(term.0);
        let three_periods = term.1 - term.0 >= 3 && (0..3).all(|k| t.at(term.0 + k) == 0x2E);
        if three_periods || mark == 0x2026 || mark != 0x2E {
            return Ok(starts_upper);
        }
        let before = Self::word_before(t, sentence_start, term.0);
        let token = match before {
            Some((s, e)) => lowered(py, text, t, s, e)?,
            None => String::new(),
        };
        if self.titles.contains(&token) {
            return Ok(false);
        }
        if self.ambiguous.contains(&token) || dotted(&token) {
            return Ok(starts_upper && self.openers.contains(&lowered(py, text, t, w_start, w_end)?));
        }
        let mut chars = token.chars();
        if let (Some(only), None, Some((s, e))) = (chars.next(), chars.next(), before) {
            if python_isalpha(only as u32) && python_isupper(t, s, e) {
                return Ok(false); // an initial: "John F. Kennedy"
            }
        }
        Ok(starts_upper)
    }
}

/// `_DOTTED.fullmatch(token)`: `(?:\w\.)+\w`.
fn dotted(token: &str) -> bool {
    let chars: Vec<u32> = token.chars().map(|c| c as u32).collect();
    chars.len() >= 3 && chars.len() % 2 == 1
        && chars.iter().enumerate().all(|(k, &u)| if k % 2 == 0 { is_word(u) } else { u == 0x2E })
}

#[pymethods]
impl Segmenter {
    #[new]
    fn new(titles: Vec<String>, ambiguous: Vec<String>, openers: Vec<String>) -> Self {
        Segmenter {
            titles: titles.into_iter().collect(),
            ambiguous: ambiguous.into_iter().collect(),
            openers: openers.into_iter().collect(),
        }
    }

    /// sentences(text, paragraphs) -> [(start, end)]: the sentence spans of every paragraph span, in order.
    fn sentences(&self, py: Python<'_>, text: &PyString, paragraphs: Vec<(usize, usize)>)
                 -> PyResult<Vec<(usize, usize)>> {
        // SAFETY: a str is immutable and `text` is borrowed for this whole call.
        let t = CodePoints::of(unsafe { text.data()? });
        if paragraphs.iter().any(|&(s, e)| s > e || e > t.len()) {
            return Err(pyo3::exceptions::PyValueError::new_err("a paragraph lies outside the text"));
        }
        let mut spans = Vec::new();
        for &(start, end) in paragraphs.iter() {
            let mut sentence_start = start;
            let mut pos = start;
            while pos < end {
                if !is_terminal(t.at(pos)) {
                    pos += 1;
                    continue;
                }
                let term_start = pos;
                while pos < end && is_terminal(t.at(pos)) {
                    pos += 1;
                }
                while pos < end && is_closer(t.at(pos)) {
                    pos += 1;
                }
                let after = pos;
                if after < end && !python_isspace(t.at(after)) {
                    continue; // "3.5", "bbc.com", "U.S." inside a token, "morning.Gleb"
                }
                if !self.is_boundary(py, text, &t, sentence_start, (term_start, after), end)? {
                    continue;
                }
                spans.push((sentence_start, after));
                sentence_start = after;
                while sentence_start < end && python_isspace(t.at(sentence_start)) {
                    sentence_start += 1;
                }
            }
            if sentence_start < end {
                spans.push((sentence_start, end));
            }
        }
        Ok(spans)
    }
}
