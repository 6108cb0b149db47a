#include "dpnp/io/image.hpp"

#include <fmt/format.h>
#include <stb/stb_image.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <utility>

#include "dpnp/core/error.hpp"
#include "dpnp/io/fits_image.hpp"
#include "dpnp/io/hdf5.hpp"
#include "dpnp/io/tiff_image.hpp"

namespace dpnp {

namespace {

[[noreturn]] void bad_image(const ImageSource& source, const std::string& problem, const std::string& fix) {
  throw InputError(fmt::format("image '{}': {}; {}", source.path, problem, fix));
}

std::string lower_extension(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
  return ext;
}

bool has_hdf5_extension(const std::string& path) {
  const std::string ext = lower_extension(path);
  return ext == ".h5" || ext == ".hdf5" || ext == ".he5";
}

// The first bytes of the file, or fewer when it is shorter (or unreadable).
std::string file_start(const std::string& path, std::size_t bytes) {
  std::ifstream in(path, std::ios::binary);
  std::string start(bytes, '\0');
  in.read(start.data(), static_cast<std::streamsize>(bytes));
  start.resize(static_cast<std::size_t>(std::max<std::streamsize>(in.gcount(), 0)));
  return start;
}

ImageShape apply_crop(const ImageSource& source, ImageShape shape) {
  if (source.crop.empty()) return shape;
  const auto& c = source.crop;
  if (c[0] + c[2] > shape.height || c[1] + c[3] > shape.width)
    bad_image(source,
              fmt::format("crop [{}, {}, {}, {}] exceeds the image of {}x{} pixels", c[0], c[1], c[2], c[3], shape.height,
                          shape.width),
              "shrink truth.crop");
  shape.height = c[2];
  shape.width = c[3];
  return shape;
}

std::int64_t crop_top(const ImageSource& s) { return s.crop.empty() ? 0 : s.crop[0]; }
std::int64_t crop_left(const ImageSource& s) { return s.crop.empty() ? 0 : s.crop[1]; }

// [C, rows, W] float -> 1 grey channel (BT.601 luma weights) when asked.
at::Tensor to_grey_if_asked(const ImageSource& source, at::Tensor image) {
  if (!source.grayscale || image.size(0) == 1) return image;
  const at::Tensor weights = at::tensor({0.299f, 0.587f, 0.114f}).view({3, 1, 1});
  return (image.narrow(0, 0, 3) * weights).sum(0, /*keepdim=*/true);
}

// ---- stb (PNG / JPEG) ----

// Width and height from a PNG's IHDR chunk, or nothing when the file does not start like a PNG.
std::optional<std::pair<std::uint32_t, std::uint32_t>> png_header_size(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  unsigned char header[24] = {};
  if (!in.read(reinterpret_cast<char*>(header), sizeof header)) return std::nullopt;
  constexpr unsigned char kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  if (std::memcmp(header, kSignature, 8) != 0 || std::memcmp(header + 12, "IHDR", 4) != 0) return std::nullopt;
  const auto big_endian = [&](int at) {
    return std::uint32_t{header[at]} << 24 | std::uint32_t{header[at + 1]} << 16 | std::uint32_t{header[at + 2]} << 8 |
           std::uint32_t{header[at + 3]};
  };
  return std::make_pair(big_endian(16), big_endian(20));
}

ImageShape probe_stb(const ImageSource& source) {
  int width = 0, height = 0, channels = 0;
  if (!stbi_info(source.path.c_str(), &width, &height, &channels)) {
    // stb_image tries each format in turn and keeps the last one's complaint ("unknown image type"),
    // which hides that it refused a PNG for its size.
    const auto png = png_header_size(source.path);
    if (png && std::uint64_t{png->first} * png->second > (std::uint64_t{1} << 28))
      bad_image(source,
                fmt::format("its PNG header claims {}x{} pixels, more than the PNG decoder accepts (2^30 bytes)",
                            png->first, png->second),
                "store so large an image as HDF5 (truth.dataset), which every rank reads by its own rows");
    bad_image(source, fmt::format("cannot decode it ({})", stbi_failure_reason()),
              "give a valid PNG or JPEG file, or an HDF5 (.h5), FITS (.fits) or TIFF (.tif) file");
  }
  const std::int64_t colour = channels >= 3 ? 3 : 1;  // alpha is dropped
  return {source.grayscale ? 1 : colour, height, width};
}

at::Tensor read_stb_rows(const ImageSource& source, std::int64_t row0, std::int64_t rows) {
  const ImageShape shape = apply_crop(source, probe_stb(source));
  int width = 0, height = 0, channels = 0;
  const bool sixteen = stbi_is_16_bit(source.path.c_str());
  std::unique_ptr<void, void (*)(void*)> pixels(
      sixteen ? static_cast<void*>(stbi_load_16(source.path.c_str(), &width, &height, &channels, 0))
              : static_cast<void*>(stbi_load(source.path.c_str(), &width, &height, &channels, 0)),
      stbi_image_free);
  if (!pixels) bad_image(source, fmt::format("decoding failed ({})", stbi_failure_reason()), "re-export the image");
  const at::Tensor raw = at::from_blob(pixels.get(), {height, width, channels}, sixteen ? at::kShort : at::kByte);
  // int16 holds uint16 bit patterns: reinterpret through int32 & 0xffff.
  at::Tensor values = sixteen ? raw.to(at::kInt).bitwise_and(0xffff).to(at::kFloat).div_(65535.0f)
                              : raw.to(at::kFloat).div_(255.0f);
  const std::int64_t colour = channels >= 3 ? 3 : 1;
  values = values.narrow(2, 0, colour).permute({2, 0, 1});
  values = values.narrow(1, crop_top(source) + row0, rows).narrow(2, crop_left(source), shape.width);
  return to_grey_if_asked(source, values.contiguous()).contiguous();
}

// ---- HDF5 ----

struct OpenDataset {
  h5::Handle file, dataset;
  std::vector<hsize_t> dims;
};

OpenDataset open_dataset(const ImageSource& source) {
  h5::quiet_errors();
  OpenDataset open;
  const hid_t file = H5Fopen(source.path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0) bad_image(source, "not a readable HDF5 file", "check the file (h5ls) or give a PNG/JPEG image");
  open.file = h5::file(file);
  if (H5Lexists(file, source.dataset.c_str(), H5P_DEFAULT) <= 0)
    bad_image(source, fmt::format("has no dataset '{}'", source.dataset), "set truth.dataset to one listed by h5ls -r");
  const hid_t dataset = H5Dopen2(file, source.dataset.c_str(), H5P_DEFAULT);
  if (dataset < 0) bad_image(source, fmt::format("'{}' is not a dataset", source.dataset), "set truth.dataset to a dataset");
  open.dataset = h5::dataset(dataset);
  open.dims = h5::dims_of(dataset);
  if (open.dims.size() != 2 && open.dims.size() != 3)
    bad_image(source, fmt::format("dataset '{}' has {} dimensions", source.dataset, open.dims.size()),
              "store the image as [C, H, W] or [H, W]");
  if (open.dims.size() == 3 && open.dims[0] != 1 && open.dims[0] != 3)
    bad_image(source, fmt::format("dataset '{}' has {} channels", source.dataset, open.dims[0]),
              "store 1 or 3 channels as [C, H, W]");
  const h5::Handle type = h5::datatype(H5Dget_type(dataset));
  const H5T_class_t type_class = H5Tget_class(type.get());
  if (type_class != H5T_FLOAT && type_class != H5T_INTEGER)
    bad_image(source, fmt::format("dataset '{}' is not numeric", source.dataset), "store float or integer pixels");
  return open;
}

ImageShape probe_hdf5(const ImageSource& source) {
  const OpenDataset open = open_dataset(source);
  const bool planar = open.dims.size() == 3;
  const auto channels = static_cast<std::int64_t>(planar ? open.dims[0] : 1);
  return {source.grayscale ? 1 : channels, static_cast<std::int64_t>(open.dims[planar ? 1 : 0]),
          static_cast<std::int64_t>(open.dims[planar ? 2 : 1])};
}

at::Tensor read_hdf5_rows(const ImageSource& source, std::int64_t row0, std::int64_t rows) {
  const ImageShape shape = apply_crop(source, probe_hdf5(source));
  const OpenDataset open = open_dataset(source);
  const bool planar = open.dims.size() == 3;
  const std::int64_t channels = planar ? static_cast<std::int64_t>(open.dims[0]) : 1;
  const h5::Handle file_space = h5::dataspace(H5Dget_space(open.dataset.get()));
  std::vector<hsize_t> start, count;
  if (planar) start.push_back(0), count.push_back(static_cast<hsize_t>(channels));
  start.push_back(static_cast<hsize_t>(crop_top(source) + row0));
  start.push_back(static_cast<hsize_t>(crop_left(source)));
  count.push_back(static_cast<hsize_t>(rows));
  count.push_back(static_cast<hsize_t>(shape.width));
  DPNP_H5(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr));
  const h5::Handle memory_space = h5::dataspace(H5Screate_simple(static_cast<int>(count.size()), count.data(), nullptr));
  at::Tensor out = at::empty({channels, rows, shape.width}, at::kFloat);
  if (H5Dread(open.dataset.get(), H5T_NATIVE_FLOAT, memory_space.get(), file_space.get(), H5P_DEFAULT,
              out.data_ptr<float>()) < 0)
    bad_image(source, fmt::format("reading rows {}..{} of '{}' failed (truncated or corrupt file?)", row0,
                                  row0 + rows, source.dataset),
              "check the file with h5dump");
  return to_grey_if_asked(source, out).contiguous();
}

// ---- FITS and TIFF: their readers take a window of the stored image; crop and grey are applied here ----

ImageShape with_grey(const ImageSource& source, ImageShape shape) {
  if (source.grayscale) shape.channels = 1;
  return shape;
}

at::Tensor read_window_rows(const ImageSource& source, std::int64_t row0, std::int64_t rows, bool fits) {
  const ImageShape shape = apply_crop(source, fits ? probe_fits(source) : probe_tiff(source));
  const std::int64_t top = crop_top(source) + row0, left = crop_left(source);
  at::Tensor out = fits ? read_fits_rows(source, top, rows, left, shape.width)
                        : read_tiff_rows(source, top, rows, left, shape.width);
  return to_grey_if_asked(source, out).contiguous();
}

}  // namespace

