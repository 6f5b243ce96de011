//! The pattern kind's required-word search (linter/kinds/pattern.py `_PresentWords`): every place each word occurs
//! in a text, overlapping matches included, as code-point offsets; its twin is that class's pyahocorasick pass.
//!
//! The text is read in its own array (one, two or four bytes a code point, as CPython holds it): each word is
//! encoded the same way, so a byte offset divided by the width is a code-point offset, and a match that does not
//! start on a code point's first byte (possible with two or four bytes a code point) is not a match.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyStringData};

/// The words of one width: the automaton over their encodings, and each encoding's index in `PresentWords.words`.
struct Width {
    automaton: Option<AhoCorasick>,
    word_of: Vec<usize>,
}

impl Width {
    /// The words whose code points all fit in `bytes` bytes, encoded as CPython's array holds them (native byte
    /// order); a word with a wider code point cannot occur in such a text.
    fn new(words: &[Vec<u32>], bytes: usize) -> Width {
        let limit: u64 = 1u64 << (8 * bytes);
        let mut patterns: Vec<Vec<u8>> = Vec::new();
        let mut word_of = Vec::new();
        for (index, word) in words.iter().enumerate() {
            if word.is_empty() || word.iter().any(|&u| (u as u64) >= limit) {
                continue;
            }
            let mut encoded = Vec::with_capacity(word.len() * bytes);
            for &u in word {
                match bytes {
                    1 => encoded.push(u as u8),
                    2 => encoded.extend_from_slice(&(u as u16).to_ne_bytes()),
                    _ => encoded.extend_from_slice(&u.to_ne_bytes()),
                }
            }
            patterns.push(encoded);
            word_of.push(index);
        }
        let automaton = if patterns.is_empty() {
            None
        } else {
            Some(AhoCorasickBuilder::new().match_kind(MatchKind::Standard).dfa(true).build(&patterns))
        };
        Width { automaton, word_of }
    }

    /// (word index, code-point start) of every occurrence, in the order the automaton reports them (by end).
    fn find(&self, haystack: &[u8], bytes: usize) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        if let Some(automaton) = &self.automaton {
            for m in automaton.find_overlapping_iter(haystack) {
                if m.start() % bytes == 0 {
                    found.push((self.word_of[m.pattern()], m.start() / bytes));
                }
            }
        }
        found
    }
}

/// PresentWords(words): finds where each of `words` occurs in a text.
#[pyclass(module = "linter.text._native")]
pub struct PresentWords {
    words: Vec<Py<PyString>>,
    one: Width,
    two: Width,
    four: Width,
}

#[pymethods]
impl PresentWords {
    #[new]
    fn new(words: Vec<&PyString>) -> PyResult<PresentWords> {
        let mut points = Vec::with_capacity(words.len());
        for word in &words {
            points.push(word.to_str()?.chars().map(|c| c as u32).collect::<Vec<u32>>());
        }
        Ok(PresentWords {
            words: words.iter().map(|w| Py::from(*w)).collect(),
            one: Width::new(&points, 1),
            two: Width::new(&points, 2),
            four: Width::new(&points, 4),
        })
    }

    /// where(text) -> {word: [start, ...]}: each word `text` holds, with the code-point offsets where it starts,
    /// in increasing order (the same dict, in content, as pattern.py's pure-Python pass gives).
    fn find<'py>(&self, py: Python<'py>, text: &PyString) -> PyResult<&'py PyDict> {
        // SAFETY: a str is immutable and `text` is borrowed for this whole call, so its array outlives the scan.
        let data = unsafe { text.data()? };
        let found = py.allow_threads(|| match data {
            PyStringData::Ucs1(a) => self.one.find(a, 1),
            PyStringData::Ucs2(a) => self.two.find(as_bytes(a), 2),
            PyStringData::Ucs4(a) => self.four.find(as_bytes(a), 4),
        });
        let mut starts: Vec<Vec<usize>> = vec![Vec::new(); self.words.len()];
        let mut order: Vec<usize> = Vec::new();
        for (word, start) in found {
            if starts[word].is_empty() {
                order.push(word);
            }
            starts[word].push(start);
        }
        let out = PyDict::new(py);
        for word in order {
            let mut places = std::mem::take(&mut starts[word]);
            places.sort_unstable();
            out.set_item(self.words[word].as_ref(py), PyList::new(py, places))?;
        }
        Ok(out)
    }
}

/// A code-unit array seen as its bytes, for the byte automaton.
fn as_bytes<T>(units: &[T]) -> &[u8] {
    // SAFETY: u16 and u32 have no padding; the slice covers exactly the units' bytes and lives as long as they do.
    unsafe { std::slice::from_raw_parts(units.as_ptr() as *const u8, std::mem::size_of_val(units)) }
}
