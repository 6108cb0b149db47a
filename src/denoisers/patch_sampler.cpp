#include "dpnp/denoisers/patch_sampler.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "dpnp/core/error.hpp"
#include "dpnp/core/noise_field.hpp"

namespace dpnp {

namespace {

// The patch noise has a stream of its own so that its indices never meet the selection draws.
constexpr std::uint32_t kPatchNoise = noise::kTraining + 0x100;

std::int64_t scaled_index(float u, std::int64_t count) {
  // u is in (0, 1]: map to {0, .., count-1}.
  return std::min<std::int64_t>(count - 1, static_cast<std::int64_t>(static_cast<double>(u) * count));
}

}  // namespace

at::Tensor dihedral(const at::Tensor& patch, int t) {
  at::Tensor out = patch.rot90(t % 4, {-2, -1});
  return t >= 4 ? out.flip({-1}) : out;
}

PatchSampler::PatchSampler(std::vector<NamedImage> images, std::int64_t patch, std::uint64_t seed)
    : images_(std::move(images)), patch_(patch), seed_(seed) {
  if (images_.empty()) throw InputError("training needs at least one image");
  if (patch < 1) throw InputError(fmt::format("--patch: {} is not a patch size", patch));
  double total = 0.0;
  for (const auto& image : images_) {
    const std::int64_t h = image.pixels.size(-2), w = image.pixels.size(-1);
    if (h < patch || w < patch)
      throw InputError(fmt::format("image '{}' ({}x{}) is smaller than the {}x{} patches; remove it or use a smaller --patch",
                                   image.name, h, w, patch, patch));
    if (image.pixels.size(0) != images_.front().pixels.size(0))
      throw InputError(fmt::format("image '{}' has {} channels, the first image {}", image.name, image.pixels.size(0),
                                   images_.front().pixels.size(0)));
    total += static_cast<double>((h - patch + 1) * (w - patch + 1));
    cumulative_positions_.push_back(total);
  }
}

TrainingBatch PatchSampler::batch(std::uint64_t step, std::int64_t size, double sigma_max) const {
  // Draw 0 is sigma; patch b uses draws 4(b+1) .. 4(b+1)+3: image, row, column, symmetry.
  const noise::Key key{seed_, noise::kTraining, static_cast<std::uint32_t>(step)};
  TrainingBatch out;
  out.sigma = sigma_max * static_cast<double>(noise::uniform_at(key, 0));
  std::vector<at::Tensor> patches;
  patches.reserve(static_cast<std::size_t>(size));
  const double total = cumulative_positions_.back();
  for (std::int64_t b = 0; b < size; ++b) {
    const std::uint64_t base = 4 * static_cast<std::uint64_t>(b + 1);
    const double position = static_cast<double>(noise::uniform_at(key, base)) * total;
    const auto it = std::lower_bound(cumulative_positions_.begin(), cumulative_positions_.end(), position);
    const auto index = static_cast<std::size_t>(std::min<std::ptrdiff_t>(
        it - cumulative_positions_.begin(), static_cast<std::ptrdiff_t>(images_.size()) - 1));
    const at::Tensor& image = images_[index].pixels;
    const std::int64_t top = scaled_index(noise::uniform_at(key, base + 1), image.size(-2) - patch_ + 1);
    const std::int64_t left = scaled_index(noise::uniform_at(key, base + 2), image.size(-1) - patch_ + 1);
    const int symmetry = static_cast<int>(scaled_index(noise::uniform_at(key, base + 3), 8));
    patches.push_back(dihedral(image.narrow(-2, top, patch_).narrow(-1, left, patch_), symmetry));
  }
  out.clean = at::stack(patches).contiguous();
  at::Tensor noise = at::empty_like(out.clean);
  fill_normal(noise, noise::Key{seed_, kPatchNoise, static_cast<std::uint32_t>(step)},
              slab_coords(noise, patch_, 0));
  out.noisy = out.clean + out.sigma * noise;
  return out;
}

}  // namespace dpnp
