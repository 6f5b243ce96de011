//! copydesk's compiled text passes, imported by linter/text/tokens.py as `linter.text._native`.
//!
//! Each function has a pure-Python twin that gives identical results (tests/test_native.py compares them);
//! offsets are code points, never bytes.

use pyo3::ffi;
use pyo3::AsPyPointer;
use pyo3::prelude::*;
use pyo3::types::{PyString, PyStringData};
use std::cmp::Ordering;

mod letters;
mod names;
mod phrases;
mod repetition;
mod scan;
mod segment;
mod words;

/// Whether the code point `u` lies in one of `table`'s sorted, inclusive ranges.
#[inline]
fn in_table(table: &[(u32, u32)], u: u32) -> bool {
    table
        .binary_search_by(|&(first, last)| {
            if last < u {
                Ordering::Less
            } else if first > u {
                Ordering::Greater
            } else {
                Ordering::Equal
            }
        })
        .is_ok()
}

/// Whether the code point `u` is in `\p{L}` as the `regex` module reads it (the table native/gen_letters.py wrote).
#[inline]
fn is_letter(u: u32) -> bool {
    if u < 0x80 {
        return (u | 0x20).wrapping_sub(0x61) < 26;
    }
    in_table(&letters::LETTERS, u)
}

/// `\p{Lu}`, `\p{M}` and `\p{N}` as `regex` reads them (the tables native/gen_letters.py wrote).
#[inline]
fn is_upper(u: u32) -> bool {
    if u < 0x80 {
        return u.wrapping_sub(0x41) < 26;
    }
    in_table(&letters::UPPER, u)
}

#[inline]
fn is_mark(u: u32) -> bool {
    u >= letters::MARKS[0].0 && in_table(&letters::MARKS, u)
}

#[inline]
fn is_number(u: u32) -> bool {
    if u < 0x80 {
        return u.wrapping_sub(0x30) < 10;
    }
    in_table(&letters::NUMBERS, u)
}

/// Code-point offsets of the tokens `\p{L}[\p{L}'’-]*` (linter/text/document.py's WORD), left to right.
fn word_spans<I: Iterator<Item = u32>>(code_points: I) -> (Vec<usize>, Vec<usize>) {
    let mut starts = Vec::new();
    let mut ends = Vec::new();
    let mut in_word = false;
    let mut i = 0usize;
    for u in code_points {
        if in_word && !(u == 0x27 || u == 0x2019 || u == 0x2D || is_letter(u)) {
            ends.push(i);
            in_word = false;
        } else if !in_word && is_letter(u) {
            starts.push(i);
            in_word = true;
        }
        i += 1;
    }
    if in_word {
        ends.push(i);
    }
    (starts, ends)
}

/// The spans of `prose`'s words, read from the string's own code-point array (no UTF-8 copy: offsets are
/// indices into it), with the GIL released while it scans.
fn spans_of(py: Python<'_>, prose: &PyString) -> PyResult<(Vec<usize>, Vec<usize>)> {
    // SAFETY: a str is immutable and `prose` is borrowed for this whole call, so its array outlives the scan.
    let data = unsafe { prose.data()? };
    Ok(py.allow_threads(|| match data {
        PyStringData::Ucs1(a) => word_spans(a.iter().map(|&c| c as u32)),
        PyStringData::Ucs2(a) => word_spans(a.iter().map(|&c| c as u32)),
        PyStringData::Ucs4(a) => word_spans(a.iter().copied()),
    }))
}

/// words_and_texts(prose) -> (starts, ends, texts): the code-point offsets of the word tokens of `prose` and each
/// word's text (`prose[start:end]`, not lowercased), cut in one pass without a Python loop.
#[pyfunction]
fn words_and_texts(py: Python<'_>, prose: &PyString) -> PyResult<(Vec<usize>, Vec<usize>, Vec<PyObject>)> {
    let (starts, ends) = spans_of(py, prose)?;
    let mut texts = Vec::with_capacity(starts.len());
    for (&start, &end) in starts.iter().zip(ends.iter()) {
        // SAFETY: offsets within the string's length; a NULL (memory error) is turned into the Python exception
        let word = unsafe { ffi::PyUnicode_Substring(prose.as_ptr(), start as ffi::Py_ssize_t, end as ffi::Py_ssize_t) };
        texts.push(unsafe { PyObject::from_owned_ptr_or_err(py, word)? });
    }
    Ok((starts, ends, texts))
}

