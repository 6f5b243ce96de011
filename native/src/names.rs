//! The name-variants kind's whole-article comparison (CD614's `fold`, CD616's `order`): the name words' spellings
//! tallied per folded key and the minority forms found, as linter/kinds/name_variants.py's `_found` does (its
//! pure-Python twin; tests/test_native.py compares them).
//!
//! Folding an ASCII word is done here (lower case, `[\s'-]` taken out, ks/kh/iy/y, doubled letters); a word with
//! any other character is folded by the Python `fold` the caller passes (Unicode's NFKD, `str.lower`), so the keys
//! are the twin's own.

use pyo3::prelude::*;
use pyo3::types::PyString;
use std::collections::{HashMap, HashSet};

/// linter/text/transliteration.py's `fold` of an ASCII string (each step in place: none makes the text longer).
fn fold_ascii(name: &[u8]) -> String {
    // lower case, then `_JOINERS` ([\s'’-]: `regex`'s \s is White_Space, in ASCII \t \n \v \f \r and space) out
    let mut plain: Vec<u8> = name
        .iter()
        .map(|b| b.to_ascii_lowercase())
        .filter(|b| !matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ' | b'\'' | b'-'))
        .collect();
    // str.replace, one after the other: each left to right, without overlaps, never looking at what it wrote
    replace_pair(&mut plain, b'k', b's', b'x');
    replace_pair(&mut plain, b'k', b'h', b'h');
    replace_pair(&mut plain, b'i', b'y', b'i');
    for b in plain.iter_mut() {
        if *b == b'y' {
            *b = b'i';
        }
    }
    plain.dedup(); // itertools.groupby: a run of one letter becomes that letter
    String::from_utf8(plain).expect("ASCII in, ASCII out")
}

/// `text.replace(a + b, to)` in place: written behind where it reads, so nothing written is read again.
fn replace_pair(text: &mut Vec<u8>, a: u8, b: u8, to: u8) {
    let (mut read, mut write) = (0, 0);
    while read < text.len() {
        if text[read] == a && read + 1 < text.len() && text[read + 1] == b {
            text[write] = to;
            read += 2;
        } else {
            text[write] = text[read];
            read += 1;
        }
        write += 1;
    }
    text.truncate(write);
}

/// One spelling of a name in the article (name_variants.py's `_Form`).
struct Form {
    text: String,
    spans: Vec<(usize, usize)>,
    evidence: bool,
    first: usize,
}

/// Forms per key, both in the order they were first added (a Python dict of dicts).
#[derive(Default)]
struct Table {
    index: HashMap<String, usize>,
    keys: Vec<Vec<Form>>,
}

impl Table {
    /// name_variants.py's `_add`.
    fn add(&mut self, key: &str, text: String, start: usize, end: usize, evidence: bool) {
        let n = match self.index.get(key) {
            Some(&n) => n,
            None => {
                self.index.insert(key.to_string(), self.keys.len());
                self.keys.push(Vec::new());
                self.keys.len() - 1
            }
        };
        let forms = &mut self.keys[n];
        let form = match forms.iter().position(|f| f.text == text) {
            Some(k) => &mut forms[k],
            None => {
                forms.push(Form { text, spans: Vec::new(), evidence: false, first: start });
                forms.last_mut().expect("just pushed")
            }
        };
        form.spans.push((start, end));
        form.evidence = form.evidence || evidence;
    }
}

type Found = Vec<(usize, usize, String, usize)>;

/// name_variants.py's `_flag`: every form but the majority one (the most spans; on a tie, the first to stand), each
/// span not overlapping one flagged before, as (start, end, majority, the majority's count).
fn flag(forms: &[Form], taken: &mut Vec<(usize, usize)>, both: bool, found: &mut Found) {
    let proven = if both { forms.iter().all(|f| f.evidence) } else { forms.iter().any(|f| f.evidence) };
    if !proven {
        return;
    }
    let mut majority = 0;
    for (k, form) in forms.iter().enumerate().skip(1) {  // max(): the first of the largest
        let best = &forms[majority];
        if (form.spans.len(), std::cmp::Reverse(form.first)) > (best.spans.len(), std::cmp::Reverse(best.first)) {
            majority = k;
        }
    }
    let best = &forms[majority];
    if !best.evidence && !both {
        return;
    }
    for (k, form) in forms.iter().enumerate() {
        if k == majority {
            continue;
        }
        for &(start, end) in form.spans.iter() {
            if taken.iter().any(|&(s, e)| s < end && start < e) {
                continue;
            }
            taken.push((start, end));
            found.push((start, end, best.text.clone(), best.spans.len()));
        }
    }
}

