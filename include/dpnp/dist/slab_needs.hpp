#pragma once
/// @file
/// What a stencil needs of the slabs it runs on. Every operator, network and metric declares its
/// needs; set-up combines them and SlabLayout::balanced derives the decompositions that satisfy all
/// of them, so no rank count is refused by one stencil after another has started.

#include <cstdint>
#include <string>

namespace dpnp {

struct SlabNeeds {
  /// Fewest rows a slab may hold when the image is split over several ranks: a slab must be able to
  /// serve its neighbours' ghost rows (a 3x3 stencil: 1; a k x k blur: k - 1).
  std::int64_t min_rows = 1;
  /// Every slab but the last starts and ends on a multiple of this (DRUNet's stride-2 levels: 8).
  std::int64_t row_multiple = 1;
  /// Who needs `min_rows` and who needs `row_multiple`, for the one error message that refuses a
  /// decomposition (e.g. "the 5x5 blur", "DRUNet").
  std::string min_rows_by, row_multiple_by;

  static SlabNeeds halo(std::int64_t rows, std::string by);
  static SlabNeeds multiple(std::int64_t multiple, std::string by);

  /// Both sets of needs at once: the larger minimum, the least common multiple.
  SlabNeeds& operator|=(const SlabNeeds& other);
};

inline SlabNeeds operator|(SlabNeeds a, const SlabNeeds& b) { return a |= b; }

/// The one refusal of a slab too thin for a halo: throws InputError("ranks: ...") when a slab of
/// `rows` rows cannot serve `needed` ghost rows to `by` (a stencil, an exchange).
void require_slab_rows(std::int64_t rows, std::int64_t needed, const std::string& by);

}  // namespace dpnp
