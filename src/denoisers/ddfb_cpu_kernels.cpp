// Built with -mavx2 -mfma (src/CMakeLists.txt): GCC vector extensions keep the 64-feature
// accumulators of one pixel in eight 256-bit registers.
#include "ddfb_cpu_kernels.hpp"

#include <algorithm>
#include <cstring>

namespace dpnp::ddfb_kernels {

namespace {

typedef float v8 __attribute__((vector_size(32)));
constexpr int kVectors = kFeatures / 8;

inline v8 load(const float* p) {
  v8 r;
  std::memcpy(&r, p, sizeof r);
  return r;
}

inline void store(float* p, v8 v) { std::memcpy(p, &v, sizeof v); }

inline float sum(v8 v) { return ((v[0] + v[1]) + (v[2] + v[3])) + ((v[4] + v[5]) + (v[6] + v[7])); }

inline v8 clip(v8 v, float low, float high) {
  const v8 lo = v8{} + low, hi = v8{} + high;
  v = v < lo ? lo : v;
  return v > hi ? hi : v;
}

}  // namespace

bool usable() {
#if defined(__x86_64__) && defined(__GNUC__)
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  return false;
#endif
}

void dual_interior(const float* const in[kChannels][3], std::int64_t cols, const float* weights, float tau, float nu,
                   bool accumulate, float* u_row) {
  for (std::int64_t col = 1; col + 1 < cols; ++col) {
    v8 acc[kVectors];
    for (auto& a : acc) a = v8{};
    const float* w = weights;
    for (int c = 0; c < kChannels; ++c)
      for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j, w += kFeatures) {
          const v8 v = v8{} + in[c][i][col + j - 1];
          for (int k = 0; k < kVectors; ++k) acc[k] += load(w + 8 * k) * v;
        }
    float* out = u_row + col * kFeatures;
    for (int k = 0; k < kVectors; ++k)
      store(out + 8 * k, accumulate ? clip(load(out + 8 * k) + tau * acc[k], -nu, nu) : acc[k]);
  }
}

void primal_interior(const float* const u[3], std::int64_t cols, const float* weights, const float* const x[kChannels],
                     float* const out[kChannels]) {
  // The three channels at once, over the features in chunks of 32: 12 accumulators stay in registers
  // and each u vector is loaded once for all three.
  constexpr int kChunk = 4;
  for (std::int64_t col = 1; col + 1 < cols; ++col) {
    v8 total[kChannels] = {v8{}, v8{}, v8{}};
    for (int chunk = 0; chunk < kVectors; chunk += kChunk) {
      v8 a[kChannels][kChunk];
      for (auto& row : a)
        for (auto& v : row) v = v8{};
      const float* w = weights + chunk * 8;
      for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j, w += kFeatures) {
          const float* v = u[i] + (col + 1 - j) * kFeatures + chunk * 8;
          for (int k = 0; k < kChunk; ++k) {
            const v8 uv = load(v + 8 * k);
            for (int c = 0; c < kChannels; ++c) a[c][k] += load(w + c * 9 * kFeatures + 8 * k) * uv;
          }
        }
      for (int c = 0; c < kChannels; ++c) total[c] += (a[c][0] + a[c][1]) + (a[c][2] + a[c][3]);
    }
    for (int c = 0; c < kChannels; ++c) out[c][col] = std::clamp(x[c][col] - sum(total[c]), 0.0f, 1.0f);
  }
}

}  // namespace dpnp::ddfb_kernels
