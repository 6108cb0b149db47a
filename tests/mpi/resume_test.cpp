// A chain stopped at iteration 40 and resumed from its checkpoint ends exactly where the
// uninterrupted 80-iteration chain ends (the counter-based noise needs no generator state), also
// when it is resumed on another number of ranks. A chain that diverges keeps its last good
// checkpoint.
#include <gtest/gtest.h>

#include "chain_support.hpp"
#include "dpnp/app/checkpointing.hpp"
#include "dpnp/core/error.hpp"
#include "dpnp/io/checkpoint_observer.hpp"

namespace dpnp {
namespace {

constexpr std::uint64_t kStopAt = 40;

config::Config tv_config(const std::string& checkpoint) {
  const std::string yaml = fmt::format(R"(
truth: {{path: "{}", crop: [180, 140, 24, 19]}}
observation: {{missing_fraction: 0.6, snr_db: 20}}
prior: {{type: tv, mu: 15, rho: 0.01}}
sampler: {{iterations: 80, burn_in: 15, keep_samples: 6, flush_every: 7}}
output: {{checkpoint_every: 10, checkpoint_path: "{}"}}
)", test::demo_image(), checkpoint);
  return config::Config::parse(yaml, "<string>");
}

// Stands in for a signal: asks for a flush at kStopAt and to stop there. Registered first, because
// the sampler stops asking observers about a flush once one wants it.
class StopAt final : public SamplerObserver {
 public:
  bool wants_flush(std::uint64_t t) const override {
    reached_ = t >= kStopAt;
    return t == kStopAt;
  }
  bool wants_stop() const override { return reached_; }

