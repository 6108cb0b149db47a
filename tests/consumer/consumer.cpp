// Uses modules from both ends of the library (dist, physics, io) the way a downstream tool would:
// a distributed gradient's adjoint identity on one rank, and a config parsed by io.
#include <mpi.h>

#include <cstdio>
#include <memory>

#include "dpnp/dist/comm.hpp"
#include "dpnp/dist/halo_exchange.hpp"
#include "dpnp/dist/slab_domain.hpp"
#include "dpnp/io/config.hpp"
#include "dpnp/physics/gradient2d.hpp"

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int status = 0;
  {
    const dpnp::Comm comm = dpnp::Comm::world();
    const dpnp::SlabDomain domain(dpnp::SlabLayout::balanced(11, 7, comm.size()), std::make_shared<dpnp::HaloExchange>(comm));
    const dpnp::Gradient2D gradient(domain);
    const auto x = at::randn({1, domain.layout().rows(comm.rank()), 7}, at::kDouble);
    const auto z = at::randn({2, 1, domain.layout().rows(comm.rank()), 7}, at::kDouble);
    const double lhs = (gradient.apply(x) * z).sum().item<double>();
    const double rhs = (x * gradient.adjoint(z)).sum().item<double>();
    const auto config = dpnp::config::Config::parse("truth:\n  path: field.png\nsampler:\n  iterations: 1234\n", "consumer");
    std::printf("adjoint gap %.3e, sampler.iterations %lld\n", std::abs(lhs - rhs) / std::abs(lhs),
                static_cast<long long>(config.get_int("sampler.iterations")));
    if (std::abs(lhs - rhs) > 1e-10 * std::abs(lhs) || config.get_int("sampler.iterations") != 1234) status = 1;
  }
  MPI_Finalize();
  return status;
}
