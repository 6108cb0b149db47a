#include "dpnp/dist/comm.hpp"

#include <memory>

#include "dpnp/core/error.hpp"

namespace dpnp {

Comm::Comm(MPI_Comm comm) : comm_(comm) {
  DPNP_MPI(MPI_Comm_rank(comm_, &rank_));
  DPNP_MPI(MPI_Comm_size(comm_, &size_));
  MPI_Comm node = MPI_COMM_NULL;
  DPNP_MPI(MPI_Comm_split_type(comm_, MPI_COMM_TYPE_SHARED, rank_, MPI_INFO_NULL, &node));
  DPNP_MPI(MPI_Comm_rank(node, &local_rank_));
  DPNP_MPI(MPI_Comm_size(node, &local_size_));
  DPNP_MPI(MPI_Comm_free(&node));
}

Comm Comm::world() { return Comm(MPI_COMM_WORLD); }

double Comm::sum(double value) const {
  DPNP_MPI(MPI_Allreduce(MPI_IN_PLACE, &value, 1, MPI_DOUBLE, MPI_SUM, comm_));
  return value;
}
double Comm::max(double value) const {
  DPNP_MPI(MPI_Allreduce(MPI_IN_PLACE, &value, 1, MPI_DOUBLE, MPI_MAX, comm_));
  return value;
}
double Comm::min(double value) const {
  DPNP_MPI(MPI_Allreduce(MPI_IN_PLACE, &value, 1, MPI_DOUBLE, MPI_MIN, comm_));
  return value;
}
std::int64_t Comm::sum(std::int64_t value) const {
  DPNP_MPI(MPI_Allreduce(MPI_IN_PLACE, &value, 1, MPI_INT64_T, MPI_SUM, comm_));
  return value;
}
void Comm::sum_in_place(std::vector<double>& values) const {
  if (values.empty()) return;
  DPNP_MPI(MPI_Allreduce(MPI_IN_PLACE, values.data(), static_cast<int>(values.size()), MPI_DOUBLE, MPI_SUM, comm_));
}
void Comm::max_in_place(std::vector<double>& values) const {
  if (values.empty()) return;
  DPNP_MPI(MPI_Allreduce(MPI_IN_PLACE, values.data(), static_cast<int>(values.size()), MPI_DOUBLE, MPI_MAX, comm_));
}
void Comm::min_in_place(std::vector<double>& values) const {
  if (values.empty()) return;
  DPNP_MPI(MPI_Allreduce(MPI_IN_PLACE, values.data(), static_cast<int>(values.size()), MPI_DOUBLE, MPI_MIN, comm_));
}
bool Comm::any(bool value) const {
  int flag = value ? 1 : 0;
  DPNP_MPI(MPI_Allreduce(MPI_IN_PLACE, &flag, 1, MPI_INT, MPI_LOR, comm_));
  return flag != 0;
}

std::string Comm::broadcast(const std::string& text, int root) const {
  std::int64_t length = static_cast<std::int64_t>(text.size());
  DPNP_MPI(MPI_Bcast(&length, 1, MPI_INT64_T, root, comm_));
  std::string out = rank_ == root ? text : std::string(static_cast<size_t>(length), '\0');
  if (length > 0) DPNP_MPI(MPI_Bcast(out.data(), static_cast<int>(length), MPI_CHAR, root, comm_));
  return out;
}

void Comm::barrier() const { DPNP_MPI(MPI_Barrier(comm_)); }

namespace {

struct LocalFailure {
  int code = kExitOk;
  std::string message;
};

LocalFailure describe(std::exception_ptr error) {
  if (!error) return {};
  try {
    std::rethrow_exception(error);
  } catch (const Error& e) {
    return {e.exit_code(), e.what()};
  } catch (const std::exception& e) {
    return {kExitInternal, e.what()};
  } catch (...) {
    return {kExitInternal, "unknown error"};
  }
}

template <class E>
[[noreturn]] void throw_agreed(const std::string& message) {
  E error(message);
  error.set_agreed();
  throw error;
}

[[noreturn]] void throw_as(int code, const std::string& message) {
  switch (code) {
    case kExitBadInput: throw_agreed<InputError>(message);
    case kExitDiverged: throw_agreed<DivergenceError>(message);
    case kExitInterrupted: throw_agreed<Interrupted>(message);
    default: throw_agreed<Error>(message);
  }
}

}  // namespace

void agree_on_errors(const Comm& comm, std::exception_ptr local_error) {
  const LocalFailure local = describe(local_error);
  int first_failing = local_error ? comm.rank() : comm.size();
  DPNP_MPI(MPI_Allreduce(MPI_IN_PLACE, &first_failing, 1, MPI_INT, MPI_MIN, comm.raw()));
  if (first_failing == comm.size()) return;
  int code = local.code;
  DPNP_MPI(MPI_Bcast(&code, 1, MPI_INT, first_failing, comm.raw()));
  const std::string message = comm.broadcast(local.message, first_failing);
  if (local_error && comm.rank() == first_failing) {
    try {
      std::rethrow_exception(local_error);
    } catch (Error& e) {
      e.set_agreed();
      throw;
    } catch (...) {
    }
  }
  throw_as(code, message);
}

}  // namespace dpnp
