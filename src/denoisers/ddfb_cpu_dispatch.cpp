// Run-time choice of the fused CPU DDFB kernels; compiled for the baseline ISA, like every file but
// the kernels themselves.
#include <cstdlib>
#include <string>

#include "ddfb_cpu_kernels.hpp"

namespace dpnp::ddfb_kernels {

namespace {

bool cpu_has(const std::string& isa) {
#if defined(__x86_64__) && defined(__GNUC__)
  __builtin_cpu_init();
  if (isa == "avx512") return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("fma");
  if (isa == "avx2") return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
  (void)isa;
  return false;
}

const Kernels* choose() {
  // The AVX-512 set pairs the AVX-512 dual pass (four pixels per weight load: 90 % of the FMA peak in
  // cache against AVX2's 53 %) with AVX2's primal pass, which measured as fast as or faster than an
  // AVX-512 one on Zen 4 (docs/performance.md). Both sets then compute the same numbers: the dual
  // pass's per-feature sums do not depend on the vector width, so a chain is bit for bit the same on
  // an AVX2 and an AVX-512 machine (resumed on either).
  static const Kernels kAvx512{"avx512", avx512::dual_interior, avx2::primal_interior};
  static const Kernels kAvx2{"avx2", avx2::dual_interior, avx2::primal_interior};
  const char* asked = std::getenv("DPNP_DDFB_ISA");
  const std::string isa = asked ? asked : "";
  if (isa == "none") return nullptr;
  if (isa != "avx2" && cpu_has("avx512")) return &kAvx512;
  if (cpu_has("avx2")) return &kAvx2;
  return nullptr;
}

}  // namespace

const Kernels* select_kernels() {
  static const Kernels* chosen = choose();
  return chosen;
}

}  // namespace dpnp::ddfb_kernels
