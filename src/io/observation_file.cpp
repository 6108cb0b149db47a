#include "dpnp/io/observation_file.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <cmath>

#include "dpnp/core/error.hpp"
#include "dpnp/io/fits_image.hpp"
#include "dpnp/io/kernel_file.hpp"
#include "dpnp/io/slab_reader.hpp"
#include "dpnp/likelihood/noise_model.hpp"
#include "dpnp/physics/forward_model.hpp"

namespace dpnp {

namespace {

constexpr const char* kFix = "write it with `dpnp simulate` or as docs/bring-your-own-data.md shows";

SlabReader open_observation(const ObservationOptions& options) {
  return SlabReader(options.path, "observation.path", kFix);
}

std::string origin(const ObservationOptions& options) { return fmt::format("observation.path '{}'", options.path); }

// The file's task/noise attribute, when present, must agree with the config: the config decides
// which model runs, and a silent mismatch would sample the wrong posterior.
void require_match(const SlabReader& file, const ObservationOptions& options, const std::string& attribute,
                   const std::string& key, const std::string& in_config) {
  if (!file.has_attribute(attribute)) return;
  const std::string in_file = file.string_attribute(attribute);
  if (in_file != in_config)
    throw InputError(fmt::format("{}: holds a {} {} observation but {} is {}; set {}: {}", origin(options), in_file,
                                 attribute, key, in_config, key, in_file));
}

// [C, H, W] from a 3-D dataset, [1, H, W] from a 2-D one.
std::vector<std::int64_t> image_dims(const SlabReader& file, const std::string& name) {
  std::vector<std::int64_t> dims = file.shape(name);
  if (dims.size() == 2) dims.insert(dims.begin(), 1);
  if (dims.size() != 3) file.fail(fmt::format("dataset '{}' has {} dimensions, not [C, H, W] or [H, W]", name, dims.size()));
  if (dims[0] != 1 && dims[0] != 3)
    file.fail(fmt::format("dataset '{}' has {} channels; dpnp takes 1 or 3", name, dims[0]));
  return dims;
}

// Any numeric type, as float32 [C, rows, W]; values as stored (no normalisation).
at::Tensor read_any_rows(const SlabReader& file, const std::string& name, std::int64_t row_begin, std::int64_t rows) {
  at::Tensor slab = file.read_rows(name, row_begin, rows).to(at::kFloat);
  if (slab.dim() == 2) slab = slab.unsqueeze(0);
  return slab.contiguous();
}

// Where the first true pixel of a [C, rows, W] boolean slab is, as "row r, column c" of the file.
std::string first_pixel(const at::Tensor& where, std::int64_t row_begin) {
  const at::Tensor index = where.any(0).nonzero();
  return fmt::format("row {}, column {}", row_begin + index[0][0].item<std::int64_t>(), index[0][1].item<std::int64_t>());
}

at::Tensor read_image_rows_of(const SlabReader& file, const std::string& name, std::int64_t row_begin,
                              std::int64_t rows) {
  at::Tensor slab = read_any_rows(file, name, row_begin, rows);
  const at::Tensor bad = at::isfinite(slab).logical_not();
  if (bad.any().item<bool>())
    file.fail(fmt::format("dataset '{}' holds NaN or infinite values (first at {})", name, first_pixel(bad, row_begin)));
  return slab;
}

// Inpainting without a /mask: a pixel is observed where every channel of y is finite.
at::Tensor mask_from_finite(const at::Tensor& y) { return at::isfinite(y).all(0, /*keepdim=*/true).to(at::kFloat); }

// ---- A FITS or TIFF image as the observation: y alone ----

ImageSource image_of(const ObservationOptions& options) {
  ImageSource source;
  source.path = options.path;
  source.hdu = options.hdu;
  return source;
}

// A FITS or TIFF file holds y and nothing else (HDF5 is the only format with room for the mask,
// kernel and attributes).
bool is_image_observation(const ObservationOptions& options) {
  const ImageSource source = image_of(options);
  return !is_hdf5_source(source) && (is_fits_source(source) || is_tiff_source(source));
}

// y's rows as stored; FITS BLANK pixels come as NaN, like any other bad pixel.
at::Tensor read_y_rows(const ObservationOptions& options, std::int64_t row_begin, std::int64_t rows) {
  if (is_image_observation(options)) return read_image_rows(image_of(options), row_begin, rows);
  return read_any_rows(open_observation(options), "/observation", row_begin, rows);
}

// The header of an image observation: its size, the kernel from observation.blur_path (deblurring),
// the noise level from a FITS keyword named like the HDF5 attribute (SIGMA, PEAK) or the config.
void probe_image_observation(const ObservationOptions& options, ObservationFileInfo& info) {
  const ForwardModel& forward = forward_model(options.forward.task);
  const NoiseModel& noise = noise_model(options.noise.model);
  const ImageSource source = image_of(options);
  const ImageShape data = probe_image(source);
  if (!forward.data_per_slab()) {
    if (!forward.data_from_file(options.forward) || options.blur_path.empty())
      throw InputError(fmt::format("{}: a FITS or TIFF observation holds y only, and problem.task: {} needs its kernel; "
                                   "set observation.blur_kernel: file and observation.blur_path to the kernel's file",
                                   origin(options), options.forward.task));
    info.global_data = forward.checked_data(read_kernel_file(options.blur_path),
                                            fmt::format("blur kernel '{}'", options.blur_path));
  }
  const auto [height, width] = forward.image_size(data.height, data.width, info.global_data);
  if (height < 1 || width < 1)
    throw InputError(fmt::format("{}: the observation ({}x{}) is smaller than its kernel; give the full convolution",
                                 origin(options), data.height, data.width));
  info.mask_from_observation = forward.data_per_slab();
  if (is_fits_source(source)) {
    std::string keyword = noise.level_attribute();
    std::transform(keyword.begin(), keyword.end(), keyword.begin(), ::toupper);
    info.level = fits_number_keyword(source, keyword);
  }
  noise.file_level(info.level, options.noise, origin(options));
  info.shape = ImageShape{data.channels, height, width};
}

}  // namespace

ObservationFileInfo probe_observation_file(const ObservationOptions& options, const Comm& comm) {
  const ForwardModel& forward = forward_model(options.forward.task);
  const NoiseModel& noise = noise_model(options.noise.model);
  ObservationFileInfo info;
  bool image_file = false;
  collectively(comm, [&] { image_file = is_image_observation(options); });
  if (image_file) {
    collectively(comm, [&] { probe_image_observation(options, info); });
    return info;
  }
  collectively(comm, [&] {
    const SlabReader file = open_observation(options);
    require_match(file, options, "task", "problem.task", options.forward.task);
    require_match(file, options, "noise", "problem.noise", options.noise.model);
    const std::vector<std::int64_t> data = image_dims(file, "/observation");
    if (!forward.data_per_slab()) {
      const std::vector<std::int64_t> dims = file.shape(forward.dataset());
      if (dims.size() != 2) file.fail(fmt::format("dataset '{}' is not a 2-D array", forward.dataset()));
      info.global_data = forward.checked_data(file.read_rows(forward.dataset(), 0, dims.front()),
                                              fmt::format("{}: dataset '{}'", origin(options), forward.dataset()));
    }
    const auto [height, width] = forward.image_size(data[1], data[2], info.global_data);
    if (height < 1 || width < 1)
      file.fail(fmt::format("the observation ({}x{}) is smaller than its operator's data '{}'", data[1], data[2],
                            forward.dataset()));
    info.mask_from_observation = forward.data_per_slab() && !file.has(forward.dataset());
    if (forward.data_per_slab() && !info.mask_from_observation) {
      const std::vector<std::int64_t> dims = image_dims(file, forward.dataset());
      if (dims[0] != 1 || dims[1] != height || dims[2] != width)
        file.fail(fmt::format("dataset '{}' is {}x{}x{}; it must be [1, H, W] or [H, W] with the observation's {}x{}",
                              forward.dataset(), dims[0], dims[1], dims[2], height, width));
    }
    if (file.has_attribute(noise.level_attribute())) info.level = file.float_attribute(noise.level_attribute());
    noise.file_level(info.level, options.noise, origin(options));  // refuses a missing or invalid level now
    info.shape = ImageShape{data[0], height, width};
    info.has_ground_truth = file.has("/ground_truth");
    if (info.has_ground_truth) {
      const std::vector<std::int64_t> truth = image_dims(file, "/ground_truth");
      if (truth[0] != data[0] || truth[1] != height || truth[2] != width)
        file.fail(fmt::format("dataset '/ground_truth' is {}x{}x{} but the observation implies {}x{}x{}", truth[0],
                              truth[1], truth[2], data[0], height, width));
    }
  });
  return info;
}

at::Tensor read_operator_rows(const ObservationOptions& options, const ObservationFileInfo& info, const SlabDomain& image) {
  const ForwardModel& forward = forward_model(options.forward.task);
  at::Tensor data;
  collectively(image.comm(), [&] {
    if (info.mask_from_observation) {
      data = mask_from_finite(read_y_rows(options, image.row_begin(), image.rows()));
    } else {
      const SlabReader file = open_observation(options);
      data = forward.checked_data(read_image_rows_of(file, forward.dataset(), image.row_begin(), image.rows()),
                                  origin(options));
    }
  });
  if (info.mask_from_observation) {
    const Comm& comm = image.comm();
    const double missing = comm.sum(static_cast<double>(data.numel()) - data.sum().item<double>());
    const double pixels = static_cast<double>(image.layout().height() * image.layout().width());
    if (missing >= pixels) {
      InputError error(fmt::format("{}: every pixel of '/observation' is NaN or infinite; give the data with its "
                                   "observed pixels finite",
                                   origin(options)));
      error.set_agreed();  // the sums agree on every rank
      throw error;
    }
    if (comm.is_root())
      spdlog::info("observation.path has no '{}': the mask is derived from the observation, {:.0f} of {:.0f} pixels "
                   "NaN or infinite taken as missing",
                   forward.dataset(), missing, pixels);
  }
  return data;
}

at::Tensor read_observation_rows(const ObservationOptions& options, const SlabDomain& data, const at::Tensor& mask) {
  const NoiseModel& noise = noise_model(options.noise.model);
  at::Tensor y;
  collectively(data.comm(), [&] {
    y = read_y_rows(options, data.row_begin(), data.rows());
    const at::Tensor finite = at::isfinite(y);
    // A missing pixel may hold anything (NaN marks bad pixels in many instruments); it never enters
    // the likelihood, but 0 x NaN is NaN, so it becomes 0.
    const at::Tensor bad = mask.defined() ? finite.logical_not().logical_and(mask.to(at::kCPU).ne(0))
                                          : finite.logical_not();
    if (bad.any().item<bool>())
      throw InputError(fmt::format(
          "{}: dataset '/observation' holds NaN or infinite values at an observed pixel (first at {}); {}; {}",
          origin(options), first_pixel(bad, data.row_begin()),
          mask.defined() ? "write 0 in /mask where a pixel is bad, or leave out /mask to take every non-finite pixel "
                           "as missing"
                         : "replace them; only problem.task: inpainting takes non-finite pixels as missing",
          kFix));
    y = at::where(finite, y, at::zeros({}, y.options()));
    noise.check_observation(y, origin(options));
  });
  return y;
}

at::Tensor read_ground_truth_rows(const ObservationOptions& options, const SlabDomain& image) {
  at::Tensor truth;
  collectively(image.comm(), [&] {
    const SlabReader file = open_observation(options);
    truth = read_image_rows_of(file, "/ground_truth", image.row_begin(), image.rows());
  });
  return truth;
}

void write_observation(ResultFile& file, const ObservationRecord& record, const SlabDomain& image) {
  const Comm& comm = image.comm();
  const ForwardModel& forward = forward_model(record.task);
  file.write_slab("/observation", record.observation.cpu(), record.data_layout);
  if (forward.data_per_slab()) {
    file.write_slab(forward.dataset(), record.operator_data.cpu().to(at::kByte), image.layout());
  } else {
    // Every rank holds the global data; a layout that gives all its rows to rank 0 writes them once.
    const at::Tensor data = record.operator_data.cpu();
    std::vector<std::int64_t> offsets(static_cast<std::size_t>(comm.size()) + 1, data.size(0));
    offsets[0] = 0;
    file.write_slab(forward.dataset(), comm.is_root() ? data : data.narrow(0, 0, 0), SlabLayout(offsets, data.size(1)));
  }
  if (record.truth.defined()) file.write_slab("/ground_truth", record.truth.cpu(), image.layout());
  file.set_attribute("/", "task", record.task);
  file.set_attribute("/", "noise", record.noise);
  file.set_attribute("/", noise_model(record.noise).level_attribute(), record.level);
}

}  // namespace dpnp
