// The noise field for a given (seed, stream, iteration) is identical for every rank count: each rank's
// slab equals the rows of the single-rank field, bit for bit.
#include <gtest/gtest.h>

#include "dpnp/core/noise_field.hpp"
#include "test_support.hpp"

namespace dpnp {
namespace {

TEST(NoiseInvariance, SlabsEqualTheSingleRankFieldBitForBit) {
  const Comm comm = test::world();
  for (const auto& [planes, height, width] : {std::tuple<int64_t, int64_t, int64_t>{3, 37, 13}, {6, 64, 64}, {1, 5, 3}}) {
    if (height < comm.size()) continue;
    const auto domain = test::make_domain(comm, height, width);
    for (std::uint32_t t : {1u, 2u, 1000u}) {
      const noise::Key key{42, noise::kChainX, t};
      at::Tensor serial = at::empty({planes, height, width});
      fill_normal(serial, key, slab_coords(serial, height, 0));
      at::Tensor slab = at::empty({planes, domain.rows(), width});
      fill_normal(slab, key, domain.coords(slab));
      EXPECT_TRUE(at::equal(slab, test::slab_of(serial, domain.layout(), comm.rank())))
          << planes << "x" << height << "x" << width << " t=" << t;
      // And the gathered field is the serial one (no rank reuses another's numbers).
      EXPECT_TRUE(at::equal(test::gather_rows(comm, slab, domain.layout()), serial));
    }
  }
}

}  // namespace
}  // namespace dpnp