bool is_fits_source(const ImageSource& source) {
  const std::string ext = lower_extension(source.path);
  if (ext == ".fits" || ext == ".fit" || ext == ".fts" || ext == ".fz") return true;
  return file_start(source.path, 9) == "SIMPLE  =";
}

bool is_tiff_source(const ImageSource& source) {
  const std::string ext = lower_extension(source.path);
  if (ext == ".tif" || ext == ".tiff") return true;
  const std::string start = file_start(source.path, 4);
  // Classic TIFF (42) and BigTIFF (43), little- and big-endian.
  return start == std::string("II*\0", 4) || start == std::string("MM\0*", 4) || start == std::string("II+\0", 4) ||
         start == std::string("MM\0+", 4);
}

bool is_hdf5_source(const ImageSource& source) {
  return has_hdf5_extension(source.path) || h5::is_hdf5_file(source.path);
}

bool needs_range_normalisation(const ImageSource& source) {
  return is_hdf5_source(source) || is_fits_source(source) || is_tiff_source(source);
}

ImageShape probe_image(const ImageSource& source) {
  if (!std::filesystem::exists(source.path)) bad_image(source, "file not found", "check truth.path");
  const ImageShape shape = is_hdf5_source(source)   ? probe_hdf5(source)
                           : is_fits_source(source) ? with_grey(source, probe_fits(source))
                           : is_tiff_source(source) ? with_grey(source, probe_tiff(source))
                                                    : probe_stb(source);
  if (shape.height <= 0 || shape.width <= 0) bad_image(source, "the image is empty", "give a non-empty image");
  return apply_crop(source, shape);
}

at::Tensor read_image_rows(const ImageSource& source, std::int64_t row0, std::int64_t rows) {
  if (is_hdf5_source(source)) return read_hdf5_rows(source, row0, rows);
  if (is_fits_source(source)) return read_window_rows(source, row0, rows, /*fits=*/true);
  if (is_tiff_source(source)) return read_window_rows(source, row0, rows, /*fits=*/false);
  return read_stb_rows(source, row0, rows);
}

}  // namespace dpnp
