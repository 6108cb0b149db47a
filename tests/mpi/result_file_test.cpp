// Collective HDF5 output: each rank writes its rows; reading the file back gives the global arrays,
// the vectors and the attributes; nothing exists under the final name before commit().
#include <gtest/gtest.h>

#include <filesystem>

#include "dpnp/core/error.hpp"
#include "dpnp/io/result_file.hpp"
#include "test_support.hpp"

namespace dpnp {
namespace {

TEST(ResultFile, RoundTripOfSlabsVectorsAndAttributes) {
  const Comm comm = test::world();
  const std::string dir = test::scratch_dir(comm, "result_file");
  const std::string path = dir + "/out.h5";
  const auto layout = SlabLayout::balanced(29, 17, comm.size());
  const at::Tensor image = test::seeded_randn({3, 29, 17}, 1);
  const at::Tensor samples = test::seeded_randn({4, 3, 29, 17}, 2);
  const at::Tensor mask = (test::seeded_rand({1, 29, 17}, 3) > 0.5).to(at::kByte);
  {
    ResultFile file(comm, path);
    file.write_slab("/mmse", test::slab_of(image, layout, comm.rank()), layout);
    file.write_slab("/samples", test::slab_of(samples, layout, comm.rank()), layout);
    file.write_slab("/mask", test::slab_of(mask, layout, comm.rank()), layout);
    file.write_slab("/group/double", test::slab_of(image, layout, comm.rank()).to(at::kDouble), layout);
    file.write_vector("/trace/potential", {1.0, 2.5, -3.0});
    file.set_attribute("/", "config", std::string("run:\n  seed: 42\n"));
    file.set_attribute("/", "ranks", static_cast<std::int64_t>(comm.size()));
    file.set_attribute("/", "sigma", 0.25);
    comm.barrier();
    EXPECT_FALSE(std::filesystem::exists(path)) << "the final name appears only at commit";
    file.commit();
  }
  comm.barrier();
  ASSERT_TRUE(std::filesystem::exists(path));
  EXPECT_FALSE(std::filesystem::exists(path + ".partial"));
  EXPECT_TRUE(at::equal(test::read_h5(path, "/mmse").to(at::kFloat), image));
  EXPECT_TRUE(at::equal(test::read_h5(path, "/samples").to(at::kFloat), samples));
  EXPECT_TRUE(at::equal(test::read_h5(path, "/mask").to(at::kByte), mask));
  EXPECT_TRUE(at::allclose(test::read_h5(path, "/group/double"), image.to(at::kDouble)));
  EXPECT_TRUE(at::equal(test::read_h5(path, "/trace/potential"), at::tensor({1.0, 2.5, -3.0}, at::kDouble)));
  EXPECT_EQ(test::read_h5_string_attribute(path, "config"), "run:\n  seed: 42\n");
  EXPECT_DOUBLE_EQ(test::read_h5_attribute(path, "sigma"), 0.25);
}

TEST(ResultFile, UncommittedFileNeverTakesTheFinalName) {
  const Comm comm = test::world();
  const std::string dir = test::scratch_dir(comm, "result_file_partial");
  const std::string path = dir + "/out.h5";
  {
    ResultFile file(comm, path);
    file.write_vector("/trace/potential", {1.0});
  }
  comm.barrier();
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_TRUE(std::filesystem::exists(path + ".partial"));
}

TEST(ResultFile, UnwritableDirectoryIsAnAgreedInputError) {
  const Comm comm = test::world();
  try {
    ResultFile file(comm, "/proc/dpnp-cannot-write-here/out.h5");
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("cannot create the file"), std::string::npos);
  }
}

}  // namespace
}  // namespace dpnp
