// Denoiser training and the Lipschitz estimate: the autograd Jacobian products against finite
// differences and an explicit Jacobian matrix (DDFB, DnCNN, DRUNet), the power iteration against an
// independently computed norm, the reproducibility of the training batches, a few training steps, and
// the weights round trip.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "dpnp/core/noise_field.hpp"
#include "dpnp/denoisers/factory.hpp"
#include "dpnp/denoisers/halo_conv.hpp"
#include "dpnp/denoisers/lipschitz.hpp"
#include "dpnp/denoisers/training.hpp"
#include "test_support.hpp"

namespace dpnp {
namespace {

std::unique_ptr<TrainableNetwork> tiny(const std::string& architecture, std::int64_t layers, std::int64_t features) {
  FreshNetworkOptions o;
  o.layers = layers;
  o.features = features;
  o.seed = 7;
  return make_fresh_network(architecture, o);
}

// A KAIR UNetRes with widths 2, 4, 8, 16 (the layout DrunetNetwork reads), random weights.
std::unique_ptr<TrainableNetwork> tiny_drunet() {
  StateDict dict;
  std::uint64_t seed = 100;
  const auto add = [&](const std::string& name, std::vector<std::int64_t> shape) {
    dict.emplace_back(name, test::seeded_randn(shape, seed++) * 0.2);
  };
  const std::vector<std::int64_t> width{2, 4, 8, 16};
  const auto blocks = [&](const std::string& prefix, int first, std::int64_t c) {
    for (int b = 0; b < 4; ++b)
      for (int conv : {0, 2}) add(fmt::format("{}.{}.res.{}.weight", prefix, first + b, conv), {c, c, 3, 3});
  };
  add("m_head.weight", {width[0], 4, 3, 3});
  for (int l = 1; l <= 3; ++l) {
    blocks(fmt::format("m_down{}", l), 0, width[l - 1]);
    add(fmt::format("m_down{}.4.weight", l), {width[l], width[l - 1], 2, 2});
  }
  blocks("m_body", 0, width[3]);
  for (int l = 3; l >= 1; --l) {
    add(fmt::format("m_up{}.0.weight", l), {width[l], width[l - 1], 2, 2});
    blocks(fmt::format("m_up{}", l), 1, width[l - 1]);
  }
  add("m_tail.weight", {3, width[0], 3, 3});
  return make_trainable_network("drunet", dict, "tiny DRUNet");
}

BatchMap residual_of(const TrainableNetwork& net, double sigma) {
  return [&net, sigma](const at::Tensor& x) { return net.forward(x, sigma) - x; };
}

// Columns J e_i, built from the adjoint: row i of J is (J^T e_i)^T.
at::Tensor explicit_jacobian(const Jacobian& jacobian, const at::Tensor& output_like) {
  const std::int64_t outputs = output_like.numel();
  std::vector<at::Tensor> rows;
  for (std::int64_t i = 0; i < outputs; ++i) {
    at::Tensor e = at::zeros({outputs}, at::kFloat);
    e[i] = 1.0;
    rows.push_back(jacobian.adjoint(e.view(output_like.sizes())).flatten().to(at::kDouble));
  }
  return at::stack(rows);
}

// The two products, an explicit Jacobian matrix, and the power iteration against its SVD.
void expect_jacobian_consistent(const TrainableNetwork& net, const at::Tensor& x, double sigma, const std::string& what) {
  const BatchMap f = residual_of(net, sigma);
  const Jacobian jacobian(f, x);
  const at::Tensor matrix = explicit_jacobian(jacobian, f(x).detach());
  const at::Tensor v = test::seeded_randn(x.sizes(), 11);
  const at::Tensor jv = jacobian.apply(v).flatten().to(at::kDouble);
  EXPECT_LE(test::relative_error(jv, at::matmul(matrix, v.flatten().to(at::kDouble))), 1e-5) << what;
  // A central difference: exact for these piecewise-linear maps unless a step crosses a kink (ReLU,
  // clip), which small steps make rare; float32 rounding sets the floor.
  const double eps = 1e-4;
  const at::Tensor difference = ((f(x + eps * v) - f(x - eps * v)) / (2 * eps)).flatten().to(at::kDouble);
  EXPECT_LE(test::relative_error(jv, difference), 1e-2) << what;
  PowerIterationOptions power;
  power.iterations = 1000;
  power.tolerance = 1e-9;
  const double estimate = jacobian_spectral_norms(f, x, power, {1, noise::kTest, 0})[0].item<double>();
  const double exact = at::linalg_svdvals(matrix).max().item<double>();
  EXPECT_NEAR(estimate / exact, 1.0, 1e-4) << what;
}

TEST(Jacobian, DdfbProductsMatchTheExplicitMatrixAndFiniteDifferences) {
  auto net = tiny("ddfb", 3, 4);
  net->prepare(5, 6, 1e-6, 100);
  expect_jacobian_consistent(*net, 0.5 + 0.2 * test::seeded_randn({1, 3, 5, 6}, 1), 0.05, "DDFB");
}

TEST(Jacobian, DncnnProductsMatchTheExplicitMatrixAndFiniteDifferences) {
  auto net = tiny("dncnn", 3, 4);
  expect_jacobian_consistent(*net, 0.5 + 0.2 * test::seeded_randn({1, 3, 5, 6}, 2), 0.05, "DnCNN");
}

TEST(Jacobian, DrunetProductsMatchTheExplicitMatrixAndFiniteDifferences) {
  // 7 x 9: not multiples of 8, so the replicate padding and the crop are differentiated too. Its
  // 1 x 2 bottleneck has ReLU inputs near zero that any finite step flips, so the difference check is
  // loose here: it still catches a wrong or missing derivative (an O(1) error).
  auto net = tiny_drunet();
  const at::Tensor x = 0.5 + 0.2 * test::seeded_randn({1, 3, 7, 9}, 3);
  const BatchMap f = residual_of(*net, 0.05);
  const Jacobian jacobian(f, x);
  const at::Tensor matrix = explicit_jacobian(jacobian, f(x).detach());
  const at::Tensor v = test::seeded_randn(x.sizes(), 12);
  const at::Tensor jv = jacobian.apply(v).flatten().to(at::kDouble);
  EXPECT_LE(test::relative_error(jv, at::matmul(matrix, v.flatten().to(at::kDouble))), 1e-5);
  const double eps = 1e-4;
  const at::Tensor difference = ((f(x + eps * v) - f(x - eps * v)) / (2 * eps)).flatten().to(at::kDouble);
  EXPECT_LE(test::relative_error(jv, difference), 5e-2);
}

TEST(Jacobian, PowerIterationGivesAConvolutionsKnownNormPerSample) {
  // A linear map whose norm the Lanczos code computes independently: x -> s_n conv(x_n, k), so
  // sample n's norm is s_n ||D||.
  const at::Tensor kernel = test::seeded_randn({8, 3, 3, 3}, 4);
  const double norm = std::sqrt(conv_squared_norm(kernel, nullptr, 12, 12, 1e-12, 200));
  const at::Tensor scale = at::tensor({1.0f, 2.5f}).view({2, 1, 1, 1});
  const BatchMap f = [&](const at::Tensor& x) { return halo_conv2d(x * scale, kernel, at::Tensor(), nullptr); };
  PowerIterationOptions power;
  power.iterations = 3000;
  power.tolerance = 1e-12;
  const at::Tensor norms = jacobian_spectral_norms(f, test::seeded_randn({2, 3, 12, 12}, 5), power, {2, noise::kTest, 0});
  EXPECT_NEAR(norms[0].item<double>() / norm, 1.0, 1e-4);
  EXPECT_NEAR(norms[1].item<double>() / (2.5 * norm), 1.0, 1e-4);
}

std::vector<NamedImage> synthetic_images() {
  // Smooth shapes plus an edge: something a denoiser can learn from a few steps.
  std::vector<NamedImage> images;
  for (int i = 0; i < 3; ++i) {
    const at::Tensor rows = at::linspace(0, 1, 40).view({1, 40, 1});
    const at::Tensor cols = at::linspace(0, 1, 48).view({1, 1, 48});
    const at::Tensor phase = at::tensor({0.0f, 1.0f, 2.0f}).view({3, 1, 1}) + i;
    at::Tensor image = 0.5 + 0.3 * at::sin(6.0 * rows + 4.0 * cols * (i + 1) + phase) + 0.15 * (cols > 0.5).to(at::kFloat);
    images.push_back({fmt::format("synthetic_{}", i), image.clamp(0, 1).to(at::kFloat).contiguous()});
  }
  return images;
}

TEST(PatchSampler, BatchesAreAFunctionOfSeedAndStepOnly) {
  const PatchSampler a(synthetic_images(), 16, 3), b(synthetic_images(), 16, 3), c(synthetic_images(), 16, 4);
  const TrainingBatch later = a.batch(5, 6, 0.1);
  const TrainingBatch first = a.batch(4, 6, 0.1);
  const TrainingBatch again = b.batch(5, 6, 0.1);  // a fresh sampler, without drawing step 4 first
  EXPECT_TRUE(at::equal(later.clean, again.clean));
  EXPECT_TRUE(at::equal(later.noisy, again.noisy));
  EXPECT_EQ(later.sigma, again.sigma);
  EXPECT_FALSE(at::equal(later.noisy, first.noisy));
  EXPECT_FALSE(at::equal(later.noisy, c.batch(5, 6, 0.1).noisy));
  EXPECT_EQ(later.clean.sizes(), (std::vector<std::int64_t>{6, 3, 16, 16}));
  for (std::uint64_t step = 0; step < 50; ++step) {
    const double sigma = a.batch(step, 1, 0.1).sigma;
    EXPECT_GE(sigma, 0.0);
    EXPECT_LE(sigma, 0.1);
  }
  // The noise has the batch's sigma.
  const double measured = (later.noisy - later.clean).std().item<double>();
  EXPECT_NEAR(measured / later.sigma, 1.0, 0.1);
}

TEST(PatchSampler, SymmetriesAreTheEightDistinctOnes) {
  const at::Tensor patch = at::arange(9, at::kFloat).view({1, 3, 3});
  for (int s = 0; s < 8; ++s)
    for (int t = s + 1; t < 8; ++t) EXPECT_FALSE(at::equal(dihedral(patch, s), dihedral(patch, t))) << s << " " << t;
}

TEST(PlateauSchedule, CutsTheRateAfterPatienceEpochsWithoutImprovement) {
  PlateauSchedule schedule(1e-3, 2, 0.5);
  EXPECT_FALSE(schedule.observe(1.0));
  EXPECT_FALSE(schedule.observe(0.9));
  EXPECT_FALSE(schedule.observe(0.95));
  EXPECT_FALSE(schedule.observe(0.9));  // not better than the best: 2 bad epochs
  EXPECT_TRUE(schedule.observe(0.91));  // the third: cut
  EXPECT_DOUBLE_EQ(schedule.rate(), 5e-4);
  EXPECT_FALSE(schedule.observe(0.5));
  EXPECT_TRUE(schedule.last_was_best());
}

TEST(Training, AFewStepsLowerTheLossAndTheWeightsReload) {
  auto net = tiny("ddfb", 3, 8);
  const std::vector<NamedImage> images = synthetic_images();
  const PatchSampler sampler(images, 16, 1);
  const std::vector<NamedImage> validation{images.back()};
  TrainingOptions options;
  options.epochs = 4;
  options.steps_per_epoch = 20;
  options.batch = 8;
  options.learning_rate = 1e-2;
  const double before = evaluate_denoising(*net, validation, options.validation_sigmas).loss;
  const auto reports = train_denoiser(*net, sampler, validation, options);
  ASSERT_EQ(reports.size(), 4u);
  // The validation loss uses fixed noise, so it is the signal to test; the training loss of an epoch
  // mixes batches of different sigma and is too noisy to compare over so few steps.
  for (std::size_t i = 1; i < reports.size(); ++i)
    EXPECT_LT(reports[i].validation.loss, reports[i - 1].validation.loss) << "epoch " << i + 1;
  EXPECT_LT(reports.front().validation.loss, before);
  EXPECT_LT(reports.back().validation.loss, 0.95 * before);
  EXPECT_GT(reports.back().validation.psnr[0], reports.back().validation.psnr[3]);  // sigma 0.01 vs 0.1

  const std::string path = test::scratch_dir(test::world(), "training_test_weights") + "/ddfb.pth";
  save_state_dict(path, net->state_dict());
  auto reloaded = load_trainable_network("ddfb", path);
  const at::Tensor x = validation.front().pixels.unsqueeze(0) + 0.05 * test::seeded_randn({1, 3, 40, 48}, 9);
  net->prepare(40, 48, 1e-6, 100);
  reloaded->prepare(40, 48, 1e-6, 100);
  at::NoGradGuard no_grad;
  EXPECT_TRUE(at::equal(net->forward(x, 0.05), reloaded->forward(x, 0.05)));
}

TEST(Lipschitz, TableCoversEveryImagePatchAndSigma) {
  auto net = tiny("dncnn", 3, 4);
  LipschitzOptions options;
  options.sigmas = {0.02, 0.1};
  options.patches_per_image = 2;
  options.patch = 12;
  const LipschitzTable table = estimate_lipschitz(*net, synthetic_images(), options);
  ASSERT_EQ(table.entries.size(), 3u * 2u * 2u);
  double max = 0;
  for (const auto& e : table.entries) {
    EXPECT_GT(e.value, 0.0);
    EXPECT_EQ(e.rows, 12);
    max = std::max(max, e.value);
  }
  EXPECT_DOUBLE_EQ(table.max, max);
  // Reproducible: everything is counter-based.
  EXPECT_DOUBLE_EQ(estimate_lipschitz(*net, synthetic_images(), options).max, table.max);
}

}  // namespace
}  // namespace dpnp
