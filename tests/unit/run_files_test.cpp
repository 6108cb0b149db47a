// The files of a run: which paths are one file, the refusal to write over an input, the SHA-256 of
// data files and the chain fingerprint that carries them.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "dpnp/core/error.hpp"
#include "dpnp/core/sha256.hpp"
#include "dpnp/io/chain_fingerprint.hpp"
#include "dpnp/io/run_files.hpp"

namespace dpnp {
namespace {

namespace fs = std::filesystem;

class RunFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("dpnp_run_files_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "sub");
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& bytes) {
    std::ofstream(dir_ / name, std::ios::binary) << bytes;
    return (dir_ / name).string();
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  fs::path dir_;
};

std::string refusal(const std::vector<RunFile>& inputs, const std::vector<RunFile>& outputs) {
  try {
    refuse_outputs_over_inputs(inputs, outputs);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST_F(RunFiles, SameFileSeesThroughDotsSymlinksAndHardLinks) {
  const std::string truth = write("truth.png", "pixels");
  EXPECT_TRUE(same_file(truth, path("sub/../truth.png")));
  EXPECT_TRUE(same_file(truth, path("./sub/../truth.png")));
  fs::create_symlink(truth, dir_ / "link.h5");
  EXPECT_TRUE(same_file(path("link.h5"), truth));
  fs::create_hard_link(truth, dir_ / "hard.h5");
  EXPECT_TRUE(same_file(path("hard.h5"), truth));
  write("copy.png", "pixels");
  EXPECT_FALSE(same_file(path("copy.png"), truth));
  EXPECT_FALSE(same_file(path("absent_a.h5"), path("absent_b.h5")));
  EXPECT_TRUE(same_file(path("absent_a.h5"), path("sub/../absent_a.h5")));
  fs::create_symlink(dir_ / "loop", dir_ / "loop");  // a loop resolves to nothing: compared as text
  EXPECT_FALSE(same_file(path("loop"), truth));
}

TEST_F(RunFiles, AnOutputOverAnInputOrAnotherOutputIsRefusedNamingBoth) {
  const std::string truth = write("truth.png", "pixels");
  fs::create_hard_link(truth, dir_ / "hard.h5");
  OutputOptions output;
  output.path = path("hard.h5");
  const std::vector<RunFile> inputs = {{"truth.path", truth}, {"the config file", path("run.yaml")}};
  const std::string message = refusal(inputs, run_outputs(output));
  EXPECT_NE(message.find("config: output.path: is truth.path ('" + truth + "'), an input of the run"), std::string::npos)
      << message;
  EXPECT_NE(message.find("give the result its own file name"), std::string::npos) << message;

  output.path = path("run.h5");
  output.checkpoint_path = path("sub/../run.h5");
  EXPECT_NE(refusal(inputs, run_outputs(output)).find("config: output.checkpoint_path: is output.path"), std::string::npos);

  output.checkpoint_path = "";
  output.previews = true;
  write("run_std.png", "a picture the user keeps");
  EXPECT_NE(refusal({{"truth.path", path("run_std.png")}}, run_outputs(output)).find("config: output.previews (std): is truth.path"),
            std::string::npos);
  output.previews = false;
  EXPECT_EQ(refusal({{"truth.path", path("run_std.png")}}, run_outputs(output)), "");
  EXPECT_EQ(refusal(inputs, run_outputs(output)), "");
}

TEST_F(RunFiles, Sha256OfFilesMatchesKnownDigestsAcrossChunkBoundaries) {
  EXPECT_EQ(sha256_of_file(write("empty", "")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_of_file(write("abc", "abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_of_file(write("million", std::string(1000000, 'a'))),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  // Three chunks of 1 MiB and a tail: the digest from Python's hashlib.
  std::string bytes(3 * 1048576 + 100, '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>((i * 7 + 3) % 251);
  EXPECT_EQ(sha256_of_file(write("long", bytes)), "e9e2c9f5957a87e7c73ee5dcb0f801e7a4b0022acdafb5c4731bcb771f23c5af");
  EXPECT_THROW(sha256_of_file(path("absent")), InputError);
}

TEST_F(RunFiles, TheFingerprintTellsWhichDataFileChanged) {
  const std::string truth = write("truth.png", "pixels");
  const ChainFingerprint keys = ChainFingerprint::from_text("prior.mu: 30\n");
  const ChainFingerprint before = keys.with_files({{"truth.path", truth}});
  EXPECT_EQ(before, keys.with_files({{"truth.path", truth}}));
  write("truth.png", "other pixels");
  const ChainFingerprint after = keys.with_files({{"truth.path", truth}});
  EXPECT_NE(before, after);
  EXPECT_NE(before.first_difference(after).find("the contents of truth.path changed since it was written (sha256 "),
            std::string::npos)
      << before.first_difference(after);
  EXPECT_NE(keys.first_difference(after).find("it has no checksum of truth.path"), std::string::npos);
  // A file that cannot be read names its key.
  try {
    keys.with_files({{"prior.weights", path("absent.pth")}});
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("config: prior.weights: cannot read"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace dpnp
