//! [`Tied`]: ties between any parameters of a model, a leaf's or across the parts of a
//! composite (`"stages[2].l"` follows `"stages[0].l"`), through pmrf's affine [`TieMap`].
//!
//! A tied parameter (the follower) takes the value `scale * source + offset` and is not free:
//! derivatives and fits see only its source, and the Jacobian stays exact by the chain rule
//! (the follower's column, asked of the inner model, is folded into its source's, times the
//! scale). The checks and messages are pmrf's ties' (`Params::tie_with`): units, cycles,
//! unknown names, the tied value within the follower's bounds.

use std::sync::Arc;

use numpy::Complex64;
use numpy::ndarray::{Array2, Array3, Array4, Axis};
use pmrf::params::TieMap;
use pmrf::{Error, Frequency};

use super::{DynModel, Edit, ParamRow, select, unknown};

/// One tie: parameter `follower` takes `map.apply(value of source)` (flat indices).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Tie {
    follower: usize,
    source: usize,
    map: TieMap,
}

/// A model with ties added from Python: the inner model (which holds no such ties itself)
/// and its ties, every follower after its own source's tie (chains resolve in one pass).
///
/// ```
/// use pmrf::components::{SeriesL, ShuntC};
/// use pmrf::params::TieMap;
/// use pmrf_rs::model::{Composite, DynModel, Leaf, tie::Tied};
///
/// let l = |v| Leaf::<_, 2>::new(SeriesL::new(v)).map(Leaf::into_dyn);
/// let c = Leaf::<_, 2>::new(ShuntC::new(1e-12))?.into_dyn();
/// let lcl = Composite::cascade(vec![l(3e-9)?, c, l(5e-9)?])?;
/// let tied = Tied::tie(&lcl, "stages[2].l", "stages[0].l", TieMap::IDENTITY)?;
/// let rows = tied.params();
/// assert_eq!((rows[2].value, rows[2].free), (3e-9, false));
/// assert_eq!(rows[2].tied_to.as_deref(), Some("stages[0].l"));
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Clone)]
pub struct Tied {
    inner: Arc<dyn DynModel>,
    ties: Vec<Tie>,
}

impl Tied {
    /// `model` with the parameters matching `pattern` (an exact name or glob) tied to the
    /// parameter named exactly `source` through `map`; ties already on `model` are kept (a
    /// follower tied again takes its new source).
    ///
    /// # Errors
    /// [`Error::UnknownParam`] for an unknown name; [`Error::InvalidTie`] where the units
    /// differ, a parameter would follow itself (directly or through a chain), the tied value
    /// lies outside the follower's bounds, or a parameter is tied inside a part already
    /// (a Rust-side tie).
    pub fn tie(
        model: &Arc<dyn DynModel>,
        pattern: &str,
        source: &str,
        map: TieMap,
    ) -> pmrf::Result<Arc<dyn DynModel>> {
        let (inner, mut ties) = match model.as_tied() {
            Some(t) => (t.inner.clone(), t.ties.clone()),
            None => (model.clone(), Vec::new()),
        };
        let rows = inner.params();
        let src =
            (rows.iter().position(|r| r.name == source)).ok_or_else(|| unknown(&rows, source))?;
        let hits: Vec<usize> = select(&rows, pattern)?
            .iter()
            .filter_map(|n| rows.iter().position(|r| &r.name == n))
            .collect();
        for &i in hits.iter().chain([&src]) {
            if let Some(t) = &rows[i].tied_to {
                return Err(Error::InvalidTie(format!(
                    "`{}` is tied to `{t}` inside its part already; tie to `{t}` instead, or \
                     untie it in Rust",
                    rows[i].name
                )));
            }
        }
        // A cycle: a follower lies on the source's own chain (or is the source).
        let mut at = Some(src);
        while let Some(i) = at {
            if hits.contains(&i) {
                let name = &rows[i].name;
                return Err(Error::InvalidTie(if i == src {
                    format!("`{source}` cannot be tied to itself")
                } else {
                    format!(
                        "`{name}` cannot be tied to `{source}`, which follows `{name}` itself \
                         (a cycle of ties)"
                    )
                }));
            }
            at = ties.iter().find(|t| t.follower == i).map(|t| t.source);
        }
        for &i in &hits {
            same_unit(&rows[i], &rows[src])?;
        }
        ties.retain(|t| !hits.contains(&t.follower));
        ties.extend(hits.iter().map(|&follower| Tie {
            follower,
            source: src,
            map,
        }));
        order(&mut ties);
        let values: Vec<f64> = rows.iter().map(|r| r.value).collect();
        Self { inner, ties }.synced(&values, &rows)
    }

