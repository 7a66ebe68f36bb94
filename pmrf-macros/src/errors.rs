//! The error collector shared by all stages.
//!
//! Parsing and validation never stop at the first problem: every misuse is pushed here as a
//! spanned [`syn::Error`], and [`Errors::finish`] combines them into one error that expands to one
//! `compile_error!` per message, so a single compile shows them all.

/// Spanned errors gathered while one item is parsed and validated.
#[derive(Default)]
pub struct Errors {
    combined: Option<syn::Error>,
}

impl Errors {
    /// Records one error.
    pub fn push(&mut self, error: syn::Error) {
        match &mut self.combined {
            Some(combined) => combined.combine(error),
            None => self.combined = Some(error),
        }
    }

    /// Records the error of a failed parse step, if any, and keeps its value.
    pub fn keep<T>(&mut self, result: syn::Result<T>) -> Option<T> {
        result.map_err(|e| self.push(e)).ok()
    }

    /// All recorded errors, combined, or `Ok` if there were none.
    pub fn finish(self) -> syn::Result<()> {
        match self.combined {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }
}
