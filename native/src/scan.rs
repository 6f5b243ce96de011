//! The code points of a text that fall inside given ranges, found in one pass: the script kind's quick scans (a
//! character outside the blocks English copy is written in; the invisible characters), whose pure-Python twins are
//! the same classes run by the standard library's `re` (linter/text/tokens.py's `code_points_in`).

use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::{in_table, CodePoints};

fn scan<T: Copy + Into<u32>>(units: &[T], ranges: &[(u32, u32)], lowest: u32, limit: usize) -> Vec<usize> {
    let mut found = Vec::new();
    for (k, &unit) in units.iter().enumerate() {
        let u: u32 = unit.into();
        if u >= lowest && in_table(ranges, u) {
            found.push(k);
            if found.len() == limit {
                break;
            }
        }
    }
    found
}

/// code_points_in(text, ranges, limit) -> offsets: where the code points of `text` inside `ranges` (sorted, inclusive,
/// apart) stand, in order, at most `limit` of them. A text whose widest code point is below the ranges (a Latin-1
/// text and ranges above U+00FF) is answered without reading it.
#[pyfunction]
pub fn code_points_in(text: &PyString, ranges: Vec<(u32, u32)>, limit: usize) -> PyResult<Vec<usize>> {
    if ranges.iter().any(|&(first, last)| first > last || last > 0x10FFFF) || ranges.windows(2).any(|w| w[0].1 >= w[1].0) {
        return Err(pyo3::exceptions::PyValueError::new_err("the ranges must be sorted, inclusive and apart"));
    }
    let Some(&(lowest, _)) = ranges.first() else { return Ok(Vec::new()) };
    if limit == 0 {
        return Ok(Vec::new());
    }
    // SAFETY: a str is immutable and `text` is borrowed for this whole call.
    Ok(match CodePoints::of(unsafe { text.data()? }) {
        CodePoints::One(a) if lowest <= 0xFF => scan(a, &ranges, lowest, limit),
        CodePoints::One(_) => Vec::new(),
        CodePoints::Two(a) if lowest <= 0xFFFF => scan(a, &ranges, lowest, limit),
        CodePoints::Two(_) => Vec::new(),
        CodePoints::Four(a) => scan(a, &ranges, lowest, limit),
    })
}
