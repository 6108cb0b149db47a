// GPU twins of the CPU code: the fused CUDA kernels give the CPU's numbers (the same raw Philox words,
// normals to 1e-6), halos of CUDA tensors (staged through pinned host memory) equal the CPU's, the
// denoisers agree with their CPU runs, and a whole chain on the GPU follows the CPU chain.
// Every test skips, with the reason, on machines without a GPU.
#include <gtest/gtest.h>

#include "chain_support.hpp"
#include "dpnp/core/device.hpp"
#include "dpnp/core/noise_field.hpp"
#include "dpnp/denoisers/factory.hpp"
#include "dpnp/sampler/kernels.hpp"

namespace dpnp {
namespace {

#define DPNP_REQUIRE_GPU()                                                                  \
  do {                                                                                      \
    if (!cuda_compiled()) GTEST_SKIP() << "this build has no CUDA kernels (DPNP_ENABLE_CUDA=OFF)"; \
    if (cuda_device_count() == 0) GTEST_SKIP() << "no GPU visible on this machine";          \
  } while (0)

const at::Device kGpu(at::kCUDA, 0);

TEST(Gpu, NoiseFieldsMatchTheCpu) {
  DPNP_REQUIRE_GPU();
  const noise::Key key{2026, noise::kChainX, 17};
  at::Tensor cpu = at::empty({3, 101, 77});
  at::Tensor gpu = at::empty({3, 101, 77}, at::TensorOptions().device(kGpu));
  const auto coords = slab_coords(cpu, 300, 37);
  fill_normal(cpu, key, coords);
  fill_normal(gpu, key, coords);
  EXPECT_LE((gpu.cpu() - cpu).abs().max().item<float>(), 1e-6f * 7.0f);  // |z| < 7: 1e-6 relative
  at::Tensor ucpu = at::empty({3, 101, 77}), ugpu = at::empty({3, 101, 77}, at::TensorOptions().device(kGpu));
  fill_uniform(ucpu, key, coords);
  fill_uniform(ugpu, key, coords);
  EXPECT_TRUE(at::equal(ugpu.cpu(), ucpu)) << "uniforms are exact functions of the raw words";
}

TEST(Gpu, FusedUpdatesMatchTheCpu) {
  DPNP_REQUIRE_GPU();
  const at::Tensor x = test::seeded_randn({3, 64, 50}, 1), grad = test::seeded_randn({3, 64, 50}, 2);
  const at::Tensor denoised = test::seeded_randn({3, 64, 50}, 3);
  const NoiseSite site{{7, noise::kChainX, 3}, slab_coords(x, 64, 0)};
  PnpUlaParams params;
  params.delta = 1e-3;
  params.prior_weight = 50;
  params.lambda = 2e-3;
  at::Tensor x_cpu = x.clone(), x_gpu = x.to(kGpu);
  pnp_ula_step_(x_cpu, grad, denoised, params, site);
  pnp_ula_step_(x_gpu, grad.to(kGpu), denoised.to(kGpu), params, site);
  EXPECT_LE(test::relative_error(x_gpu, x_cpu), 1e-6);
  at::Tensor v_cpu = x.clone(), v_gpu = x.to(kGpu);
  langevin_proposal_(v_cpu, grad, 1e-2, site);
  langevin_proposal_(v_gpu, grad.to(kGpu), 1e-2, site);
  EXPECT_LE(test::relative_error(v_gpu, v_cpu), 1e-6);
  at::Tensor mean_cpu = at::zeros({3, 64, 50}, at::kDouble), m2_cpu = at::zeros({3, 64, 50}, at::kDouble);
  at::Tensor mean_gpu = mean_cpu.to(kGpu), m2_gpu = m2_cpu.to(kGpu);
  for (int n = 1; n <= 5; ++n) {
    const at::Tensor sample = test::seeded_randn({3, 64, 50}, 10 + n);
    welford_update_(mean_cpu, m2_cpu, sample, n);
    welford_update_(mean_gpu, m2_gpu, sample.to(kGpu), n);
  }
  EXPECT_LE(test::relative_error(mean_gpu, mean_cpu), 1e-12);
  EXPECT_LE(test::relative_error(m2_gpu, m2_cpu), 1e-12);
}

TEST(Gpu, HaloExchangeOfCudaTensorsEqualsTheCpu) {
  DPNP_REQUIRE_GPU();
  const Comm comm = test::world();
  const auto domain = test::make_domain(comm, 37, 11);
  const at::Tensor global = test::seeded_randn({2, 37, 11}, 4);
  const at::Tensor slab = test::slab_of(global, domain.layout(), comm.rank());
  const Ghosts cpu = domain.halo().fill(slab, 2, 1);
  const Ghosts gpu = domain.halo().fill(slab.to(kGpu), 2, 1);
  EXPECT_TRUE(at::equal(gpu.top.cpu(), cpu.top));
  EXPECT_TRUE(at::equal(gpu.bottom.cpu(), cpu.bottom));
}

TEST(Gpu, DenoisersAgreeWithTheCpuInEveryPrecision) {
  DPNP_REQUIRE_GPU();
  const std::string weights = test::shipped_ddfb();
  const auto domain = test::make_domain(test::world(), 64, 48);
  DenoiserOptions options;
  options.architecture = "ddfb";
  options.weights = weights;
  auto cpu = make_denoiser(options, domain);
  const at::Tensor noisy = test::slab_of(test::seeded_rand({3, 64, 48}, 5), domain.layout(), domain.rank());
  const at::Tensor expected = cpu->denoise(noisy, 0.05);
  // fp32 and bf16 run the fused DDFB kernels (and a CUDA graph on one rank); tf32 and fused = false
  // run cuDNN. Three calls exercise the graph's warm-up, capture and replay.
  struct Case {
    Precision precision;
    bool fused;
    double tolerance;
  };
  for (const Case c : {Case{Precision::kFp32, true, 1e-5}, Case{Precision::kFp32, false, 1e-5}, Case{Precision::kTf32, true, 1e-2},
                       Case{Precision::kBf16, true, 2e-2}, Case{Precision::kBf16, false, 5e-2}}) {
    options.device = kGpu;
    options.precision = c.precision;
    options.fused = c.fused;
    auto gpu = make_denoiser(options, domain);
    for (int call = 0; call < 3; ++call)
      EXPECT_LE(test::relative_error(gpu->denoise(noisy.to(kGpu), 0.05), expected), c.tolerance)
          << to_string(c.precision) << (c.fused ? " fused" : " cuDNN") << ", call " << call;
  }
}

TEST(Gpu, TvChainOnTheGpuFollowsTheCpuChain) {
  DPNP_REQUIRE_GPU();
  const std::string yaml = fmt::format(R"(
truth: {{path: "{}", crop: [200, 150, 24, 19]}}
observation: {{missing_fraction: 0.6, snr_db: 20}}
prior: {{type: tv, mu: 15, rho: 0.01}}
sampler: {{iterations: 50, burn_in: 10, flush_every: 7}}
)", test::demo_image());
  const auto cpu_config = config::Config::parse(yaml, "<string>");
  const auto gpu_config = config::Config::parse(yaml, "<string>", {"run.device=cuda"});
  const Comm comm = test::world();
  const auto cpu = test::run_chain(cpu_config, comm);
  const auto gpu = test::run_chain(gpu_config, comm);
  // Same noise words, float32 arithmetic in a different order: the chains agree to rounding.
  EXPECT_LE(test::relative_error(posterior_mean(gpu.state.welford), posterior_mean(cpu.state.welford)), 1e-4);
  EXPECT_LE(test::relative_error(posterior_variance(gpu.state.welford), posterior_variance(cpu.state.welford)), 1e-3);
}

}  // namespace
}  // namespace dpnp
