#include "test_support.hpp"

#include <ATen/CPUGeneratorImpl.h>

#include <cstdlib>
#include <filesystem>
#include <vector>

namespace dpnp::test {

Comm world() { return Comm::world(); }

at::Tensor slab_of(const at::Tensor& global, const SlabLayout& layout, int rank) {
  return global.narrow(-2, layout.row_begin(rank), layout.rows(rank)).contiguous();
}

at::Tensor gather_rows(const Comm& comm, const at::Tensor& slab, const SlabLayout& layout) {
  std::vector<int64_t> shape(slab.sizes().begin(), slab.sizes().end());
  shape[shape.size() - 2] = layout.height();
  at::Tensor global = at::zeros(shape, slab.options().device(at::kCPU).dtype(at::kDouble));
  global.narrow(-2, layout.row_begin(comm.rank()), layout.rows(comm.rank())).copy_(slab.to(at::kCPU));
  MPI_Allreduce(MPI_IN_PLACE, global.data_ptr<double>(), static_cast<int>(global.numel()), MPI_DOUBLE, MPI_SUM,
                comm.raw());
  return global.to(slab.scalar_type());
}

double relative_error(const at::Tensor& a, const at::Tensor& b) {
  const auto ad = a.to(at::kCPU, at::kDouble);
  const auto bd = b.to(at::kCPU, at::kDouble);
  const double denominator = std::max(bd.norm().item<double>(), 1e-300);
  return (ad - bd).norm().item<double>() / denominator;
}

at::Tensor seeded_randn(at::IntArrayRef shape, std::uint64_t seed) {
  auto generator = at::make_generator<at::CPUGeneratorImpl>(seed);
  return at::randn(shape, generator, at::kFloat);
}

at::Tensor seeded_rand(at::IntArrayRef shape, std::uint64_t seed) {
  auto generator = at::make_generator<at::CPUGeneratorImpl>(seed);
  return at::rand(shape, generator, at::kFloat);
}

namespace {
std::string env_or(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value && *value ? std::string(value) : fallback;
}
}  // namespace

std::string source_dir() { return env_or("DPNP_SOURCE_DIR", "."); }
std::string shared_dir() { return env_or("DPNP_SHARED_DIR", source_dir() + "/../shared"); }
std::string shipped_ddfb() { return source_dir() + "/models/ddfb_c3_k4_f64.pth"; }
std::string binary_dir() { return env_or("DPNP_BINARY_DIR", "."); }
bool file_exists(const std::string& path) { return std::filesystem::exists(path); }

std::string scratch_dir(const Comm& comm, const std::string& name) {
  const std::string path = binary_dir() + "/test-scratch/" + name + "-np" + std::to_string(comm.size());
  if (comm.is_root()) {
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  comm.barrier();
  return path;
}

}  // namespace dpnp::test

namespace dpnp::test {

SlabDomain make_domain(const Comm& comm, std::int64_t height, std::int64_t width, std::int64_t multiple) {
  return SlabDomain(SlabLayout::balanced(height, width, comm.size(), multiple), std::make_shared<HaloExchange>(comm));
}

SlabDomain make_serial_domain(std::int64_t height, std::int64_t width) {
  return make_domain(Comm(MPI_COMM_SELF), height, width);
}

}  // namespace dpnp::test

#include <hdf5.h>

namespace dpnp::test {

at::Tensor read_h5(const std::string& path, const std::string& dataset) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0) throw std::runtime_error("cannot open " + path);
  const hid_t data = H5Dopen2(file, dataset.c_str(), H5P_DEFAULT);
  if (data < 0) {
    H5Fclose(file);
    throw std::runtime_error("no dataset " + dataset + " in " + path);
  }
  const hid_t space = H5Dget_space(data);
  const int rank = H5Sget_simple_extent_ndims(space);
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  std::vector<int64_t> shape(dims.begin(), dims.end());
  at::Tensor out = at::empty(shape, at::kDouble);
  H5Dread(data, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data_ptr<double>());
  H5Sclose(space);
  H5Dclose(data);
  H5Fclose(file);
  return out;
}

double read_h5_attribute(const std::string& path, const std::string& name) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  const hid_t attribute = H5Aopen(file, name.c_str(), H5P_DEFAULT);
  double value = 0;
  H5Aread(attribute, H5T_NATIVE_DOUBLE, &value);
  H5Aclose(attribute);
  H5Fclose(file);
  return value;
}

std::string read_h5_string_attribute(const std::string& path, const std::string& name) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  const hid_t attribute = H5Aopen(file, name.c_str(), H5P_DEFAULT);
  const hid_t type = H5Aget_type(attribute);
  std::string value;
  if (H5Tis_variable_str(type) > 0) {  // what dpnp writes (netCDF-4 style)
    char* text = nullptr;
    H5Aread(attribute, type, &text);
    value = text != nullptr ? text : "";
    H5free_memory(text);
  } else {
    value.assign(H5Tget_size(type), '\0');
    H5Aread(attribute, type, value.data());
  }
  H5Tclose(type);
  H5Aclose(attribute);
  H5Fclose(file);
  while (!value.empty() && value.back() == '\0') value.pop_back();
  return value;
}

}  // namespace dpnp::test
