//! [`Data`]: a measured or simulated network as a model (pmrf's [`DynBlock`]): no parameters,
//! S interpolated onto the evaluation grid, any port count; a part of cascades and circuits.

use std::sync::Arc;

use numpy::Complex64;
use numpy::ndarray::{Array2, Array3, Array4};
use pmrf::components::{DynBlock, Extrapolation};
use pmrf::network::Interpolation;
use pmrf::{Error, Frequency};
use pyo3::prelude::*;

use super::{DynModel, Edit, ParamRow, PyModel};
use crate::error::{IntoPy, PmrfError};
use crate::network::PyNetwork;

/// A data block behind [`DynModel`].
#[derive(Clone)]
pub struct Data {
    block: DynBlock,
}

impl DynModel for Data {
    fn nports(&self) -> usize {
        self.block.ports()
    }

    fn nparams(&self) -> usize {
        0
    }

    fn sample(&self, n: usize, _seed: u64) -> pmrf::Result<Array2<f64>> {
        Ok(Array2::zeros((n, 0)))
    }

    fn params(&self) -> Vec<ParamRow> {
        Vec::new()
    }

    fn with_values(&self, values: &[f64]) -> pmrf::Result<Arc<dyn DynModel>> {
        if !values.is_empty() {
            return Err(Error::ParamCount {
                expected: 0,
                got: values.len(),
            });
        }
        Ok(Arc::new(self.clone()))
    }

    fn edit(&self, name: &str, _: &Edit) -> pmrf::Result<Arc<dyn DynModel>> {
        Err(super::unknown(&[], name))
    }

    /// S on `freq`, an error naming the block and its band if `freq` leaves it (unless the
    /// block holds its edges): checked before any point is evaluated, so a block inside a
    /// cascade or circuit reports it too.
    fn s(&self, freq: &Frequency) -> pmrf::Result<Array3<Complex64>> {
        self.block.covers(freq)?;
        let n = self.block.ports();
        let mut out = Array3::zeros((freq.len(), n, n));
        let flat = out
            .as_slice_mut()
            .ok_or_else(|| Error::Shape("data block: output not contiguous".to_owned()))?;
        for (&f, point) in freq.hz().iter().zip(flat.chunks_exact_mut(n * n)) {
            self.block.write_s(f, point);
        }
        Ok(out)
    }

    fn s_jacobian(&self, freq: &Frequency) -> pmrf::Result<(Array3<Complex64>, Array4<Complex64>)> {
        let s = self.s(freq)?;
        let n = self.block.ports();
        Ok((s, Array4::zeros((freq.len(), n, n, 0))))
    }
}

/// Measured or simulated data as a ``Model`` (pmrf's ``DynBlock``): no parameters, its S
/// (renormalised to 50 ohm once) interpolated onto the grid it is evaluated on, any port count.
/// A part of cascades and ``Circuit``\ s like any model.
///
/// ``interpolation``: ``"linear"`` (real and imaginary parts, the default), ``"mag_phase"``
/// (magnitude and unwrapped phase; exact for a delay) or ``"cubic"`` (natural splines).
/// ``extrapolation``: ``"refuse"`` (the default: a grid outside the data's band raises
/// ``PmrfError`` naming the block and the band, also inside a cascade or circuit) or
/// ``"hold_edge"`` (the edge values held constant).
///
/// >>> from pmrf_rs import DataBlock, Frequency
/// >>> from pmrf_rs.components import SeriesL
/// >>> grid = Frequency.linspace(1, 2, 11)
/// >>> fixture = DataBlock(SeriesL(l=2e-9).network(grid))
/// >>> (fixture.nports, fixture.names)
/// (2, [])
#[pyfunction]
#[pyo3(name = "DataBlock", signature = (network, interpolation = "linear", extrapolation = "refuse"))]
pub fn data_block(
    network: &PyNetwork,
    interpolation: &str,
    extrapolation: &str,
) -> PyResult<PyModel> {
    let method = match interpolation.to_ascii_lowercase().as_str() {
        "linear" => Interpolation::Linear,
        "mag_phase" | "magnitude_phase" => Interpolation::MagnitudePhase,
        "cubic" => Interpolation::Cubic,
        _ => {
            return Err(PmrfError::new_err(format!(
                "unknown interpolation `{interpolation}`: use \"linear\", \"mag_phase\" or \"cubic\""
            )));
        }
    };
    let extrapolation = match extrapolation.to_ascii_lowercase().as_str() {
        "refuse" => Extrapolation::Refuse,
        "hold_edge" => Extrapolation::HoldEdge,
        _ => {
            return Err(PmrfError::new_err(format!(
                "unknown extrapolation `{extrapolation}`: use \"refuse\" or \"hold_edge\""
            )));
        }
    };
    let block = DynBlock::with_extrapolation(&network.inner, method, extrapolation).py_err()?;
    Ok(PyModel::new(Arc::new(Data { block })))
}
