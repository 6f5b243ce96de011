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

/// Whether the code point `u` is in `\p{L}` as the `regex` module reads it (the table native/gen_letters.py wrote).
#[inline]
fn is_letter(u: u32) -> bool {
    if u < 0x80 {
        return (u | 0x20).wrapping_sub(0x61) < 26;
    }
    letters::LETTERS
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

/// words(prose) -> (starts, ends): the code-point offsets of the word tokens of `prose`.
#[pyfunction]
fn words(py: Python<'_>, prose: &PyString) -> PyResult<(Vec<usize>, Vec<usize>)> {
    spans_of(py, prose)
}

/// words_and_texts(prose) -> (starts, ends, texts): `words` and each word's text (`prose[start:end]`, not
/// lowercased), cut in one pass without a Python loop.
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

/// letter_ranges() -> list of (first, last): the `\p{L}` table this build carries, for tokens.py to check.
#[pyfunction]
fn letter_ranges() -> Vec<(u32, u32)> {
    letters::LETTERS.to_vec()
}

#[pymodule]
fn _native(_py: Python<'_>, m: &PyModule) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(words, m)?)?;
    m.add_function(wrap_pyfunction!(words_and_texts, m)?)?;
    m.add_function(wrap_pyfunction!(letter_ranges, m)?)?;
    m.add("REGEX_VERSION", letters::REGEX_VERSION)?;
    Ok(())
}

