#pragma once
/// @file
/// Training batches: random patches of a set of images, each under one of the 8 flips/rotations, with
/// Gaussian noise of one sigma ~ U[0, sigma_max] per batch. Every number comes from the counter-based
/// RNG keyed by (seed, step), so batch t is the same whenever it is drawn (reproducible runs, and a
/// restart at any step needs no generator state).

#include <ATen/ATen.h>

#include <cstdint>
#include <string>
#include <vector>

namespace dpnp {

struct NamedImage {
  std::string name;
  at::Tensor pixels;  ///< float32 [C, H, W] in [0, 1]
};

struct TrainingBatch {
  at::Tensor clean;  ///< [B, C, patch, patch]
  at::Tensor noisy;  ///< clean + sigma * standard normal
  double sigma = 0.0;
};

class PatchSampler {
 public:
  /// Throws InputError when there is no image or one is smaller than the patch.
  PatchSampler(std::vector<NamedImage> images, std::int64_t patch, std::uint64_t seed);

  /// Batch number `step`. A patch position is uniform over all the positions of all the images (an
  /// image is picked in proportion to its number of positions).
  TrainingBatch batch(std::uint64_t step, std::int64_t size, double sigma_max) const;

  std::int64_t patch() const { return patch_; }
  const std::vector<NamedImage>& images() const { return images_; }

 private:
  std::vector<NamedImage> images_;
  std::vector<double> cumulative_positions_;
  std::int64_t patch_;
  std::uint64_t seed_;
};

/// One of the 8 symmetries of the square: rot90 `t % 4` times, then a left-right flip if t >= 4.
at::Tensor dihedral(const at::Tensor& patch, int t);

}  // namespace dpnp
