#pragma once
/// @file
/// Observation files (observation.path; docs/bring-your-own-data.md): HDF5 with /observation (data
/// space, [C, H, W] or [H, W]), the forward operator's data under the dataset its task names
/// (/mask, /kernel), the noise level attribute of its noise model (sigma, peak), optionally
/// /ground_truth, and the attributes task and noise. `dpnp simulate` writes them; users write their
/// own. Each rank reads only its rows; the small global data (a kernel) are read by every rank.

#include <ATen/ATen.h>

#include <optional>
#include <string>

#include "dpnp/dist/slab_domain.hpp"
#include "dpnp/io/image.hpp"
#include "dpnp/io/options.hpp"
#include "dpnp/io/result_file.hpp"

namespace dpnp {

/// What an observation file holds, read before the decomposition exists.
struct ObservationFileInfo {
  ImageShape shape;             ///< of the image x (the data may be larger: a full convolution)
  at::Tensor global_data;       ///< the operator's data when every rank holds them (a kernel), checked
  std::optional<double> level;  ///< the noise level attribute, when present
  bool has_ground_truth = false;
  /// Inpainting with no /mask: a pixel is observed where every channel of /observation is finite.
  bool mask_from_observation = false;
};

/// Reads and checks the file's header on every rank. Collective; errors are agreed InputErrors
/// "observation.path '<path>': <problem>; <fix>".
ObservationFileInfo probe_observation_file(const ObservationOptions& options, const Comm& comm);

/// This rank's rows of the operator's per-slab data (a mask) on `image`, or the mask derived from the
/// observation's finite pixels when the file has none (said in the log). Collective.
at::Tensor read_operator_rows(const ObservationOptions& options, const ObservationFileInfo& info,
                              const SlabDomain& image);
/// This rank's rows of /observation on the data layout `data`, in float32 whatever the stored type.
/// NaN and infinite values are allowed where `mask` (this rank's rows of a per-pixel mask, or
/// undefined when the operator has none) is 0 and become 0; anywhere else they are an InputError.
/// Collective.
at::Tensor read_observation_rows(const ObservationOptions& options, const SlabDomain& data, const at::Tensor& mask);
/// This rank's rows of /ground_truth on `image`. Collective.
at::Tensor read_ground_truth_rows(const ObservationOptions& options, const SlabDomain& image);

/// What an observation file records of a problem (written by `dpnp simulate` and into results).
struct ObservationRecord {
  std::string task, noise;
  double level = 0;              ///< sigma or peak
  at::Tensor observation;        ///< this rank's slab of y (data layout of `data_layout`)
  SlabLayout data_layout;
  at::Tensor operator_data;      ///< the mask slab (image layout) or the kernel (every rank)
  at::Tensor truth;              ///< this rank's slab of the ground truth (may be undefined)
};

/// Writes the record into `file` (datasets and attributes). Collective.
void write_observation(ResultFile& file, const ObservationRecord& record, const SlabDomain& image);

}  // namespace dpnp
