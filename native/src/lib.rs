//! copydesk's compiled text passes, imported by linter/text/tokens.py as `linter.text._native`.
//!
//! Each function has a pure-Python twin that gives identical results (tests/test_native.py compares them);
//! offsets are code points, never bytes.

use pyo3::prelude::*;
use std::cmp::Ordering;

mod letters;

/// Whether `c` is in `\p{L}` as the `regex` module reads it (the table native/gen_letters.py wrote).
#[inline]
fn is_letter(c: char) -> bool {
    let u = c as u32;
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
fn word_spans(prose: &str) -> (Vec<usize>, Vec<usize>) {
    let mut starts = Vec::new();
    let mut ends = Vec::new();
    let mut in_word = false;
    let mut i = 0usize;
    for c in prose.chars() {
        if in_word && !(c == '\'' || c == '\u{2019}' || c == '-' || is_letter(c)) {
            ends.push(i);
            in_word = false;
        } else if !in_word && is_letter(c) {
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

/// words(prose) -> (starts, ends): the code-point offsets of the word tokens of `prose`.
#[pyfunction]
fn words(py: Python<'_>, prose: &str) -> (Vec<usize>, Vec<usize>) {
    py.allow_threads(|| word_spans(prose))
}

/// letter_ranges() -> list of (first, last): the `\p{L}` table this build carries, for tokens.py to check.
#[pyfunction]
fn letter_ranges() -> Vec<(u32, u32)> {
    letters::LETTERS.to_vec()
}

#[pymodule]
fn _native(_py: Python<'_>, m: &PyModule) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(words, m)?)?;
    m.add_function(wrap_pyfunction!(letter_ranges, m)?)?;
    m.add("REGEX_VERSION", letters::REGEX_VERSION)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_code_points() {
        assert_eq!(word_spans("é l'Ünï—x"), (vec![0, 2, 8], vec![1, 7, 9]));
    }
}
