#include "dpnp/io/slab_reader.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "dpnp/core/error.hpp"
#include "dpnp/io/hdf5_types.hpp"

namespace dpnp {

SlabReader::SlabReader(std::string path, std::string label, std::string fix)
    : path_(std::move(path)), label_(std::move(label)), fix_(std::move(fix)) {
  h5::quiet_errors();
  if (!std::filesystem::is_regular_file(path_)) fail("not found");
  if (!h5::is_hdf5_file(path_)) fail("not an HDF5 file");
  const h5::Handle access = h5::plist(H5Pcreate(H5P_FILE_ACCESS));
  // Many ranks open the same file read-only, and some parallel file systems refuse flock().
  H5Pset_file_locking(access.get(), false, true);
  const hid_t id = H5Fopen(path_.c_str(), H5F_ACC_RDONLY, access.get());
  if (id < 0) fail("cannot be opened as HDF5 (truncated or corrupt file?)");
  file_ = h5::file(id);
}

void SlabReader::fail(const std::string& problem) const {
  throw InputError(fmt::format("{} '{}': {}; {}", label_, path_, problem, fix_));
}

bool SlabReader::has(const std::string& name) const {
  // H5Lexists needs every parent group to exist, so walk the path from the root.
  std::size_t slash = name.find('/', 1);
  while (true) {
    const std::string prefix = name.substr(0, slash);
    if (H5Lexists(file_.get(), prefix.c_str(), H5P_DEFAULT) <= 0) return false;
    if (slash == std::string::npos) return true;
    slash = name.find('/', slash + 1);
  }
}

h5::Handle SlabReader::open_dataset(const std::string& name) const {
  if (!has(name)) fail(fmt::format("has no dataset '{}'", name));
  const hid_t id = H5Dopen2(file_.get(), name.c_str(), H5P_DEFAULT);
  if (id < 0) fail(fmt::format("'{}' is not a readable dataset", name));
  return h5::dataset(id);
}

std::vector<std::int64_t> SlabReader::shape(const std::string& name) const {
  const h5::Handle dataset = open_dataset(name);
  const std::vector<hsize_t> dims = h5::dims_of(dataset.get());
  return {dims.begin(), dims.end()};
}

at::Tensor SlabReader::read_rows(const std::string& name, std::int64_t row_begin, std::int64_t rows) const {
  const h5::Handle dataset = open_dataset(name);
  std::vector<hsize_t> count = h5::dims_of(dataset.get());
  const std::size_t n = count.size();
  if (n < 2 || row_begin < 0 || rows < 0 || static_cast<hsize_t>(row_begin + rows) > count[n - 2])
    fail(fmt::format("dataset '{}' does not hold rows {}..{}", name, row_begin, row_begin + rows));
  std::vector<hsize_t> start(n, 0);
  start[n - 2] = static_cast<hsize_t>(row_begin);
  count[n - 2] = static_cast<hsize_t>(rows);
  const h5::Handle type = h5::datatype(H5Dget_type(dataset.get()));
  const h5::ReadType read = h5::read_type_of(type.get());
  if (read.dtype == at::ScalarType::Undefined)
    fail(fmt::format("dataset '{}' is not numeric (dpnp reads integers of 8 to 64 bits, float16/32/64 and bool)", name));
  at::Tensor out = at::empty(std::vector<std::int64_t>(count.begin(), count.end()), read.dtype);
  if (out.numel() == 0) return out;
  const h5::Handle file_space = h5::dataspace(H5Dget_space(dataset.get()));
  DPNP_H5(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr));
  const h5::Handle memory_space = h5::dataspace(H5Screate_simple(static_cast<int>(n), count.data(), nullptr));
  if (H5Dread(dataset.get(), read.memory_type.get(), memory_space.get(), file_space.get(), H5P_DEFAULT,
              out.data_ptr()) < 0)
    fail(fmt::format("reading rows {}..{} of '{}' failed (truncated or corrupt file?)", row_begin, row_begin + rows, name));
  return out;
}

std::vector<double> SlabReader::read_vector(const std::string& name) const {
  const h5::Handle dataset = open_dataset(name);
  const std::vector<hsize_t> dims = h5::dims_of(dataset.get());
  if (dims.size() != 1) fail(fmt::format("dataset '{}' is not a vector", name));
  std::vector<double> values(dims[0]);
  if (!values.empty() &&
      H5Dread(dataset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0)
    fail(fmt::format("reading '{}' failed (truncated or corrupt file?)", name));
  return values;
}

h5::Handle SlabReader::open_attribute(const std::string& name) const {
  if (H5Aexists(file_.get(), name.c_str()) <= 0) fail(fmt::format("has no attribute '{}'", name));
  const hid_t id = H5Aopen(file_.get(), name.c_str(), H5P_DEFAULT);
  if (id < 0) fail(fmt::format("attribute '{}' cannot be read", name));
  return h5::attribute(id);
}

bool SlabReader::has_attribute(const std::string& name) const { return H5Aexists(file_.get(), name.c_str()) > 0; }

std::string SlabReader::string_attribute(const std::string& name) const {
  const h5::Handle attribute = open_attribute(name);
  const h5::Handle type = h5::datatype(H5Aget_type(attribute.get()));
  if (H5Tget_class(type.get()) != H5T_STRING) fail(fmt::format("attribute '{}' is not a string", name));
  if (H5Tis_variable_str(type.get()) > 0) {
    char* text = nullptr;
    if (H5Aread(attribute.get(), type.get(), &text) < 0 || text == nullptr)
      fail(fmt::format("attribute '{}' cannot be read", name));
    std::string value(text);
    H5free_memory(text);
    return value;
  }
  std::string value(H5Tget_size(type.get()), '\0');
  if (H5Aread(attribute.get(), type.get(), value.data()) < 0) fail(fmt::format("attribute '{}' cannot be read", name));
  while (!value.empty() && value.back() == '\0') value.pop_back();
  return value;
}

double SlabReader::float_attribute(const std::string& name) const {
  const h5::Handle attribute = open_attribute(name);
  const h5::Handle type = h5::datatype(H5Aget_type(attribute.get()));
  const H5T_class_t kind = H5Tget_class(type.get());
  if (kind != H5T_FLOAT && kind != H5T_INTEGER) fail(fmt::format("attribute '{}' is not a number", name));
  const h5::Handle space = h5::dataspace(H5Aget_space(attribute.get()));
  if (H5Sget_simple_extent_npoints(space.get()) != 1) fail(fmt::format("attribute '{}' is not a single number", name));
  double value = 0.0;
  if (H5Aread(attribute.get(), H5T_NATIVE_DOUBLE, &value) < 0) fail(fmt::format("attribute '{}' cannot be read", name));
  return value;
}

std::int64_t SlabReader::int_attribute(const std::string& name) const {
  const h5::Handle attribute = open_attribute(name);
  const h5::Handle type = h5::datatype(H5Aget_type(attribute.get()));
  if (H5Tget_class(type.get()) != H5T_INTEGER) fail(fmt::format("attribute '{}' is not an integer", name));
  std::int64_t value = 0;
  if (H5Aread(attribute.get(), H5T_NATIVE_INT64, &value) < 0) fail(fmt::format("attribute '{}' cannot be read", name));
  return value;
}

}  // namespace dpnp
