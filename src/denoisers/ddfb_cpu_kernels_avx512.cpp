// Built with -mavx512f -mfma (src/CMakeLists.txt) and called only where the CPU has AVX-512F: one
// 512-bit register holds 16 features, and 32 registers let a weight load serve several pixels.
#include "ddfb_cpu_kernel_loops.hpp"

namespace dpnp::ddfb_kernels::avx512 {

namespace {
typedef float v16 __attribute__((vector_size(64)));
// 32 registers: the dual pass holds four pixels (16 accumulators), the primal pass eight (24).
using Avx512Loops = Loops<v16, 16, 4, 8>;
}  // namespace

void dual_interior(const float* const in[kChannels][3], std::int64_t cols, const float* weights, float tau, float nu,
                   bool accumulate, float* u_row) {
  Avx512Loops::dual_interior(in, cols, weights, tau, nu, accumulate, u_row);
}

void primal_interior(const float* const u[3], std::int64_t cols, const float* weights, const float* const x[kChannels],
                     float* const out[kChannels]) {
  Avx512Loops::primal_interior(u, cols, weights, x, out);
}

}  // namespace dpnp::ddfb_kernels::avx512
