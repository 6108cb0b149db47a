#pragma once
// Inner loops of the fused CPU DDFB (ddfb_cpu.cpp) for 3 channels and 64 features, compiled for
// each instruction set in its own translation unit (ddfb_cpu_kernels_avx2.cpp: AVX2 + FMA, both
// passes; ddfb_cpu_kernels_avx512.cpp: AVX-512F, the dual pass) from the same loops
// (ddfb_cpu_kernel_loops.hpp), and chosen at run time (select_kernels). They cover the interior columns [1, cols - 1), where every
// tap of the 3x3 stencil is inside the row; the caller does the two edge columns.

#include <cstdint>
#include <string>

namespace dpnp::ddfb_kernels {

constexpr std::int64_t kChannels = 3;
constexpr std::int64_t kFeatures = 64;

/// acc[col] = sum over (c, i, j) of w[c][i][j][:] * in[c][i][col + j - 1], then
/// u[col][:] = accumulate ? clip(u + tau * acc, -nu, nu) : acc. `in[c][i]`: row r + i - 1 of channel c.
using DualInterior = void (*)(const float* const in[kChannels][3], std::int64_t cols, const float* weights, float tau,
                              float nu, bool accumulate, float* u_row);

/// out[c][col] = clip(x[c][col] - sum over (i, j) of w[c][i][j][:] . u[i][col + 1 - j][:], 0, 1).
/// `u[i]`: pixel-major row r + 1 - i of u.
using PrimalInterior = void (*)(const float* const u[3], std::int64_t cols, const float* weights,
                                const float* const x[kChannels], float* const out[kChannels]);

struct Kernels {
  std::string isa;  ///< "avx512", "avx2"
  DualInterior dual;
  PrimalInterior primal;
};

namespace avx2 {
void dual_interior(const float* const in[kChannels][3], std::int64_t cols, const float* weights, float tau, float nu,
                   bool accumulate, float* u_row);
void primal_interior(const float* const u[3], std::int64_t cols, const float* weights, const float* const x[kChannels],
                     float* const out[kChannels]);
}  // namespace avx2

namespace avx512 {
void dual_interior(const float* const in[kChannels][3], std::int64_t cols, const float* weights, float tau, float nu,
                   bool accumulate, float* u_row);
}  // namespace avx512

/// The kernels for this CPU, or null (no AVX2 + FMA: the convolution path): AVX-512F where present,
/// else AVX2 (ddfb_cpu_dispatch.cpp says why). The
/// environment variable DPNP_DDFB_ISA (avx512, avx2 or none) chooses instead, so that tests and
/// benchmarks can run every path on one machine; a choice the CPU lacks falls to the next one down.
const Kernels* select_kernels();

}  // namespace dpnp::ddfb_kernels