    /// `model` with the ties of the parameters matching `pattern` released: they keep their
    /// current values (those tied to them now follow them). The model itself once no tie is
    /// left.
    ///
    /// # Errors
    /// [`Error::UnknownParam`] where `pattern` matches nothing.
    pub fn untie(model: &Arc<dyn DynModel>, pattern: &str) -> pmrf::Result<Arc<dyn DynModel>> {
        let rows = model.params();
        let hits = select(&rows, pattern)?;
        let Some(tied) = model.as_tied() else {
            return Ok(model.clone());
        };
        let mut ties = tied.ties.clone();
        ties.retain(|t| !hits.contains(&rows[t.follower].name));
        if ties.is_empty() {
            return Ok(tied.inner.clone());
        }
        Ok(Arc::new(Self {
            inner: tied.inner.clone(),
            ties,
        }))
    }

    /// The tie of parameter `i`, if it follows one.
    fn tie_of(&self, i: usize) -> Option<&Tie> {
        self.ties.iter().find(|t| t.follower == i)
    }

    /// The untied parameter at the end of `i`'s chain and the derivative of `i`'s value by it.
    fn root(&self, i: usize) -> (usize, f64) {
        let (mut at, mut slope) = (i, 1.0);
        while let Some(t) = self.tie_of(at) {
            slope *= t.map.derivative();
            at = t.source;
        }
        (at, slope)
    }

    /// This model at `values` with every follower set from its source (in chain order) and
    /// checked against its bounds; `rows` are the inner model's rows (for names and bounds).
    fn synced(&self, values: &[f64], rows: &[ParamRow]) -> pmrf::Result<Arc<dyn DynModel>> {
        let mut v = values.to_vec();
        for t in &self.ties {
            let (f, s) = (&rows[t.follower], &rows[t.source]);
            let value = t.map.apply(v[t.source]);
            let (lower, upper) = f.bounds;
            let bad = if !value.is_finite() {
                Some(Error::NonFinite {
                    name: f.name.clone(),
                    value,
                })
            } else if !(lower..=upper).contains(&value) {
                Some(Error::OutOfBounds {
                    name: f.name.clone(),
                    value,
                    lower,
                    upper,
                })
            } else {
                None
            };
            if let Some(e) = bad {
                return Err(Error::InvalidTie(format!(
                    "`{}` is tied to `{}` = {:e}{}: {e}",
                    f.name, s.name, v[t.source], t.map
                )));
            }
            v[t.follower] = value;
        }
        Ok(Arc::new(Self {
            inner: self.inner.with_values(&v)?,
            ties: self.ties.clone(),
        }))
    }
}

/// Sorts `ties` so that every follower comes after the tie of its source (by chain depth).
fn order(ties: &mut [Tie]) {
    let depth = |t: &Tie| {
        let mut d = 0;
        let mut at = t.source;
        while let Some(u) = ties.iter().find(|u| u.follower == at) {
            d += 1;
            at = u.source;
        }
        d
    };
    let depths: Vec<usize> = ties.iter().map(depth).collect();
    let mut keyed: Vec<(usize, Tie)> = depths.into_iter().zip(ties.iter().copied()).collect();
    keyed.sort_by_key(|(d, _)| *d);
    for (slot, (_, t)) in ties.iter_mut().zip(keyed) {
        *slot = t;
    }
}

/// `Ok` if `follower` and `source` have one unit (pmrf's check and message).
fn same_unit(follower: &ParamRow, source: &ParamRow) -> pmrf::Result<()> {
    let unit = |r: &ParamRow| match r.unit.as_str() {
        "" | "1" => "dimensionless".to_owned(),
        u => u.to_owned(),
    };
    if unit(follower) == unit(source) {
        return Ok(());
    }
    Err(Error::InvalidTie(format!(
        "`{}` ({}) cannot take the value of `{}` ({}): the units differ",
        follower.name,
        unit(follower),
        source.name,
        unit(source)
    )))
}

impl DynModel for Tied {
    fn nports(&self) -> usize {
        self.inner.nports()
    }

    fn params(&self) -> Vec<ParamRow> {
        let rows = self.inner.params();
        let mut out = rows.clone();
        for t in &self.ties {
            out[t.follower].tied_to = Some(rows[t.source].name.clone());
            out[t.follower].tie_map = t.map;
            out[t.follower].free = false;
        }
        out
    }

