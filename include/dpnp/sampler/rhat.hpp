#pragma once
/// @file
/// Rank-normalised split-R-hat of a scalar across chains (Vehtari, Gelman, Simpson, Carpenter and
/// Buerkner, 2021, "Rank-normalization, folding, and localization"), the convergence diagnostic of
/// current Stan and ArviZ practice. See docs/diagnostics.md.

#include <vector>

namespace dpnp {

struct SplitRhat {
  double bulk;  ///< R-hat of the rank-normalised split chains: a shift of location between them
  double tail;  ///< R-hat of the rank-normalised folded chains |x - median|: a difference in scale
  double rhat;  ///< max(bulk, tail), the number to compare with 1.01
};

/// Split-R-hat of `chains` (M >= 1 chains of the same scalar, equally long): each chain is split into
/// its first and last n/2 draws (the middle draw of an odd n is left out; the folded draws are
/// taken about the median of these split draws, as in ArviZ), so a single chain
/// is compared with itself over time. All three values are NaN with fewer than 4 draws per chain,
/// with a non-finite draw, or when the draws do not vary.
SplitRhat split_rhat(const std::vector<std::vector<double>>& chains);

}  // namespace dpnp
