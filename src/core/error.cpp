#include "dpnp/core/error.hpp"

#include <fmt/format.h>
#include <mpi.h>

namespace dpnp::detail {

void throw_check_failure(const char* condition, const std::string& message, const char* file, int line) {
  throw Error(fmt::format("internal error at {}:{}: {} ({})", file, line, message, condition));
}

void check_mpi(int code, const char* call, const char* file, int line) {
  if (code == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(code, text, &length);
  throw Error(fmt::format("MPI call failed at {}:{}: {}: {}", file, line, call, std::string(text, length)));
}

}  // namespace dpnp::detail
