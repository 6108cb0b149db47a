// The config: defaults, overrides, relative paths, the effective config round trip, and messages.
#include <gtest/gtest.h>

#include "dpnp/core/error.hpp"
#include "dpnp/io/config.hpp"

namespace dpnp::config {
namespace {

std::string error_of(const std::string& yaml, const std::vector<std::string>& overrides = {}) {
  try {
    Config::parse(yaml, "<string>", overrides);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(Config, DefaultsFillEveryKey) {
  const Config c = Config::parse("truth: {path: img.png}", "<string>");
  EXPECT_EQ(c.get_int("sampler.iterations"), 1000);
  EXPECT_EQ(c.get_string("prior.type"), "tv");
  EXPECT_DOUBLE_EQ(c.get_float("prior.rho"), 1e-3);
  EXPECT_FALSE(c.is_set("observation.sigma"));
  EXPECT_TRUE(c.get_int_list("truth.crop").empty());
  for (const auto& spec : schema()) EXPECT_NE(c.effective_yaml().find(spec.path.substr(spec.path.rfind('.') + 1)), std::string::npos);
}

TEST(Config, EffectiveYamlParsesBackToTheSameConfig) {
  const Config c = Config::parse("truth: {path: a b.png, crop: [1, 2, 3, 4]}\nobservation: {sigma: 0.05}\n", "<string>",
                                 {"sampler.iterations=777", "run.log_level=debug"});
  const Config again = Config::parse(c.effective_yaml(), "<string>");
  EXPECT_EQ(again.effective_yaml(), c.effective_yaml());
  EXPECT_EQ(again.get_string("truth.path"), "a b.png");
  EXPECT_EQ(again.get_int("sampler.iterations"), 777);
  EXPECT_DOUBLE_EQ(again.get_float("observation.sigma"), 0.05);
  EXPECT_EQ(again.get_int_list("truth.crop"), (std::vector<std::int64_t>{1, 2, 3, 4}));
}

TEST(Config, InputPathsAreRelativeToTheConfigFileAndOverridesToTheWorkingDirectory) {
  const Config c = Config::parse("truth: {path: ../data/x.png}\noutput: {path: out/r.h5}", "configs/exp.yaml");
  EXPECT_EQ(c.get_string("truth.path"), "data/x.png");
  EXPECT_EQ(c.get_string("output.path"), "out/r.h5");
  const Config o = Config::parse("truth: {path: ../data/x.png}", "configs/exp.yaml", {"truth.path=mine.png"});
  EXPECT_EQ(o.get_string("truth.path"), "mine.png");
}

TEST(Config, ErrorsNameTheKeyAndTheFix) {
  EXPECT_EQ(error_of("truth: {path: a.png}\nsampler: {iteratons: 5}"),
            "config: sampler.iteratons: unknown key; did you mean 'sampler.iterations'?");
  EXPECT_EQ(error_of("truth: {path: a.png}\nprior: {type: bm3d}"),
            "config: prior.type: 'bm3d' is not a valid choice; use one of: tv, quadratic, tv_aniso, gaussian, ddfb, dncnn, drunet");
  EXPECT_EQ(error_of("truth: {path: a.png}", {"sampler.thinning=0"}),
            "config: sampler.thinning: 0 is out of range; give a value at least 1");
  EXPECT_NE(error_of("truth: {path: a.png}\nrun: {seed: 1.5}").find("run.seed: expected a whole number"), std::string::npos);
  EXPECT_NE(error_of("truth: [a").find("fix the YAML syntax"), std::string::npos);
  // Every message is one line.
  for (const auto& message : {error_of("x: 1"), error_of("truth: {path: a.png}\nsampler: 3")})
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

TEST(Config, MarkdownReferenceListsEveryKey) {
  const std::string md = markdown_reference();
  for (const auto& spec : schema()) EXPECT_NE(md.find("`" + spec.path + "`"), std::string::npos) << spec.path;
}

}  // namespace
}  // namespace dpnp::config
