// The learned denoisers on row slabs: equal to code nobody here wrote (the authors' DDFB and KAIR's
// DnCNN on their 180x180 image; deepinv's DRUNet and DnCNN on random weights), and the same on
// B ranks as on one.
#include <gtest/gtest.h>

#include "dpnp/denoisers/ddfb_cpu.hpp"
#include "dpnp/denoisers/factory.hpp"
#include "dpnp/core/error.hpp"
#include "dpnp/denoisers/halo_conv.hpp"
#include "dpnp/denoisers/halo_mode.hpp"
#include "dpnp/denoisers/networks.hpp"
#include "test_support.hpp"

namespace dpnp {
namespace {

const std::string kReference = "/reference/denoiser_reference_outputs.h5";

std::string fixture(const std::string& name) { return test::binary_dir() + "/fixtures/" + name; }

SlabDomain domain_for(const std::string& architecture, std::int64_t height, std::int64_t width) {
  const Comm comm = test::world();
  return SlabDomain(SlabLayout::balanced(height, width, comm.size(), network_needs(architecture)),
                    std::make_shared<HaloExchange>(comm));
}

// Denoises the whole reference image slab by slab and gathers the result.
at::Tensor denoise_distributed(Denoiser& denoiser, const SlabDomain& domain, const at::Tensor& noisy, double sigma) {
  const at::Tensor slab = test::slab_of(noisy.to(at::kFloat), domain.layout(), domain.rank());
  return test::gather_rows(domain.comm(), denoiser.denoise(slab, sigma), domain.layout());
}

TEST(AuthorsDdfb, NormsAndOutputsMatchTheReference) {
  const std::string reference = test::shared_dir() + kReference;
  const std::string weights = test::shared_dir() + "/reference/ddfb_nch3_nla4_nfe64.pth";
  if (!test::file_exists(reference)) GTEST_SKIP() << "../shared/reference is not available";
  const auto domain = domain_for("ddfb", 180, 180);
  const StateDict dict = load_state_dict(weights);
  DdfbNetwork net = DdfbNetwork::from_state_dict(dict, weights);
  ASSERT_EQ(net.layers(), 4);
  const at::Tensor norms = test::read_h5(reference, "/ddfb/norm_Dk_squared");
  const at::Tensor tau = test::read_h5(reference, "/ddfb/tau");
  for (std::int64_t k = 0; k < 4; ++k) {
    const double mine = conv_squared_norm(net.kernels()[k], &domain, 0, 0, 1e-6, 100);
    EXPECT_NEAR(mine / norms[k].item<double>(), 1.0, 1e-3) << "||D_" << k << "||^2";
  }
  DenoiserOptions options;
  options.architecture = "ddfb";
  options.weights = weights;
  auto own = make_denoiser(options, domain);  // computes its own tau
  for (const std::string sigma : {"0.02", "0.05", "0.1"}) {
    const at::Tensor noisy = test::read_h5(reference, "/noisy/sigma_" + sigma);
    const at::Tensor expected = test::read_h5(reference, "/ddfb/sigma_" + sigma);
    // With the stored tau.
    net.set_steps({0.0, tau[1].item<double>(), tau[2].item<double>(), tau[3].item<double>()});
    const at::Tensor slab = test::slab_of(noisy.to(at::kFloat), domain.layout(), domain.rank()).unsqueeze(0);
    const at::Tensor stored = test::gather_rows(domain.comm(), net.forward(slab, std::stod(sigma), &domain.halo())[0], domain.layout());
    EXPECT_LE(test::relative_error(stored, expected), 1e-4) << "stored tau, sigma " << sigma;
    // With our own power-method tau.
    EXPECT_LE(test::relative_error(denoise_distributed(*own, domain, noisy, std::stod(sigma)), expected), 1e-4)
        << "own tau, sigma " << sigma;
  }
}

TEST(KairDncnn, OutputsMatchTheReference) {
  const std::string reference = test::shared_dir() + kReference;
  if (!test::file_exists(reference) || !test::file_exists(fixture("dncnn_kair.pth")))
    GTEST_SKIP() << "../shared/reference or the converted DnCNN fixture is not available";
  const auto domain = domain_for("dncnn", 180, 180);
  DenoiserOptions options;
  options.architecture = "dncnn";
  options.weights = fixture("dncnn_kair.pth");
  auto dncnn = make_denoiser(options, domain);
  for (const std::string sigma : {"0.02", "0.05", "0.1"}) {
    const at::Tensor noisy = test::read_h5(reference, "/noisy/sigma_" + sigma);
    const at::Tensor expected = test::read_h5(reference, "/dncnn/sigma_" + sigma);
    EXPECT_LE(test::relative_error(denoise_distributed(*dncnn, domain, noisy, std::stod(sigma)), expected), 1e-4)
        << "sigma " << sigma;
  }
}

class DeepinvEquivalence : public ::testing::TestWithParam<std::string> {};

TEST_P(DeepinvEquivalence, DrunetAndDncnnReproduceDeepinv) {
  const std::string outputs = fixture("deepinv_outputs.h5");
  if (!test::file_exists(outputs)) GTEST_SKIP() << "deepinv fixtures were not generated";
  const double sigma = test::read_h5_attribute(outputs, "sigma");
  const at::Tensor input = test::read_h5(outputs, GetParam() + "/input");
  for (const std::string architecture : {"drunet", "dncnn"}) {
    const auto domain = domain_for(architecture, input.size(1), input.size(2));
    DenoiserOptions options;
    options.architecture = architecture;
    options.weights = fixture("deepinv_" + architecture + ".pth");
    auto denoiser = make_denoiser(options, domain);
    const at::Tensor expected = test::read_h5(outputs, GetParam() + "/" + architecture);
    const at::Tensor output = denoise_distributed(*denoiser, domain, input, sigma);
    const double error = test::relative_error(output, expected);
    EXPECT_LE(error, 1e-5) << architecture << " on the " << GetParam() << " input";
    EXPECT_GT(test::relative_error(output, input), 1e-3) << "the network must change its input";
    if (domain.comm().is_root()) std::printf("%s %s: relative error %.2e vs deepinv\n", architecture.c_str(), GetParam().c_str(), error);
  }
}

INSTANTIATE_TEST_SUITE_P(Inputs, DeepinvEquivalence, ::testing::Values("even", "odd"));

TEST(HaloConv, DistributedEqualsSingleRankAndAdjointEqualsConvTranspose) {
  const Comm comm = test::world();
  const auto domain = test::make_domain(comm, 29, 13);
  const at::Tensor weight = test::seeded_randn({8, 3, 3, 3}, 4);
  const at::Tensor bias = test::seeded_randn({8}, 5);
  const at::Tensor x = test::seeded_randn({2, 3, 29, 13}, 6);
  const at::Tensor u = test::seeded_randn({2, 8, 29, 13}, 7);
  const at::Tensor serial_conv = at::conv2d(x, weight, bias, 1, 1);
  const at::Tensor serial_adjoint = at::conv_transpose2d(u, weight, {}, 1, 1);
  const at::Tensor conv = halo_conv2d(test::slab_of(x, domain.layout(), comm.rank()), weight, bias, &domain.halo());
  const at::Tensor adjoint = halo_conv2d_adjoint(test::slab_of(u, domain.layout(), comm.rank()), weight, &domain.halo());
  EXPECT_LE(test::relative_error(test::gather_rows(comm, conv, domain.layout()), serial_conv), 1e-6);
  EXPECT_LE(test::relative_error(test::gather_rows(comm, adjoint, domain.layout()), serial_adjoint), 1e-6);
}

TEST(Networks, EveryNetworkGivesTheSingleRankResultOnBRanks) {
  const std::string outputs = fixture("deepinv_outputs.h5");
  if (!test::file_exists(outputs)) GTEST_SKIP() << "deepinv fixtures were not generated";
  const Comm comm = test::world();
  for (const std::string& architecture : network_names()) {
    const std::string weights = architecture == "ddfb" ? test::shipped_ddfb() : fixture("deepinv_" + architecture + ".pth");
    ASSERT_TRUE(test::file_exists(weights)) << weights << " is missing: the fixture_denoisers step did not make it";
    const std::int64_t height = 48, width = 24;
    const auto domain = domain_for(architecture, height, width);
    const auto serial = SlabDomain(SlabLayout::balanced(height, width, 1), std::make_shared<HaloExchange>(Comm(MPI_COMM_SELF)));
    DenoiserOptions options;
    options.architecture = architecture;
    options.weights = weights;
    auto mine = make_denoiser(options, domain);
    auto reference = make_denoiser(options, serial);
    const at::Tensor noisy = test::seeded_rand({3, height, width}, 21);
    const at::Tensor expected = reference->denoise(noisy, 0.05);
    EXPECT_LE(test::relative_error(denoise_distributed(*mine, domain, noisy, 0.05), expected), 1e-5) << architecture;
  }
}

// The fused CPU kernels (two stencil passes per layer, pixel-major dual variable) compute the
// function of the convolution path on every decomposition, and give the single-rank result bit for
// bit. CTest runs it with the kernels the CPU chooses and with each set forced (DPNP_DDFB_ISA:
// denoisers_test_avx2_np*, denoisers_test_avx512_np*); 61 columns leave remainders after every column block.
TEST(DdfbFusedCpu, EqualsTheConvolutionPathOnBRanks) {
  const std::string weights = test::shipped_ddfb();
  const std::int64_t height = 40, width = 61;
  const auto domain = domain_for("ddfb", height, width);
  const auto serial = SlabDomain(SlabLayout::balanced(height, width, 1), std::make_shared<HaloExchange>(Comm(MPI_COMM_SELF)));
  DenoiserOptions options;
  options.architecture = "ddfb";
  options.weights = weights;
  options.fused = true;
  auto fused = make_denoiser(options, domain);
  auto fused_serial = make_denoiser(options, serial);
  options.fused = false;
  auto convolution = make_denoiser(options, domain);
  const at::Tensor noisy = test::seeded_rand({3, height, width}, 5);
  for (const double sigma : {0.02, 0.1}) {
    const at::Tensor expected = denoise_distributed(*convolution, domain, noisy, sigma);
    const at::Tensor distributed = denoise_distributed(*fused, domain, noisy, sigma);
    EXPECT_LE(test::relative_error(distributed, expected), 1e-5) << sigma << " with " << ddfb_cpu_kernel_isa();
    EXPECT_TRUE(at::equal(distributed, fused_serial->denoise(noisy, sigma))) << sigma << " with " << ddfb_cpu_kernel_isa();
  }
}

// halo.mode: wide runs each network once on a slab widened by its receptive radius, after one
// exchange. Were the radius short by a row, the rows next to a slab edge would differ; the fused
// DDFB kernels, which treat rows alike wherever they sit, must give the per-layer result bit for bit.
struct WideCase {
  std::string architecture;
  bool fused;
  std::int64_t rows_per_rank;  // at least the receptive radius: 2K (DDFB), the depth (DnCNN), 192 (DRUNet)
  std::int64_t width;
};

class WideHalo : public ::testing::TestWithParam<WideCase> {};

TEST_P(WideHalo, EqualsPerLayerWithOneExchangePerCall) {
  const WideCase c = GetParam();
  const std::string weights = c.architecture == "ddfb" ? test::shipped_ddfb() : fixture("deepinv_" + c.architecture + ".pth");
  if (!test::file_exists(weights)) GTEST_SKIP() << weights << " was not generated";
  const Comm comm = test::world();
  // Odd sizes: the last slab is longer, and DRUNet pads the image's last rows and columns.
  const std::int64_t height = c.rows_per_rank * comm.size() + 5;
  const auto domain = domain_for(c.architecture, height, c.width);
  DenoiserOptions options;
  options.architecture = c.architecture;
  options.weights = weights;
  options.fused = c.fused;
  options.halo_mode = HaloMode::kPerLayer;
  auto per_layer = make_denoiser(options, domain);
  options.halo_mode = HaloMode::kWide;
  auto wide = make_denoiser(options, domain);
  ASSERT_GE(domain.layout().min_rows(), wide->receptive_rows());
  const at::Tensor noisy = test::seeded_rand({3, height, c.width}, 8);
  const at::Tensor expected = denoise_distributed(*per_layer, domain, noisy, 0.05);
  const std::int64_t exchanges_before = domain.halo().stats().exchanges;
  const at::Tensor got = denoise_distributed(*wide, domain, noisy, 0.05);
  EXPECT_EQ(domain.halo().stats().exchanges - exchanges_before, comm.size() > 1 ? 1 : 0);
  if (c.architecture == "ddfb" && c.fused)
    EXPECT_TRUE(at::equal(got, expected)) << "max difference " << (got - expected).abs().max().item<float>();
  else
    EXPECT_LE(test::relative_error(got, expected), 1e-5) << c.architecture;
}

INSTANTIATE_TEST_SUITE_P(Networks, WideHalo,
                         ::testing::Values(WideCase{"ddfb", true, 9, 37}, WideCase{"ddfb", false, 9, 21},
                                           WideCase{"dncnn", false, 21, 13}, WideCase{"drunet", false, 200, 9}),
                         [](const auto& info) {
                           return info.param.architecture + (info.param.fused ? "_fused" : "");
                         });

// Too thin for a wide halo: refused on every rank when asked for, per-layer exchanges under auto.
TEST(WideHalo, ThinSlabsAreRefusedOrFallBackToPerLayer) {
  const Comm comm = test::world();
  const std::int64_t height = 5 * comm.size();  // 5 rows per slab < 2K
  const auto domain = domain_for("ddfb", height, 16);
  DenoiserOptions options;
  options.architecture = "ddfb";
  options.weights = test::shipped_ddfb();
  if (comm.size() == 1) {  // one rank exchanges nothing: any mode is the per-layer network
    options.halo_mode = HaloMode::kPerLayer;
    EXPECT_EQ(resolve_halo_mode(HaloMode::kWide, *make_denoiser(options, domain), domain, at::kCPU), HaloMode::kPerLayer);
    return;
  }
  options.halo_mode = HaloMode::kWide;
  try {
    make_denoiser(options, domain);
    ADD_FAILURE() << "a wide halo on 5-row slabs was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("halo.mode: wide needs every slab to hold at least"), std::string::npos) << e.what();
  }
  options.halo_mode = HaloMode::kAuto;
  EXPECT_EQ(resolve_halo_mode(HaloMode::kAuto, *make_denoiser(options, domain), domain, at::kCPU), HaloMode::kPerLayer);
}

// auto measures both ways on this job's slabs and agrees on one: every rank gets the same answer,
// and the denoiser it builds gives the per-layer result.
TEST(WideHalo, AutoChoosesTheSameModeOnEveryRank) {
  const Comm comm = test::world();
  const std::int64_t height = 40 * comm.size() + 3;
  const auto domain = domain_for("ddfb", height, 32);
  DenoiserOptions options;
  options.architecture = "ddfb";
  options.weights = test::shipped_ddfb();
  auto per_layer = make_denoiser(options, domain);
  const HaloModeCosts costs = measure_halo_mode_costs(*per_layer, domain, at::kCPU);
  // One fill of one row before each of DDFB's 2K convolutions.
  EXPECT_EQ(costs.per_layer_exchanges, comm.size() > 1 ? per_layer->receptive_rows() : 0);
  const HaloMode mode = resolve_halo_mode(HaloMode::kAuto, *per_layer, domain, at::kCPU);
  EXPECT_EQ(comm.min(static_cast<double>(mode)), comm.max(static_cast<double>(mode)));
  if (comm.size() == 1) EXPECT_EQ(mode, HaloMode::kPerLayer);
  options.halo_mode = HaloMode::kAuto;
  auto chosen = make_denoiser(options, domain);
  const at::Tensor noisy = test::seeded_rand({3, height, 32}, 3);
  EXPECT_TRUE(at::equal(denoise_distributed(*chosen, domain, noisy, 0.05), denoise_distributed(*per_layer, domain, noisy, 0.05)));
}

}  // namespace
}  // namespace dpnp