/// The article's name words and what is worked out of them once: each word's folded key, and the folded key of each
/// word written together with the next one (`fold(a + b)`), found when first asked for.
struct Words<'py> {
    py: Python<'py>,
    starts: Vec<usize>,
    ends: Vec<usize>,
    texts: Vec<&'py str>,
    evidence: Vec<bool>,
    gloss: Vec<bool>,
    keys: Vec<String>,
    pair_keys: Vec<Option<String>>,
    fold: &'py PyAny,
}

impl<'py> Words<'py> {
    fn fold(&self, text: &str) -> PyResult<String> {
        if text.is_ascii() {
            return Ok(fold_ascii(text.as_bytes()));
        }
        self.fold.call1((PyString::new(self.py, text),))?.extract()
    }

    fn pair_key(&mut self, i: usize) -> PyResult<&str> {
        if self.pair_keys[i].is_none() {
            let (a, b) = (self.texts[i], self.texts[i + 1]);
            let key = if a.is_ascii() && b.is_ascii() {
                let mut both = Vec::with_capacity(a.len() + b.len());
                both.extend_from_slice(a.as_bytes());
                both.extend_from_slice(b.as_bytes());
                fold_ascii(&both)
            } else {
                self.fold(&format!("{a}{b}"))?
            };
            self.pair_keys[i] = Some(key);
        }
        Ok(self.pair_keys[i].as_deref().expect("just set"))
    }
}

/// A run of name words: the words `lo..hi` (a run split by the words taken out is still contiguous).
type Run = (usize, usize);

/// name_variants.py's `_split`: the words for which `dropped` holds taken out (asked of each word in text order),
/// each ending the run it stood in.
fn split(runs: &[Run], mut dropped: impl FnMut(usize) -> bool) -> Vec<Run> {
    let mut out = Vec::with_capacity(runs.len());
    for &(lo, hi) in runs {
        let mut from = lo;
        for i in lo..hi {
            if dropped(i) {
                if from < i {
                    out.push((from, i));
                }
                from = i + 1;
            }
        }
        if from < hi {
            out.push((from, hi));
        }
    }
    out
}

/// name_variants.py's `_without_glosses`.
fn without_glosses(words: &Words<'_>, runs: &[Run]) -> Vec<Run> {
    let mut out = Vec::with_capacity(runs.len());
    let mut previous: Option<usize> = None;
    for &(lo, hi) in runs {
        let mut lo = lo;
        if words.gloss[lo] && previous.map_or(false, |p| words.keys[p] == words.keys[lo]) {
            lo += 1;
        }
        if lo < hi {
            out.push((lo, hi));
            previous = Some(hi - 1);
        }
    }
    out
}

/// name_variants.py's `_spellings`, kept as what `_found` reads of it: each folded name (long enough) and whether it
/// has two spellings, as one word or as two.
enum Spelled<'a> {
    One(&'a str),
    Two,
}

fn spellings(words: &mut Words<'_>, runs: &[Run], min_length: usize) -> PyResult<HashSet<String>> {
    for &(lo, hi) in runs {
        for i in lo..hi.saturating_sub(1) {
            words.pair_key(i)?; // each worked out here, so that what follows only reads the words
        }
    }
    let words = &*words;
    let mut seen: HashMap<&str, Spelled<'_>> = HashMap::new();
    for &(lo, hi) in runs {
        for i in lo..hi {
            let key = words.keys[i].as_str();
            if key.chars().count() >= min_length {
                match seen.get_mut(key) {
                    None => {
                        seen.insert(key, Spelled::One(words.texts[i]));
                    }
                    Some(one @ Spelled::One(_)) => {
                        if !matches!(one, Spelled::One(t) if *t == words.texts[i]) {
                            *one = Spelled::Two;
                        }
                    }
                    Some(Spelled::Two) => {}
                }
            }
        }
    }
    for &(lo, hi) in runs {
        for i in lo..hi.saturating_sub(1) {
            let key = words.pair_keys[i].as_deref().expect("worked out above");
            if let Some(spelled) = seen.get_mut(key) {
                // "A B": never the one-word spelling (a name word holds no space), so a second spelling
                *spelled = Spelled::Two;
            }
        }
    }
    // the folded names with two spellings
    Ok(seen.into_iter().filter(|(_, spelled)| matches!(spelled, Spelled::Two)).map(|(key, _)| key.to_string()).collect())
}

