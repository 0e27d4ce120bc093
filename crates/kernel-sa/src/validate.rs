//! Checks every backend makes before a request reaches a kernel.

use crate::error::{KernelError, OpKind};
use crate::sa::SaSpec;
use crate::xfrm::algs;

/// The spec's own rules and the algorithm table, so that nostack refuses exactly what
/// XFRM could not express.
pub(crate) fn check_sa(op: OpKind, spec: &SaSpec) -> Result<(), KernelError> {
    spec.check()
        .map_err(|what| KernelError::Invalid { op, what })?;
    algs::resolve(&spec.algorithms)
        .map(drop)
        .map_err(|e| alg_error(op, &e))
}

/// An algorithm-table refusal as a kernel error: unknown IDs are unsupported, the rest
/// is an invalid request.
pub(crate) fn alg_error(op: OpKind, e: &algs::AlgError) -> KernelError {
    match e {
        algs::AlgError::Unknown { .. } => KernelError::Unsupported {
            op,
            what: e.to_string(),
        },
        _ => KernelError::Invalid {
            op,
            what: e.to_string(),
        },
    }
}
