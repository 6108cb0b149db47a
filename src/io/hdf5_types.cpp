#include "dpnp/io/hdf5_types.hpp"

namespace dpnp::h5 {

hid_t file_type_of(at::ScalarType type) {
  switch (type) {
    case at::kDouble: return H5T_IEEE_F64LE;
    case at::kByte: return H5T_STD_U8LE;
    case at::kLong: return H5T_STD_I64LE;
    default: return H5T_IEEE_F32LE;
  }
}

hid_t memory_type_of(at::ScalarType type) {
  switch (type) {
    case at::kDouble: return H5T_NATIVE_DOUBLE;
    case at::kByte: return H5T_NATIVE_UINT8;
    case at::kLong: return H5T_NATIVE_INT64;
    default: return H5T_NATIVE_FLOAT;
  }
}

at::ScalarType scalar_type_of(hid_t type) {
  const std::size_t bytes = H5Tget_size(type);
  switch (H5Tget_class(type)) {
    case H5T_FLOAT:
      if (bytes == 8) return at::kDouble;
      if (bytes == 4) return at::kFloat;
      break;
    case H5T_INTEGER:
      if (bytes == 1 && H5Tget_sign(type) == H5T_SGN_NONE) return at::kByte;
      if (bytes == 8 && H5Tget_sign(type) == H5T_SGN_2) return at::kLong;
      break;
    default: break;
  }
  return at::ScalarType::Undefined;
}

}  // namespace dpnp::h5
