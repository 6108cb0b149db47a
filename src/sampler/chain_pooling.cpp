#include "dpnp/sampler/chain_pooling.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <limits>

#include "dpnp/core/error.hpp"
#include "dpnp/sampler/statistics.hpp"

namespace dpnp {

namespace {

// MPI counts are ints: reduce and gather in chunks so that any slab size works.
constexpr std::int64_t kChunk = INT_MAX / 8;

at::Tensor host_copy(const at::Tensor& t) { return t.to(at::kCPU, at::kDouble).contiguous().clone(); }

// Sum over the chains of a tensor shaped alike on every peer (float64, on `like`'s device).
at::Tensor sum_over_chains(const Comm& peers, const at::Tensor& local) {
  at::Tensor host = host_copy(local);
  double* data = host.data_ptr<double>();
  for (std::int64_t begin = 0; begin < host.numel(); begin += kChunk) {
    const auto count = static_cast<int>(std::min(kChunk, host.numel() - begin));
    DPNP_MPI(MPI_Allreduce(MPI_IN_PLACE, data + begin, count, MPI_DOUBLE, MPI_SUM, peers.raw()));
  }
  return host.to(local.device());
}

void require_same_on_every_chain(const Comm& peers, double value, const char* what) {
  if (peers.min(value) != peers.max(value))
    throw Error(fmt::format("run.chains: the chains differ in {} at the end of the run; they must run the same "
                            "iterations (this is a bug: please report it)",
                            what));
}

// One vector per trace field, in a fixed order, so that the chains' traces travel in one gather.
std::vector<double> flatten(const Trace& t) {
  std::vector<double> out;
  for (const auto* field : {&t.potential, &t.prior, &t.seconds, &t.snr, &t.image_mean, &t.pixels})
    out.insert(out.end(), field->begin(), field->end());
  return out;
}

Trace unflatten(const std::vector<double>& flat, std::size_t offset, const Trace& shape) {
  Trace t;
  std::size_t at = offset;
  for (auto [field, like] : {std::pair{&t.potential, &shape.potential}, std::pair{&t.prior, &shape.prior},
                             std::pair{&t.seconds, &shape.seconds}, std::pair{&t.snr, &shape.snr},
                             std::pair{&t.image_mean, &shape.image_mean}, std::pair{&t.pixels, &shape.pixels}}) {
    field->assign(flat.begin() + static_cast<std::ptrdiff_t>(at), flat.begin() + static_cast<std::ptrdiff_t>(at + like->size()));
    at += like->size();
  }
  return t;
}

std::vector<Trace> gather_traces(const Comm& peers, const Trace& mine) {
  const std::vector<double> flat = flatten(mine);
  require_same_on_every_chain(peers, static_cast<double>(flat.size()), "trace length");
  std::vector<double> all(flat.size() * static_cast<std::size_t>(peers.size()));
  DPNP_MPI(MPI_Allgather(flat.data(), static_cast<int>(flat.size()), MPI_DOUBLE, all.data(), static_cast<int>(flat.size()),
                         MPI_DOUBLE, peers.raw()));
  std::vector<Trace> traces;
  for (int c = 0; c < peers.size(); ++c) traces.push_back(unflatten(all, static_cast<std::size_t>(c) * flat.size(), mine));
  return traces;
}

// Every chain's kept samples, oldest first, chain after chain, on peers' rank 0 (one sample at a
// time: the gather buffer stays one slab per chain).
SampleRing gather_samples(const Comm& peers, const SampleRing& ring) {
  require_same_on_every_chain(peers, static_cast<double>(ring.stored), "kept samples");
  if (ring.stored == 0) return ring;
  const at::Tensor mine = ordered_samples(ring).to(at::kCPU).contiguous();
  const std::int64_t per_sample = mine[0].numel();
  DPNP_CHECK(per_sample <= INT_MAX, "a slab too large to gather in one message");
  const int chains = peers.size();
  SampleRing pooled;
  std::vector<std::int64_t> shape(mine.sizes().begin(), mine.sizes().end());
  shape[0] = ring.stored * chains;
  if (peers.is_root()) pooled.samples = at::empty(shape, mine.options());
  at::Tensor buffer = peers.is_root() ? at::empty({chains, per_sample}, mine.options()) : at::Tensor();
  for (std::int64_t s = 0; s < ring.stored; ++s) {
    DPNP_MPI(MPI_Gather(mine[s].data_ptr<float>(), static_cast<int>(per_sample), MPI_FLOAT,
                        peers.is_root() ? buffer.data_ptr<float>() : nullptr, static_cast<int>(per_sample), MPI_FLOAT, 0,
                        peers.raw()));
    if (!peers.is_root()) continue;
    for (int c = 0; c < chains; ++c) pooled.samples[c * ring.stored + s].view({-1}).copy_(buffer[c]);
  }
  if (!peers.is_root()) return SampleRing{};
  pooled.capacity = pooled.stored = ring.stored * chains;
  pooled.next = 0;
  pooled.samples = pooled.samples.to(ring.samples.device());
  return pooled;
}

}  // namespace

ChainResults single_chain_results(const ChainState& state) {
  ChainResults r;
  r.welford = state.welford;
  r.ring = state.ring;
  r.mcse = monte_carlo_error(state.welford, state.batches);
  r.mcse_batches = state.batches.full;
  r.mcse_batch_size = state.batches.batch_size;
  r.traces = {state.trace};
  return r;
}

ChainResults pool_chains(const Comm& peers, const ChainState& state) {
  if (peers.size() == 1) return single_chain_results(state);
  const int chains = peers.size();
  const WelfordState& mine = state.welford;
  require_same_on_every_chain(peers, static_cast<double>(mine.count), "kept samples");
  const auto n = static_cast<double>(mine.count);
  const double total = n * chains;

  ChainResults r;
  r.chains = chains;
  r.welford.count = static_cast<std::int64_t>(total);
  // Equal counts: the pooled mean is the chains' average, and the pooled m2 adds each chain's
  // spread about it (Chan et al.'s parallel update).
  r.welford.mean = sum_over_chains(peers, mine.mean) / static_cast<double>(chains);
  const at::Tensor offset = mine.mean - r.welford.mean;
  r.welford.m2 = sum_over_chains(peers, mine.m2 + offset.square() * n);

  if (mine.count >= 2) {
    const at::Tensor within = sum_over_chains(peers, mine.m2 / (n - 1.0)) / static_cast<double>(chains);
    const at::Tensor between = sum_over_chains(peers, offset.square()) / static_cast<double>(chains - 1);
    const at::Tensor pooled_variance = within * ((n - 1.0) / n) + between;
    const at::Tensor rhat = (pooled_variance / within).sqrt();
    r.rhat = at::where(within > 0, rhat, at::full_like(rhat, std::numeric_limits<double>::quiet_NaN())).to(at::kFloat);
  }

  const at::Tensor my_mcse = monte_carlo_error(mine, state.batches);
  const bool every_chain_has_mcse = peers.min(my_mcse.defined() ? 1.0 : 0.0) > 0.0;
  if (every_chain_has_mcse) {
    // Var(pooled mean) = sum_c Var(mean_c) / M^2 for independent chains.
    r.mcse = (sum_over_chains(peers, my_mcse.to(at::kDouble).square()).sqrt() / static_cast<double>(chains)).to(at::kFloat);
  }
  r.mcse_batches = state.batches.full;
  r.mcse_batch_size = state.batches.batch_size;
  r.ring = gather_samples(peers, state.ring);
  r.traces = gather_traces(peers, state.trace);
  if (!peers.is_root()) return ChainResults{};
  return r;
}

}  // namespace dpnp
