// Counter-based noise: Random123's known answers, statistics, slab invariance, and (where libcurand
// is linked) equality of the raw words with cuRAND's Philox4_32_10 host generator.
#include <gtest/gtest.h>

#include <cmath>

#include "dpnp/core/noise.hpp"
#include "dpnp/core/noise_field.hpp"
#include "test_support.hpp"

#ifdef DPNP_TEST_WITH_CURAND
#include <curand.h>
#endif

namespace dpnp {
namespace {

TEST(Philox, KnownAnswerVectorsFromRandom123) {
  struct Case {
    r123::Philox4x32::ctr_type ctr;
    r123::Philox4x32::key_type key;
    std::array<std::uint32_t, 4> expected;
  };
  const Case cases[] = {
      {{{0, 0, 0, 0}}, {{0, 0}}, {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
      {{{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}}, {{0xffffffff, 0xffffffff}},
       {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
      {{{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}}, {{0xa4093822, 0x299f31d0}},
       {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
  };
  for (const auto& c : cases) {
    r123::Philox4x32 philox;
    const auto out = philox(c.ctr, c.key);
    for (int w = 0; w < 4; ++w) EXPECT_EQ(out.v[w], c.expected[w]) << "word " << w;
  }
}

TEST(Philox, CounterLayoutIsBlockIterationStream) {
  // Our mapping of (seed, stream, iteration, block) onto Random123's counter and key.
  const noise::Key key{0xa4093822299f31d0ULL >> 0, 0x03707344, 0x13198a2e};
  const std::uint64_t block = (std::uint64_t{0x85a308d3} << 32) | 0x243f6a88;
  // key.seed low word = 0x299f31d0, high = 0xa4093822 -> Random123 key {0x299f31d0, 0xa4093822}
  r123::Philox4x32 philox;
  const auto expected = philox({{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}}, {{0x299f31d0, 0xa4093822}});
  const auto got = noise::philox_block(key, block);
  for (int w = 0; w < 4; ++w) EXPECT_EQ(got.v[w], expected.v[w]);
}

TEST(Noise, NormalsHaveUnitMomentsAndUniformsStayInRange) {
  const noise::Key key{42, noise::kTest, 7};
  const std::int64_t n = 1 << 20;
  double sum = 0, sum2 = 0, sum4 = 0;
  float umin = 2, umax = -1;
  for (std::int64_t i = 0; i < n; ++i) {
    const double z = noise::normal_at(key, i);
    sum += z;
    sum2 += z * z;
    sum4 += z * z * z * z;
    const float u = noise::uniform_at(key, i);
    umin = std::min(umin, u);
    umax = std::max(umax, u);
  }
  const double mean = sum / n, var = sum2 / n - mean * mean;
  // Standard errors: mean 1/sqrt(n) ~ 1e-3, variance sqrt(2/n) ~ 1.4e-3, fourth moment sqrt(96/n) ~ 1e-2.
  EXPECT_NEAR(mean, 0.0, 5e-3);
  EXPECT_NEAR(var, 1.0, 7e-3);
  EXPECT_NEAR(sum4 / n, 3.0, 5e-2);
  EXPECT_GT(umin, 0.0f);
  EXPECT_LE(umax, 1.0f);
}

TEST(Noise, DistinctStreamsIterationsAndSeedsAreUncorrelated) {
  const std::int64_t n = 1 << 16;
  const noise::Key a{1, noise::kChainX, 3}, b{1, noise::kChainZ, 3}, c{1, noise::kChainX, 4}, d{2, noise::kChainX, 3};
  double ab = 0, ac = 0, ad = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    const double za = noise::normal_at(a, i);
    ab += za * noise::normal_at(b, i);
    ac += za * noise::normal_at(c, i);
    ad += za * noise::normal_at(d, i);
  }
  // Correlation estimates have standard error 1/sqrt(n) = 0.004.
  EXPECT_LT(std::abs(ab / n), 0.02);
  EXPECT_LT(std::abs(ac / n), 0.02);
  EXPECT_LT(std::abs(ad / n), 0.02);
}

TEST(Noise, SlabFillsEqualTheGlobalFieldForEverySplit) {
  // 3 planes of 37 x 11: row lengths that are not multiples of 4 put blocks across row and slab edges.
  const std::int64_t planes = 3, rows = 37, cols = 11;
  const noise::Key key{1234, noise::kChainX, 5};
  at::Tensor global = at::empty({planes, rows, cols});
  fill_normal(global, key, slab_coords(global, rows, 0));
  for (std::int64_t i = 0; i < global.numel(); i += 97)
    ASSERT_EQ(global.view(-1)[i].item<float>(), noise::normal_at(key, i)) << "element " << i;
  for (int ranks = 1; ranks <= 5; ++ranks) {
    const auto layout = SlabLayout::balanced(rows, cols, ranks);
    for (int b = 0; b < ranks; ++b) {
      at::Tensor slab = at::empty({planes, layout.rows(b), cols});
      fill_normal(slab, key, slab_coords(slab, rows, layout.row_begin(b)));
      EXPECT_TRUE(at::equal(slab, test::slab_of(global, layout, b))) << "ranks " << ranks << " slab " << b;
      at::Tensor uniform_slab = at::empty({planes, layout.rows(b), cols});
      fill_uniform(uniform_slab, key, slab_coords(uniform_slab, rows, layout.row_begin(b)));
      EXPECT_EQ(uniform_slab.view(-1)[0].item<float>(),
                noise::uniform_at(key, noise::global_index(slab_coords(uniform_slab, rows, layout.row_begin(b)), 0)));
    }
  }
}

#ifdef DPNP_TEST_WITH_CURAND
TEST(Noise, RawWordsEqualCurandPhiloxHostGenerator) {
  // cuRAND's host Philox generator output n is device-API (subsequence = (n/4) mod 65536,
  // offset = 4 * floor(n / 4 / 65536) + n % 4) (build-notes §6). Our block j of iteration t, stream 0,
  // is its (subsequence t, offset 4j).
  curandGenerator_t generator;
  if (curandCreateGeneratorHost(&generator, CURAND_RNG_PSEUDO_PHILOX4_32_10) != CURAND_STATUS_SUCCESS)
    GTEST_SKIP() << "libcurand host generator unavailable";
  const unsigned long long seed = 0x1234567890abcdefULL;
  ASSERT_EQ(curandSetPseudoRandomGeneratorSeed(generator, seed), CURAND_STATUS_SUCCESS);
  const std::size_t blocks = 3, n = 4 * 65536 * blocks;
  std::vector<unsigned int> words(n);
  ASSERT_EQ(curandGenerate(generator, words.data(), n), CURAND_STATUS_SUCCESS);
  curandDestroyGenerator(generator);
  for (std::uint32_t t : {0u, 1u, 777u, 65535u}) {
    for (std::uint64_t j = 0; j < blocks; ++j) {
      const auto block = noise::philox_block(noise::Key{seed, 0, t}, j);
      for (int w = 0; w < 4; ++w) {
        const std::size_t index = 4 * (t + 65536 * j) + w;
        ASSERT_EQ(block.v[w], words[index]) << "iteration " << t << " block " << j << " word " << w;
      }
    }
  }
}
#endif

}  // namespace
}  // namespace dpnp
