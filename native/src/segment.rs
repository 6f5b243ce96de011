//! The segmenter (linter/text/segment.py's `paragraphs` and `sentences`, its twins): where a text's paragraphs
//! begin and end, and each paragraph's sentences.

use pyo3::prelude::*;
use pyo3::types::PyString;
use pyo3::{ffi, AsPyPointer};
use std::collections::HashSet;

use crate::letters;
use crate::{in_table, is_number, is_regex_space, is_upper, python_isalpha, python_isspace, python_isupper, CodePoints};

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

#[inline]
fn is_line_break(u: u32) -> bool {
    u == 0x0A || u == 0x0D
}

/// The length of the line break `\r?\n|\r` at `p` (a "\r\n" only when its "\n" lies before `end`), or 0.
#[inline]
fn line_break(t: &CodePoints<'_>, p: usize, end: usize) -> usize {
    match t.at(p) {
        0x0D if p + 1 < end && t.at(p + 1) == 0x0A => 2,
        0x0A | 0x0D => 1,
        _ => 0,
    }
}

/// The paragraph break `_PARAGRAPH_BREAK` (`(?:\r?\n|\r)(?:[ \t\f\v]*(?:\r?\n|\r))+`) matched at `p`: its end,
/// or None. A lone "\r\n" is one: `regex` backtracks into reading it as "\r", then "\n".
fn paragraph_break_at(t: &CodePoints<'_>, p: usize, n: usize) -> Option<usize> {
    let first = line_break(t, p, n);
    if first == 0 {
        return None;
    }
    let (mut end, mut more) = (p + first, false);
    loop {
        let mut r = end;
        while r < n && matches!(t.at(r), 0x20 | 0x09 | 0x0C | 0x0B) {
            r += 1;
        }
        let next = if r < n { line_break(t, r, n) } else { 0 };
        if next == 0 {
            break;
        }
        end = r + next;
        more = true;
    }
    if more {
        Some(end)
    } else if first == 2 {
        Some(p + 2)
    } else {
        None
    }
}

/// `_ENDS_SENTENCE.search(text[start:end])` for a line (no line break in it): a terminal mark `[.!?…:]`, closing
/// marks, then spaces or tabs to its end.
fn ends_sentence(t: &CodePoints<'_>, start: usize, end: usize) -> bool {
    let mut k = end;
    while k > start && matches!(t.at(k - 1), 0x20 | 0x09) {
        k -= 1;
    }
    while k > start && is_closer(t.at(k - 1)) {
        k -= 1;
    }
    k > start && matches!(t.at(k - 1), 0x2E | 0x21 | 0x3F | 0x2026 | 0x3A)
}

/// `_STARTS_LIKE_SENTENCE.match(text, start, end)`: spaces or tabs, then opening marks and a capital or a digit
/// (`\p{Lu}`, `\p{N}`), or a list or block marker `[-*•#>]`.
fn starts_like_sentence(t: &CodePoints<'_>, start: usize, end: usize) -> bool {
    let mut p = start;
    while p < end && matches!(t.at(p), 0x20 | 0x09) {
        p += 1;
    }
    let mut q = p;
    while q < end && is_opener(t.at(q)) {
        q += 1;
    }
    (q < end && (is_upper(t.at(q)) || is_number(t.at(q))))
        || (p < end && matches!(t.at(p), 0x2D | 0x2A | 0x2022 | 0x23 | 0x3E))
}

/// `_add_trimmed`: the span without the white space (`str.isspace`) at its ends, when anything is left.
fn add_trimmed(t: &CodePoints<'_>, mut start: usize, mut end: usize, out: &mut Vec<(usize, usize)>) {
    while start < end && python_isspace(t.at(start)) {
        start += 1;
    }
    while end > start && python_isspace(t.at(end - 1)) {
        end -= 1;
    }
    if end > start {
        out.push((start, end));
    }
}

/// `_add_block`: a block between paragraph breaks, cut again at a line break where the line before ends a sentence
/// and the next starts like one.
fn add_block(t: &CodePoints<'_>, mut start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let mut line_start = start;
    let mut p = start;
    while p < end {
        let size = line_break(t, p, end);
        if size == 0 {
            p += 1;
            continue;
        }
        if ends_sentence(t, line_start, p) && starts_like_sentence(t, p + size, end) {
            add_trimmed(t, start, p, out);
            start = p + size;
        }
        p += size;
        line_start = p;
    }
    add_trimmed(t, start, end, out);
}

/// paragraphs(text) -> [(start, end)]: linter/text/segment.py's `_python_paragraphs`, the same steps.
#[pyfunction]
pub fn paragraphs(text: &PyString) -> PyResult<Vec<(usize, usize)>> {
    // SAFETY: a str is immutable and `text` is borrowed for this whole call.
    let t = CodePoints::of(unsafe { text.data()? });
    let n = t.len();
    let mut spans = Vec::new();
    let (mut pos, mut p) = (0, 0);
    while p < n {
        if !is_line_break(t.at(p)) {
            p += 1;
            continue;
        }
        match paragraph_break_at(&t, p, n) {
            Some(after) => {
                add_block(&t, pos, p, &mut spans);
                pos = after;
                p = after;
            }
            None => p += 1,
        }
    }
    add_block(&t, pos, n, &mut spans);
    Ok(spans)
}
