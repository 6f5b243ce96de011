//! Whole-word phrase hits for several phrase tables in one pass: linter/text/phrases.py's `PhraseIndex.find` (its
//! pure-Python twin runs pyahocorasick's automaton), the same hits as offset arrays.
//!
//! A phrase counts only where it starts after no word character (nor "#", "@"), so the pass walks a trie of the
//! phrases from each such position instead of running an Aho–Corasick automaton over every character: the same
//! occurrences, and a trie builds in a fraction of an automaton's time (start-up, bench/PERF.md "Issue 20:
//! consistency hits"). Characters are read as one small number each: each character of a phrase gets its own
//! (at most 255 kinds in all the phrases, else the index is not built and Python runs), every other character 0.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyString, PyStringData};

use crate::{python_isalnum, CodePoints};

/// phrases.py's `_is_word`: `ch.isalnum() or ch == "_"`, as the running interpreter reads it.
#[inline]
fn is_word(u: u32) -> bool {
    if u < 0x80 {
        return (u as u8).is_ascii_alphanumeric() || u == 0x5F;
    }
    python_isalnum(u)
}

/// The trie's rows: `u16` node numbers where every node fits (fewer than 65,536), else `u32`.
enum Rows {
    Narrow(Vec<u16>),
    Wide(Vec<u32>),
}

/// The trie of `phrases` (each character read through `byte_of`), in rows of `stride`, and the phrase that ends at
/// each node plus one; `most` bounds the nodes. Err: a phrase given twice.
fn trie<R: Copy + Default + PartialEq + TryFrom<usize> + Into<u32>>(phrases: &[String], byte_of: &[u8],
                                                                  stride: usize, most: usize)
                                                                  -> Result<(Vec<R>, Vec<u32>), &'static str> {
    let mut next: Vec<R> = Vec::with_capacity(most * stride);
    next.resize(stride, R::default());
    let mut phrase_at: Vec<u32> = vec![0];
    for (number, phrase) in phrases.iter().enumerate() {
        let mut node = 0usize;
        for ch in phrase.chars() {
            let at = node * stride + byte_of[ch as usize] as usize;
            if next[at] == R::default() {
                next[at] = R::try_from(phrase_at.len()).map_err(|_| "more nodes than the rows hold")?;
                phrase_at.push(0);
                next.resize(next.len() + stride, R::default());
            }
            node = next[at].into() as usize;
        }
        if phrase_at[node] != 0 {
            return Err("a phrase given twice");
        }
        phrase_at[node] = number as u32 + 1;
    }
    Ok((next, phrase_at))
}

/// PhraseAutomaton(phrases, numbers, ends, count): `phrases` (the keys, each non-empty, none twice) and the tables
/// (`0..count`) that hold each, flat: phrase `i`'s are `numbers[ends[i - 1]..ends[i]]` (`ends[-1]` read as 0), and a
/// hit names the place of its table's entry in `numbers`. ValueError where it cannot be built (an empty or repeated
/// phrase, more than 255 kinds of character, numbers and ends that do not fit): phrases.py then keeps to
/// pyahocorasick.
#[pyclass(module = "linter.text._native")]
pub struct PhraseAutomaton {
    byte_of: Vec<u8>,
    /// the trie, one row of `stride` children per node (node 0 is the root; child 0: none): `next[node * stride +
    /// class]`, so a step is one read; two bytes an entry where the nodes fit (1.5 MB for the consistency kind's
    /// 2,000 phrases), four where they do not
    next: Rows,
    stride: usize,
    /// the phrase that ends at each node, plus one (0: none)
    phrase_at: Vec<u32>,
    numbers: Vec<u32>,
    ends: Vec<usize>,
    count: usize,
}

impl PhraseAutomaton {
    #[inline]
    fn class(&self, u: u32) -> usize {
        let u = u as usize;
        if u < self.byte_of.len() { self.byte_of[u] as usize } else { 0 }
    }

