#pragma once
/// @file
/// The ground truth of a run: this rank's rows of the image truth.path names, on [0, 1].

#include <ATen/ATen.h>

#include "dpnp/dist/slab_domain.hpp"
#include "dpnp/io/image.hpp"

namespace dpnp {

/// This rank's rows [C, rows, W] of `source` on `domain`, normalised as io/image.hpp says (raw float
/// data outside [0, 1] min-max normalised with the global extremes). Collective; errors are agreed
/// InputErrors naming the file.
at::Tensor read_truth(const ImageSource& source, const SlabDomain& domain);

}  // namespace dpnp
