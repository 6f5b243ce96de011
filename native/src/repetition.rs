//! The repetition kind's doubled-phrase walk (CD203), keyed by the words' own Python hashes: linter/text/tokens.py's
//! `_python_repeated_phrases` is its pure-Python twin (tests/test_native.py compares them).

use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::PyString;
use pyo3::AsPyPointer;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};

use crate::CodePoints;

/// A word as the walk compares it: its str hash (CPython caches it in the object: no word is hashed twice) and its
/// code points as bytes (equal for two strings exactly when their code points are: CPython keeps each str in its
/// narrowest kind, and its own == relies on it).
#[derive(Clone, Copy)]
struct Word<'a> {
    hash: u64,
    kind: u8,
    bytes: &'a [u8],
}

impl PartialEq for Word<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash && self.kind == other.kind && self.bytes == other.bytes
    }
}

impl Eq for Word<'_> {}

impl Hash for Word<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// Passes the str hash through (it is SipHash already): no second hashing of each word.
#[derive(Default)]
struct Passed(u64);

impl Hasher for Passed {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ b as u64).wrapping_mul(0x100000001b3);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// repeated_phrases(words, longest) -> [(first, size)]: where a run of `size` words (2 to `longest`) is written twice
/// back to back (`words[first:first+size] == words[first+size:first+2*size]`), found where a word recurs `size`
/// words after its latest occurrence, sorted by first, longest first (linter/text/tokens.py's
/// `_python_repeated_phrases`, the same walk).
#[pyfunction]
pub fn repeated_phrases(words: &PyAny, longest: usize) -> PyResult<Vec<(usize, usize)>> {
    let mut keys: Vec<Word<'_>> = Vec::with_capacity(words.len().unwrap_or(0));
    for word in words.iter()? {
        let word: &PyString = word?.downcast()?;
        // SAFETY: `word` is a str (downcast above) held by `words` and by this call's pool for the whole call
        let hash = unsafe { ffi::PyObject_Hash(word.as_ptr()) };
        if hash == -1 {
            return Err(PyErr::fetch(words.py()));
        }
        // SAFETY: each word is held for this whole call, and a str is immutable
        let (kind, bytes) = CodePoints::of(unsafe { word.data()? }).bytes();
        keys.push(Word { hash: hash as u64, kind, bytes });
    }
    let mut last_seen: HashMap<Word<'_>, usize, BuildHasherDefault<Passed>> =
        HashMap::with_capacity_and_hasher(keys.len() / 4, BuildHasherDefault::default());
    let mut candidates = Vec::new();
    for (index, k) in keys.iter().enumerate() {
        if let Some(previous) = last_seen.insert(*k, index) {
            let size = index - previous;
            if (2..=longest).contains(&size) && previous + 2 * size <= keys.len()
                && keys[previous..index] == keys[index..index + size] {
                candidates.push((previous, size));
            }
        }
    }
    candidates.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    Ok(candidates)
}
