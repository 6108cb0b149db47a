#pragma once
// Helpers shared by the tests: slicing a small global reference into slabs, gathering slabs back
// (tests only: the product never holds a global image on one rank), and locating test data.

#include <ATen/ATen.h>

#include <string>

#include "dpnp/dist/comm.hpp"
#include "dpnp/dist/slab_layout.hpp"

namespace dpnp::test {

Comm world();

/// Rows [row_begin(rank), row_end(rank)) of `global` (rows in dim -2), contiguous.
at::Tensor slab_of(const at::Tensor& global, const SlabLayout& layout, int rank);

/// Concatenates every rank's slab (rows in dim -2) into the global tensor, on every rank.
at::Tensor gather_rows(const Comm& comm, const at::Tensor& slab, const SlabLayout& layout);

/// ||a - b|| / max(||b||, tiny), in float64.
double relative_error(const at::Tensor& a, const at::Tensor& b);

/// Deterministic pseudo-random tensor (same on every rank): torch's CPU generator with `seed`.
at::Tensor seeded_randn(at::IntArrayRef shape, std::uint64_t seed);
at::Tensor seeded_rand(at::IntArrayRef shape, std::uint64_t seed);

std::string source_dir();  ///< the project root (DPNP_SOURCE_DIR)
std::string shared_dir();  ///< ../shared beside the project (DPNP_SHARED_DIR); may not exist
/// The DDFB weights the project ships (models/): for tests where any DDFB will do.
std::string shipped_ddfb();
std::string binary_dir();  ///< the build directory (DPNP_BINARY_DIR)
bool file_exists(const std::string& path);

/// A fresh, empty directory under the build tree, the same path on every rank (collective).
std::string scratch_dir(const Comm& comm, const std::string& name);

}  // namespace dpnp::test

#include <memory>

#include "dpnp/dist/slab_domain.hpp"

namespace dpnp::test {

/// The balanced decomposition of `height` x `width` over `comm`, with its own halo exchange.
SlabDomain make_domain(const Comm& comm, std::int64_t height, std::int64_t width, std::int64_t multiple = 1);

/// The same grid on one rank (MPI_COMM_SELF): the single-rank reference every distributed result is
/// compared with.
SlabDomain make_serial_domain(std::int64_t height, std::int64_t width);

}  // namespace dpnp::test

namespace dpnp::test {
/// Reads a whole dataset of a small HDF5 file as float64 (tests only).
at::Tensor read_h5(const std::string& path, const std::string& dataset);
/// Reads a scalar float64 attribute of the root group (tests only).
double read_h5_attribute(const std::string& path, const std::string& name);
/// Reads a string attribute of the root group (tests only).
std::string read_h5_string_attribute(const std::string& path, const std::string& name);
}  // namespace dpnp::test
