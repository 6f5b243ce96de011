//! The repetition kind's window: the words equal to the next one (CD201's candidates), the same-stem echoes (CD202's)
//! and the doubled phrases (CD203's). Their pure-Python twins are
//! linter/text/tokens.py's `_python_doubled_candidates`, `_python_echo_starts` and `_python_repeated_phrases`
//! (tests/test_native.py compares them).
//!
//! Words are compared as `tokens.same_ignoring_case` does (`regex.I`: simple case folding); what ASCII can decide is
//! decided here, and a pair this pass cannot decide is given back for Python to walk again.

use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::PyString;
use pyo3::AsPyPointer;

use crate::CodePoints;

/// The code points beyond ASCII that `regex.I` matches with an ASCII character (ſ, K, İ, ı; tests/test_native.py
/// checks the list against the installed `regex`): any other one never matches an ASCII character, and its
/// `str.lower` holds a code point that is neither ASCII nor one of these.
const FOLDS_TO_ASCII: [u32; 4] = [0x130, 0x131, 0x17F, 0x212A];
/// 'İ', whose `str.lower` is two code points (the only one): a word with it may equal a word of another length.
const LONGER_LOWER: u32 = 0x130;

#[inline]
fn folds_to_ascii(u: u32) -> bool {
    FOLDS_TO_ASCII.contains(&u)
}

#[inline]
fn ascii_lower(u: u32) -> u32 {
    if (0x41..=0x5A).contains(&u) { u | 0x20 } else { u }
}

/// Whether `text[a]` and `text[b]` are equal as `same_ignoring_case` compares them: `Some(true)` or `Some(false)`
/// where ASCII decides it, `None` where a pair of other code points differs as written (`regex.I` decides it, in
/// Python). Both are also equal lowercased (`str.lower`) exactly when this says `Some(true)` (the spans hold no
/// 'İ': the caller decides that).
fn same_letters(text: &CodePoints<'_>, a: (usize, usize), b: (usize, usize)) -> Option<bool> {
    if a.1 - a.0 != b.1 - b.0 {
        return Some(false); // simple case folding keeps the length, and so does str.lower without 'İ'
    }
    let mut decided = true;
    for k in 0..a.1 - a.0 {
        let (x, y) = (text.at(a.0 + k), text.at(b.0 + k));
        if x == y {
            continue;
        }
        if x < 0x80 && y < 0x80 {
            if ascii_lower(x) != ascii_lower(y) {
                return Some(false);
            }
        } else if (x < 0x80 && !folds_to_ascii(y)) || (y < 0x80 && !folds_to_ascii(x)) {
            return Some(false);
        } else {
            decided = false;
        }
    }
    if decided { Some(true) } else { None }
}

/// Offsets from a list of ints (read in place when it is a list), or the error a wrong one gives.
fn offsets(values: &PyAny) -> PyResult<Vec<usize>> {
    if let Ok(list) = values.downcast::<pyo3::types::PyList>() {
        let mut out = Vec::with_capacity(list.len());
        for i in 0..list.len() {
            // SAFETY: i < len of a list borrowed for this call; the item is borrowed, not owned
            let item = unsafe { ffi::PyList_GET_ITEM(list.as_ptr(), i as ffi::Py_ssize_t) };
            // SAFETY: a valid object pointer; -1 with an exception set for anything but a non-negative int
            let value = unsafe { ffi::PyLong_AsSsize_t(item) };
            if value < 0 {
                if !unsafe { ffi::PyErr_Occurred() }.is_null() {
                    return Err(PyErr::fetch(values.py()));
                }
                return Err(pyo3::exceptions::PyValueError::new_err("a word offset is negative"));
            }
            out.push(value as usize);
        }
        return Ok(out);
    }
    values.extract()
}

/// The text and the word spans of a call, checked: as many starts as ends, each span inside the text.
fn spans<'a>(prose: &'a PyString, starts: &PyAny, ends: &PyAny) -> PyResult<(CodePoints<'a>, Vec<usize>, Vec<usize>)> {
    let (starts, ends) = (offsets(starts)?, offsets(ends)?);
    if starts.len() != ends.len() {
        return Err(pyo3::exceptions::PyValueError::new_err("starts and ends differ in length"));
    }
    // SAFETY: a str is immutable and `prose` is borrowed for this whole call.
    let text = CodePoints::of(unsafe { prose.data()? });
    if ends.iter().any(|&e| e > text.len()) || starts.iter().zip(ends.iter()).any(|(s, e)| s > e) {
        return Err(pyo3::exceptions::PyValueError::new_err("a word span lies outside the text"));
    }
    Ok((text, starts, ends))
}

