// Checkpoints hold the whole chain state and read back on any number of ranks: written at B ranks,
// read at one (and the other way round), every tensor, counter and trace comes back bit for bit;
// damaged files and checkpoints of another chain are refused, and the previous checkpoint survives.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <filesystem>

#include "dpnp/core/error.hpp"
#include "dpnp/io/checkpoint.hpp"
#include "test_support.hpp"

namespace dpnp {
namespace {

constexpr std::int64_t kHeight = 23, kWidth = 11;

// A global chain state with distinct values everywhere (the same on every rank).
ChainState global_state(std::uint64_t iteration) {
  ChainState s;
  s.variables["x"] = test::seeded_rand({3, kHeight, kWidth}, 1);
  s.variables["z"] = test::seeded_randn({2, 3, kHeight, kWidth}, 2);
  s.iteration = iteration;
  s.welford.count = 7;
  s.welford.mean = test::seeded_rand({3, kHeight, kWidth}, 3).to(at::kDouble) + 1e-12;
  s.welford.m2 = test::seeded_rand({3, kHeight, kWidth}, 4).to(at::kDouble);
  s.ring.capacity = 4;
  s.ring.stored = 3;
  s.ring.next = 3;
  s.ring.samples = test::seeded_rand({4, 3, kHeight, kWidth}, 5);
  // 7 samples: three batches of two and one sample in the batch being filled.
  s.batches.batch_size = 2;
  s.batches.full = 3;
  s.batches.fill = 1;
  s.batches.sums = at::zeros({BatchMeans::kMaxBatches, 3, kHeight, kWidth}, at::kFloat);
  s.batches.sums.narrow(0, 0, 3).copy_(test::seeded_rand({3, 3, kHeight, kWidth}, 6));
  s.batches.partial = test::seeded_rand({3, kHeight, kWidth}, 7).to(at::kDouble);
  for (std::uint64_t t = 1; t <= iteration; ++t) {
    s.trace.potential.push_back(1000.0 / static_cast<double>(t));
    s.trace.prior.push_back(300.0 / static_cast<double>(t));
    s.trace.seconds.push_back(0.01 * static_cast<double>(t));
    s.trace.snr.push_back(3.0 + static_cast<double>(t));
    s.trace.image_mean.push_back(0.5 / static_cast<double>(t));
    for (std::size_t p = 0; p < Trace::kTracedPixels; ++p) s.trace.pixels.push_back(static_cast<double>(t * 10 + p));
  }
  return s;
}

// The rows of `rank` under `layout` of every image tensor of `global`.
ChainState slab_state(const ChainState& global, const SlabLayout& layout, int rank) {
  ChainState s = global;
  for (auto& [name, tensor] : s.variables) tensor = test::slab_of(tensor, layout, rank);
  s.welford.mean = test::slab_of(global.welford.mean, layout, rank);
  s.welford.m2 = test::slab_of(global.welford.m2, layout, rank);
  s.ring.samples = test::slab_of(global.ring.samples, layout, rank);
  s.batches.sums = test::slab_of(global.batches.sums, layout, rank);
  s.batches.partial = test::slab_of(global.batches.partial, layout, rank);
  return s;
}

void expect_equal(const ChainState& a, const ChainState& b) {
  ASSERT_EQ(a.variables.size(), b.variables.size());
  for (const auto& [name, tensor] : b.variables) EXPECT_TRUE(at::equal(a.variables.at(name), tensor)) << name;
  EXPECT_EQ(a.iteration, b.iteration);
  EXPECT_EQ(a.welford.count, b.welford.count);
  EXPECT_TRUE(at::equal(a.welford.mean, b.welford.mean));
  EXPECT_TRUE(at::equal(a.welford.m2, b.welford.m2));
  EXPECT_EQ(a.ring.capacity, b.ring.capacity);
  EXPECT_EQ(a.ring.stored, b.ring.stored);
  EXPECT_EQ(a.ring.next, b.ring.next);
  EXPECT_TRUE(at::equal(a.ring.samples, b.ring.samples));
  EXPECT_EQ(a.batches.batch_size, b.batches.batch_size);
  EXPECT_EQ(a.batches.full, b.batches.full);
  EXPECT_EQ(a.batches.fill, b.batches.fill);
  EXPECT_TRUE(at::equal(a.batches.sums, b.batches.sums));
  EXPECT_TRUE(at::equal(a.batches.partial, b.batches.partial));
  EXPECT_EQ(a.trace.potential, b.trace.potential);
  EXPECT_EQ(a.trace.prior, b.trace.prior);
  EXPECT_EQ(a.trace.seconds, b.trace.seconds);
  EXPECT_EQ(a.trace.snr, b.trace.snr);
  EXPECT_EQ(a.trace.image_mean, b.trace.image_mean);
  EXPECT_EQ(a.trace.pixels, b.trace.pixels);
}

const ChainFingerprint kChain = ChainFingerprint::from_text("prior.mu: 30\nrun.seed: 42\n");
const CheckpointIdentity kIdentity{"run: {seed: 42}\n", kChain};
const std::vector<std::string> kVariables = {"x", "z"};

LoadedCheckpoint read(const Comm& comm, const CheckpointPaths& paths, const ChainFingerprint& chain = kChain) {
  return read_checkpoint(comm, SlabLayout::balanced(kHeight, kWidth, comm.size()), paths, chain, kVariables);
}

TEST(Checkpoint, WrittenAtBRanksReadsBackOnOne) {
  const Comm comm = test::world();
  const auto paths = CheckpointPaths::at(test::scratch_dir(comm, "checkpoint_b_to_1") + "/run.ckpt.h5");
  const auto layout = SlabLayout::balanced(kHeight, kWidth, comm.size());
  const ChainState mine = slab_state(global_state(12), layout, comm.rank());
  write_checkpoint(comm, layout, mine, kIdentity, paths);

  // The reference is what the ranks hold, gathered; each rank reads the whole file on its own.
  ChainState gathered = mine;
  for (auto& [name, tensor] : gathered.variables) tensor = test::gather_rows(comm, tensor, layout);
  gathered.welford.mean = test::gather_rows(comm, mine.welford.mean, layout);
  gathered.welford.m2 = test::gather_rows(comm, mine.welford.m2, layout);
  gathered.ring.samples = test::gather_rows(comm, mine.ring.samples, layout);
  gathered.batches.sums = test::gather_rows(comm, mine.batches.sums, layout);
  gathered.batches.partial = test::gather_rows(comm, mine.batches.partial, layout);
  const LoadedCheckpoint loaded = read(Comm(MPI_COMM_SELF), paths);
  EXPECT_EQ(loaded.path, paths.current);
  expect_equal(loaded.state, gathered);
}

TEST(Checkpoint, WrittenOnOneRankReadsBackAtB) {
  const Comm comm = test::world();
  const auto paths = CheckpointPaths::at(test::scratch_dir(comm, "checkpoint_1_to_b") + "/run.ckpt.h5");
  const ChainState global = global_state(5);
  if (comm.is_root()) write_checkpoint(Comm(MPI_COMM_SELF), SlabLayout::balanced(kHeight, kWidth, 1), global, kIdentity, paths);
  comm.barrier();
  const auto layout = SlabLayout::balanced(kHeight, kWidth, comm.size());
  expect_equal(read(comm, paths).state, slab_state(global, layout, comm.rank()));
}

TEST(Checkpoint, KeepsThePreviousCheckpointAndFallsBackToIt) {
  const Comm comm = test::world();
  const auto paths = CheckpointPaths::at(test::scratch_dir(comm, "checkpoint_previous") + "/run.ckpt.h5");
  const auto layout = SlabLayout::balanced(kHeight, kWidth, comm.size());
  write_checkpoint(comm, layout, slab_state(global_state(10), layout, comm.rank()), kIdentity, paths);
  write_checkpoint(comm, layout, slab_state(global_state(20), layout, comm.rank()), kIdentity, paths);
  EXPECT_FALSE(std::filesystem::exists(paths.current + ".partial"));
  EXPECT_EQ(read(comm, paths).state.iteration, 20u);

  // A damaged current checkpoint (a disk fault, a copy cut short): the previous one takes over.
  if (comm.is_root()) std::filesystem::resize_file(paths.current, std::filesystem::file_size(paths.current) / 2);
  comm.barrier();
  const LoadedCheckpoint loaded = read(comm, paths);
  EXPECT_EQ(loaded.path, paths.previous);
  EXPECT_EQ(loaded.state.iteration, 10u);

  // Without the previous one the damage is an agreed InputError naming the file.
  if (comm.is_root()) std::filesystem::remove(paths.previous);
  comm.barrier();
  try {
    read(comm, paths);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_TRUE(e.agreed());
    EXPECT_NE(std::string(e.what()).find("checkpoint '" + paths.current + "'"), std::string::npos) << e.what();
  }
}

TEST(Checkpoint, RefusesAnotherChainAMissingDatasetAndAMissingFile) {
  const Comm comm = test::world();
  const auto paths = CheckpointPaths::at(test::scratch_dir(comm, "checkpoint_refuse") + "/run.ckpt.h5");
  const auto layout = SlabLayout::balanced(kHeight, kWidth, comm.size());
  const auto message_of = [&](const std::function<void()>& fn) -> std::string {
    try {
      fn();
    } catch (const InputError& e) {
      EXPECT_TRUE(e.agreed());
      return e.what();
    }
    return "no error";
  };
  EXPECT_NE(message_of([&] { read(comm, paths); }).find("not found"), std::string::npos);

  write_checkpoint(comm, layout, slab_state(global_state(3), layout, comm.rank()), kIdentity, paths);
  const auto other = ChainFingerprint::from_text("prior.mu: 15\nrun.seed: 42\n");
  const std::string foreign = message_of([&] { read(comm, paths, other); });
  EXPECT_NE(foreign.find("belongs to another chain (prior.mu is 30 there and 15 here)"), std::string::npos) << foreign;

  if (comm.is_root()) {
    const hid_t file = H5Fopen(paths.current.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    H5Ldelete(file, "/welford/m2", H5P_DEFAULT);
    H5Fclose(file);
  }
  comm.barrier();
  const std::string missing = message_of([&] { read(comm, paths); });
  EXPECT_NE(missing.find("has no dataset '/welford/m2'"), std::string::npos) << missing;
}

}  // namespace
}  // namespace dpnp
