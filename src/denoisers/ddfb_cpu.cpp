#include "dpnp/denoisers/ddfb_cpu.hpp"

#include <ATen/Parallel.h>

#include <algorithm>
#include <array>

#include "ddfb_cpu_kernels.hpp"
#include "dpnp/core/error.hpp"

namespace dpnp {

namespace {

namespace kernels = ddfb_kernels;
constexpr std::int64_t kC = kernels::kChannels;
constexpr std::int64_t kF = kernels::kFeatures;

// [F, C, 3, 3] as [C][3][3][F]: the dual pass reads the F outputs of tap (c, i, j), the primal pass
// the F inputs of output channel c at tap (i, j), both contiguous.
std::vector<float> tap_major(const at::Tensor& w) {
  const at::Tensor t = w.to(at::kFloat).permute({1, 2, 3, 0}).contiguous();
  return {t.data_ptr<float>(), t.data_ptr<float>() + t.numel()};
}

// A slab plus its two ghost rows (from the neighbours; zeros at the image's edges or alone).
struct Ghosted {
  at::Tensor slab, top, bottom;
};

Ghosted with_ghosts(const at::Tensor& t, const HaloExchange* halo) {
  if (halo && halo->comm().size() > 1) {
    Ghosts g = halo->fill(t, 1, 1);
    return {t, g.top.contiguous(), g.bottom.contiguous()};
  }
  std::vector<std::int64_t> shape(t.sizes().begin(), t.sizes().end());
  shape[shape.size() - 2] = 1;
  const at::Tensor zeros = at::zeros(shape, t.options());
  return {t, zeros, zeros};
}

// Row r in [-1, rows] of plane `plane` ([planes, rows, width] with ghosts [planes, 1, width]).
const float* row_of(const Ghosted& g, std::int64_t plane, std::int64_t r) {
  const std::int64_t rows = g.slab.size(-2), width = g.slab.size(-1);
  if (r < 0) return g.top.data_ptr<float>() + plane * width;
  if (r >= rows) return g.bottom.data_ptr<float>() + plane * width;
  return g.slab.data_ptr<float>() + (plane * rows + r) * width;
}

// The stencils at one column with bounds checks, for the two edge columns the kernels leave out.
void dual_at(const float* const in[kC][3], std::int64_t col, std::int64_t cols, const float* weights, float tau,
             float nu, bool accumulate, float* u_row) {
  std::array<float, kF> acc{};
  const float* w = weights;
  for (int c = 0; c < kC; ++c)
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j, w += kF) {
        const std::int64_t cc = col + j - 1;
        if (cc < 0 || cc >= cols) continue;
        for (std::int64_t f = 0; f < kF; ++f) acc[f] += w[f] * in[c][i][cc];
      }
  float* out = u_row + col * kF;
  for (std::int64_t f = 0; f < kF; ++f) out[f] = accumulate ? std::clamp(out[f] + tau * acc[f], -nu, nu) : acc[f];
}

void primal_at(const float* const u[3], std::int64_t col, std::int64_t cols, const float* weights,
               const float* const x[kC], float* const out[kC]) {
  for (int c = 0; c < kC; ++c) {
    float total = 0.0f;
    const float* w = weights + c * 9 * kF;
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j, w += kF) {
        const std::int64_t cc = col + 1 - j;
        if (cc < 0 || cc >= cols) continue;
        for (std::int64_t f = 0; f < kF; ++f) total += w[f] * u[i][cc * kF + f];
      }
    out[c][col] = std::clamp(x[c][col] - total, 0.0f, 1.0f);
  }
}

