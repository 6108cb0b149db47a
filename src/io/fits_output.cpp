#include "dpnp/io/fits_output.hpp"

#include <fcntl.h>
#include <fitsio.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>

#include "dpnp/core/error.hpp"

namespace dpnp {

namespace {

struct FitsCloser {
  void operator()(fitsfile* file) const {
    int status = 0;
    fits_close_file(file, &status);
  }
};
using FitsHandle = std::unique_ptr<fitsfile, FitsCloser>;

// Throws the run's error for `path` when cfitsio reported a failure.
void check(int status, const std::string& path, const std::string& doing) {
  if (status == 0) return;
  char text[FLEN_STATUS] = {};
  fits_get_errstatus(status, text);
  fits_clear_errmsg();
  throw InputError(fmt::format("output.fits '{}': {} failed ({}); check that the directory is writable and has room",
                               path, doing, text));
}

std::vector<long long> axes_of(const at::Tensor& slab, std::int64_t height) {
  // FITS lists the fastest axis first: x (columns), y (rows), then the channel plane; one channel is 2-D.
  std::vector<long long> axes = {slab.size(2), height};
  if (slab.size(0) > 1) axes.push_back(slab.size(0));
  return axes;
}

void write_keyword(fitsfile* file, const FitsKeyword& keyword, int* status) {
  if (const auto* text = std::get_if<std::string>(&keyword.value)) {
    if (text->size() > 68) {
      fits_write_key_longstr(file, keyword.name.c_str(), text->c_str(), keyword.comment.c_str(), status);
    } else {
      fits_write_key(file, TSTRING, keyword.name.c_str(), const_cast<char*>(text->c_str()), keyword.comment.c_str(),
                     status);
    }
  } else if (const auto* integer = std::get_if<std::int64_t>(&keyword.value)) {
    long long value = *integer;
    fits_write_key(file, TLONGLONG, keyword.name.c_str(), &value, keyword.comment.c_str(), status);
  } else {
    double value = std::get<double>(keyword.value);
    fits_write_key(file, TDOUBLE, keyword.name.c_str(), &value, keyword.comment.c_str(), status);
  }
}

// Rank 0: the file with every HDU's header, its data still zeros.
void create_headers(const std::string& partial, std::int64_t height, const FitsResult& result) {
  std::error_code ignored;
  std::filesystem::remove(partial, ignored);  // a stale one from a killed run
  fitsfile* raw = nullptr;
  int status = 0;
  fits_create_diskfile(&raw, partial.c_str(), &status);
  check(status, partial, "creating the file");
  FitsHandle file(raw);
  for (const FitsImage& image : result.images) {
    std::vector<long long> axes = axes_of(image.slab, height);
    fits_create_imgll(file.get(), FLOAT_IMG, static_cast<int>(axes.size()), axes.data(), &status);
    fits_write_key(file.get(), TSTRING, "EXTNAME", const_cast<char*>(image.name.c_str()), "dpnp estimate", &status);
    for (const std::string& card : result.copied_cards) fits_write_record(file.get(), card.c_str(), &status);
    for (const FitsKeyword& keyword : result.keywords) write_keyword(file.get(), keyword, &status);
    fits_write_date(file.get(), &status);
    check(status, partial, fmt::format("writing the header of {}", image.name));
  }
  fits_close_file(file.release(), &status);
  check(status, partial, "closing the file");
}

// This rank's rows of every image, at their place in the file.
void write_rows(const std::string& partial, std::int64_t row_begin, const FitsResult& result) {
  fitsfile* raw = nullptr;
  int status = 0;
  fits_open_diskfile(&raw, partial.c_str(), READWRITE, &status);
  check(status, partial, "opening the file for this rank's rows");
  FitsHandle file(raw);
  for (std::size_t hdu = 0; hdu < result.images.size(); ++hdu) {
    const at::Tensor rows = result.images[hdu].slab.detach().to(at::kCPU, at::kFloat).contiguous();
    int type = 0;
    fits_movabs_hdu(file.get(), static_cast<int>(hdu) + 1, &type, &status);
    const std::int64_t plane = rows.size(1) * rows.size(2);
    for (std::int64_t channel = 0; channel < rows.size(0) && plane > 0; ++channel) {
      long long first[3] = {1, row_begin + 1, channel + 1};
      fits_write_pixll(file.get(), TFLOAT, first, plane, rows[channel].data_ptr<float>(), &status);
    }
    check(status, partial, fmt::format("writing rows {}..{} of {}", row_begin, row_begin + rows.size(1),
                                       result.images[hdu].name));
  }
  fits_close_file(file.release(), &status);
  check(status, partial, "closing the file");
}

void publish(const std::string& partial, const std::string& path) {
  // As the HDF5 result: on disk before the name says it is complete.
  const int fd = ::open(partial.c_str(), O_RDONLY);
  const bool synced = fd >= 0 && ::fsync(fd) == 0;
  const int error = errno;
  if (fd >= 0) ::close(fd);
  if (!synced)
    throw InputError(fmt::format("output.fits '{}': fsync failed ({}); check the file system", partial,
                                 std::strerror(error)));
  std::error_code ec;
  std::filesystem::rename(partial, path, ec);
  if (ec)
    throw InputError(fmt::format("output.fits '{}': renaming '{}' to it failed ({}); check the directory", path,
                                 partial, ec.message()));
}

}  // namespace

std::string fits_result_path(const std::string& result_path) {
  return std::filesystem::path(result_path).replace_extension(".fits").string();
}

void write_fits_result(const Comm& comm, const SlabLayout& layout, const FitsResult& result) {
  const std::string partial = result.path + ".partial";
  collectively(comm, [&] {
    if (comm.is_root()) create_headers(partial, layout.height(), result);
  });
  // One rank at a time: cfitsio buffers whole 2880-byte records, which neighbouring slabs share.
  for (int turn = 0; turn < comm.size(); ++turn)
    collectively(comm, [&] {
      if (comm.rank() == turn && layout.rows(turn) > 0) write_rows(partial, layout.row_begin(turn), result);
    });
  collectively(comm, [&] {
    if (comm.is_root()) publish(partial, result.path);
  });
}

}  // namespace dpnp
