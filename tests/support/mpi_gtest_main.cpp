// GoogleTest main for every dpnp test binary: initialises MPI, prints on rank 0 only, and makes the
// exit status reflect the failures of all ranks (a test failing on rank 2 fails the run).
#include <ATen/Parallel.h>
#include <gtest/gtest.h>
#include <mpi.h>

#include "dpnp/core/log.hpp"
#include "dpnp/core/runtime.hpp"
#include "dpnp/dist/mpi_session.hpp"

namespace {
// Non-root ranks report only their failures, prefixed by the rank.
class RankFailurePrinter : public ::testing::EmptyTestEventListener {
 public:
  explicit RankFailurePrinter(int rank) : rank_(rank) {}
  void OnTestPartResult(const ::testing::TestPartResult& result) override {
    if (!result.failed()) return;
    fprintf(stderr, "[rank %d] %s:%d: failure\n%s\n", rank_, result.file_name() ? result.file_name() : "?",
            result.line_number(), result.summary());
  }

 private:
  int rank_;
};
}  // namespace

int main(int argc, char** argv) {
  dpnp::tune_allocator();
  const dpnp::MpiSession mpi(argc, argv);
  const int rank = mpi.rank();
  dpnp::log::init(rank, mpi.size(), "warn");
  at::set_num_threads(1);
  ::testing::InitGoogleTest(&argc, argv);
  if (rank != 0) {
    auto& listeners = ::testing::UnitTest::GetInstance()->listeners();
    delete listeners.Release(listeners.default_result_printer());
    listeners.Append(new RankFailurePrinter(rank));
  }
  int failed = RUN_ALL_TESTS() != 0 ? 1 : 0;
  MPI_Allreduce(MPI_IN_PLACE, &failed, 1, MPI_INT, MPI_LOR, MPI_COMM_WORLD);
  return failed;
}
