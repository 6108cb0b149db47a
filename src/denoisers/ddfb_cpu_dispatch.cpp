// Run-time choice of the fused CPU DDFB kernels; compiled for the baseline ISA, like every file but
// the kernels themselves.
#include <cstdlib>
#include <string>

#include "ddfb_cpu_kernels.hpp"

namespace dpnp::ddfb_kernels {

namespace {

bool cpu_has(const char* feature) {
#if defined(__x86_64__) && defined(__GNUC__)
  __builtin_cpu_init();
  const std::string f(feature);
  if (f == "avx512") return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("fma");
  if (f == "avx2") return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
  (void)feature;
  return false;
}

const Kernels* choose() {
  static const Kernels kAvx512{"avx512", avx512::dual_interior, avx512::primal_interior};
  static const Kernels kAvx2{"avx2", avx2::dual_interior, avx2::primal_interior};
  const char* cap = std::getenv("DPNP_DDFB_ISA");
  // An unknown value caps nothing.
  const std::string limit = cap && (std::string(cap) == "avx2" || std::string(cap) == "none") ? cap : "avx512";
  if (limit == "none") return nullptr;
  if (limit == "avx512" && cpu_has("avx512")) return &kAvx512;
  if ((limit == "avx512" || limit == "avx2") && cpu_has("avx2")) return &kAvx2;
  return nullptr;
}

}  // namespace

const Kernels* select_kernels() {
  static const Kernels* chosen = choose();
  return chosen;
}

}  // namespace dpnp::ddfb_kernels
