#include <fmt/format.h>

#include "dpnp/core/error.hpp"
#include "dpnp/denoisers/denoiser.hpp"

namespace dpnp {

Precision parse_precision(const std::string& name) {
  if (name == "fp32") return Precision::kFp32;
  if (name == "tf32") return Precision::kTf32;
  if (name == "bf16") return Precision::kBf16;
  throw InputError(fmt::format("precision '{}' is not known; use fp32, tf32 or bf16", name));
}

std::string to_string(Precision precision) {
  switch (precision) {
    case Precision::kFp32: return "fp32";
    case Precision::kTf32: return "tf32";
    case Precision::kBf16: return "bf16";
  }
  return "fp32";
}

}  // namespace dpnp
