#include "dpnp/io/result_file.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>

#include "dpnp/core/device.hpp"
#include "dpnp/core/error.hpp"

namespace dpnp {

namespace {

hid_t file_type_of(const at::Tensor& t) {
  switch (t.scalar_type()) {
    case at::kDouble: return H5T_IEEE_F64LE;
    case at::kByte: return H5T_STD_U8LE;
    case at::kLong: return H5T_STD_I64LE;
    default: return H5T_IEEE_F32LE;
  }
}

hid_t memory_type_of(const at::Tensor& t) {
  switch (t.scalar_type()) {
    case at::kDouble: return H5T_NATIVE_DOUBLE;
    case at::kByte: return H5T_NATIVE_UINT8;
    case at::kLong: return H5T_NATIVE_INT64;
    default: return H5T_NATIVE_FLOAT;
  }
}

}  // namespace

ResultFile::ResultFile(const Comm& comm, std::string path)
    : comm_(comm), path_(std::move(path)), partial_path_(path_ + ".partial") {
  h5::quiet_errors();
  const h5::Handle access = h5::plist(H5Pcreate(H5P_FILE_ACCESS));
  DPNP_H5(H5Pset_fapl_mpio(access.get(), comm_.raw(), MPI_INFO_NULL));
  DPNP_H5(H5Pset_all_coll_metadata_ops(access.get(), true));
  DPNP_H5(H5Pset_coll_metadata_write(access.get(), true));
  const hid_t id = H5Fcreate(partial_path_.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, access.get());
  // Creation is collective: every rank sees the same outcome.
  if (id < 0)
    throw InputError(fmt::format("output '{}': cannot create the file; check that the directory exists and is writable",
                                 partial_path_));
  file_ = h5::file(id);
  transfer_ = h5::plist(H5Pcreate(H5P_DATASET_XFER));
  DPNP_H5(H5Pset_dxpl_mpio(transfer_.get(), H5FD_MPIO_COLLECTIVE));
}

ResultFile::~ResultFile() {
  // An uncommitted file stays as `.partial`: it never claims to be complete.
  transfer_.reset();
  file_.reset();
}

void ResultFile::check_disk(bool ok, const std::string& what) {
  // Every rank must agree, or a rank whose write failed would leave the others in a collective.
  if (comm_.any(!ok))
    throw InputError(fmt::format("output '{}': writing {} failed (disk full or quota exceeded?); free space or "
                                 "choose another output.path",
                                 partial_path_, what));
}

void ResultFile::ensure_groups(const std::string& dataset_path) {
  std::size_t slash = dataset_path.find('/', 1);
  while (slash != std::string::npos) {
    const std::string group = dataset_path.substr(0, slash);
    if (H5Lexists(file_.get(), group.c_str(), H5P_DEFAULT) <= 0)
      h5::group(H5Gcreate2(file_.get(), group.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
    slash = dataset_path.find('/', slash + 1);
  }
}

void ResultFile::write_slab(const std::string& name, const at::Tensor& slab, const SlabLayout& layout) {
  DPNP_CHECK(slab.dim() >= 2, "a slab dataset needs rows and columns");
  DPNP_CHECK(slab.size(-2) == layout.rows(comm_.rank()), "slab rows do not match the layout");
  const at::Tensor local = slab.to(at::kCPU).contiguous();
  const int rank = static_cast<int>(local.dim());
  std::vector<hsize_t> global(local.sizes().begin(), local.sizes().end());
  global[rank - 2] = static_cast<hsize_t>(layout.height());
  std::vector<hsize_t> count(local.sizes().begin(), local.sizes().end());
  std::vector<hsize_t> start(static_cast<std::size_t>(rank), 0);
  start[rank - 2] = static_cast<hsize_t>(layout.row_begin(comm_.rank()));

  ensure_groups(name);
  const h5::Handle file_space = h5::dataspace(H5Screate_simple(rank, global.data(), nullptr));
  const h5::Handle dataset = h5::dataset(
      H5Dcreate2(file_.get(), name.c_str(), file_type_of(local), file_space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  const h5::Handle selection = h5::dataspace(H5Dget_space(dataset.get()));
  const h5::Handle memory_space = h5::dataspace(H5Screate_simple(rank, count.data(), nullptr));
  if (local.numel() > 0) {
    DPNP_H5(H5Sselect_hyperslab(selection.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr));
  } else {
    DPNP_H5(H5Sselect_none(selection.get()));
    DPNP_H5(H5Sselect_none(memory_space.get()));
  }
  const herr_t status = H5Dwrite(dataset.get(), memory_type_of(local), memory_space.get(), selection.get(),
                                 transfer_.get(), local.data_ptr());
  check_disk(status >= 0, name);
}

void ResultFile::write_vector(const std::string& name, const std::vector<double>& values) {
  ensure_groups(name);
  const hsize_t n = values.size();
  const h5::Handle file_space = h5::dataspace(H5Screate_simple(1, &n, nullptr));
  const h5::Handle dataset = h5::dataset(
      H5Dcreate2(file_.get(), name.c_str(), H5T_IEEE_F64LE, file_space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  const h5::Handle selection = h5::dataspace(H5Dget_space(dataset.get()));
  const h5::Handle memory_space = h5::dataspace(H5Screate_simple(1, &n, nullptr));
  if (!comm_.is_root() || n == 0) {
    DPNP_H5(H5Sselect_none(selection.get()));
    DPNP_H5(H5Sselect_none(memory_space.get()));
  }
  const herr_t status =
      H5Dwrite(dataset.get(), H5T_NATIVE_DOUBLE, memory_space.get(), selection.get(), transfer_.get(), values.data());
  check_disk(status >= 0, name);
}

void ResultFile::set_attribute(const std::string& object_path, const std::string& name, const std::string& value) {
  const h5::Handle type = h5::datatype(H5Tcopy(H5T_C_S1));
  DPNP_H5(H5Tset_size(type.get(), std::max<std::size_t>(1, value.size())));
  DPNP_H5(H5Tset_cset(type.get(), H5T_CSET_UTF8));
  const h5::Handle space = h5::dataspace(H5Screate(H5S_SCALAR));
  const h5::Handle attribute = h5::attribute(
      H5Acreate_by_name(file_.get(), object_path.c_str(), name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  const std::string padded = value.empty() ? std::string(1, '\0') : value;
  check_disk(H5Awrite(attribute.get(), type.get(), padded.data()) >= 0, "attribute " + name);
}

void ResultFile::set_attribute(const std::string& object_path, const std::string& name, double value) {
  const h5::Handle space = h5::dataspace(H5Screate(H5S_SCALAR));
  const h5::Handle attribute = h5::attribute(H5Acreate_by_name(file_.get(), object_path.c_str(), name.c_str(),
                                                               H5T_IEEE_F64LE, space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  check_disk(H5Awrite(attribute.get(), H5T_NATIVE_DOUBLE, &value) >= 0, "attribute " + name);
}

void ResultFile::set_attribute(const std::string& object_path, const std::string& name, std::int64_t value) {
  const h5::Handle space = h5::dataspace(H5Screate(H5S_SCALAR));
  const h5::Handle attribute = h5::attribute(H5Acreate_by_name(file_.get(), object_path.c_str(), name.c_str(),
                                                               H5T_STD_I64LE, space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  check_disk(H5Awrite(attribute.get(), H5T_NATIVE_INT64, &value) >= 0, "attribute " + name);
}

void ResultFile::commit() {
  DPNP_CHECK(!committed_, "result file committed twice");
  transfer_.reset();
  const herr_t status = H5Fflush(file_.get(), H5F_SCOPE_GLOBAL);
  file_.reset();
  check_disk(status >= 0, "the file");
  bool renamed = true;
  std::string reason;
  if (comm_.is_root()) {
    std::error_code ec;
    std::filesystem::rename(partial_path_, path_, ec);
    renamed = !ec;
    reason = ec.message();
  }
  if (comm_.any(!renamed))
    throw InputError(fmt::format("output '{}': cannot rename the finished file ({}); check the directory", path_,
                                 comm_.broadcast(reason)));
  committed_ = true;
}

}  // namespace dpnp
