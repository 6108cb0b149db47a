#include "dpnp/denoisers/lipschitz.hpp"

#include <torch/csrc/autograd/autograd.h>

#include <algorithm>
#include <cmath>

#include "dpnp/core/error.hpp"
#include "dpnp/core/noise_field.hpp"

namespace dpnp {

namespace {

constexpr std::uint32_t kPatchPositions = noise::kTraining + 0x300;
constexpr std::uint32_t kPatchNoise = noise::kTraining + 0x301;
constexpr std::uint32_t kPowerStart = noise::kTraining + 0x302;
constexpr double kInferenceTolerance = 1e-6;
constexpr int kInferenceIterations = 100;

at::Tensor gradient(const at::Tensor& output, const at::Tensor& input, const at::Tensor& weights, bool create_graph) {
  return torch::autograd::grad({output}, {input}, {weights}, /*retain_graph=*/true, create_graph)[0];
}

// Per-sample sum over all but the first dimension, in float64.
at::Tensor per_sample_dot(const at::Tensor& a, const at::Tensor& b) {
  return (a.to(at::kDouble) * b.to(at::kDouble)).flatten(1).sum(1);
}

at::Tensor per_sample_normalised(const at::Tensor& v) {
  const at::Tensor norms = per_sample_dot(v, v).sqrt().clamp_min(1e-300).to(v.scalar_type());
  std::vector<std::int64_t> shape(static_cast<std::size_t>(v.dim()), 1);
  shape[0] = v.size(0);
  return v / norms.view(shape);
}

at::Tensor normals_like(const at::Tensor& like, const noise::Key& key) {
  at::Tensor out = at::empty(like.sizes(), like.options().dtype(at::kFloat));
  fill_normal(out, key, slab_coords(out, out.size(-2), 0));
  return out.to(like.scalar_type());
}

}  // namespace

Jacobian::Jacobian(const BatchMap& f, const at::Tensor& x) {
  at::AutoGradMode enable(true);
  x_ = x.detach().clone().requires_grad_(true);
  y_ = f(x_);
  DPNP_CHECK(y_.requires_grad(), "the map's output does not depend on its input");
  // Any value works: J^T w is linear in w, and only its graph is used.
  dummy_ = at::zeros_like(y_).requires_grad_(true);
  adjoint_of_dummy_ = gradient(y_, x_, dummy_, /*create_graph=*/true);
}

at::Tensor Jacobian::adjoint(const at::Tensor& u) const { return gradient(y_, x_, u, false); }

at::Tensor Jacobian::apply(const at::Tensor& v) const { return gradient(adjoint_of_dummy_, dummy_, v, false); }

at::Tensor jacobian_spectral_norms(const BatchMap& f, const at::Tensor& x, const PowerIterationOptions& options,
                                   const noise::Key& start) {
  const Jacobian jacobian(f, x);
  at::Tensor u = per_sample_normalised(normals_like(x, start));
  at::Tensor estimate, previous;
  for (int it = 0; it < std::max(1, options.iterations); ++it) {
    const at::Tensor normal_u = jacobian.adjoint(jacobian.apply(u));  // J^T J u
    estimate = per_sample_dot(u, normal_u);                           // Rayleigh quotient, ||u|| = 1
    const bool converged = previous.defined() &&
                           ((estimate - previous).abs() <= options.tolerance * estimate.abs()).all().item<bool>();
    previous = estimate;
    if (converged) break;
    u = per_sample_normalised(normal_u);
  }
  return estimate.clamp_min(0.0).sqrt();
}

LipschitzTable estimate_lipschitz(TrainableNetwork& net, const std::vector<NamedImage>& images,
                                  const LipschitzOptions& options) {
  if (options.sigmas.empty() || options.patches_per_image < 1 || options.patch < 1)
    throw InputError("the Lipschitz estimate needs at least one sigma, one patch per image and a patch size >= 1");
  LipschitzTable table;
  std::int64_t prepared_rows = -1, prepared_cols = -1;
  const auto sigma_count = static_cast<std::uint32_t>(options.sigmas.size());
  for (std::size_t i = 0; i < images.size(); ++i) {
    const at::Tensor& image = images[i].pixels;
    const std::int64_t rows = std::min(options.patch, image.size(-2)), cols = std::min(options.patch, image.size(-1));
    const noise::Key where{options.seed, kPatchPositions, static_cast<std::uint32_t>(i)};
    std::vector<at::Tensor> patches;
    std::vector<std::pair<std::int64_t, std::int64_t>> corners;
    for (std::int64_t p = 0; p < options.patches_per_image; ++p) {
      const auto index = static_cast<std::uint64_t>(2 * p);
      const auto pick = [&](std::uint64_t draw, std::int64_t count) {
        return std::min<std::int64_t>(count - 1, static_cast<std::int64_t>(noise::uniform_at(where, draw) * count));
      };
      const std::int64_t top = pick(index, image.size(-2) - rows + 1), left = pick(index + 1, image.size(-1) - cols + 1);
      patches.push_back(image.narrow(-2, top, rows).narrow(-1, left, cols));
      corners.emplace_back(top, left);
    }
    const at::Tensor clean = at::stack(patches).to(at::kFloat).contiguous();
    if (rows != prepared_rows || cols != prepared_cols) {
      net.prepare(rows, cols, kInferenceTolerance, kInferenceIterations);
      prepared_rows = rows;
      prepared_cols = cols;
    }
    for (std::uint32_t s = 0; s < sigma_count; ++s) {
      const double sigma = options.sigmas[s];
      const std::uint32_t draw = static_cast<std::uint32_t>(i) * sigma_count + s;
      const at::Tensor noisy = clean + sigma * normals_like(clean, {options.seed, kPatchNoise, draw});
      const BatchMap residual = [&](const at::Tensor& x) { return net.forward(x, sigma) - x; };
      const at::Tensor norms =
          jacobian_spectral_norms(residual, noisy, options.power, {options.seed, kPowerStart, draw});
      for (std::int64_t p = 0; p < options.patches_per_image; ++p) {
        const double value = norms[p].item<double>();
        const auto [top, left] = corners[static_cast<std::size_t>(p)];
        table.entries.push_back({images[i].name, top, left, rows, cols, sigma, value});
        table.max = std::max(table.max, value);
      }
    }
  }
  return table;
}

}  // namespace dpnp