// u = D p (first layer) or clip(u + tau D p, -nu, nu); p: [N, C, rows, cols], u: [N, rows, cols * F].
void dual_pass(const Ghosted& p, const std::vector<float>& weights, float tau, float nu, bool accumulate, at::Tensor& u) {
  const std::int64_t rows = p.slab.size(2), cols = p.slab.size(3);
  float* u_base = u.data_ptr<float>();
  at::parallel_for(0, p.slab.size(0) * rows, 1, [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t item = begin; item < end; ++item) {
      const std::int64_t b = item / rows, r = item % rows;
      const float* in[kC][3];
      for (int c = 0; c < kC; ++c)
        for (int i = 0; i < 3; ++i) in[c][i] = row_of(p, b * kC + c, r + i - 1);
      float* u_row = u_base + item * cols * kF;
      kernels::select_kernels()->dual(in, cols, weights.data(), tau, nu, accumulate, u_row);
      dual_at(in, 0, cols, weights.data(), tau, nu, accumulate, u_row);
      if (cols > 1) dual_at(in, cols - 1, cols, weights.data(), tau, nu, accumulate, u_row);
    }
  });
}

// out = clip(x - D^T u, 0, 1): D^T is the correlation with the flipped kernel, so tap (i, j) reads u
// at (r + 1 - i, col + 1 - j).
void primal_pass(const Ghosted& u, const std::vector<float>& weights, const at::Tensor& x, at::Tensor& out) {
  const std::int64_t rows = x.size(2), cols = x.size(3);
  const float* x_base = x.data_ptr<float>();
  float* out_base = out.data_ptr<float>();
  at::parallel_for(0, x.size(0) * rows, 1, [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t item = begin; item < end; ++item) {
      const std::int64_t b = item / rows, r = item % rows;
      const float* u_rows[3];
      for (int i = 0; i < 3; ++i) u_rows[i] = row_of(u, b, r + 1 - i);
      const float* x_rows[kC];
      float* out_rows[kC];
      for (int c = 0; c < kC; ++c) {
        const std::int64_t offset = ((b * kC + c) * rows + r) * cols;
        x_rows[c] = x_base + offset;
        out_rows[c] = out_base + offset;
      }
      kernels::select_kernels()->primal(u_rows, cols, weights.data(), x_rows, out_rows);
      primal_at(u_rows, 0, cols, weights.data(), x_rows, out_rows);
      if (cols > 1) primal_at(u_rows, cols - 1, cols, weights.data(), x_rows, out_rows);
    }
  });
}

}  // namespace

std::string ddfb_cpu_kernel_isa() {
  const kernels::Kernels* chosen = kernels::select_kernels();
  return chosen ? chosen->isa : "none";
}

bool ddfb_cpu_fused_available(const at::Tensor& x, const DdfbNetwork& net) {
  return x.device().is_cpu() && x.scalar_type() == at::kFloat && x.dim() == 4 && net.channels() == kC &&
         net.features() == kF && kernels::select_kernels() != nullptr;
}

at::Tensor ddfb_forward_cpu_fused(const DdfbNetwork& net, const std::vector<at::Tensor>& kernel_weights,
                                  const at::Tensor& x_in, double nu_in, const HaloExchange* halo) {
  DPNP_CHECK(ddfb_cpu_fused_available(x_in, net), "ddfb_forward_cpu_fused: unsupported input");
  const at::Tensor x = x_in.contiguous();
  const std::int64_t n = x.size(0), rows = x.size(2), cols = x.size(3);
  const auto nu = static_cast<float>(nu_in);
  std::vector<std::vector<float>> weights;
  for (const auto& kernel : kernel_weights) weights.push_back(tap_major(kernel));
  at::Tensor u = at::empty({n, rows, cols * kF}, x.options());
  at::Tensor out = at::empty_like(x);
  dual_pass(with_ghosts(x, halo), weights[0], 0.0f, 0.0f, false, u);
  for (std::size_t k = 1; k < weights.size(); ++k) {
    primal_pass(with_ghosts(u, halo), weights[k], x, out);
    dual_pass(with_ghosts(out, halo), weights[k], static_cast<float>(net.steps()[k]), nu, true, u);
  }
  primal_pass(with_ghosts(u, halo), weights[0], x, out);
  return out;
}

}  // namespace dpnp
