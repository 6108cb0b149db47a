// Built with -mavx512f -mfma (src/CMakeLists.txt) and called only where the CPU has AVX-512F: one
// 512-bit register holds 16 features, and 32 registers let each weight vector serve four pixels of
// the dual pass. The primal pass stays AVX2's (ddfb_cpu_dispatch.cpp says why).
#include "ddfb_cpu_kernel_loops.hpp"

namespace dpnp::ddfb_kernels::avx512 {

namespace {
typedef float v16 __attribute__((vector_size(64)));
// The dual pass holds four pixels (16 accumulators); the primal block size is unused.
using Avx512Loops = Loops<v16, 16, 4, 1>;
}  // namespace

void dual_interior(const float* const in[kChannels][3], std::int64_t cols, const float* weights, float tau, float nu,
                   bool accumulate, float* u_row) {
  Avx512Loops::dual_interior(in, cols, weights, tau, nu, accumulate, u_row);
}

}  // namespace dpnp::ddfb_kernels::avx512