/// A string's code points (as its own array holds them), for comparisons that must not allocate.
#[derive(Clone, Copy)]
enum CodePoints<'a> {
    One(&'a [u8]),
    Two(&'a [u16]),
    Four(&'a [u32]),
}

impl<'a> CodePoints<'a> {
    fn of(data: PyStringData<'a>) -> Self {
        match data {
            PyStringData::Ucs1(a) => CodePoints::One(a),
            PyStringData::Ucs2(a) => CodePoints::Two(a),
            PyStringData::Ucs4(a) => CodePoints::Four(a),
        }
    }

    #[inline]
    fn at(&self, i: usize) -> u32 {
        match self {
            CodePoints::One(a) => a[i] as u32,
            CodePoints::Two(a) => a[i] as u32,
            CodePoints::Four(a) => a[i],
        }
    }

    /// The kind and the raw bytes of the array: equal for two strings exactly when their code points are.
    fn bytes(self) -> (u8, &'a [u8]) {
        match self {
            CodePoints::One(a) => (1, a),
            // SAFETY: a u16 or u32 slice seen as its bytes (the same memory; u8 needs no alignment)
            CodePoints::Two(a) => (2, unsafe { std::slice::from_raw_parts(a.as_ptr() as *const u8, a.len() * 2) }),
            CodePoints::Four(a) => (4, unsafe { std::slice::from_raw_parts(a.as_ptr() as *const u8, a.len() * 4) }),
        }
    }

    fn len(&self) -> usize {
        match self {
            CodePoints::One(a) => a.len(),
            CodePoints::Two(a) => a.len(),
            CodePoints::Four(a) => a.len(),
        }
    }
}

extern "C" {
    // CPython's own case tables (Py_UNICODE_ISLOWER, ISUPPER, ISTITLE), which `str.isupper` reads
    fn _PyUnicode_IsLowercase(ch: u32) -> std::os::raw::c_int;
    fn _PyUnicode_IsUppercase(ch: u32) -> std::os::raw::c_int;
    fn _PyUnicode_IsTitlecase(ch: u32) -> std::os::raw::c_int;
    fn _PyUnicode_IsWhitespace(ch: u32) -> std::os::raw::c_int;
    fn _PyUnicode_IsAlpha(ch: u32) -> std::os::raw::c_int;
    fn _PyUnicode_IsDecimalDigit(ch: u32) -> std::os::raw::c_int;
    fn _PyUnicode_IsDigit(ch: u32) -> std::os::raw::c_int;
    fn _PyUnicode_IsNumeric(ch: u32) -> std::os::raw::c_int;
}

/// `str.isalpha()` and `str.isalnum()` of one code point, as CPython reads them (Py_UNICODE_ISALPHA, ISALNUM).
#[inline]
fn python_isalpha(ch: u32) -> bool {
    if ch < 0x80 {
        return ascii_letter(ch); // CPython's own answer in ASCII, without a call
    }
    // SAFETY: a plain table lookup of the running interpreter
    unsafe { _PyUnicode_IsAlpha(ch) != 0 }
}

#[inline]
fn python_isalnum(ch: u32) -> bool {
    if ch < 0x80 {
        return ascii_letter(ch) || ch.wrapping_sub(0x30) < 10;
    }
    // SAFETY: plain table lookups of the running interpreter
    python_isalpha(ch) || unsafe {
        _PyUnicode_IsDecimalDigit(ch) != 0 || _PyUnicode_IsDigit(ch) != 0 || _PyUnicode_IsNumeric(ch) != 0
    }
}

/// `str.isspace()` of one code point, as `str.split()` and `str.rstrip()` read white space.
#[inline]
fn python_isspace(ch: u32) -> bool {
    if ch < 0x80 {
        return matches!(ch, 0x09..=0x0D | 0x1C..=0x20); // CPython's _Py_ascii_whitespace
    }
    // SAFETY: a plain table lookup of the running interpreter
    unsafe { _PyUnicode_IsWhitespace(ch) != 0 }
}

/// Py_UNICODE_ISUPPER and ISLOWER of one code point (CPython's tables; in ASCII, A-Z and a-z, without a call).
#[inline]
fn python_upper(ch: u32) -> bool {
    if ch < 0x80 {
        return ch.wrapping_sub(0x41) < 26;
    }
    // SAFETY: a plain table lookup of the running interpreter
    unsafe { _PyUnicode_IsUppercase(ch) != 0 }
}

#[inline]
fn python_lower_or_title(ch: u32) -> bool {
    if ch < 0x80 {
        return ch.wrapping_sub(0x61) < 26;
    }
    // SAFETY: plain table lookups of the running interpreter
    unsafe { _PyUnicode_IsLowercase(ch) != 0 || _PyUnicode_IsTitlecase(ch) != 0 }
}

/// Whether the paragraph `text[start..end]` reads as a title-case headline (linter/text/tokens.py's `headline`, the
/// same steps): at least three words (`str.split()`), no full stop or closing quote at its end, and at least six in
/// ten of its words capitalised (`str.isupper` of the first letter).
fn is_headline(text: &CodePoints<'_>, start: usize, end: usize) -> bool {
    let (mut words, mut capitalised) = (0usize, 0usize);
    let mut in_word = false;
    let mut last = None;
    for k in start..end {
        let ch = text.at(k);
        if python_isspace(ch) {
            in_word = false;
        } else {
            if !in_word {
                words += 1;
                if python_upper(ch) {
                    capitalised += 1;
                }
            }
            in_word = true;
            last = Some(ch);
        }
    }
    match last {
        None => false,
        Some(ch) if words < 3 || matches!(ch, 0x2E | 0x21 | 0x3F | 0x22 | 0x201D | 0x2019) => false,
        Some(_) => capitalised * 10 >= words * 6,
    }
}

/// `str.isupper()` of the code points `text[start..end]`, as CPython computes it (the same tables, the same steps).
fn python_isupper(text: &CodePoints<'_>, start: usize, end: usize) -> bool {
    if end - start == 1 {
        return python_upper(text.at(start));
    }
    let mut cased = false;
    for k in start..end {
        let ch = text.at(k);
        if python_lower_or_title(ch) {
            return false;
        }
        if !cased && python_upper(ch) {
            cased = true;
        }
    }
    cased
}

/// Where a name word (`\p{Lu}[\p{L}\p{M}]*(?:['’-]\p{L}[\p{L}\p{M}]*)*`, not after a letter, mark, digit or one of
/// `_@/.'’-`) starting at `i` ends, reading no further than `end`; None when no name word starts there.
fn name_word_at(text: &CodePoints<'_>, i: usize, end: usize) -> Option<usize> {
    let u = text.at(i);
    if !is_upper(u) {
        return None;
    }
    if i > 0 {
        let b = text.at(i - 1);
        if is_letter(b) || is_mark(b) || is_number(b) || matches!(b, 0x5F | 0x40 | 0x2F | 0x2E | 0x27 | 0x2019 | 0x2D) {
            return None;
        }
    }
    let letters_or_marks = |mut j: usize| {
        while j < end && (is_letter(text.at(j)) || is_mark(text.at(j))) {
            j += 1;
        }
        j
    };
    let mut j = letters_or_marks(i + 1);
    while j + 1 < end && matches!(text.at(j), 0x27 | 0x2019 | 0x2D) && is_letter(text.at(j + 1)) {
        j = letters_or_marks(j + 2);
    }
    Some(j)
}

#[inline]
fn is_apostrophe(u: u32) -> bool {
    u == 0x27 || u == 0x2019
}

/// name_words(prose, paragraphs) -> (starts, ends, texts, evidence, gloss, run_ends): the name words of
/// linter/text/tokens.py's `_python_name_words`, found the same way (its doc says what each list holds).
#[pyfunction]
#[allow(clippy::type_complexity)]
fn name_words(py: Python<'_>, prose: &PyString, paragraphs: Vec<(usize, usize)>)
              -> PyResult<(Vec<usize>, Vec<usize>, Vec<PyObject>, Vec<bool>, Vec<bool>, Vec<usize>)> {
    // SAFETY: a str is immutable and `prose` is borrowed for this whole call.
    let text = CodePoints::of(unsafe { prose.data()? });
    if paragraphs.iter().any(|&(s, e)| s > e || e > text.len()) {
        return Err(pyo3::exceptions::PyValueError::new_err("a paragraph lies outside the text"));
    }
    let (mut starts, mut ends, mut evidence, mut gloss, mut run_ends) = (vec![], vec![], vec![], vec![], vec![]);
    for &(p_start, p_end) in paragraphs.iter() {
        let headline = is_headline(&text, p_start, p_end);
        let mut run_from = starts.len(); // the current run is starts[run_from..]
        let mut i = p_start;
        while i < p_end {
            let Some(j) = name_word_at(&text, i, p_end) else {
                i += 1;
                continue;
            };
            let (start, mut end) = (i, j);
            i = j;
            let n = end - start;
            if is_apostrophe(text.at(end - 1)) || (n >= 2 && is_apostrophe(text.at(end - 2))) {
                // ['’]s?$: the leftmost apostrophe followed by an "s" that ends the word, or by nothing
                let possessive = if n >= 2 && is_apostrophe(text.at(end - 2)) && text.at(end - 1) == 0x73 {
                    Some(n - 2)
                } else if is_apostrophe(text.at(end - 1)) {
                    Some(n - 1)
                } else {
                    None
                };
                if let Some(p) = possessive.filter(|&p| p >= 2) {
                    end = start + p;
                }
            }
            if python_isupper(&text, start, end) {  // an acronym, a dateline's KYIV, an initial: ends the run
                if starts.len() > run_from {
                    run_ends.push(starts.len());
                }
                run_from = starts.len();
                continue;
            }
            let shown = if headline {
                false
            } else {
                let mut k = start;
                while k > p_start && matches!(text.at(k - 1), 0x20 | 0x09 | 0x22 | 0x27 | 0x201C | 0x2018 | 0xAB | 0x28 | 0x5B) {
                    k -= 1;
                }
                !(k == p_start || matches!(text.at(k - 1), 0x2E | 0x21 | 0x3F | 0x3A | 0x3B | 0x0A))
            };
            let in_run = starts.len() > run_from;
            let last_end = if in_run { ends[ends.len() - 1] } else { 0 };
            gloss.push(start >= 2 && text.at(start - 2) == 0x20 && text.at(start - 1) == 0x28 && in_run
                       && last_end == start - 2);
            if !(in_run && last_end + 1 == start && text.at(last_end) == 0x20) {
                if in_run {
                    run_ends.push(starts.len());
                }
                run_from = starts.len();
            }
            starts.push(start);
            ends.push(end);
            evidence.push(shown);
        }
        if starts.len() > run_from {
            run_ends.push(starts.len());
        }
    }
    let mut texts = Vec::with_capacity(starts.len());
    for (&start, &end) in starts.iter().zip(ends.iter()) {
        // SAFETY: offsets within the string's length; a NULL (memory error) is turned into the Python exception
        let word = unsafe { ffi::PyUnicode_Substring(prose.as_ptr(), start as ffi::Py_ssize_t, end as ffi::Py_ssize_t) };
        texts.push(unsafe { PyObject::from_owned_ptr_or_err(py, word)? });
    }
    Ok((starts, ends, texts, evidence, gloss, run_ends))
}

/// class_ranges(prop) -> list of (first, last): the table of `\p{prop}` (linter/text/tokens.py's CLASSES) this build
/// carries.
#[pyfunction]
fn class_ranges(prop: &str) -> PyResult<Vec<(u32, u32)>> {
    Ok(match prop {
        "L" => letters::LETTERS.to_vec(),
        "Lu" => letters::UPPER.to_vec(),
        "M" => letters::MARKS.to_vec(),
        "N" => letters::NUMBERS.to_vec(),
        "White_Space" => letters::WHITE_SPACE.to_vec(),
        "Word" => letters::WORD.to_vec(),
        _ => return Err(pyo3::exceptions::PyValueError::new_err(format!("no table of \\p{{{prop}}}"))),
    })
}

/// `\s` as `regex` reads it: Unicode's White_Space (the table native/gen_letters.py wrote).
#[inline]
fn is_regex_space(u: u32) -> bool {
    in_table(&letters::WHITE_SPACE, u)
}

#[derive(Clone, Copy, PartialEq)]
enum Role {
    Open,
    Close,
    Either,
    Apostrophe,
}

fn one_of(u: u32, chars: &str) -> bool {
    chars.chars().any(|c| c as u32 == u)
}

const OPENS_AFTER: &str = " \t\n\r\x0c\x0b([{—–-/“‘\"'«„\u{a0}";
const PUNCTUATION_AFTER: &str = ".,;:!?)]}»…";
const CLOSES_BEFORE: &str = " \t\n\r\x0c\x0b.,;:!?)]}—–-/”’\"'»…\u{a0}";

/// What the mark at `offset` does in the paragraph `start..end` (linter/text/quotes.py's `role`, the same steps).
fn role(text: &CodePoints<'_>, offset: usize, start: usize, end: usize) -> Role {
    let mark = text.at(offset);
    if one_of(mark, "“‘„«") {
        return Role::Open;
    }
    if mark == '»' as u32 {
        return Role::Close;
    }
    let before = if offset > start { text.at(offset - 1) } else { 0x20 };
    let after = if offset + 1 < end { text.at(offset + 1) } else { 0x20 };
    if one_of(mark, "'’") && python_isalnum(before) && (python_isalpha(after) || one_of(after, "'’")) {
        return Role::Apostrophe;
    }
    if mark == '”' as u32 {
        return Role::Close;
    }
    // a mark before punctuation closes ('said ",'), unless the punctuation is an ellipsis that opens ('"...')
    let punctuation_after = one_of(after, PUNCTUATION_AFTER)
        && !(after == 0x2E && offset + 2 < text.len() && text.at(offset + 2) == 0x2E);
    let opens = one_of(before, OPENS_AFTER) && !python_isspace(after) && !punctuation_after;
    let closes = !one_of(before, OPENS_AFTER) && (one_of(after, CLOSES_BEFORE) || python_isspace(after));
    if mark == '’' as u32 {
        return Role::Close;
    }
    if opens && !closes {
        if mark == 0x27 && !python_isalpha(after) {
            return Role::Apostrophe; // '90s, the 'n' of rock 'n' roll
        }
        return Role::Open;
    }
    if closes && !opens {
        return Role::Close;
    }
    if mark == 0x27 { Role::Apostrophe } else { Role::Either }
}

type Pairs = (Vec<(usize, usize)>, Vec<(usize, bool)>);

/// The marks `marks` of `start..end` paired by a stack (linter/text/quotes.py's `_python_stack_pairs`).
fn pair_by_stack(text: &CodePoints<'_>, start: usize, end: usize, marks: &[u32]) -> Pairs {
    let (mut found, mut left, mut stack) = (Vec::new(), Vec::new(), Vec::<usize>::new());
    for offset in start..end {
        let mark = text.at(offset);
        if !marks.contains(&mark) {
            continue;
        }
        let mut what = role(text, offset, start, end);
        if what == Role::Apostrophe {
            continue;
        }
        if what == Role::Either || (mark == '“' as u32 && stack.last().map_or(false, |&s| text.at(s) == '„' as u32)) {
            what = if stack.is_empty() { Role::Open } else { Role::Close };
        }
        if what == Role::Open {
            stack.push(offset);
        } else if let Some(opening) = stack.pop() {
            found.push((opening, offset + 1));
        } else {
            left.push((offset, false));
        }
    }
    left.extend(stack.into_iter().map(|offset| (offset, true)));
    (found, left)
}

fn checked_span(text: &CodePoints<'_>, start: usize, end: usize) -> PyResult<()> {
    if start > end || end > text.len() {
        return Err(pyo3::exceptions::PyValueError::new_err("the span lies outside the text"));
    }
    Ok(())
}

/// stack_pairs(text, start, end, marks) -> (quotations, unpaired): linter/text/quotes.py's `_python_stack_pairs`.
#[pyfunction]
fn stack_pairs(text: &PyString, start: usize, end: usize, marks: &str) -> PyResult<Pairs> {
    // SAFETY: a str is immutable and `text` is borrowed for this whole call.
    let points = CodePoints::of(unsafe { text.data()? });
    checked_span(&points, start, end)?;
    let marks: Vec<u32> = marks.chars().map(|c| c as u32).collect();
    Ok(pair_by_stack(&points, start, end, &marks))
}

/// scan_paragraph(text, start, end) -> (quotations, unpaired), each sorted by offset: linter/text/quotes.py's
/// `_python_scan` (double marks by a stack, single ones by their shape, as its `_SINGLE_OPEN` and `_SINGLE_CLOSE`
/// read them).
#[pyfunction]
fn scan_paragraph(text: &PyString, start: usize, end: usize) -> PyResult<Pairs> {
    // SAFETY: a str is immutable and `text` is borrowed for this whole call.
    let t = CodePoints::of(unsafe { text.data()? });
    checked_span(&t, start, end)?;
    let double: Vec<u32> = "\"“”„«»".chars().map(|c| c as u32).collect();
    let (mut quotations, mut unpaired) = pair_by_stack(&t, start, end, &double);
    let (mut openers, mut closers) = (Vec::new(), Vec::new());
    for p in start..end {
        let u = t.at(p);
        if u == 0x2018 {
            openers.push(p);
        } else if u == 0x2019 {
            // ’(?![\p{L}])
            if !(p + 1 < end && is_letter(t.at(p + 1))) {
                closers.push(p);
            }
        } else if u == 0x27 {
            // (?<=^|[\s(\[—–-])'(?=\p{L})  and  (?<=[\p{L}\p{N}.,!?])'(?=[\s.,;:!?)\]—–-]|$): the lookbehinds see
            // before `start`, the lookaheads stop at `end`, `^` is the text's start only
            let opens_after = p == 0 || { let b = t.at(p - 1); is_regex_space(b) || one_of(b, "([—–-") };
            if opens_after && p + 1 < end && is_letter(t.at(p + 1)) {
                openers.push(p);
            } else if p > 0 && { let b = t.at(p - 1); is_letter(b) || is_number(b) || one_of(b, ".,!?") }
                && (p + 1 == end || { let a = t.at(p + 1); is_regex_space(a) || one_of(a, ".,;:!?)]—–-") }) {
                closers.push(p);
            }
        }
    }
    for opener in openers {
        let i = closers.partition_point(|&c| c <= opener);
        if i < closers.len() {
            quotations.push((opener, closers.remove(i) + 1));
        } else {
            unpaired.push((opener, true));
        }
    }
    quotations.sort_unstable();
    unpaired.sort_by_key(|u| u.0);
    Ok((quotations, unpaired))
}

#[inline]
fn ascii_letter(u: u32) -> bool {
    (u | 0x20).wrapping_sub(0x61) < 26
}

#[inline]
fn ascii_word_char(u: u32) -> bool {
    ascii_letter(u) || u.wrapping_sub(0x30) < 10 || u == 0x5F
}

/// The punctuation besides ASCII that news sentences hold (dashes, curly quotes, an ellipsis, a no-break space,
/// guillemets, a degree sign, bullets, a full-width bar, a middle dot): none is a letter, a digit, a mark or `_`,
/// nor of the Latin script, so in a sentence whose other characters are ASCII the script kind's `_LATIN_WORD`
/// finds the words `_ASCII_LATIN_WORD` would, with `’` joining words as `'` does (tests/test_native.py checks each
/// against the installed `regex`).
const PLAIN_MARKS: &str = "\u{2013}\u{2014}\u{2018}\u{2019}\u{201C}\u{201D}\u{2026}\u{A0}\u{AB}\u{BB}\u{B0}\u{25A0}\u{25CF}\u{FF5C}\u{30FB}";

#[inline]
fn joiner(u: u32) -> bool {
    u == 0x27 || u == 0x2D || u == 0x2019
}

/// The words of the sentence `c` (ASCII, or ASCII and `PLAIN_MARKS`) as the script kind's `_LATIN_WORD` finds them
/// there (`(?<![A-Za-z0-9_])[A-Za-z][A-Za-z'’-]*(?![A-Za-z0-9_])`, backing off a trailing `'`, `’` or `-`; in
/// ASCII, `_ASCII_LATIN_WORD`), as spans of `c`.
fn ascii_latin_words(c: &[u32], words: &mut Vec<(usize, usize)>) {
    let n = c.len();
    words.clear();
    let mut p = 0;
    while p < n {
        if !ascii_letter(c[p]) || (p > 0 && ascii_word_char(c[p - 1])) {
            p += 1;
            continue;
        }
        let mut e = p + 1;
        while e < n && (ascii_letter(c[e]) || joiner(c[e])) {
            e += 1;
        }
        // the greedy run, then shorter ones: the first whose next character is no word character
        let end = (p + 1..=e).rev().find(|&k| if k == e { k == n || !ascii_word_char(c[k]) } else { joiner(c[k]) });
        match end {
            Some(k) => {
                words.push((p, k));
                p = k;
            }
            None => p += 1,
        }
    }
}

/// english_candidates(text, sentences, min_words, english, shared) -> indexes: the sentences the script kind's
/// `_ordinary_words` may keep (linter/kinds/script.py): every sentence with a character neither ASCII nor one of
/// `PLAIN_MARKS`, and the others with
/// at least `min_words` words and ordinary words of which frequent English ones (`english`, `shared` half) make up
/// less than one in eight, by the same steps and the same floating-point sums.
#[pyfunction]
fn english_candidates(text: &PyString, sentences: Vec<(usize, usize)>, min_words: i64, english: Vec<String>,
                      shared: Vec<String>) -> PyResult<Vec<usize>> {
    // SAFETY: a str is immutable and `text` is borrowed for this whole call.
    let t = CodePoints::of(unsafe { text.data()? });
    if sentences.iter().any(|&(s, e)| s > e || e > t.len()) {
        return Err(pyo3::exceptions::PyValueError::new_err("a sentence lies outside the text"));
    }
    let english: std::collections::HashSet<&str> = english.iter().map(String::as_str).collect();
    let shared: std::collections::HashSet<&str> = shared.iter().map(String::as_str).collect();
    let plain: Vec<u32> = PLAIN_MARKS.chars().map(|ch| ch as u32).collect();
    let mut kept = Vec::new();
    let mut c: Vec<u32> = Vec::new();
    let (mut words, mut ordinary): (Vec<(usize, usize)>, Vec<(usize, usize)>) = (Vec::new(), Vec::new());
    let mut lowered = String::new();
    for (index, &(start, end)) in sentences.iter().enumerate() {
        c.clear();
        c.extend((start..end).map(|k| t.at(k)));
        if c.iter().any(|&u| u >= 0x80 && !plain.contains(&u)) {
            kept.push(index);
            continue;
        }
        ascii_latin_words(&c, &mut words);
        if (words.len() as i64) < min_words {
            continue;
        }
        ordinary.clear();
        ordinary.extend(words.iter().enumerate()
            .filter(|&(i, &(s, _))| i == 0 || c[s].wrapping_sub(0x41) >= 26)
            .map(|(_, &w)| w));
        if (ordinary.len() as i64) < min_words {
            continue;
        }
        // _english_share(ordinary) >= 0.125: the same sums, in the same order, stopping at the same word
        let target = 0.125 * ordinary.len() as f64;
        let mut score = 0.0f64;
        for &(s, e) in &ordinary {
            lowered.clear();
            // `str.lower()`, then `’` read as `'` (`_english_share`)
            lowered.extend(c[s..e].iter().map(|&u| if u == 0x2019 { '\'' } else {
                char::from_u32(u).unwrap_or('\0').to_ascii_lowercase() }));
            if shared.contains(lowered.as_str()) {
                score += 0.5;
            } else if english.contains(lowered.as_str())
                || ["n't", "'s", "'re", "'ll", "'ve"].iter().any(|ending| lowered.ends_with(ending)) {
                score += 1.0;
            }
            if score >= target {
                break;
            }
        }
        if score / ordinary.len() as f64 >= 0.125 {
            continue;
        }
        kept.push(index);
    }
    Ok(kept)
}

#[pymodule]
fn _native(_py: Python<'_>, m: &PyModule) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(words_and_texts, m)?)?;
    m.add_function(wrap_pyfunction!(repetition::echo_candidates, m)?)?;
    m.add_function(wrap_pyfunction!(repetition::doubled_candidates, m)?)?;
    m.add_function(wrap_pyfunction!(repetition::repeated_phrases, m)?)?;
    m.add_function(wrap_pyfunction!(words::lowered_words, m)?)?;
    m.add_function(wrap_pyfunction!(name_words, m)?)?;
    m.add_function(wrap_pyfunction!(class_ranges, m)?)?;
    m.add_function(wrap_pyfunction!(stack_pairs, m)?)?;
    m.add_function(wrap_pyfunction!(scan_paragraph, m)?)?;
    m.add_function(wrap_pyfunction!(english_candidates, m)?)?;
    m.add_function(wrap_pyfunction!(names::name_forms, m)?)?;
    m.add_function(wrap_pyfunction!(scan::code_points_in, m)?)?;
    m.add_class::<phrases::PhraseAutomaton>()?;
    m.add_class::<segment::Segmenter>()?;
    m.add_function(wrap_pyfunction!(segment::paragraphs, m)?)?;
    m.add("REGEX_VERSION", letters::REGEX_VERSION)?;
    m.add("PLAIN_MARKS", PLAIN_MARKS)?;
    Ok(())
}