/// doubled_candidates(prose, starts, ends) -> (found, undecided): the indexes `j` of the words equal to the next one,
/// lowercased (`str.lower`) or as `same_ignoring_case` compares them (linter/text/tokens.py's
/// `_python_doubled_candidates`); `undecided` the `j` of a pair this pass cannot decide (a word with 'İ', or code
/// points beyond ASCII that differ as written), which Python compares.
#[pyfunction]
pub fn doubled_candidates(prose: &PyString, starts: &PyAny, ends: &PyAny) -> PyResult<(Vec<usize>, Vec<usize>)> {
    let (text, starts, ends) = spans(prose, starts, ends)?;
    let mut found = Vec::new();
    let mut undecided = Vec::new();
    for j in 0..starts.len().saturating_sub(1) {
        let (a, b) = ((starts[j], ends[j]), (starts[j + 1], ends[j + 1]));
        if a.0 < a.1 && b.0 < b.1 {
            let (x, y) = (text.at(a.0), text.at(b.0));
            if x != y && x < 0x80 && y < 0x80 && ascii_lower(x) != ascii_lower(y) {
                continue; // the first letters differ: lowercased too (one letter each there), and as regex.I reads them
            }
        }
        if (a.0..a.1).chain(b.0..b.1).any(|k| text.at(k) == LONGER_LOWER) {
            undecided.push(j);
            continue;
        }
        match same_letters(&text, a, b) {
            Some(true) => found.push(j),
            Some(false) => {}
            None => undecided.push(j),
        }
    }
    Ok((found, undecided))
}

/// A lowercase ASCII word of at most 7 letters as one number (its bytes, then its length in the top byte).
fn packed(word: &[u8]) -> u64 {
    word.iter().enumerate().fold((word.len() as u64) << 56, |n, (k, &b)| n | (b as u64) << (8 * k))
}

/// Whether the word `text[s..e]` is one of `words` (sorted `packed` lowercase ASCII words of at most `longest` <= 7
/// letters) lowercased, as the repetition kind's `_is_function_word` reads its lowered form: `Some` where ASCII
/// decides it, `None` for a word with one of `FOLDS_TO_ASCII` and no other code point beyond ASCII (Python decides
/// it). Any other code point beyond ASCII lowercases to one that no ASCII word equals, nor `regex.I` matches with one.
#[inline]
fn function_word(text: &CodePoints<'_>, s: usize, e: usize, words: &[u64], longest: usize) -> Option<bool> {
    if e - s > longest {
        return Some(false); // str.lower never shortens a word
    }
    let mut key = ((e - s) as u64) << 56;
    let mut sure = true;
    for k in s..e {
        let u = text.at(k);
        if u >= 0x80 {
            if !folds_to_ascii(u) {
                return Some(false);
            }
            sure = false;
        } else {
            key |= (ascii_lower(u) as u64) << (8 * (k - s));
        }
    }
    if !sure {
        return None;
    }
    Some(words.binary_search(&key).is_ok())
}

