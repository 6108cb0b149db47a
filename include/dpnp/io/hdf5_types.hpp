#pragma once
/// @file
/// The tensor dtypes dpnp stores in HDF5 (float32, float64, uint8, int64) and their HDF5 types,
/// shared by the writer (result_file.hpp) and the reader (slab_reader.hpp) so both agree.

#include <ATen/ATen.h>
#include <hdf5.h>

namespace dpnp::h5 {

/// Little-endian type stored in the file; dtypes other than the four above are stored as float32.
hid_t file_type_of(at::ScalarType type);
/// Native in-memory type matching `type` (same fallback).
hid_t memory_type_of(at::ScalarType type);
/// The dtype a dataset of file type `type` is read into: float64 stays float64, float32 float32,
/// 8-bit unsigned uint8, 64-bit signed int64; anything else is an error (returns Undefined).
at::ScalarType scalar_type_of(hid_t type);

}  // namespace dpnp::h5