/// name_variants.py's `_note_beside`.
type Beside = HashMap<String, HashMap<String, Option<HashSet<String>>>>;

fn note_beside(beside: &mut Beside, key: &str, text: &str, words: &Words<'_>, end: usize, hi: usize) {
    let spellings = beside.entry(key.to_string()).or_default();
    if end >= hi {
        spellings.insert(text.to_string(), None);
        return;
    }
    let around = &words.keys[end];
    match spellings.get_mut(text) {
        None => {
            spellings.insert(text.to_string(), Some(HashSet::from_iter([around.clone()])));
        }
        Some(Some(known)) => {
            known.insert(around.clone());
        }
        Some(None) => {}
    }
}

/// name_variants.py's `_other_people`.
fn other_people(spellings: Option<&HashMap<String, Option<HashSet<String>>>>) -> bool {
    let Some(spellings) = spellings else { return false };
    if spellings.len() < 2 || spellings.values().any(|w| w.is_none()) {
        return false;
    }
    let mut seen: HashSet<&str> = HashSet::new();
    for words in spellings.values().flatten() {
        if words.iter().any(|w| seen.contains(w.as_str())) {
            return false;
        }
        seen.extend(words.iter().map(|w| w.as_str()));
    }
    true
}

/// name_variants.py's `_folded`, with the keys that have two spellings.
fn folded(words: &mut Words<'_>, runs: &[Run], two: &HashSet<String>) -> PyResult<Found> {
    let mut table = Table::default();
    let mut beside: Beside = HashMap::new();
    for &(lo, hi) in runs {
        for i in lo..hi {
            if two.contains(words.keys[i].as_str()) {
                let key = words.keys[i].clone();
                table.add(&key, words.texts[i].to_string(), words.starts[i], words.ends[i], words.evidence[i]);
                note_beside(&mut beside, &key, words.texts[i], words, i + 1, hi);
            }
            if i + 1 < hi && two.contains(words.pair_key(i)?) {
                let key = words.pair_key(i)?.to_string();
                let text = format!("{} {}", words.texts[i], words.texts[i + 1]);
                table.add(&key, text.clone(), words.starts[i], words.ends[i + 1],
                          words.evidence[i] || words.evidence[i + 1]);
                note_beside(&mut beside, &key, &text, words, i + 2, hi);
            }
        }
    }
    let mut keys: Vec<(&String, &usize)> = table.index.iter().collect();
    keys.sort_by_key(|&(_, &n)| n);
    let mut taken = Vec::new();
    let mut found = Vec::new();
    for (key, &n) in keys {
        if !other_people(beside.get(key)) {
            flag(&table.keys[n], &mut taken, false, &mut found);
        }
    }
    Ok(found)
}

/// name_variants.py's `_order`.
fn order(words: &Words<'_>, runs: &[Run]) -> Found {
    let mut table = Table::default();
    let mut heads: Vec<HashSet<&str>> = Vec::new(); // per key of `table`: the folded first words of its forms
    for &(lo, hi) in runs {
        if hi - lo < 2 || words.keys[lo..hi].iter().collect::<HashSet<_>>().len() < hi - lo {
            continue; // a name run into its echo
        }
        for i in lo..hi - 1 {
            let (a, b) = (&words.keys[i], &words.keys[i + 1]);
            if a == b || a.chars().count().min(b.chars().count()) < 2 {
                continue;
            }
            let key = if a < b { format!("{a}\0{b}") } else { format!("{b}\0{a}") };
            table.add(&key, format!("{} {}", words.texts[i], words.texts[i + 1]), words.starts[i], words.ends[i + 1],
                      words.evidence[i] && words.evidence[i + 1]);
            let n = table.index[&key];
            if heads.len() <= n {
                heads.push(HashSet::new());
            }
            // the form's text split at its first space: its first word (a name word holds no space)
            heads[n].insert(a.as_str());
        }
    }
    let mut taken = Vec::new();
    let mut found = Vec::new();
    for (n, forms) in table.keys.iter().enumerate() {
        if heads[n].len() == 2 {
            flag(forms, &mut taken, true, &mut found);
        }
    }
    found
}

/// name_variants.py's `_both_orders(_neighbours(runs))`.
fn both_orders(words: &Words<'_>, runs: &[Run]) -> bool {
    let mut seen: HashSet<(&str, &str)> = HashSet::new();
    for &(lo, hi) in runs {
        for i in lo..hi.saturating_sub(1) {
            let (a, b) = (words.keys[i].as_str(), words.keys[i + 1].as_str());
            if a != b {
                if seen.contains(&(b, a)) {
                    return true;
                }
                seen.insert((a, b));
            }
        }
    }
    false
}