 private:
  mutable bool reached_ = false;
};

struct Estimates {
  at::Tensor mean, variance, samples, x, mcse;
  std::vector<double> potential, image_mean, pixels, prior;
};

Estimates gathered(const ChainState& state, const Problem& e) {
  const Comm& comm = e.domain->comm();
  const auto& layout = e.domain->layout();
  return {test::gather_rows(comm, posterior_mean(state.welford), layout),
          test::gather_rows(comm, posterior_variance(state.welford), layout),
          test::gather_rows(comm, ordered_samples(state.ring), layout), test::gather_rows(comm, state.at("x"), layout),
          test::gather_rows(comm, monte_carlo_error(state.welford, state.batches), layout), state.trace.potential,
          state.trace.image_mean, state.trace.pixels, state.trace.prior};
}

// Poisson deblurring: z1 lives in data space ((H + k - 1) x (W + k - 1)), so the checkpoint must use
// that variable's own row layout.
config::Config poisson_config(const std::string& checkpoint) {
  const std::string yaml = fmt::format(R"(
truth: {{path: "{}", crop: [180, 140, 24, 19]}}
problem: {{task: deblurring, noise: poisson}}
observation: {{blur_size: 5, peak: 100}}
prior: {{type: tv, mu: 10}}
poisson: {{rho1: 10, rho2: 0.01}}
sampler: {{iterations: 80, burn_in: 15, keep_samples: 6, flush_every: 7}}
output: {{checkpoint_every: 10, checkpoint_path: "{}"}}
)", test::demo_image(), checkpoint);
  return config::Config::parse(yaml, "<string>");
}

// Runs the chain of `config` to the end from its checkpoint, on `comm`.
Estimates resume(const config::Config& config, const Comm& comm) {
  const ExperimentOptions options = experiment_options(config);
  Problem e = build_problem(options, comm, false);
  ChainState state = resume_chain(options, e);
  EXPECT_EQ(state.iteration, kStopAt);
  Sampler sampler(*e.model, *e.domain, options.chain.sampler);
  EXPECT_EQ(sampler.run(state), RunOutcome::kCompleted);
  return gathered(state, e);
}

// `tolerance`: 1e-6 where the chain is the same for every rank count to float rounding of the
// estimators; the FFT blur of a slab rounds differently from that of the whole image, so a
// deblurring chain resumed on other ranks agrees to a few float roundings per iteration.
void expect_same(const Estimates& a, const Estimates& b, double tolerance = 1e-6) {
  EXPECT_LE(test::relative_error(a.mean, b.mean), tolerance);
  EXPECT_LE(test::relative_error(a.variance, b.variance), tolerance);
  EXPECT_LE(test::relative_error(a.samples, b.samples), tolerance);
  EXPECT_LE(test::relative_error(a.x, b.x), tolerance);
  // The batch means travel in the checkpoint: the resumed MCSE is the uninterrupted one.
  ASSERT_TRUE(a.mcse.defined() && b.mcse.defined());
  EXPECT_LE(test::relative_error(a.mcse, b.mcse), 10 * tolerance);
  ASSERT_EQ(a.potential.size(), b.potential.size());
  for (std::size_t i = 0; i < a.potential.size(); ++i)
    EXPECT_NEAR(a.potential[i], b.potential[i], 1e-3 * tolerance * std::abs(b.potential[i])) << "iteration " << i + 1;
  // The prior term continues from the checkpoint like the potential. It is a sum of fewer, more variable
  // terms than the potential (e.g. mu TV(z)), so float roundings of a chain on other ranks move it as
  // much as the estimates.
  ASSERT_EQ(a.prior.size(), b.prior.size());
  ASSERT_EQ(b.prior.size(), b.potential.size());
  for (std::size_t i = 0; i < a.prior.size(); ++i)
    EXPECT_NEAR(a.prior[i], b.prior[i], tolerance * std::abs(b.prior[i])) << "prior, iteration " << i + 1;
}

void expect_resume_equals_uninterrupted(const config::Config& config, const Comm& comm, double other_ranks_tolerance) {
  const test::ChainRun reference = test::run_chain(config, comm);
  const Estimates expected = gathered(reference.state, reference.problem);

  {
    const ExperimentOptions options = experiment_options(config);
    Problem e = build_problem(options, comm, true);
    Sampler sampler(*e.model, *e.domain, options.chain.sampler);
    CheckpointObserver checkpoints(comm, ChainLayouts(e.domain->layout(), e.model->variable_layouts()),
                                   options.output.checkpoints(), checkpoint_identity(options),
                                   options.output.checkpoint_every);
    StopAt stop;
    sampler.add_observer(&stop);
    sampler.add_observer(&checkpoints);
    ChainState state;
    sampler.initialize(state);
    ASSERT_EQ(sampler.run(state), RunOutcome::kStopped);
    ASSERT_EQ(state.iteration, kStopAt);
    checkpoints.write(state);
  }

  const Estimates resumed = resume(config, comm);
  expect_same(resumed, expected);
  EXPECT_EQ(resumed.pixels, expected.pixels);
  ASSERT_EQ(resumed.image_mean.size(), expected.image_mean.size());
  for (std::size_t i = 0; i < expected.image_mean.size(); ++i)
    EXPECT_NEAR(resumed.image_mean[i], expected.image_mean[i], 1e-12 * std::abs(expected.image_mean[i]));
  EXPECT_TRUE(at::equal(resumed.mcse, expected.mcse)) << "the resumed MCSE differs from the uninterrupted one";
  // Every rank resumes the same checkpoint alone: a different decomposition, the same chain.
  expect_same(resume(config, Comm(MPI_COMM_SELF)), expected, comm.size() == 1 ? 1e-6 : other_ranks_tolerance);
}

TEST(Resume, PoissonDeblurringChainWithItsDataSpaceVariableResumes) {
  const Comm comm = test::world();
  expect_resume_equals_uninterrupted(poisson_config(test::scratch_dir(comm, "resume_poisson") + "/run.ckpt.h5"), comm,
                                     1e-5);
}

TEST(Resume, StoppedAndResumedChainEqualsTheUninterruptedOne) {
  const Comm comm = test::world();
  const std::string checkpoint = test::scratch_dir(comm, "resume") + "/run.ckpt.h5";
  const config::Config config = tv_config(checkpoint);
  expect_resume_equals_uninterrupted(config, comm, 1e-6);
}

TEST(Resume, RefusesACheckpointOfAnotherChain) {
  const Comm comm = test::world();
  const std::string checkpoint = test::scratch_dir(comm, "resume_foreign") + "/run.ckpt.h5";
  const config::Config config = tv_config(checkpoint);
  {
    const ExperimentOptions options = experiment_options(config);
    Problem e = build_problem(options, comm, true);
    ChainState state;
    Sampler(*e.model, *e.domain, options.chain.sampler).initialize(state);
    write_checkpoint(comm, ChainLayouts(e.domain->layout(), e.model->variable_layouts()), state,
                     checkpoint_identity(options), options.output.checkpoints());
  }
  const ExperimentOptions other =
      experiment_options(config::Config::parse(config.effective_yaml(), "<string>", {"prior.mu=20"}));
  Problem e = build_problem(other, comm, false);
  try {
    resume_chain(other, e);
    FAIL() << "expected an InputError";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("prior.mu is 15 there and 20 here"), std::string::npos) << error.what();
  }
}

// x counts the iterations; the potential turns NaN from iteration kNanFrom on.
class DivergingModel final : public TaskModel {
 public:
  static constexpr std::uint64_t kNanFrom = 25;
  explicit DivergingModel(const SlabDomain& domain) : domain_(domain) {}
  std::string name() const override { return "diverging"; }
  std::vector<std::string> variable_names() const override { return {"x"}; }
  void initialize(ChainState& state) override { state.variables["x"] = at::zeros({1, domain_.rows(), domain_.width()}); }
  void on_state_loaded(const ChainState& /*state*/) override {}
  void sweep(ChainState& state, std::uint64_t t) override {
    state.at("x").fill_(static_cast<double>(t));
    nan_ = t >= kNanFrom;
  }
  at::Tensor local_potential(const ChainState& state) const override {
    return nan_ ? at::full({}, NAN, at::kDouble) : state.at("x").to(at::kDouble).sum();
  }
  std::vector<std::pair<std::string, double>> parameters() const override { return {}; }

 private:
  const SlabDomain& domain_;
  bool nan_ = false;
};

TEST(Resume, ADivergedChainKeepsItsLastGoodCheckpoint) {
  const Comm comm = test::world();
  const auto paths = CheckpointPaths::at(test::scratch_dir(comm, "resume_diverged") + "/run.ckpt.h5");
  const SlabDomain domain = test::make_domain(comm, 12, 5);
  DivergingModel model(domain);
  SamplerOptions options;
  options.iterations = 60;
  options.flush_every = 10;
  Sampler sampler(model, domain, options);
  CheckpointObserver checkpoints(comm, domain.layout(), paths, {"", ChainFingerprint::from_text("k: v\n")}, 10);
  sampler.add_observer(&checkpoints);
  ChainState state;
  sampler.initialize(state);
  EXPECT_THROW(sampler.run(state), DivergenceError);
  const LoadedCheckpoint last = read_checkpoint(comm, domain.layout(), paths, ChainFingerprint::from_text("k: v\n"), {"x"});
  EXPECT_EQ(last.state.iteration, 20u);
  EXPECT_EQ(last.state.at("x").max().item<double>(), 20.0);
}

}  // namespace
}  // namespace dpnp
