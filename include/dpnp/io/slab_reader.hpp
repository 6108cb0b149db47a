#pragma once
/// @file
/// Reads one rank's rows of the datasets of an HDF5 file written by ResultFile, whatever the
/// decomposition it was written with. Each rank opens the file on its own (read-only, no MPI-IO),
/// so a damaged file fails on the ranks that touch the damage and never inside a collective call:
/// callers agree on errors afterwards (dist/comm.hpp collectively).

#include <ATen/ATen.h>

#include <cstdint>
#include <string>
#include <vector>

#include "dpnp/io/hdf5.hpp"

namespace dpnp {

class SlabReader {
 public:
  /// Opens `path`. Every failure is an InputError "<label> '<path>': <problem>; <fix>".
  SlabReader(std::string path, std::string label, std::string fix);

  bool has(const std::string& name) const;
  /// Dimensions of dataset `name` (error when it is missing).
  std::vector<std::int64_t> shape(const std::string& name) const;
  /// Rows [row_begin, row_begin + rows) along dimension -2 of dataset `name`, all of every other
  /// dimension, on the CPU, in a dtype that holds its values (h5::read_type_of: float32, float64,
  /// uint8 and int64 as stored).
  at::Tensor read_rows(const std::string& name, std::int64_t row_begin, std::int64_t rows) const;
  /// A whole 1-D float64 dataset.
  std::vector<double> read_vector(const std::string& name) const;

  bool has_attribute(const std::string& name) const;
  /// A string attribute of the file, fixed- or variable-length (h5py writes the latter).
  std::string string_attribute(const std::string& name) const;
  std::int64_t int_attribute(const std::string& name) const;
  /// A numeric (integer or floating-point) scalar attribute of the file.
  double float_attribute(const std::string& name) const;

  /// Throws the InputError of this file with `problem`.
  [[noreturn]] void fail(const std::string& problem) const;

 private:
  h5::Handle open_dataset(const std::string& name) const;
  h5::Handle open_attribute(const std::string& name) const;

  std::string path_;
  std::string label_;
  std::string fix_;
  h5::Handle file_;
};

}  // namespace dpnp
