// Blur: distributed = single-rank and adjoint under global dots, equal to a direct convolution, with
// a norm that bounds the power iteration; and the kernels it is built from.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <stb/stb_image_write.h>

#include "dpnp/core/error.hpp"
#include "dpnp/dist/reduce.hpp"
#include "dpnp/io/kernel_file.hpp"
#include "dpnp/physics/blur.hpp"
#include "dpnp/physics/blur_kernels.hpp"
#include "operator_checks.hpp"

namespace dpnp {
namespace {

// Tall enough for 4 ranks to hold the halo, plus a remainder so that slabs differ in height.
std::int64_t height_for(std::int64_t kernel_size) { return 4 * Blur::needs(kernel_size).min_rows + 3; }

struct BlurCase {
  std::int64_t kernel_size;
  std::int64_t width;
  bool signed_kernel;
};

void PrintTo(const BlurCase& c, std::ostream* out) {
  *out << "k=" << c.kernel_size << " width=" << c.width << (c.signed_kernel ? " signed" : " motion");
}

class BlurOperatorTest : public ::testing::TestWithParam<BlurCase> {};

TEST_P(BlurOperatorTest, MatchesSerialAndAdjoint) {
  const auto [k, width, signed_kernel] = GetParam();
  const std::int64_t height = height_for(k);
  const at::Tensor kernel = signed_kernel ? test::seeded_randn({k, k}, 11) : motion_blur_kernel(k, 0.5, 1234);
  const auto domain = test::make_domain(test::world(), height, width);
  test::expect_matches_serial_and_adjoint([&](const SlabDomain& d) { return std::make_shared<Blur>(d, kernel); },
                                          domain, {3, height, width}, {3, height + k - 1, width + k - 1});
}

INSTANTIATE_TEST_SUITE_P(KernelSizes, BlurOperatorTest,
                         ::testing::Values(BlurCase{5, 9, false}, BlurCase{17, 20, false}, BlurCase{65, 11, false},
                                           BlurCase{129, 13, false}, BlurCase{6, 10, true}, BlurCase{1, 7, false},
                                           BlurCase{2, 8, true}));

class BlurDirectTest : public ::testing::TestWithParam<std::int64_t> {};

TEST_P(BlurDirectTest, EqualsTheFullConvolutionInFloat64AndFloat32) {
  const std::int64_t k = GetParam(), height = height_for(k), width = 9;
  const Comm comm = test::world();
  const auto domain = test::make_domain(comm, height, width);
  const at::Tensor x = test::seeded_randn({2, height, width}, 21).to(at::kDouble);
  const at::Tensor kernel = test::seeded_rand({k, k}, 22).to(at::kDouble);
  // conv2d correlates: flipping the kernel and padding by k-1 on every side gives the full convolution.
  const at::Tensor direct =
      at::conv2d(x.unsqueeze(1), kernel.flip({0, 1}).view({1, 1, k, k}), {}, 1, k - 1).squeeze(1);
  const Blur blur(domain, kernel);
  const SlabLayout& data = blur.range().layout();
  EXPECT_EQ(data.width(), width + k - 1);
  EXPECT_EQ(data.rows(comm.size() - 1), domain.layout().rows(comm.size() - 1) + k - 1);
  const at::Tensor local = test::slab_of(x, domain.layout(), comm.rank());
  EXPECT_LE(test::relative_error(test::gather_rows(comm, blur.apply(local), data), direct), 1e-12);
  const at::Tensor single = blur.apply(local.to(at::kFloat));
  EXPECT_EQ(single.scalar_type(), at::kFloat);
  EXPECT_LE(test::relative_error(test::gather_rows(comm, single, data), direct), 1e-5);
}

INSTANTIATE_TEST_SUITE_P(KernelSizes, BlurDirectTest, ::testing::Values(1, 2, 4, 7));

TEST(Blur, SquaredNormBoundsThePowerIteration) {
  const std::int64_t k = 9, height = height_for(k), width = 16;
  const auto domain = test::make_domain(test::world(), height, width);
  for (const bool signed_kernel : {false, true}) {
    const Blur blur(domain, signed_kernel ? test::seeded_randn({k, k}, 31) : motion_blur_kernel(k, 0.5, 7));
    at::Tensor x = test::slab_of(test::seeded_randn({1, height, width}, 3), domain.layout(), domain.rank());
    x = x.to(at::kDouble);
    double estimate = 0;
    for (int i = 0; i < 300; ++i) {
      const at::Tensor y = blur.adjoint(blur.apply(x));
      estimate = std::sqrt(global_squared_norm(domain.comm(), y));
      x = y / estimate;
    }
    EXPECT_LE(estimate, blur.squared_norm() * (1 + 1e-9)) << "signed kernel: " << signed_kernel;
    EXPECT_GT(estimate, 0.25 * blur.squared_norm()) << "signed kernel: " << signed_kernel;
    if (!signed_kernel) {
      EXPECT_NEAR(blur.squared_norm(), 1.0, 1e-6);  // (Σh)², Σh = 1
    }
  }
}

TEST(Blur, RejectsSlabsShorterThanTheHalo) {
  const Comm comm = test::world();
  if (comm.size() == 1) GTEST_SKIP() << "one rank exchanges no halo";
  const auto domain = test::make_domain(comm, 8 * comm.size() - 1, 5);
  EXPECT_THROW(Blur(domain, at::ones({9, 9})), InputError);
}

TEST(BlurKernels, MotionKernelsAreDeterministicNormalisedBlurs) {
  for (const std::int64_t k : {1, 5, 17, 65, 129}) {
    const at::Tensor h = motion_blur_kernel(k, 0.5, 1234);
    ASSERT_EQ(h.sizes(), at::IntArrayRef({k, k}));
    EXPECT_GE(h.min().item<float>(), 0.0f);
    EXPECT_NEAR(h.sum().item<double>(), 1.0, 1e-5);
    EXPECT_TRUE(at::equal(h, motion_blur_kernel(k, 0.5, 1234))) << k;
    if (k == 1) continue;
    EXPECT_FALSE(at::allclose(h, motion_blur_kernel(k, 0.5, 1235))) << k;
    EXPECT_LT(h.max().item<float>(), 0.5f) << k;
    EXPECT_GE((h > 0).sum().item<std::int64_t>(), k) << k;
  }
}

// The spread of a kernel along its principal axes: a straight sweep is long and thin.
std::pair<double, double> principal_spreads(const at::Tensor& kernel) {
  const std::int64_t k = kernel.size(0);
  const at::Tensor h = kernel.to(at::kDouble);
  const at::Tensor grid = at::arange(k, at::kDouble);
  const at::Tensor rows = grid.unsqueeze(1).expand({k, k}), cols = grid.unsqueeze(0).expand({k, k});
  const double mean_r = (h * rows).sum().item<double>(), mean_c = (h * cols).sum().item<double>();
  const at::Tensor dr = rows - mean_r, dc = cols - mean_c;
  const at::Tensor covariance = at::stack({(h * dr * dr).sum(), (h * dr * dc).sum(), (h * dr * dc).sum(),
                                           (h * dc * dc).sum()})
                                    .view({2, 2});
  const at::Tensor eigenvalues = at::linalg_eigvalsh(covariance);
  return {eigenvalues[0].item<double>(), eigenvalues[1].item<double>()};
}

TEST(BlurKernels, IntensityZeroIsAStraightSweep) {
  for (const std::uint64_t seed : {1, 2, 3}) {
    const auto [thin, long_axis] = principal_spreads(motion_blur_kernel(33, 0.0, seed));
    EXPECT_LT(thin, 0.01 * long_axis) << seed;
  }
}

TEST(BlurKernels, GaussianKernelIsCentredSymmetricAndNormalised) {
  const at::Tensor h = gaussian_blur_kernel(7, 1.5);
  EXPECT_NEAR(h.sum().item<double>(), 1.0, 1e-6);
  EXPECT_TRUE(at::allclose(h, h.flip({0})));
  EXPECT_TRUE(at::allclose(h, h.t()));
  EXPECT_EQ(h.argmax().item<std::int64_t>(), 3 * 7 + 3);
}

TEST(BlurKernels, RejectsBadParameters) {
  EXPECT_THROW(gaussian_blur_kernel(5, 0.0), InputError);
  EXPECT_THROW(gaussian_blur_kernel(0, 1.0), InputError);
  EXPECT_THROW(motion_blur_kernel(0, 0.5, 1), InputError);
  EXPECT_THROW(motion_blur_kernel(5, 1.5, 1), InputError);
}

TEST(BlurKernels, DefaultSizeFollowsThePapers) {
  EXPECT_EQ(default_blur_size(180, 180), 5);
  EXPECT_EQ(default_blur_size(2048, 2048), 65);
  EXPECT_EQ(default_blur_size(2896, 2896), 91);
  EXPECT_EQ(default_blur_size(4096, 4096), 129);
  EXPECT_EQ(default_blur_size(16, 16), 1);
}

void write_kernel_h5(const std::string& path, const at::Tensor& values, hid_t stored_type) {
  const at::Tensor data = values.to(at::kDouble).contiguous();
  const hsize_t dims[2] = {static_cast<hsize_t>(data.size(0)), static_cast<hsize_t>(data.size(1))};
  const hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  const hid_t space = H5Screate_simple(2, dims, nullptr);
  const hid_t dataset = H5Dcreate2(file, "kernel", stored_type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (data.numel() > 0) {
    EXPECT_GE(H5Dwrite(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data_ptr<double>()), 0);
  }
  H5Dclose(dataset);
  H5Sclose(space);
  H5Fclose(file);
}

// What a deblurring config with observation.blur_path does: io reads the file, physics checks it.
at::Tensor load_blur_kernel(const std::string& path) {
  return normalised_kernel(read_kernel_file(path), "blur kernel '" + path + "'");
}

void expect_rejected(const std::string& path, const std::string& problem) {
  try {
    load_blur_kernel(path);
    ADD_FAILURE() << path << " was accepted";
  } catch (const InputError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("'" + path + "'"), std::string::npos) << message;
    EXPECT_NE(message.find(problem), std::string::npos) << message;
  }
}

TEST(BlurKernels, LoadsHdf5AndPngKernelsAndRejectsBadFiles) {
  const Comm comm = test::world();
  const std::string dir = test::scratch_dir(comm, "blur_kernels");
  const at::Tensor written = at::arange(1, 26, at::kDouble).view({5, 5});
  const at::Tensor grey = at::arange(0, 250, 10, at::kByte).view({5, 5}).contiguous();
  if (comm.is_root()) {
    write_kernel_h5(dir + "/kernel.h5", written, H5T_NATIVE_DOUBLE);
    write_kernel_h5(dir + "/integers.h5", written, H5T_STD_I32LE);
    write_kernel_h5(dir + "/wide.h5", at::ones({3, 4}), H5T_NATIVE_FLOAT);
    write_kernel_h5(dir + "/negative.h5", -at::ones({3, 3}), H5T_NATIVE_FLOAT);
    write_kernel_h5(dir + "/empty.h5", at::ones({0, 0}), H5T_NATIVE_FLOAT);
    EXPECT_NE(stbi_write_png((dir + "/kernel.png").c_str(), 5, 5, 1, grey.data_ptr<std::uint8_t>(), 5), 0);
  }
  comm.barrier();
  const at::Tensor expected = written / written.sum();
  EXPECT_LE(test::relative_error(load_blur_kernel(dir + "/kernel.h5"), expected), 1e-6);
  EXPECT_LE(test::relative_error(load_blur_kernel(dir + "/integers.h5"), expected), 1e-6);
  EXPECT_LE(test::relative_error(load_blur_kernel(dir + "/kernel.png"), grey.to(at::kDouble) / grey.sum()), 1e-6);
  expect_rejected(dir + "/missing.h5", "does not exist");
  expect_rejected(dir + "/wide.h5", "not square");
  expect_rejected(dir + "/negative.h5", "positive sum");
  expect_rejected(dir + "/empty.h5", "empty");
}

}  // namespace
}  // namespace dpnp