/// name_forms(starts, ends, texts, evidence, gloss, run_ends, compare, min_length, exceptions, fold, outside) ->
/// [(start, end, majority, count)]: what name_variants.py's `_found` flags over the article's name words (the six
/// lists of linter/text/tokens.py's `name_words`), for `compare` "fold" or "order". `exceptions`: casefolded names
/// never counted; `fold`: transliteration.py's `fold`, called for a word that is not ASCII; `outside`: None, or (a
/// rule that leaves forms to other packs) a callable giving the sorted spans of those forms, called only when the
/// article has two forms to compare.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
pub fn name_forms<'py>(py: Python<'py>, starts: Vec<usize>, ends: Vec<usize>, texts: Vec<&'py PyString>,
                       evidence: Vec<bool>, gloss: Vec<bool>, run_ends: Vec<usize>, compare: &str, min_length: usize,
                       exceptions: Vec<String>, fold: &'py PyAny, outside: Option<&'py PyAny>) -> PyResult<Found> {
    let n = texts.len();
    if [starts.len(), ends.len(), evidence.len(), gloss.len()].iter().any(|&m| m != n)
        || run_ends.windows(2).any(|w| w[0] >= w[1])
        || run_ends.first() == Some(&0)
        || run_ends.last().map_or(n != 0, |&last| last != n)
    {
        return Err(pyo3::exceptions::PyValueError::new_err("name words and runs do not agree"));
    }
    if compare != "fold" && compare != "order" {
        return Err(pyo3::exceptions::PyValueError::new_err(format!("no compiled comparison '{compare}'")));
    }
    let texts: Vec<&str> = texts.iter().map(|t| t.to_str()).collect::<PyResult<_>>()?;
    let mut words = Words { py, starts, ends, texts, evidence, gloss, keys: Vec::with_capacity(n),
                            pair_keys: vec![None; n], fold };
    let mut first_of: HashMap<&str, usize> = HashMap::with_capacity(n); // a name repeats: each text folded once
    for i in 0..n {
        let text = words.texts[i];
        let key = match first_of.get(text) {
            Some(&j) => words.keys[j].clone(),
            None => {
                first_of.insert(text, i);
                words.fold(text)?
            }
        };
        words.keys.push(key);
    }
    let mut runs: Vec<Run> = Vec::with_capacity(run_ends.len());
    let mut lo = 0;
    for &hi in run_ends.iter() {
        runs.push((lo, hi));
        lo = hi;
    }
    if !exceptions.is_empty() {
        let exceptions: HashSet<String> = exceptions.into_iter().collect();
        let mut dropped = Vec::with_capacity(n);
        let mut lowered = String::new();
        for &text in words.texts.iter() {
            let listed = if text.is_ascii() {
                lowered.clear();
                lowered.push_str(text);
                lowered.make_ascii_lowercase();
                exceptions.contains(&lowered)
            } else {
                let folded: String = PyString::new(py, text).call_method0("casefold")?.extract()?;
                exceptions.contains(&folded)
            };
            dropped.push(listed);
        }
        runs = split(&runs, |i| dropped[i]);
    }
    let mut two: Option<HashSet<String>> = None;
    if compare == "fold" {
        runs = without_glosses(&words, &runs);
        let keys = spellings(&mut words, &runs, min_length)?;
        if keys.is_empty() {
            return Ok(Vec::new()); // every name written one way (most articles): nothing to compare
        }
        two = Some(keys);
    }
    if let Some(outside) = outside {
        // the fold comparison has two forms here (above); the order one asks whether two words stand both ways
        if compare == "fold" || both_orders(&words, &runs) {
            let spans: Vec<(usize, usize)> = outside.call0()?.extract()?;
            if !spans.is_empty() {
                let mut k = 0;
                let (starts, ends) = (&words.starts, &words.ends);
                runs = split(&runs, |i| {
                    // words come in text order, so one pointer walks the spans (`_outside`)
                    while k < spans.len() && spans[k].1 <= starts[i] {
                        k += 1;
                    }
                    k < spans.len() && spans[k].0 < ends[i]
                });
            }
            if compare == "fold" {
                two = Some(spellings(&mut words, &runs, min_length)?);
            }
        }
    }
    match two {
        Some(keys) if keys.is_empty() => Ok(Vec::new()),
        Some(keys) => folded(&mut words, &runs, &keys),
        None => Ok(order(&words, &runs)),
    }
}
