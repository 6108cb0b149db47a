// The fused CPU DDFB's inner loops against the FMA peak of their instruction set, measured on this
// core in the same run (issue 12, item 3): for AVX2 and AVX-512, the peak of independent
// multiply-add chains, then the dual and the primal pass over a 3 x ROWS x COLS image with 64
// features, each as GFLOP/s and as a fraction of that peak. One thread; run it pinned to an idle
// core (taskset -c 1 build/benchmarks/ddfb_kernel_bench).
//
//   ddfb_kernel_bench [ROWS COLS REPEATS]   (default 64 512 20)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "../../src/denoisers/ddfb_cpu_kernels.hpp"

namespace {

using dpnp::ddfb_kernels::kChannels;
using dpnp::ddfb_kernels::kFeatures;

double seconds_now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Independent chains keep both FMA pipes busy whatever their latency (4 cycles x 2 pipes needs 8;
// 12 and 24 leave margin). Returns FLOP/s (2 per lane per multiply-add).
typedef float v8 __attribute__((vector_size(32)));
typedef float v16 __attribute__((vector_size(64)));

__attribute__((target("avx2,fma"), noinline)) double fma_peak_avx2(long n) {
  v8 acc[12];
  for (int i = 0; i < 12; ++i) acc[i] = v8{} + 1.0f * static_cast<float>(i);
  const v8 a = v8{} + 0.999999f, b = v8{} + 1e-7f;
  const double start = seconds_now();
  for (long k = 0; k < n; ++k)
#pragma GCC unroll 32
    for (auto& x : acc) x = x * a + b;
  const double elapsed = seconds_now() - start;
  float sink = 0;
  for (auto& x : acc) sink += x[0];
  if (sink == 12345.0f) std::puts("");
  return 12.0 * 8 * 2 * static_cast<double>(n) / elapsed;
}

__attribute__((target("avx512f,fma"), noinline)) double fma_peak_avx512(long n) {
  v16 acc[24];
  for (int i = 0; i < 24; ++i) acc[i] = v16{} + 1.0f * static_cast<float>(i);
  const v16 a = v16{} + 0.999999f, b = v16{} + 1e-7f;
  const double start = seconds_now();
  for (long k = 0; k < n; ++k)
#pragma GCC unroll 32
    for (auto& x : acc) x = x * a + b;
  const double elapsed = seconds_now() - start;
  float sink = 0;
  for (auto& x : acc) sink += x[0];
  if (sink == 12345.0f) std::puts("");
  return 24.0 * 16 * 2 * static_cast<double>(n) / elapsed;
}

bool cpu_has(const char* isa) {
  __builtin_cpu_init();
  if (std::string(isa) == "avx512") return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("fma");
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

struct Data {
  std::int64_t rows, cols;
  std::vector<float> x, u, weights, out;
};

Data make_data(std::int64_t rows, std::int64_t cols) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> d(-0.1f, 0.1f);
  Data data{rows, cols, {}, {}, {}, {}};
  data.x.resize(static_cast<std::size_t>(kChannels * (rows + 2) * cols));
  data.u.resize(static_cast<std::size_t>((rows + 2) * cols * kFeatures));
  data.weights.resize(static_cast<std::size_t>(kChannels * 9 * kFeatures));
  data.out.resize(static_cast<std::size_t>(kChannels * (rows + 2) * cols));
  for (auto* v : {&data.x, &data.u, &data.weights}) std::generate(v->begin(), v->end(), [&] { return d(rng); });
  return data;
}

// Best of `repeats` passes over the interior rows (the two ghost rows are the image's neighbours).
template <class Fn>
double best_seconds(int repeats, Fn pass) {
  double best = 1e30;
  for (int r = 0; r < repeats; ++r) {
    const double start = seconds_now();
    pass();
    best = std::min(best, seconds_now() - start);
  }
  return best;
}

void measure(const char* isa, const dpnp::ddfb_kernels::Kernels& k, Data& data, int repeats, double peak) {
  const std::int64_t rows = data.rows, cols = data.cols;
  const double pass_flops = 2.0 * kChannels * 9 * kFeatures * static_cast<double>(rows * (cols - 2));
  const double dual = best_seconds(repeats, [&] {
    for (std::int64_t r = 1; r <= rows; ++r) {
      const float* in[kChannels][3];
      for (int c = 0; c < kChannels; ++c)
        for (int i = 0; i < 3; ++i) in[c][i] = data.x.data() + (c * (rows + 2) + r + i - 1) * cols;
      k.dual(in, cols, data.weights.data(), 0.5f, 0.05f, true, data.u.data() + r * cols * kFeatures);
    }
  });
  const double primal = best_seconds(repeats, [&] {
    for (std::int64_t r = 1; r <= rows; ++r) {
      const float* u[3];
      for (int i = 0; i < 3; ++i) u[i] = data.u.data() + (r + 1 - i) * cols * kFeatures;
      const float* x[kChannels];
      float* out[kChannels];
      for (int c = 0; c < kChannels; ++c) {
        x[c] = data.x.data() + (c * (rows + 2) + r) * cols;
        out[c] = data.out.data() + (c * (rows + 2) + r) * cols;
      }
      k.primal(u, cols, data.weights.data(), x, out);
    }
  });
  for (const auto& [name, t] : {std::pair{"dual", dual}, std::pair{"primal", primal}})
    std::printf("%-7s %-7s %9.3f ms %8.1f GFLOP/s %6.1f %% of the %s FMA peak\n", isa, name, 1e3 * t,
                pass_flops / t / 1e9, 100.0 * pass_flops / t / peak, isa);
}

}  // namespace

int main(int argc, char** argv) {
  const std::int64_t rows = argc > 1 ? std::atol(argv[1]) : 64;
  const std::int64_t cols = argc > 2 ? std::atol(argv[2]) : 512;
  const int repeats = argc > 3 ? std::atoi(argv[3]) : 20;
  Data data = make_data(rows, cols);
  std::printf("ddfb_kernel_bench %ld %ld %d: one thread, 3 x %ld x %ld pixels, 64 features, best of %d\n",
              static_cast<long>(rows), static_cast<long>(cols), repeats, static_cast<long>(rows),
              static_cast<long>(cols), repeats);
  const long n = 20'000'000;
  for (const char* isa : {"avx2", "avx512"}) {
    if (!cpu_has(isa)) {
      std::printf("%-7s not supported by this CPU\n", isa);
      continue;
    }
    double peak = 0;
    for (int r = 0; r < 3; ++r) peak = std::max(peak, std::string(isa) == "avx2" ? fma_peak_avx2(n) : fma_peak_avx512(n));
    std::printf("%-7s FMA peak %8.1f GFLOP/s (independent multiply-add chains)\n", isa, peak / 1e9);
    // The AVX-512 set's primal pass is AVX2's (ddfb_cpu_dispatch.cpp); it is timed again under its name.
    const dpnp::ddfb_kernels::Kernels kernels =
        std::string(isa) == "avx2"
            ? dpnp::ddfb_kernels::Kernels{"avx2", dpnp::ddfb_kernels::avx2::dual_interior, dpnp::ddfb_kernels::avx2::primal_interior}
            : dpnp::ddfb_kernels::Kernels{"avx512", dpnp::ddfb_kernels::avx512::dual_interior,
                                          dpnp::ddfb_kernels::avx2::primal_interior};
    measure(isa, kernels, data, repeats, peak);
  }
  return 0;
}