    /// Followers take their sources' values. A value given for a follower must be its current
    /// one (left as it was) or the one its tie gives; anything else is an error, as setting a
    /// tied parameter is in pmrf.
    fn with_values(&self, values: &[f64]) -> pmrf::Result<Arc<dyn DynModel>> {
        let rows = self.inner.params();
        if values.len() != rows.len() {
            return Err(Error::ParamCount {
                expected: rows.len(),
                got: values.len(),
            });
        }
        for t in &self.ties {
            let (f, s) = (&rows[t.follower], &rows[t.source]);
            let (v, src) = (values[t.follower], values[t.source]);
            // NaN compares unequal: it is reported as set.
            if v != f.value && v != t.map.apply(src) {
                return Err(Error::InvalidTie(format!(
                    "`{}` is tied to `{}` and takes its value; set `{}` or untie `{}` first \
                     (got `{}` = {v:e}, while the tie gives {:e})",
                    f.name,
                    s.name,
                    s.name,
                    f.name,
                    f.name,
                    t.map.apply(src)
                )));
            }
        }
        self.synced(values, &rows)
    }

    fn edit(&self, name: &str, edit: &Edit) -> pmrf::Result<Arc<dyn DynModel>> {
        let inner = self.inner.edit(name, edit)?;
        let rows = inner.params();
        let values: Vec<f64> = rows.iter().map(|r| r.value).collect();
        // New bounds must still hold the tied values.
        Self {
            inner,
            ties: self.ties.clone(),
        }
        .synced(&values, &rows)
    }

    fn nparams(&self) -> usize {
        self.inner.nparams()
    }

    /// The inner model's draws with every follower set from its source (in chain order), as
    /// `with_values` would; a draw that puts a follower outside its bounds is an error naming it.
    fn sample(&self, n: usize, seed: u64) -> pmrf::Result<Array2<f64>> {
        let mut draws = self.inner.sample(n, seed)?;
        let rows = self.inner.params();
        for (member, mut row) in draws.rows_mut().into_iter().enumerate() {
            for t in &self.ties {
                let value = t.map.apply(row[t.source]);
                let (lower, upper) = rows[t.follower].bounds;
                if !(lower..=upper).contains(&value) {
                    return Err(Error::InvalidTie(format!(
                        "member {member}: `{}` is tied to `{}` = {:e}{}, which puts it at \
                         {value:e}, outside its bounds [{lower:e}, {upper:e}]",
                        rows[t.follower].name, rows[t.source].name, row[t.source], t.map
                    )));
                }
                row[t.follower] = value;
            }
        }
        Ok(draws)
    }

    fn s(&self, freq: &Frequency) -> pmrf::Result<Array3<Complex64>> {
        self.inner.s(freq)
    }

    fn s_jacobian(&self, freq: &Frequency) -> pmrf::Result<(Array3<Complex64>, Array4<Complex64>)> {
        // Every follower whose root varies must have a column of its own: free it (inside,
        // for this computation only) where the user has fixed it.
        let mut work = self.inner.clone();
        let rows = work.params();
        for t in &self.ties {
            if !rows[t.follower].free && rows[self.root(t.follower).0].free {
                work = work.edit(&rows[t.follower].name, &Edit::Free)?;
            }
        }
        let rows = work.params();
        let (s, mut jac) = work.s_jacobian(freq)?;
        let mut column = vec![None; rows.len()];
        for (c, i) in (rows.iter().enumerate())
            .filter(|(_, r)| r.free)
            .map(|(i, _)| i)
            .enumerate()
        {
            column[i] = Some(c);
        }
        // The chain rule: d S / d root += slope * d S / d follower.
        for t in &self.ties {
            let (root, slope) = self.root(t.follower);
            if let (Some(cf), Some(cr)) = (column[t.follower], column[root]) {
                let (fol, mut src) = jac.multi_slice_mut((
                    numpy::ndarray::s![.., .., .., cf],
                    numpy::ndarray::s![.., .., .., cr],
                ));
                src.zip_mut_with(&fol, |a, &b| *a += b * slope);
            }
        }
        let keep: Vec<usize> = (rows.iter().enumerate())
            .filter(|(i, r)| r.free && self.tie_of(*i).is_none())
            .map(|(i, _)| column[i].expect("a free row has a column"))
            .collect();
        Ok((s, jac.select(Axis(3), &keep)))
    }

    fn as_tied(&self) -> Option<&Tied> {
        Some(self)
    }
}