/// echo_candidates(prose, starts, ends, function_words, window) -> (found, undecided): the indexes `i` of the words
/// that a run of 1 to `window` function words follows, then a word whose first three letters are word `i`'s
/// (linter/text/tokens.py's `_python_echo_starts`, the same walk, with the function words told from the text:
/// `function_words` lowercase ASCII); `undecided` the `i` whose walk met a word or a pair this pass cannot decide,
/// which Python walks again.
#[pyfunction]
pub fn echo_candidates(prose: &PyString, starts: &PyAny, ends: &PyAny, function_words: Vec<String>, window: usize)
                       -> PyResult<(Vec<usize>, Vec<usize>)> {
    let (text, starts, ends) = spans(prose, starts, ends)?;
    if function_words.iter().any(|w| w.len() > 7 || w.bytes().any(|b| b >= 0x80 || b.is_ascii_uppercase())) {
        return Err(pyo3::exceptions::PyValueError::new_err("function words must be lowercase ASCII, 7 letters at most"));
    }
    let mut words: Vec<u64> = function_words.iter().map(|w| packed(w.as_bytes())).collect();
    words.sort_unstable();
    let longest = function_words.iter().map(String::len).max().unwrap_or(0);
    // 0 no, 1 yes, 2 undecided: each word's flag, told once
    let flags: Vec<u8> = starts.iter().zip(ends.iter())
        .map(|(&s, &e)| match function_word(&text, s, e, &words, longest) {
            Some(false) => 0,
            Some(true) => 1,
            None => 2,
        })
        .collect();
    let prefix = |i: usize| (starts[i], ends[i].min(starts[i] + 3));
    let mut found = Vec::new();
    let mut undecided = Vec::new();
    let last = starts.len().saturating_sub(1);
    for i in 0..last {
        if flags[i + 1] == 0 {
            continue;
        }
        let mut j = i + 1;
        while j < last && j - i <= window {
            match flags[j] {
                0 => break,
                1 => {}
                _ => {
                    undecided.push(i);
                    break;
                }
            }
            match same_letters(&text, prefix(j + 1), prefix(i)) {
                Some(true) => {
                    found.push(i);
                    break;
                }
                Some(false) => j += 1,
                None => {
                    undecided.push(i);
                    break;
                }
            }
        }
    }
    Ok((found, undecided))
}

/// A word as the walk compares it: a hash of its code points (compared first) and its code points as bytes (equal for two strings
/// exactly when their code points are: CPython keeps each str in its narrowest kind, and its own == relies on it).
#[derive(Clone, Copy)]
struct Word<'a> {
    hash: u64,
    kind: u8,
    bytes: &'a [u8],
}

impl<'a> Word<'a> {
    /// The word's key: its kind and bytes, hashed eight bytes at a time (rustc's FxHash step); no Python hash is
    /// worked out for it.
    fn of(kind: u8, bytes: &'a [u8]) -> Self {
        let mut hash = kind as u64;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            hash = (hash.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            hash = (hash.rotate_left(5) ^ u64::from_le_bytes(word) ^ (rest.len() as u64) << 59)
                .wrapping_mul(0x517c_c1b7_2722_0a95);
        }
        Word { hash, kind, bytes }
    }
}

impl PartialEq for Word<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash && self.kind == other.kind && self.bytes == other.bytes
    }
}

impl Eq for Word<'_> {}

/// The key of a word (a str, or the TypeError of anything else).
fn key(word: &PyAny) -> PyResult<Word<'_>> {
    let word: &PyString = word.downcast()?;
    // SAFETY: each word is held (by the list, and by this call's pool) for the whole call, and a str is immutable
    let (kind, bytes) = CodePoints::of(unsafe { word.data()? }).bytes();
    Ok(Word::of(kind, bytes))
}

/// repeated_phrases(words, longest) -> [(first, size)]: where a run of `size` words (2 to `longest`) is written twice
/// back to back (`words[first:first+size] == words[first+size:first+2*size]`), found where a word recurs `size`
/// words after its latest occurrence, sorted by first, longest first (linter/text/tokens.py's
/// `_python_repeated_phrases`, the same walk).
#[pyfunction]
pub fn repeated_phrases(words: &PyAny, longest: usize) -> PyResult<Vec<(usize, usize)>> {
    let mut keys: Vec<Word<'_>> = Vec::with_capacity(words.len().unwrap_or(0));
    if let Ok(list) = words.downcast::<pyo3::types::PyList>() {
        let py = list.py();
        for i in 0..list.len() {
            // SAFETY: i < len of a list borrowed for this call (nothing here runs Python code that could shrink it)
            keys.push(key(unsafe { py.from_borrowed_ptr(ffi::PyList_GET_ITEM(list.as_ptr(), i as ffi::Py_ssize_t)) })?);
        }
    } else {
        for word in words.iter()? {
            keys.push(key(word?)?);
        }
    }
    // The twin keeps each word's latest index in a map; only a recurrence 2 to `longest` words later counts, so the
    // nearest earlier copy within `longest` words is all that is looked for (a nearer one is the latest).
    let mut candidates = Vec::new();
    for (index, k) in keys.iter().enumerate() {
        let nearest = (1..=longest.min(index)).find(|&size| keys[index - size] == *k);
        if let Some(size) = nearest {
            let previous = index - size;
            if size >= 2 && previous + 2 * size <= keys.len() && keys[previous..index] == keys[index..index + size] {
                candidates.push((previous, size));
            }
        }
    }
    candidates.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    Ok(candidates)
}
