//! The words of a text, lowercased in the same pass (linter/text/tokens.py's `words`; its twin `_python_words`).

use pyo3::prelude::*;
use pyo3::types::PyString;
use pyo3::{ffi, AsPyPointer};

use crate::{spans_of, CodePoints};

/// lowered_words(prose) -> (starts, ends, lowered): the code-point offsets of the word tokens of `prose` (as
/// `words_and_texts`) and each word as `str.lower` gives it: an ASCII word written lowercased straight into a new
/// `str` (no cut copy to lowercase again), any other cut and given to its own `str.lower`.
#[pyfunction]
pub fn lowered_words(py: Python<'_>, prose: &PyString) -> PyResult<(Vec<usize>, Vec<usize>, Vec<PyObject>)> {
    let (starts, ends) = spans_of(py, prose)?;
    // SAFETY: a str is immutable and `prose` is borrowed for this whole call.
    let text = CodePoints::of(unsafe { prose.data()? });
    let mut lowered = Vec::with_capacity(starts.len());
    for (&start, &end) in starts.iter().zip(ends.iter()) {
        if (start..end).all(|k| text.at(k) < 0x80) {
            // SAFETY: a new compact ASCII string of that length (maxchar 127), filled before anyone else sees it; a
            // NULL (memory error) is turned into the Python exception
            let word = unsafe {
                let object = PyObject::from_owned_ptr_or_err(py, ffi::PyUnicode_New((end - start) as ffi::Py_ssize_t, 127))?;
                let data = ffi::PyUnicode_DATA(object.as_ptr()) as *mut u8;
                for k in start..end {
                    *data.add(k - start) = (text.at(k) as u8).to_ascii_lowercase();
                }
                object
            };
            lowered.push(word);
        } else {
            // SAFETY: offsets within the string's length; a NULL (memory error) is turned into the Python exception
            let cut = unsafe { ffi::PyUnicode_Substring(prose.as_ptr(), start as ffi::Py_ssize_t, end as ffi::Py_ssize_t) };
            let cut = unsafe { PyObject::from_owned_ptr_or_err(py, cut)? };
            lowered.push(cut.call_method0(py, "lower")?);
        }
    }
    Ok((starts, ends, lowered))
}
