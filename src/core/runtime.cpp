#include "dpnp/core/runtime.hpp"

#include <ATen/Parallel.h>
#include <malloc.h>

#include <algorithm>
#include <thread>

namespace dpnp {

void tune_allocator() {
  // glibc would mmap every block above 32 MB and unmap it on free, so each large tensor costs a
  // page fault per 4 KiB on every use (7-60x slower convolutions): keep every block on the heap.
  mallopt(M_MMAP_MAX, 0);
  // And never hand the top of the heap back: with a finite threshold, a 64-channel activation of a
  // 2048^2 image (1 GiB) is released and faulted in again on every call (180 M minor faults in a
  // set-up). A sampler's working set is reused every iteration, so keeping its peak costs nothing.
  mallopt(M_TRIM_THRESHOLD, -1);
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
