//! Path names of parameters, built while a model tree is visited.

use std::fmt;

/// The path of the parameter being visited, e.g. `stages[2].c`.
///
/// Fields are joined with `.`, sequence elements are written `[i]`; the root has no prefix.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Path {
    buf: String,
    marks: Vec<usize>,
}

impl Path {
    /// The empty (root) path.
    pub fn new() -> Self {
        Self::default()
    }

    /// Enters the field `name`.
    pub fn push_field(&mut self, name: &str) {
        self.marks.push(self.buf.len());
        if !self.buf.is_empty() {
            self.buf.push('.');
        }
        self.buf.push_str(name);
    }

    /// Enters the sequence element `index`.
    pub fn push_index(&mut self, index: usize) {
        use fmt::Write;
        self.marks.push(self.buf.len());
        // Writing to a String cannot fail.
        let _ = write!(self.buf, "[{index}]");
    }

    /// Leaves the segment entered last.
    pub fn pop(&mut self) {
        if let Some(mark) = self.marks.pop() {
            self.buf.truncate(mark);
        }
    }

    /// The path as text.
    pub fn as_str(&self) -> &str {
        &self.buf
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_and_unwinds_paths() {
        let mut p = Path::new();
        p.push_field("stages");
        p.push_index(2);
        p.push_field("c");
        assert_eq!(p.as_str(), "stages[2].c");
        p.pop();
        p.pop();
        p.push_index(3);
        assert_eq!(p.as_str(), "stages[3]");
        p.pop();
        p.pop();
        assert_eq!(p.as_str(), "");
        p.pop();
        assert_eq!(p.to_string(), "");
    }
}
