#include "dpnp/io/result_file.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "dpnp/core/device.hpp"
#include "dpnp/core/error.hpp"
#include "dpnp/io/hdf5_types.hpp"

namespace dpnp {

namespace {

// Room for object headers, attributes and the superblock besides the data of each dataset.
constexpr std::uintmax_t kMetadataRoom = 1 << 20;

// POSIX rename is atomic, but without fsync a crash soon after can leave the new name pointing at a
// file whose data never reached the disk.
bool sync_path(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0;
  return ::close(fd) == 0 && ok;
}

// Rank 0's part of commit(); returns what went wrong, or "" on success.
std::string publish(const std::string& partial, const std::string& path, const std::string& previous) {
  namespace fs = std::filesystem;
  if (!sync_path(partial, O_RDONLY)) return fmt::format("fsync failed: {}", std::strerror(errno));
  std::error_code ec;
  if (!previous.empty() && fs::exists(path, ec)) {
    // Hard link then rename: `path` never disappears, so a reader always finds a complete file.
    const std::string link = previous + ".link";
    fs::remove(link, ec);
    fs::create_hard_link(path, link, ec);
    if (!ec) {
      fs::rename(link, previous, ec);
    } else {
      // No hard links on this file system: for a moment only `previous` exists (readers fall back to it).
      fs::rename(path, previous, ec);
    }
    if (ec) return fmt::format("cannot keep the previous file as '{}': {}", previous, ec.message());
  }
  fs::rename(partial, path, ec);
  if (ec) return ec.message();
  const fs::path directory = fs::path(path).has_parent_path() ? fs::path(path).parent_path() : fs::path(".");
  sync_path(directory.string(), O_RDONLY | O_DIRECTORY);  // best effort: not every file system allows it
  return {};
}

}  // namespace

ResultFile::ResultFile(const Comm& comm, std::string path, std::string label, std::string key)
    : comm_(comm), path_(std::move(path)), label_(std::move(label)), key_(std::move(key)), partial_path_(path_ + ".partial") {
  h5::quiet_errors();
  const h5::Handle access = h5::plist(H5Pcreate(H5P_FILE_ACCESS));
  DPNP_H5(H5Pset_fapl_mpio(access.get(), comm_.raw(), MPI_INFO_NULL));
  DPNP_H5(H5Pset_all_coll_metadata_ops(access.get(), true));
  DPNP_H5(H5Pset_coll_metadata_write(access.get(), true));
  const hid_t id = H5Fcreate(partial_path_.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, access.get());
  if (id >= 0) file_ = h5::file(id);
  agree_on_failure(id < 0, fmt::format("{} '{}': cannot create the file; check that the directory exists and is writable",
                                       label_, partial_path_));
  transfer_ = h5::plist(H5Pcreate(H5P_DATASET_XFER));
  DPNP_H5(H5Pset_dxpl_mpio(transfer_.get(), H5FD_MPIO_COLLECTIVE));
}

ResultFile::~ResultFile() {
  // An uncommitted file stays as `.partial`: it never claims to be complete.
  transfer_.reset();
  file_.reset();
}

void ResultFile::agree_on_failure(bool failed_here, const std::string& message) {
  // Every rank must agree, or a rank whose write failed would leave the others in a collective; an
  // agreed error lets every rank exit with the same code instead of aborting the job.
  agree_on_errors(comm_, failed_here ? std::make_exception_ptr(InputError(message)) : nullptr);
}

void ResultFile::check_room(const std::string& what, std::uintmax_t bytes) {
  // Parallel HDF5 cannot recover from a failed write: the ranks leave its collective calls at
  // different points and hang or crash. So a dataset is written only when it fits, as far as this
  // process can tell (a quota still fails inside HDF5).
  const std::uintmax_t after = planned_bytes_ + bytes + kMetadataRoom;
  std::string problem;
  struct rlimit limit {};
  if (::getrlimit(RLIMIT_FSIZE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY && after > limit.rlim_cur)
    problem = fmt::format("the file size limit (ulimit -f) of {} bytes", limit.rlim_cur);
  struct statvfs space {};
  const std::string directory = std::filesystem::path(partial_path_).parent_path().string();
  if (problem.empty() && comm_.is_root() && ::statvfs(directory.empty() ? "." : directory.c_str(), &space) == 0 &&
      static_cast<std::uintmax_t>(space.f_bavail) * space.f_frsize < bytes + kMetadataRoom)
    problem = fmt::format("the {} bytes free on its file system", static_cast<std::uintmax_t>(space.f_bavail) * space.f_frsize);
  agree_on_failure(!problem.empty(), fmt::format("{} '{}': writing {} ({} bytes) would exceed {}; free space or "
                                                 "choose another {}",
                                                 label_, partial_path_, what, bytes, problem, key_));
  planned_bytes_ += bytes;
}

void ResultFile::check_disk(bool ok, const std::string& what) {
  agree_on_failure(!ok, fmt::format("{} '{}': writing {} failed (disk full, quota exceeded or file size limit?); "
                                    "free space or choose another {}",
                                    label_, partial_path_, what, key_));
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

  std::uintmax_t bytes = local.element_size();
  for (const hsize_t d : global) bytes *= d;
  check_room(name, bytes);
  ensure_groups(name);
  const h5::Handle file_space = h5::dataspace(H5Screate_simple(rank, global.data(), nullptr));
  const h5::Handle dataset = h5::dataset(
      H5Dcreate2(file_.get(), name.c_str(), h5::file_type_of(local.scalar_type()), file_space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  written_.push_back({name, global});
  const h5::Handle selection = h5::dataspace(H5Dget_space(dataset.get()));
  const h5::Handle memory_space = h5::dataspace(H5Screate_simple(rank, count.data(), nullptr));
  if (local.numel() > 0) {
    DPNP_H5(H5Sselect_hyperslab(selection.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr));
  } else {
    DPNP_H5(H5Sselect_none(selection.get()));
    DPNP_H5(H5Sselect_none(memory_space.get()));
  }
  const herr_t status = H5Dwrite(dataset.get(), h5::memory_type_of(local.scalar_type()), memory_space.get(), selection.get(),
                                 transfer_.get(), local.data_ptr());
  check_disk(status >= 0, name);
}

void ResultFile::write_vector(const std::string& name, const std::vector<double>& values) {
  write_array(name, values, {static_cast<hsize_t>(values.size())});
}

void ResultFile::write_table(const std::string& name, const std::vector<double>& values, std::size_t columns) {
  DPNP_CHECK(columns > 0 && values.size() % columns == 0, "a table needs whole rows");
  write_array(name, values, {static_cast<hsize_t>(values.size() / columns), static_cast<hsize_t>(columns)});
}

void ResultFile::write_array(const std::string& name, const std::vector<double>& values, const std::vector<hsize_t>& dims) {
  check_room(name, values.size() * sizeof(double));
  ensure_groups(name);
  const int rank = static_cast<int>(dims.size());
  const h5::Handle file_space = h5::dataspace(H5Screate_simple(rank, dims.data(), nullptr));
  const h5::Handle dataset = h5::dataset(
      H5Dcreate2(file_.get(), name.c_str(), H5T_IEEE_F64LE, file_space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  written_.push_back({name, dims});
  const h5::Handle selection = h5::dataspace(H5Dget_space(dataset.get()));
  const h5::Handle memory_space = h5::dataspace(H5Screate_simple(rank, dims.data(), nullptr));
  if (values.empty()) return;  // the empty dataset is complete (and HDF5 refuses a null buffer)
  if (!comm_.is_root()) {
    DPNP_H5(H5Sselect_none(selection.get()));
    DPNP_H5(H5Sselect_none(memory_space.get()));
  }
  const herr_t status =
      H5Dwrite(dataset.get(), H5T_NATIVE_DOUBLE, memory_space.get(), selection.get(), transfer_.get(), values.data());
  check_disk(status >= 0, name);
}

void ResultFile::set_attribute(const std::string& object_path, const std::string& name, const std::string& value) {
  // Variable-length UTF-8, as netCDF-4 writes text: h5py and xarray return `str`, not `bytes`.
  const h5::Handle type = h5::datatype(H5Tcopy(H5T_C_S1));
  DPNP_H5(H5Tset_size(type.get(), H5T_VARIABLE));
  DPNP_H5(H5Tset_cset(type.get(), H5T_CSET_UTF8));
  const h5::Handle space = h5::dataspace(H5Screate(H5S_SCALAR));
  const h5::Handle attribute = h5::attribute(
      H5Acreate_by_name(file_.get(), object_path.c_str(), name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  const char* text = value.c_str();
  check_disk(H5Awrite(attribute.get(), type.get(), &text) >= 0, "attribute " + name);
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

void ResultFile::set_attribute(const std::string& object_path, const std::string& name, const std::vector<double>& values) {
  const hsize_t n = values.size();
  const h5::Handle space = h5::dataspace(n == 0 ? H5Screate(H5S_NULL) : H5Screate_simple(1, &n, nullptr));
  const h5::Handle attribute = h5::attribute(H5Acreate_by_name(file_.get(), object_path.c_str(), name.c_str(),
                                                               H5T_IEEE_F64LE, space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  if (n == 0) return;
  check_disk(H5Awrite(attribute.get(), H5T_NATIVE_DOUBLE, values.data()) >= 0, "attribute " + name);
}

void ResultFile::commit(const std::string& keep_previous_as) {
  DPNP_CHECK(!committed_, "result file committed twice");
  transfer_.reset();
  const herr_t status = H5Fflush(file_.get(), H5F_SCOPE_GLOBAL);
  file_.reset();
  check_disk(status >= 0, "the file");
  const std::string problem = comm_.is_root() ? publish(partial_path_, path_, keep_previous_as) : std::string();
  agree_on_failure(!problem.empty(), fmt::format("{} '{}': cannot publish the finished file ({}); check the directory",
                                                 label_, path_, problem));
  committed_ = true;
}

}  // namespace dpnp
