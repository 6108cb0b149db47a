#include "dpnp/core/runtime.hpp"

#include <ATen/Parallel.h>
#include <malloc.h>

#include <algorithm>
#include <thread>

namespace dpnp {

void tune_allocator() {
  mallopt(M_MMAP_MAX, 0);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
}

int configure_threads(int requested, int ranks_on_node) {
  int threads = requested;
  if (threads <= 0) {
    const int hardware = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    threads = std::max(1, hardware / std::max(1, ranks_on_node));
  }
  at::set_num_threads(threads);
  return threads;
}

}  // namespace dpnp