    /// Every whole-word occurrence of a phrase, per table, in order of start then end: a trie walk from each
    /// position that follows no word character (nor "#", "@").
    fn walk<A: Copy + Into<u32>, B: Copy + Into<u32>, R: Copy + Into<u32>>(&self, text: &[A], folded: &[B],
                                                                         next: &[R],
                                                                         found: &mut [Vec<(usize, usize, usize)>]) {
        let n = text.len();
        let mut after_word = false;
        for start in 0..n {
            let blocked = after_word;
            let u: u32 = text[start].into();
            after_word = is_word(u) || u == 0x23 || u == 0x40;
            if blocked {
                continue;
            }
            let mut node = 0usize;
            let mut end = start;
            while end < n {
                let class = self.class(folded[end].into());
                if class == 0 {
                    break;
                }
                node = next[node * self.stride + class].into() as usize;
                if node == 0 {
                    break;
                }
                end += 1;
                let phrase = self.phrase_at[node];
                if phrase != 0 && !(end < n && is_word(text[end].into())) {
                    let i = phrase as usize - 1;
                    let first = if i == 0 { 0 } else { self.ends[i - 1] };
                    for entry in first..self.ends[i] {
                        found[self.numbers[entry] as usize].push((start, end, entry));
                    }
                }
            }
        }
    }
}

#[pymethods]
impl PhraseAutomaton {
    #[new]
    fn new(phrases: Vec<String>, numbers: Vec<u32>, ends: Vec<usize>, count: usize) -> PyResult<Self> {
        if phrases.len() != ends.len() || ends.last().map_or(0, |&e| e) != numbers.len()
            || ends.windows(2).any(|w| w[0] > w[1]) {
            return Err(PyValueError::new_err("numbers and ends do not fit the phrases"));
        }
        if numbers.iter().any(|&t| t as usize >= count) {
            return Err(PyValueError::new_err("a table number is not below count"));
        }
        let mut byte_of: Vec<u8> = Vec::new();
        let mut kinds = 0usize;
        for phrase in &phrases {
            if phrase.is_empty() {
                return Err(PyValueError::new_err("an empty phrase"));
            }
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
            }
        }
        let stride = kinds + 1;
        let most = phrases.iter().map(|p| p.chars().count()).sum::<usize>() + 1;
        let built = if most <= u16::MAX as usize {
            trie::<u16>(&phrases, &byte_of, stride, most).map(|(rows, at)| (Rows::Narrow(rows), at))
        } else {
            trie::<u32>(&phrases, &byte_of, stride, most).map(|(rows, at)| (Rows::Wide(rows), at))
        };
        let (next, phrase_at) = built.map_err(PyValueError::new_err)?;
        Ok(PhraseAutomaton { byte_of, next, stride, phrase_at, numbers, ends, count })
    }

    /// find(text, folded) -> per table, its hits as one flat list `[start, end, entry, ...]` (`entry`: the place in
    /// `numbers` of the phrase's entry for that table): the whole-word
    /// occurrences of its phrases in `folded` (not after a word character, "#" or "@" of `text`, not before a word
    /// character), leftmost first, the longest where several start together, none overlapping.
    fn find(&self, text: &PyString, folded: &PyString) -> PyResult<Vec<Vec<usize>>> {
        // SAFETY: str objects are immutable and both are borrowed for this whole call.
        let (t, f) = unsafe { (text.data()?, folded.data()?) };
        let n = CodePoints::of(t).len();
        if CodePoints::of(f).len() != n {
            return Err(PyValueError::new_err("the folded text differs from the text in length"));
        }
        let mut found: Vec<Vec<(usize, usize, usize)>> = vec![Vec::new(); self.count];
        // one walk for each pair of array widths: the text's and the folded text's (a lowercase may be narrower)
        macro_rules! rows {
            ($a:expr, $b:expr) => {
                match &self.next {
                    Rows::Narrow(next) => self.walk($a, $b, next, &mut found),
                    Rows::Wide(next) => self.walk($a, $b, next, &mut found),
                }
            };
        }
        macro_rules! walk {
            ($a:expr) => {
                match f {
                    PyStringData::Ucs1(b) => rows!($a, b),
                    PyStringData::Ucs2(b) => rows!($a, b),
                    PyStringData::Ucs4(b) => rows!($a, b),
                }
            };
        }
        match t {
            PyStringData::Ucs1(a) => walk!(a),
            PyStringData::Ucs2(a) => walk!(a),
            PyStringData::Ucs4(a) => walk!(a),
        }
        Ok(found
            .into_iter()
            .map(|mut hits| {
                hits.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
                let mut kept = Vec::with_capacity(hits.len() * 3);
                let mut taken_until = 0usize;
                for (start, end, entry) in hits {
                    if start >= taken_until {
                        taken_until = end;
                        kept.extend_from_slice(&[start, end, entry]);
                    }
                }
                kept
            })
            .collect())
    }
}
