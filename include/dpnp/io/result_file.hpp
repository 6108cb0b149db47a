#pragma once
/// @file
/// Collective parallel-HDF5 writer for results and checkpoints: each rank writes its own rows of
/// every image dataset (a hyperslab), so no rank ever holds a whole image.
///
/// The file is written as `<path>.partial`, synced and renamed to `<path>` by commit(), so a file
/// under the final name is always complete; an interrupted run leaves at most a `.partial` file.
/// Failures are InputErrors agreed on every rank (the program exits with code 2 everywhere).

#include <ATen/ATen.h>

#include <cstdint>
#include <string>
#include <vector>

#include "dpnp/dist/comm.hpp"
#include "dpnp/dist/slab_layout.hpp"
#include "dpnp/io/hdf5.hpp"

namespace dpnp {

class ResultFile {
 public:
  /// Creates `<path>.partial` collectively (truncating). Throws InputError when it cannot be created.
  /// Errors call the file `label` ("output", "checkpoint") and suggest changing config key `key`.
  ResultFile(const Comm& comm, std::string path, std::string label = "output", std::string key = "output.path");
  ~ResultFile();
  ResultFile(const ResultFile&) = delete;
  ResultFile& operator=(const ResultFile&) = delete;

  /// Writes the global dataset `name` (e.g. "/mmse") of shape [..., layout.height(), W] from this
  /// rank's slab [..., rows, W]. float32, float64 and uint8 slabs keep their type. Collective.
  void write_slab(const std::string& name, const at::Tensor& slab, const SlabLayout& layout);

  /// Writes a 1-D float64 dataset; every rank passes the same values, rank 0 writes them. Collective.
  void write_vector(const std::string& name, const std::vector<double>& values);

  /// Writes a 2-D float64 dataset [values.size() / columns, columns] from row-major `values`; every
  /// rank passes the same values, rank 0 writes them. Collective.
  void write_table(const std::string& name, const std::vector<double>& values, std::size_t columns);

  /// Writes a float64 dataset of shape `dims` from row-major `values`; every rank passes the same
  /// values, rank 0 writes them. Collective.
  void write_array(const std::string& name, const std::vector<double>& values, const std::vector<hsize_t>& dims);

  /// Attributes on the object at `object_path` ("/" for the file). Collective, same values everywhere.
  void set_attribute(const std::string& object_path, const std::string& name, const std::string& value);
  void set_attribute(const std::string& object_path, const std::string& name, double value);
  void set_attribute(const std::string& object_path, const std::string& name, std::int64_t value);
  void set_attribute(const std::string& object_path, const std::string& name, const std::vector<double>& values);

  /// Closes, fsyncs and renames `<path>.partial` to `<path>` (atomic on POSIX file systems).
  /// With `keep_previous_as`, a file already at `<path>` is first hard-linked there, so that `<path>`
  /// always names a complete file and the one before survives a crash during the next write.
  /// Collective.
  void commit(const std::string& keep_previous_as = {});

  /// Makes the file self-describing for netCDF readers (xarray with engine="h5netcdf", ncdump):
  /// every dataset written so far gets named dimensions (dimension scales: `channel`, `y`, `x`,
  /// `sample`, `iteration`, ...; io/result_metadata.cpp) and `long_name`/`units` attributes.
  /// Call once, before commit(). Collective.
  void describe_for_readers();

  const std::string& path() const { return path_; }

 private:
  struct Written {
    std::string name;
    std::vector<hsize_t> dims;
  };

  void ensure_groups(const std::string& dataset_path);
  void check_disk(bool ok, const std::string& what);
  void agree_on_failure(bool failed_here, const std::string& message);
  void check_room(const std::string& what, std::uintmax_t bytes);

  Comm comm_;
  std::string path_;
  std::string label_;
  std::string key_;
  std::string partial_path_;
  h5::Handle file_;
  h5::Handle transfer_;  // collective data transfer property list
  bool committed_ = false;
  std::vector<Written> written_;  // every dataset, in order, for describe_for_readers()
  std::uintmax_t planned_bytes_ = 0;  // data bytes of the datasets so far
};

}  // namespace dpnp
