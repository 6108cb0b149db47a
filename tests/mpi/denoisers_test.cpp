// The learned denoisers on row slabs: equal to code nobody here wrote (the authors' DDFB and KAIR's
// DnCNN on their 180x180 image; deepinv's DRUNet and DnCNN on random weights), and the same on
// B ranks as on one.
#include <gtest/gtest.h>

#include "dpnp/denoisers/ddfb_cpu.hpp"
#include "dpnp/denoisers/factory.hpp"
#include "dpnp/denoisers/halo_conv.hpp"
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

}  // namespace
}  // namespace dpnp
