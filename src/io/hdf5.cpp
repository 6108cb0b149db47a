#include "dpnp/io/hdf5.hpp"

#include <fmt/format.h>

#include <fstream>

#include "dpnp/core/error.hpp"

namespace dpnp::h5 {

void quiet_errors() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

hid_t check(hid_t status, const char* call) {
  if (status < 0) throw Error(fmt::format("HDF5 call failed: {}", call));
  return status;
}

Handle file(hid_t id) { return Handle(check(id, "H5Fopen/H5Fcreate"), H5Fclose); }
Handle dataset(hid_t id) { return Handle(check(id, "H5Dopen/H5Dcreate"), H5Dclose); }
Handle dataspace(hid_t id) { return Handle(check(id, "H5Screate/H5Dget_space"), H5Sclose); }
Handle plist(hid_t id) { return Handle(check(id, "H5Pcreate"), H5Pclose); }
Handle attribute(hid_t id) { return Handle(check(id, "H5Acreate/H5Aopen"), H5Aclose); }
Handle datatype(hid_t id) { return Handle(check(id, "H5Tcopy/H5Dget_type"), H5Tclose); }
Handle group(hid_t id) { return Handle(check(id, "H5Gcreate/H5Gopen"), H5Gclose); }

std::vector<hsize_t> dims_of(hid_t dataset_id) {
  Handle space = dataspace(H5Dget_space(dataset_id));
  const int rank = H5Sget_simple_extent_ndims(space.get());
  check(rank, "H5Sget_simple_extent_ndims");
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  if (rank > 0) check(H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr), "H5Sget_simple_extent_dims");
  return dims;
}

bool is_hdf5_file(const std::string& path) {
  static const unsigned char signature[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
  std::ifstream in(path, std::ios::binary);
  unsigned char head[8] = {};
  in.read(reinterpret_cast<char*>(head), 8);
  return in.gcount() == 8 && std::equal(head, head + 8, signature);
}

}  // namespace dpnp::h5
