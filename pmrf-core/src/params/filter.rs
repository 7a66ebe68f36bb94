//! Filters that pick parameters by state, name or predicate.

use std::fmt;
use std::sync::Arc;

use super::Param;

/// Which parameters an operation (partition, gradient, sampling, fitting) works on.
///
/// No filter selects a tied parameter (it follows its source) or one at an infinite value
/// (held there: see [`crate::Params`]).
///
/// Names are exact path names or globs, where `*` matches any run of characters (dots and
/// brackets included) and `?` one character; `[` and `]` are literal, so `"stages[*].l"` works.
///
/// ```
/// use pmrf::params::Filter;
/// let f = Filter::Free.and(Filter::glob("*.c"));
/// # let _ = f;
/// ```
#[derive(Clone)]
pub enum Filter {
    /// Every parameter (that is not tied, nor at an infinite value).
    All,
    /// Free (not fixed, not tied, not infinite) parameters.
    Free,
    /// Fixed parameters (not tied, nor at an infinite value).
    Fixed,
    /// Parameters whose name matches any of these exact names or globs.
    Names(Vec<String>),
    /// Parameters for which the predicate holds.
    Predicate(Arc<dyn Fn(&Param) -> bool + Send + Sync>),
    /// Both filters.
    And(Box<Filter>, Box<Filter>),
    /// Either filter.
    Or(Box<Filter>, Box<Filter>),
    /// Not the filter.
    Not(Box<Filter>),
}

impl fmt::Debug for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Filter::All => f.write_str("All"),
            Filter::Free => f.write_str("Free"),
            Filter::Fixed => f.write_str("Fixed"),
            Filter::Names(n) => f.debug_tuple("Names").field(n).finish(),
            Filter::Predicate(_) => f.write_str("Predicate(..)"),
            Filter::And(a, b) => f.debug_tuple("And").field(a).field(b).finish(),
            Filter::Or(a, b) => f.debug_tuple("Or").field(a).field(b).finish(),
            Filter::Not(a) => f.debug_tuple("Not").field(a).finish(),
        }
    }
}

impl Filter {
    /// Parameters matching one exact name or glob.
    pub fn glob(pattern: impl Into<String>) -> Self {
        Filter::Names(vec![pattern.into()])
    }

    /// Parameters matching any of the names or globs.
    pub fn names<S: Into<String>>(patterns: impl IntoIterator<Item = S>) -> Self {
        Filter::Names(patterns.into_iter().map(Into::into).collect())
    }

    /// Parameters for which `predicate` holds.
    pub fn predicate(predicate: impl Fn(&Param) -> bool + Send + Sync + 'static) -> Self {
        Filter::Predicate(Arc::new(predicate))
    }

    /// Both `self` and `other`.
    pub fn and(self, other: Filter) -> Self {
        Filter::And(Box::new(self), Box::new(other))
    }

    /// Either `self` or `other`.
    pub fn or(self, other: Filter) -> Self {
        Filter::Or(Box::new(self), Box::new(other))
    }

    /// Everything `self` does not select.
    #[allow(clippy::should_implement_trait)]
    pub fn not(self) -> Self {
        Filter::Not(Box::new(self))
    }

    /// Whether the filter selects `param` (tied parameters and those at an infinite value are
    /// never selected).
    pub fn matches(&self, param: &Param) -> bool {
        !param.is_tied() && !param.is_infinite() && self.matches_untied(param)
    }

    fn matches_untied(&self, param: &Param) -> bool {
        match self {
            Filter::All => true,
            Filter::Free => !param.meta().is_fixed(),
            Filter::Fixed => param.meta().is_fixed(),
            Filter::Names(patterns) => patterns.iter().any(|p| glob_match(p, param.name())),
            Filter::Predicate(p) => p(param),
            Filter::And(a, b) => a.matches_untied(param) && b.matches_untied(param),
            Filter::Or(a, b) => a.matches_untied(param) || b.matches_untied(param),
            Filter::Not(a) => !a.matches_untied(param),
        }
    }

    /// The name patterns of this filter (to report those that match nothing).
    pub(crate) fn patterns(&self) -> Vec<&str> {
        match self {
            Filter::Names(p) => p.iter().map(String::as_str).collect(),
            Filter::And(a, b) | Filter::Or(a, b) => {
                let mut p = a.patterns();
                p.extend(b.patterns());
                p
            }
            Filter::Not(a) => a.patterns(),
            _ => Vec::new(),
        }
    }
}

impl From<&str> for Filter {
    fn from(pattern: &str) -> Self {
        Filter::glob(pattern)
    }
}

/// Glob match over path names: `*` any run of characters, `?` one character, all else literal.
///
/// ```
/// use pmrf::params::glob_match;
/// assert!(glob_match("stages[*].c", "stages[12].c"));
/// assert!(glob_match("*.l", "rlc.l"));
/// assert!(!glob_match("*.l", "rlc.r"));
/// assert!(glob_match("c", "c"));
/// ```
pub fn glob_match(pattern: &str, name: &str) -> bool {
    let (p, n): (Vec<char>, Vec<char>) = (pattern.chars().collect(), name.chars().collect());
    // Iterative wildcard matching with backtracking to the last `*`.
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == n[ni]) {
            pi += 1;
            ni += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ni));
            pi += 1;
        } else if let Some((sp, sn)) = star {
            pi = sp + 1;
            ni = sn + 1;
            star = Some((sp, sn + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_match("*", ""));
        assert!(glob_match("*", "a.b[3].c"));
        assert!(glob_match("a*c", "abbbc"));
        assert!(!glob_match("a*c", "abbb"));
        assert!(glob_match("stages[?].l", "stages[3].l"));
        assert!(!glob_match("stages[?].l", "stages[13].l"));
        assert!(glob_match("*[*].*", "x.stages[1].c"));
        assert!(!glob_match("c", "cc"));
        assert!(glob_match("**c", "abc"));
    }
}
