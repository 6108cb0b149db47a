#pragma once
// Inner loops of the fused CPU DDFB (ddfb_cpu.cpp) for 3 channels and 64 features, compiled with
// AVX2 + FMA in their own translation unit (ddfb_cpu_kernels.cpp) and called only where the CPU has
// both (ddfb_cpu_kernels_usable). They cover the interior columns [1, cols - 1), where every tap of
// the 3x3 stencil is inside the row; the caller does the two edge columns.

#include <cstdint>

namespace dpnp::ddfb_kernels {

constexpr std::int64_t kChannels = 3;
constexpr std::int64_t kFeatures = 64;

/// Whether this CPU runs the AVX2 + FMA kernels.
bool usable();

/// acc[col] = sum over (c, i, j) of w[c][i][j][:] * in[c][i][col + j - 1], then
/// u[col][:] = accumulate ? clip(u + tau * acc, -nu, nu) : acc. `in[c][i]`: row r + i - 1 of channel c.
void dual_interior(const float* const in[kChannels][3], std::int64_t cols, const float* weights, float tau, float nu,
                   bool accumulate, float* u_row);

/// out[c][col] = clip(x[c][col] - sum over (i, j) of w[c][i][j][:] . u[i][col + 1 - j][:], 0, 1).
/// `u[i]`: pixel-major row r + 1 - i of u.
void primal_interior(const float* const u[3], std::int64_t cols, const float* weights, const float* const x[kChannels],
                     float* const out[kChannels]);

}  // namespace dpnp::ddfb_kernels
