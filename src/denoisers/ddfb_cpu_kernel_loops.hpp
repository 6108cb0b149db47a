#pragma once
// The fused CPU DDFB's inner loops, written once over a GCC vector type and instantiated in one
// translation unit per instruction set (ddfb_cpu_kernels_avx2.cpp, ddfb_cpu_kernels_avx512.cpp),
// each compiled for its own ISA. Only those two files include this header.
//
// Every pixel's sums run in the same order whatever the column blocking, so a pixel's value does not
// depend on which block it falls in, and the result is the same on every rank count (ranks split
// rows, not columns). The dual pass's per-feature sums are also the same for every vector width; the
// primal pass's 64 -> 1 lane sums are not, which is why one primal pass (AVX2's) serves both sets.

#include <algorithm>
#include <cstring>

#include "ddfb_cpu_kernels.hpp"

namespace dpnp::ddfb_kernels {

/// `Vec`: a GCC vector of `Width` floats. `DualBlock` / `PrimalBlock`: columns handled together, so
/// that each weight vector loaded from L1 serves several pixels (the register file bounds them:
/// PrimalBlock x 3 accumulators plus 4 operands).
template <class Vec, int Width, int DualBlock, int PrimalBlock>
struct Loops {
  static constexpr int kVectors = static_cast<int>(kFeatures) / Width;

  static Vec load(const float* p) {
    Vec r;
    std::memcpy(&r, p, sizeof r);
    return r;
  }
  static void store(float* p, Vec v) { std::memcpy(p, &v, sizeof v); }
  static Vec splat(float s) { return Vec{} + s; }
  static Vec clip(Vec v, float low, float high) {
    const Vec lo = splat(low), hi = splat(high);
    v = v < lo ? lo : v;
    return v > hi ? hi : v;
  }
  // Pairwise over the lanes: lane i with lane i + half, halving until one is left, in registers (a
  // store and scalar adds per sum cost the primal pass a third of its time at 16 lanes).
  template <int Lanes, class V>
  static float halving_sum(V v) {
    if constexpr (Lanes == 1) {
      return v[0];
    } else {
      typedef float Half __attribute__((vector_size(Lanes / 2 * sizeof(float))));
      Half low, high;
      std::memcpy(&low, &v, sizeof low);
      std::memcpy(&high, reinterpret_cast<const char*>(&v) + sizeof low, sizeof high);
      return halving_sum<Lanes / 2>(low + high);
    }
  }
  static float sum(Vec v) { return halving_sum<Width>(v); }

  template <int Block>
  static void dual_block(const float* const in[kChannels][3], std::int64_t col, const float* weights, float tau,
                         float nu, bool accumulate, float* u_row) {
    Vec acc[Block][kVectors];
    for (auto& pixel : acc)
      for (auto& a : pixel) a = Vec{};
    const float* w = weights;
    for (int c = 0; c < kChannels; ++c)
      for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j, w += kFeatures)
          for (int k = 0; k < kVectors; ++k) {
            const Vec wk = load(w + Width * k);
            for (int p = 0; p < Block; ++p) acc[p][k] += wk * splat(in[c][i][col + p + j - 1]);
          }
    for (int p = 0; p < Block; ++p) {
      float* out = u_row + (col + p) * kFeatures;
      for (int k = 0; k < kVectors; ++k)
        store(out + Width * k, accumulate ? clip(load(out + Width * k) + tau * acc[p][k], -nu, nu) : acc[p][k]);
    }
  }

  static void dual_interior(const float* const in[kChannels][3], std::int64_t cols, const float* weights, float tau,
                            float nu, bool accumulate, float* u_row) {
    std::int64_t col = 1;
    for (; col + DualBlock < cols; col += DualBlock)
      dual_block<DualBlock>(in, col, weights, tau, nu, accumulate, u_row);
    for (; col + 1 < cols; ++col) dual_block<1>(in, col, weights, tau, nu, accumulate, u_row);
  }

  // The three output channels of Block columns at once: per feature vector and row of taps, the
  // Block + 2 u vectors the row's three taps read are loaded once, and each of the three taps' three
  // weight vectors serves Block pixels (the one-pixel loop was load-bound).
  template <int Block>
  static void primal_block(const float* const u[3], std::int64_t col, const float* weights,
                           const float* const x[kChannels], float* const out[kChannels]) {
    Vec acc[Block][kChannels];
    for (auto& pixel : acc)
      for (auto& a : pixel) a = Vec{};
    for (int k = 0; k < kVectors; ++k) {
      for (int i = 0; i < 3; ++i) {
        // uv[m] is u at column col - 1 + m: tap j of pixel p reads column col + p + 1 - j.
        Vec uv[Block + 2];
        for (int m = 0; m < Block + 2; ++m) uv[m] = load(u[i] + (col - 1 + m) * kFeatures + Width * k);
        for (int j = 0; j < 3; ++j) {
          const float* w = weights + (i * 3 + j) * kFeatures + Width * k;
          Vec wc[kChannels];
          for (int c = 0; c < kChannels; ++c) wc[c] = load(w + c * 9 * kFeatures);
          for (int p = 0; p < Block; ++p)
            for (int c = 0; c < kChannels; ++c) acc[p][c] += wc[c] * uv[p + 2 - j];
        }
      }
    }
    for (int p = 0; p < Block; ++p)
      for (int c = 0; c < kChannels; ++c) out[c][col + p] = std::clamp(x[c][col + p] - sum(acc[p][c]), 0.0f, 1.0f);
  }

  static void primal_interior(const float* const u[3], std::int64_t cols, const float* weights,
                              const float* const x[kChannels], float* const out[kChannels]) {
    std::int64_t col = 1;
    for (; col + PrimalBlock < cols; col += PrimalBlock) primal_block<PrimalBlock>(u, col, weights, x, out);
    for (; col + 1 < cols; ++col) primal_block<1>(u, col, weights, x, out);
  }
};

}  // namespace dpnp::ddfb_kernels
