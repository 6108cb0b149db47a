#include "dpnp/physics/blur_kernels.hpp"

#include <fmt/format.h>

#include <cmath>
#include <tuple>
#include <vector>

#include "dpnp/core/error.hpp"
#include "dpnp/core/noise.hpp"

namespace dpnp {

namespace {

// ---- motion blur ----

struct Point {
  double x = 0, y = 0;
};

// How many times the velocity forgets its direction over the exposure at intensity 1. Tied to the
// exposure rather than to a step, so the shape of a path does not depend on the step count.
constexpr double kDecorrelationsAtFullIntensity = 8.0;

// The velocity is an Ornstein-Uhlenbeck walk: each step keeps `inertia` of it and adds a fresh kick,
// with the stationary spread kept at 1 so that only the path's shape changes with the intensity.
std::vector<Point> camera_path(std::int64_t size, double intensity, std::uint64_t seed) {
  const noise::Key key{seed, noise::kBlurKernel, 0};
  std::uint64_t next_draw = 0;
  const auto draw = [&] { return static_cast<double>(noise::normal_at(key, next_draw++)); };
  const std::int64_t steps = 32 + 8 * size;
  const double inertia = std::exp(-intensity * kDecorrelationsAtFullIntensity / static_cast<double>(steps));
  const double kick = std::sqrt(1.0 - inertia * inertia);
  Point velocity{draw(), draw()};
  std::vector<Point> path{Point{}};
  for (std::int64_t step = 0; step < steps; ++step) {
    velocity.x = inertia * velocity.x + kick * draw();
    velocity.y = inertia * velocity.y + kick * draw();
    path.push_back({path.back().x + velocity.x, path.back().y + velocity.y});
  }
  return path;
}

// Scales the path (keeping its aspect) so that its longer side spans the canvas less a one-pixel
// margin, which keeps the bilinear splats and the smoothing inside.
void fit_to_canvas(std::vector<Point>& path, std::int64_t canvas) {
  Point low = path.front(), high = path.front();
  for (const Point& p : path) {
    low = {std::min(low.x, p.x), std::min(low.y, p.y)};
    high = {std::max(high.x, p.x), std::max(high.y, p.y)};
  }
  const double centre = (static_cast<double>(canvas) - 1.0) / 2.0;
  const double radius = std::max(0.0, centre - 1.0);
  const double extent = std::max(high.x - low.x, high.y - low.y);
  const double scale = extent > 0 ? 2.0 * radius / extent : 0.0;
  for (Point& p : path)
    p = {centre + (p.x - (low.x + high.x) / 2.0) * scale, centre + (p.y - (low.y + high.y) / 2.0) * scale};
}

// Every step gets the same exposure, spread over samples at most a quarter pixel apart.
at::Tensor rasterise(const std::vector<Point>& path, std::int64_t canvas) {
  at::Tensor image = at::zeros({canvas, canvas}, at::kDouble);
  auto pixels = image.accessor<double, 2>();
  const auto splat = [&](double x, double y, double weight) {
    const auto col = static_cast<std::int64_t>(std::floor(x)), row = static_cast<std::int64_t>(std::floor(y));
    const double fx = x - static_cast<double>(col), fy = y - static_cast<double>(row);
    for (const auto& [r, c, w] : {std::tuple{row, col, (1 - fy) * (1 - fx)}, std::tuple{row, col + 1, (1 - fy) * fx},
                                  std::tuple{row + 1, col, fy * (1 - fx)}, std::tuple{row + 1, col + 1, fy * fx}})
      if (r >= 0 && r < canvas && c >= 0 && c < canvas) pixels[r][c] += weight * w;
  };
  for (std::size_t s = 0; s + 1 < path.size(); ++s) {
    const Point a = path[s], b = path[s + 1];
    const double length = std::hypot(b.x - a.x, b.y - a.y);
    const auto samples = std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(length / 0.25)));
    for (std::int64_t i = 0; i < samples; ++i) {
      const double t = (static_cast<double>(i) + 0.5) / static_cast<double>(samples);
      splat(a.x + t * (b.x - a.x), a.y + t * (b.y - a.y), 1.0 / static_cast<double>(samples));
    }
  }
  return image;
}

at::Tensor gaussian_profile_2d(std::int64_t size, double std_dev) {
  const at::Tensor offsets = at::arange(size, at::kDouble) - (static_cast<double>(size) - 1.0) / 2.0;
  const at::Tensor profile = at::exp(-offsets.square() / (2.0 * std_dev * std_dev));
  const at::Tensor kernel = at::outer(profile, profile);
  return kernel / kernel.sum();
}

}  // namespace

at::Tensor motion_blur_kernel(std::int64_t size, double intensity, std::uint64_t seed) {
  if (size < 1) throw InputError(fmt::format("motion blur: size {} is too small; give a size of at least 1", size));
  if (!(intensity >= 0.0 && intensity <= 1.0))
    throw InputError(fmt::format("motion blur: intensity {} is outside [0, 1]; give a value in [0, 1]", intensity));
  const std::int64_t canvas = 2 * size;
  std::vector<Point> path = camera_path(size, intensity, seed);
  fit_to_canvas(path, canvas);
  const at::Tensor smoothing = gaussian_profile_2d(3, 0.5).view({1, 1, 3, 3});
  const at::Tensor fine = at::conv2d(rasterise(path, canvas).view({1, 1, canvas, canvas}), smoothing, {}, 1, 1);
  const at::Tensor kernel = at::avg_pool2d(fine, 2).view({size, size});
  return (kernel / kernel.sum()).to(at::kFloat);
}

at::Tensor gaussian_blur_kernel(std::int64_t size, double std_dev) {
  if (size < 1) throw InputError(fmt::format("gaussian blur: size {} is too small; give a size of at least 1", size));
  if (!(std_dev > 0.0))
    throw InputError(fmt::format("gaussian blur: std {} is not positive; give a positive std", std_dev));
  return gaussian_profile_2d(size, std_dev).to(at::kFloat);
}

at::Tensor normalised_kernel(const at::Tensor& raw, const std::string& origin) {
  const auto bad = [&](const std::string& problem, const std::string& fix) {
    throw InputError(fmt::format("{}: {}; {}", origin, problem, fix));
  };
  if (raw.dim() != 2 || raw.numel() == 0) bad("the kernel is empty or not 2-D", "give a k x k kernel with k >= 1");
  if (raw.size(0) != raw.size(1))
    bad(fmt::format("the kernel is {}x{}, not square", raw.size(0), raw.size(1)), "give a k x k kernel (pad it with zeros)");
  const at::Tensor kernel = raw.to(at::kCPU, at::kDouble);
  if (!at::isfinite(kernel).all().item<bool>()) bad("the kernel holds NaN or infinite values", "give finite values");
  const double sum = kernel.sum().item<double>();
  if (!(sum > 0)) bad(fmt::format("the kernel sums to {}", sum), "give a kernel with a positive sum");
  return (kernel / sum).to(at::kFloat);
}

std::int64_t default_blur_size(std::int64_t height, std::int64_t width) {
  const auto side = static_cast<std::int64_t>(std::sqrt(static_cast<double>(height) * static_cast<double>(width)));
  const std::int64_t size = side / 32 + 1;
  return size % 2 == 1 ? size : size - 1;
}

}  // namespace dpnp
