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

namespace {

ReadType copied(at::ScalarType dtype, hid_t native) { return {dtype, datatype(H5Tcopy(native))}; }

ReadType integer_read_type(std::size_t bytes, bool is_signed) {
  if (bytes == 1) return is_signed ? copied(at::kChar, H5T_NATIVE_SCHAR) : copied(at::kByte, H5T_NATIVE_UINT8);
  if (bytes == 2) return is_signed ? copied(at::kShort, H5T_NATIVE_INT16) : copied(at::kInt, H5T_NATIVE_INT32);
  if (bytes == 4) return is_signed ? copied(at::kInt, H5T_NATIVE_INT32) : copied(at::kLong, H5T_NATIVE_INT64);
  if (bytes == 8) return is_signed ? copied(at::kLong, H5T_NATIVE_INT64) : copied(at::kDouble, H5T_NATIVE_DOUBLE);
  return {};
}

}  // namespace

ReadType read_type_of(hid_t file_type) {
  const std::size_t bytes = H5Tget_size(file_type);
  switch (H5Tget_class(file_type)) {
    case H5T_FLOAT:
      if (bytes == 8) return copied(at::kDouble, H5T_NATIVE_DOUBLE);
      if (bytes <= 4) return copied(at::kFloat, H5T_NATIVE_FLOAT);  // float16 converts exactly
      return {};
    case H5T_INTEGER: return integer_read_type(bytes, H5Tget_sign(file_type) == H5T_SGN_2);
    case H5T_ENUM: {
      // HDF5 converts an enum only to an enum: read its values through the native enum of the same
      // base, into a tensor of the base's integer dtype.
      const Handle base = datatype(H5Tget_super(file_type));
      if (!base || H5Tget_class(base.get()) != H5T_INTEGER) return {};
      const std::size_t base_bytes = H5Tget_size(base.get());
      const bool is_signed = H5Tget_sign(base.get()) == H5T_SGN_2;
      at::ScalarType dtype = at::ScalarType::Undefined;
      if (base_bytes == 1) dtype = is_signed ? at::kChar : at::kByte;
      if (base_bytes == 2 && is_signed) dtype = at::kShort;
      if (base_bytes == 4 && is_signed) dtype = at::kInt;
      if (base_bytes == 8 && is_signed) dtype = at::kLong;
      if (dtype == at::ScalarType::Undefined) return {};
      return {dtype, datatype(H5Tget_native_type(file_type, H5T_DIR_ASCEND))};
    }
    default: return {};
  }
}

}  // namespace dpnp::h5
