// Built with -mavx2 -mfma (src/CMakeLists.txt) and called only where the CPU has both: the 64-feature
// accumulators of one pixel fill eight 256-bit registers.
#include "ddfb_cpu_kernel_loops.hpp"

namespace dpnp::ddfb_kernels::avx2 {

namespace {
typedef float v8 __attribute__((vector_size(32)));
// 16 registers: the dual pass holds one pixel (8 accumulators), the primal pass three (9, with the
// 5 u vectors of a row of taps and 3 weights one more than fits: measured faster than two).
using Avx2Loops = Loops<v8, 8, 1, 3>;
}  // namespace

void dual_interior(const float* const in[kChannels][3], std::int64_t cols, const float* weights, float tau, float nu,
                   bool accumulate, float* u_row) {
  Avx2Loops::dual_interior(in, cols, weights, tau, nu, accumulate, u_row);
}

void primal_interior(const float* const u[3], std::int64_t cols, const float* weights, const float* const x[kChannels],
                     float* const out[kChannels]) {
  Avx2Loops::primal_interior(u, cols, weights, x, out);
}

}  // namespace dpnp::ddfb_kernels::avx2
