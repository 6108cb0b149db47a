#include "dpnp/denoisers/spectral_norm.hpp"

#include <ATen/ops/linalg_eigvalsh.h>

#include <algorithm>
#include <cmath>

#include "dpnp/core/error.hpp"

namespace dpnp {

namespace {

constexpr double kTwoPi = 6.283185307179586476925;
constexpr std::int64_t kChunk = 16384;        // frequencies per batched evaluation: ~50 MB for 64x3 kernels
constexpr std::int64_t kCoarseCells = 64;     // first grid, per axis (at least 8 points per period)
constexpr std::int64_t kRefinedStarts = 16;   // local maxima refined from the grid's best points
constexpr int kZoomRounds = 45;

struct Taps {
  at::Tensor matrix;  // (taps, out*in), complex128
  at::Tensor dy, dx;  // tap offsets, float64
  std::int64_t out = 0, in = 0;
};

// sigma_max(K(w)) is unchanged by a global phase exp(i w.c): offsets are taken from the kernel's
// centre of energy c, which keeps the phases, and their rounding, small.
Taps taps_of(const at::Tensor& kernel) {
  const at::Tensor k = kernel.detach().to(at::kCPU, at::kDouble).contiguous();
  const std::int64_t out = k.size(0), in = k.size(1), kh = k.size(2), kw = k.size(3);
  const at::Tensor by_tap = k.permute({2, 3, 0, 1}).reshape({kh * kw, out * in});
  const at::Tensor norms = by_tap.norm(2, 1);
  const at::Tensor rows = at::arange(kh, at::TensorOptions().dtype(at::kDouble)).repeat_interleave(kw);
  const at::Tensor cols = at::arange(kw, at::TensorOptions().dtype(at::kDouble)).repeat({kh});
  const double total = norms.sum().item<double>();
  const double cy = total > 0 ? (norms * rows).sum().item<double>() / total : 0.0;
  const double cx = total > 0 ? (norms * cols).sum().item<double>() / total : 0.0;
  Taps t;
  t.out = out;
  t.in = in;
  t.dy = rows - cy;
  t.dx = cols - cx;
  t.matrix = by_tap.to(at::kComplexDouble);
  return t;
}

// sigma_max(K(w)) at the frequencies (wy[m], wx[m]).
at::Tensor largest_singular_values(const Taps& t, const at::Tensor& wy, const at::Tensor& wx) {
  std::vector<at::Tensor> parts;
  for (std::int64_t begin = 0; begin < wy.size(0); begin += kChunk) {
    const std::int64_t n = std::min(kChunk, wy.size(0) - begin);
    const at::Tensor phase =
        -(wy.narrow(0, begin, n).unsqueeze(1) * t.dy.unsqueeze(0) + wx.narrow(0, begin, n).unsqueeze(1) * t.dx.unsqueeze(0));
    const at::Tensor transfer = at::polar(at::ones_like(phase), phase).matmul(t.matrix).view({n, t.out, t.in});
    const at::Tensor adjoint = transfer.conj().transpose(1, 2);
    // The smaller Gram matrix has the same largest eigenvalue.
    const at::Tensor gram = t.in <= t.out ? adjoint.matmul(transfer) : transfer.matmul(adjoint);
    parts.push_back(at::linalg_eigvalsh(gram).select(-1, -1).clamp_min(0).sqrt());
  }
  return at::cat(parts);
}

}  // namespace

SpectralBound conv_squared_norm_bound(const at::Tensor& kernel, long max_evaluations) {
  DPNP_CHECK(kernel.dim() == 4 && kernel.numel() > 0, "conv_squared_norm_bound needs a (out, in, kh, kw) kernel");
  const Taps taps = taps_of(kernel);
  const auto options = at::TensorOptions().dtype(at::kDouble);
  SpectralBound result;

  // sigma_max(K(w))^2 is a trigonometric polynomial matrix of degree kh-1 (kw-1) per axis: it cannot
  // oscillate within a cell of a grid with many points per period, so a coarse grid sees every local
  // maximum, and zooming in on the best few finds the supremum to rounding.
  const std::int64_t cells = std::max<std::int64_t>(kCoarseCells, 8 * std::max(kernel.size(2), kernel.size(3)));
  double step = kTwoPi / static_cast<double>(cells);
  const at::Tensor axis = at::arange(cells, options) * step;
  const at::Tensor grid = largest_singular_values(taps, axis.repeat_interleave(cells), axis.repeat({cells}));
  result.evaluations += grid.size(0);
  const std::int64_t starts = std::min<std::int64_t>(kRefinedStarts, grid.size(0));
  const at::Tensor best = std::get<1>(grid.topk(starts));

  // Zoom: a 5x5 stencil around the current best point, spanning one step each way; the step halves
  // each round, so 45 rounds take it from 2pi/cells below 1e-13 (a stalled point is no sign of
  // convergence: the peak may lie between stencil points, so every round runs).
  const at::Tensor offsets = at::arange(-2, 3, options) / 2.0;
  const at::Tensor oy = offsets.repeat_interleave(5), ox = offsets.repeat({5});
  at::Tensor wy = axis.index({best.div(cells, "floor")});
  at::Tensor wx = axis.index({best.remainder(cells)});
  at::Tensor value = grid.index({best});
  double previous = value.max().item<double>();
  for (int round = 0; round < kZoomRounds && result.evaluations < max_evaluations; ++round) {
    const at::Tensor cy = (wy.unsqueeze(1) + step * oy.unsqueeze(0)).reshape({-1});
    const at::Tensor cx = (wx.unsqueeze(1) + step * ox.unsqueeze(0)).reshape({-1});
    const at::Tensor around = largest_singular_values(taps, cy, cx).view({starts, 25});
    result.evaluations += around.numel();
    const auto [top, where] = around.max(1);
    wy = cy.view({starts, 25}).gather(1, where.unsqueeze(1)).squeeze(1);
    wx = cx.view({starts, 25}).gather(1, where.unsqueeze(1)).squeeze(1);
    value = top;
    step /= 2;
    const double current = value.max().item<double>();
    result.gap = (current - previous) / current;
    previous = current;
  }
  result.squared_norm = previous * previous;
  return result;
}

}  // namespace dpnp
