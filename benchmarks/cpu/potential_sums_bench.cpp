// The sums behind the potential's trace (issue 12, item 2), per iteration of the TV demo at
// 3 x 512^2: ATen's float64 expressions (a float64 copy of each operand, then square/sqrt/sum passes)
// against dpnp's one-pass sums (core/fused_sums.hpp), side by side in one run, with the floor: the
// same bytes read once at this core's streaming read bandwidth from memory, measured here (the
// operands are evicted from the caches before each timed run, as in a sampler iteration). One thread; run it
// pinned to an idle core (taskset -c 1 build/benchmarks/potential_sums_bench).
//
//   potential_sums_bench [SIDE REPEATS]   (default 512 30)
#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <vector>

#include "dpnp/core/fused_sums.hpp"

namespace {

double seconds_now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Evicts the operands from the caches, as a sampler iteration touching far more data than L3 does.
void evict_caches() {
  static std::vector<float> other(std::size_t{1} << 24, 0.0f);  // 64 MB
  for (std::size_t i = 0; i < other.size(); i += 16) other[i] += 1.0f;
}

double fastest(int repeats, const std::function<void()>& run) {
  run();
  double best = 1e30;
  for (int i = 0; i < repeats; ++i) {
    evict_caches();
    const double start = seconds_now();
    run();
    best = std::min(best, seconds_now() - start);
  }
  return best;
}

// Streaming read bandwidth from memory: independent vector accumulators (eight 4-float vectors) over
// an array far larger than the caches, so only memory limits it.
typedef float v4 __attribute__((vector_size(16)));

double read_bandwidth(int repeats) {
  const std::int64_t n = std::int64_t{1} << 26;  // 256 MB
  std::vector<v4> data(static_cast<std::size_t>(n / 4), v4{} + 1.0f);
  volatile float sink = 0;
  const double seconds = fastest(repeats / 3 + 1, [&] {
    v4 acc[8] = {};
    for (std::size_t i = 0; i < data.size(); i += 8)
      for (std::size_t k = 0; k < 8; ++k) acc[k] += data[i + k];
    sink = acc[0][0] + acc[7][3];
  });
  (void)sink;
  return 4.0 * static_cast<double>(n) / seconds;
}

}  // namespace

int main(int argc, char** argv) {
  const std::int64_t side = argc > 1 ? std::atoll(argv[1]) : 512;
  const int repeats = argc > 2 ? std::atoi(argv[2]) : 30;
  at::set_num_threads(1);
  at::manual_seed(1);
  const at::Tensor x = at::rand({3, side, side}), y = at::rand({3, side, side}), truth = at::rand({3, side, side});
  const at::Tensor kx = at::randn({2, 3, side, side}), z = at::randn({2, 3, side, side});
  volatile double sink = 0;

  struct Row {
    const char* name;
    double bytes;
    std::function<at::Tensor()> aten, fused;
  };
  const double image = 4.0 * static_cast<double>(x.numel());
  const std::vector<Row> rows = {
      {"likelihood (Hx - y)^2", 2 * image, [&] { return (x - y).to(at::kDouble).square().sum(); },
       [&] { return dpnp::sum_of_squared_differences(x, y); }},
      {"split (Dx - z)^2", 4 * image, [&] { return (kx - z).to(at::kDouble).square().sum(); },
       [&] { return dpnp::sum_of_squared_differences(kx, z); }},
      {"TV |z|", 2 * image,
       [&] { return at::sqrt(z[0].to(at::kDouble).square() + z[1].to(at::kDouble).square()).sum(); },
       [&] { return dpnp::sum_of_norms(z[0], z[1]); }},
      {"error (x - truth)^2", 2 * image, [&] { return (x - truth).to(at::kDouble).square().sum(); },
       [&] { return dpnp::sum_of_squared_differences(x, truth); }},
      {"sum x", image, [&] { return x.sum(at::kDouble); }, [&] { return dpnp::sum_of(x); }},
  };

  const double bandwidth = read_bandwidth(repeats);
  std::printf("potential sums at 3 x %lld^2, 1 thread, fastest of %d; read bandwidth %.1f GB/s\n",
              static_cast<long long>(side), repeats, bandwidth / 1e9);
  std::printf("%-22s %10s %10s %10s %8s %9s\n", "sum", "ATen ms", "fused ms", "floor ms", "speed-up", "vs floor");
  double total_aten = 0, total_fused = 0, total_floor = 0;
  for (const Row& r : rows) {
    const double aten = fastest(repeats, [&] { sink = sink + r.aten().item<double>(); });
    const double fused = fastest(repeats, [&] { sink = sink + r.fused().item<double>(); });
    const double floor = r.bytes / bandwidth;
    total_aten += aten;
    total_fused += fused;
    total_floor += floor;
    std::printf("%-22s %10.2f %10.2f %10.2f %7.1fx %8.2fx\n", r.name, 1e3 * aten, 1e3 * fused, 1e3 * floor, aten / fused,
                fused / floor);
  }
  std::printf("%-22s %10.2f %10.2f %10.2f %7.1fx %8.2fx\n", "all", 1e3 * total_aten, 1e3 * total_fused, 1e3 * total_floor,
              total_aten / total_fused, total_fused / total_floor);
  return sink == 12345.0 ? 1 : 0;
}
