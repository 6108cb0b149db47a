#pragma once
/// @file
/// The tensor dtypes dpnp stores in HDF5 (float32, float64, uint8, int64) and their HDF5 types,
/// shared by the writer (result_file.hpp) and the reader (slab_reader.hpp) so both agree.

#include <ATen/ATen.h>
#include <hdf5.h>

#include "dpnp/io/hdf5.hpp"

namespace dpnp::h5 {

/// Little-endian type stored in the file; dtypes other than the four above are stored as float32.
hid_t file_type_of(at::ScalarType type);
/// Native in-memory type matching `type` (same fallback).
hid_t memory_type_of(at::ScalarType type);
/// How to read a dataset of any numeric file type without losing values: the dtype of the tensor and
/// the in-memory HDF5 type that HDF5 converts to. dpnp's own four dtypes come back as written;
/// other integers (8 to 64 bits, signed or unsigned) into the smallest signed dtype that holds every
/// value (uint64 into float64), float16 into float32, and enums (numpy's bool is an enum of int8)
/// as their integer values. A non-numeric type gives dtype Undefined.
struct ReadType {
  at::ScalarType dtype = at::ScalarType::Undefined;
  Handle memory_type;
};
ReadType read_type_of(hid_t file_type);

}  // namespace dpnp::h5
