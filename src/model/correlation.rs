//! The Gaussian copula: a correlation matrix over the growth indicators and
//! the factor `A` with `A A^T = R` that turns independent normals into
//! correlated ones.

use nalgebra::{DMatrix, SymmetricEigen};

/// Eigenvalues down to this (relative to 1 on the diagonal) count as zero:
/// a matrix such as rho = 1 is positive semi-definite and allowed.
const PSD_TOLERANCE: f64 = 1e-10;

/// A validated correlation structure.
#[derive(Debug, Clone)]
pub struct Copula {
    /// Row-major `n x n` factor, or `None` when all growth draws are independent.
    factor: Option<Vec<f64>>,
    /// Per row, how many leading entries can be non-zero (`i + 1` for a
    /// Cholesky factor, `n` for an eigen factor): the rest are skipped.
    row_len: Vec<usize>,
    /// Number of growth indicators.
    dim: usize,
    /// The correlation matrix, row-major (kept for reports).
    matrix: Vec<f64>,
}

/// Why a correlation matrix was rejected.
#[derive(Debug, Clone, PartialEq)]
pub struct NotPsd {
    /// Smallest eigenvalue found.
    pub min_eigenvalue: f64,
    /// Copula coordinates that carry most of the offending eigenvector.
    pub involved: Vec<usize>,
}

impl Copula {
    /// Independent growth draws.
    pub fn independent(dim: usize) -> Self {
        let mut matrix = vec![0.0; dim * dim];
        for i in 0..dim {
            matrix[i * dim + i] = 1.0;
        }
        Copula {
            factor: None,
            row_len: (1..=dim).collect(),
            dim,
            matrix,
        }
    }

    /// Build from pairwise correlations `(i, j, rho)`; unlisted pairs are 0.
    /// Uses Cholesky when the matrix is positive definite and an eigen
    /// factor when it is only semi-definite.
    pub fn from_pairs(dim: usize, pairs: &[(usize, usize, f64)]) -> Result<Self, NotPsd> {
        let mut copula = Copula::independent(dim);
        if pairs.iter().all(|&(_, _, rho)| rho == 0.0) {
            return Ok(copula);
        }
        let mut r = DMatrix::<f64>::identity(dim, dim);
        for &(i, j, rho) in pairs {
            r[(i, j)] = rho;
            r[(j, i)] = rho;
        }
        let mut triangular = true;
        let factor = match r.clone().cholesky() {
            Some(chol) => chol.l(),
            None => {
                let eigen = SymmetricEigen::new(r.clone());
                let (k, &min) = eigen
                    .eigenvalues
                    .iter()
                    .enumerate()
                    .min_by(|a, b| a.1.total_cmp(b.1))
                    .expect("dim > 0 when pairs exist");
                if min < -PSD_TOLERANCE {
                    let v = eigen.eigenvectors.column(k);
                    let mut involved: Vec<usize> = (0..dim).filter(|&i| v[i].abs() > 0.2).collect();
                    involved.sort_unstable();
                    return Err(NotPsd {
                        min_eigenvalue: min,
                        involved,
                    });
                }
                triangular = false;
                let sqrt_values = eigen.eigenvalues.map(|l| l.max(0.0).sqrt());
                &eigen.eigenvectors * DMatrix::from_diagonal(&sqrt_values)
            }
        };
        copula.factor = Some((0..dim * dim).map(|k| factor[(k / dim, k % dim)]).collect());
        if !triangular {
            copula.row_len = vec![dim; dim];
        }
        copula.matrix = (0..dim * dim).map(|k| r[(k / dim, k % dim)]).collect();
        Ok(copula)
    }

    /// Number of growth indicators.
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// Correlation between copula coordinates `i` and `j`.
    pub fn rho(&self, i: usize, j: usize) -> f64 {
        self.matrix[i * self.dim + j]
    }

    /// Turn independent standard normals `eps` into correlated ones in `z`.
    #[inline]
    pub fn correlate(&self, eps: &[f64], z: &mut [f64]) {
        for (i, zi) in z.iter_mut().enumerate() {
            *zi = match self.factor_row(i) {
                None => eps[i],
                Some(row) => row.iter().zip(eps).map(|(a, e)| a * e).sum(),
            };
        }
    }

    /// Row `i` of the factor up to its last non-zero entry, `None` when the
    /// draws are independent: `z[i]` is the in-order sum of `row[k] *
    /// eps[k]` (the lane engine correlates a batch row by row with it).
    #[inline]
    pub fn factor_row(&self, i: usize) -> Option<&[f64]> {
        self.factor
            .as_ref()
            .map(|a| &a[i * self.dim..i * self.dim + self.row_len[i]])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn covariance_of_factor(c: &Copula) -> Vec<f64> {
        let a = c.factor.as_ref().unwrap();
        let n = c.dim;
        let mut out = vec![0.0; n * n];
        for i in 0..n {
            for j in 0..n {
                out[i * n + j] = (0..n).map(|k| a[i * n + k] * a[j * n + k]).sum();
            }
        }
        out
    }

    #[test]
    fn factor_reproduces_the_matrix() {
        let c = Copula::from_pairs(3, &[(0, 1, 0.6), (1, 2, -0.3)]).unwrap();
        let cov = covariance_of_factor(&c);
        for (got, want) in cov.iter().zip(&c.matrix) {
            assert!((got - want).abs() < 1e-12);
        }
    }

    #[test]
    fn perfect_correlation_is_semi_definite_and_allowed() {
        let c = Copula::from_pairs(2, &[(0, 1, 1.0)]).unwrap();
        let mut z = [0.0; 2];
        c.correlate(&[0.7, -1.3], &mut z);
        // Both coordinates equal one of the independent draws.
        assert!((z[0] - z[1]).abs() < 1e-12);
        assert!(
            (z[0].abs() - 0.7).abs() < 1e-12 || (z[0].abs() - 1.3).abs() < 1e-12,
            "{z:?}"
        );
    }

    #[test]
    fn inconsistent_correlations_are_rejected_naming_the_indicators() {
        let err = Copula::from_pairs(4, &[(0, 1, 0.9), (1, 2, 0.9), (0, 2, -0.9)]).unwrap_err();
        assert!(err.min_eigenvalue < 0.0);
        assert_eq!(err.involved, vec![0, 1, 2]);
    }
}
