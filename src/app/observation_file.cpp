#include "observation_file.hpp"

#include <fmt/format.h>

#include <cmath>

#include "dpnp/core/error.hpp"
#include "dpnp/io/slab_reader.hpp"
#include "dpnp/physics/blur.hpp"
#include "dpnp/physics/mask.hpp"
#include "observation_setup.hpp"

namespace dpnp::app {

namespace {

constexpr const char* kFix = "write it with `dpnp simulate` or as docs/bring-your-own-data.md shows";

SlabReader open_observation(const config::Config& config) {
  return SlabReader(config.get_string("observation.path"), "observation.path", kFix);
}

// The file's task/noise attribute, when present, must agree with the config: the config decides
// which model runs, and a silent mismatch would sample the wrong posterior.
void require_match(const SlabReader& file, const config::Config& config, const std::string& attribute,
                   const std::string& key) {
  if (!file.has_attribute(attribute)) return;
  const std::string in_file = file.string_attribute(attribute);
  const std::string in_config = config.get_string(key);
  if (in_file != in_config)
    throw InputError(fmt::format("observation.path '{}': holds a {} {} observation but {} is {}; set {}: {}",
                                 config.get_string("observation.path"), in_file, attribute, key, in_config, key,
                                 in_file));
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

at::Tensor read_image_rows_of(const SlabReader& file, const std::string& name, std::int64_t row_begin,
                              std::int64_t rows) {
  at::Tensor slab = file.read_rows(name, row_begin, rows).to(at::kFloat);
  if (slab.dim() == 2) slab = slab.unsqueeze(0);
  if (!at::isfinite(slab).all().item<bool>())
    file.fail(fmt::format("dataset '{}' holds NaN or infinite values in rows {}..{}", name, row_begin, row_begin + rows));
  return slab.contiguous();
}

double positive_attribute(const SlabReader& file, const std::string& name) {
  const double value = file.float_attribute(name);
  if (!(value > 0.0) || !std::isfinite(value)) file.fail(fmt::format("attribute '{}' is {}, not a positive number", name, value));
  return value;
}

// Normalised to sum 1, as kernels given by observation.blur_path are.
at::Tensor read_kernel(const SlabReader& file, std::int64_t size) {
  const at::Tensor kernel = file.read_rows("/kernel", 0, size).to(at::kDouble);
  if (!at::isfinite(kernel).all().item<bool>()) file.fail("dataset '/kernel' holds NaN or infinite values");
  const double sum = kernel.sum().item<double>();
  if (!(sum > 0.0)) file.fail(fmt::format("dataset '/kernel' sums to {}, not a positive number", sum));
  return (kernel / sum).to(at::kFloat);
}

}  // namespace

ObservationFileInfo probe_observation_file(const config::Config& config, const Comm& comm) {
  ObservationFileInfo info;
  collectively(comm, [&] {
    const SlabReader file = open_observation(config);
    require_match(file, config, "task", "problem.task");
    require_match(file, config, "noise", "problem.noise");
    const std::vector<std::int64_t> data = image_dims(file, "/observation");
    std::int64_t height = data[1], width = data[2];
    if (config.get_string("problem.task") == "deblurring") {
      const std::vector<std::int64_t> kernel = file.shape("/kernel");
      if (kernel.size() != 2 || kernel[0] != kernel[1] || kernel[0] < 1)
        file.fail("dataset '/kernel' is not a k x k kernel");
      info.kernel_size = kernel[0];
      // The data are the full linear convolution: (H + k - 1) x (W + k - 1).
      height -= info.kernel_size - 1;
      width -= info.kernel_size - 1;
      if (height < 1 || width < 1)
        file.fail(fmt::format("the observation ({}x{}) is smaller than the {}x{} kernel", data[1], data[2],
                              info.kernel_size, info.kernel_size));
    } else {
      const std::vector<std::int64_t> mask = image_dims(file, "/mask");
      if (mask[0] != 1 || mask[1] != height || mask[2] != width)
        file.fail(fmt::format("dataset '/mask' is {}x{}x{}; it must be [1, H, W] or [H, W] with the observation's {}x{}",
                              mask[0], mask[1], mask[2], height, width));
    }
    if (config.get_string("problem.noise") == "poisson") {
      if (file.has_attribute("peak")) positive_attribute(file, "peak");
    } else if (!config.is_set("observation.sigma")) {
      if (!file.has_attribute("sigma"))
        throw InputError(fmt::format("observation.path '{}': has no attribute 'sigma' (the Gaussian noise level); "
                                     "add it to the file or set observation.sigma",
                                     config.get_string("observation.path")));
      positive_attribute(file, "sigma");
    }
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

void load_observation_file(const config::Config& config, const ObservationFileInfo& info, Experiment& e) {
  const std::string path = config.get_string("observation.path");
  const SlabDomain& domain = *e.domain;
  std::string operator_fact;
  collectively(domain.comm(), [&] {
    const SlabReader file = open_observation(config);
    if (e.task == "inpainting") {
      e.mask = read_image_rows_of(file, "/mask", domain.row_begin(), domain.rows());
      if (!(e.mask.eq(0) | e.mask.eq(1)).all().item<bool>())
        file.fail("dataset '/mask' holds values other than 0 and 1");
    } else {
      e.kernel = read_kernel(file, info.kernel_size);
    }
    if (!e.truth.defined() && info.has_ground_truth)
      e.truth = read_image_rows_of(file, "/ground_truth", domain.row_begin(), domain.rows());
    if (e.noise == "poisson")
      e.peak = file.has_attribute("peak") ? positive_attribute(file, "peak") : config.get_float("observation.peak");
    else
      e.sigma = config.is_set("observation.sigma") ? config.get_float("observation.sigma")
                                                    : positive_attribute(file, "sigma");
  });
  if (e.task == "inpainting") {
    const auto mask = std::make_shared<Mask>(domain, e.mask);
    operator_fact = fmt::format("inpainting, {:.1f}% observed", 100.0 * mask->observed_fraction());
    e.op = mask;
  } else {
    std::shared_ptr<Blur> blur;
    collectively(domain.comm(), [&] { blur = std::make_shared<Blur>(domain, e.kernel); });
    operator_fact = fmt::format("deblurring, {}x{} kernel, data {}x{}", info.kernel_size, info.kernel_size,
                                blur->range().height(), blur->range().width());
    e.op = blur;
  }
  e.data_domain = std::make_unique<SlabDomain>(e.op->range());
  collectively(domain.comm(), [&] {
    const SlabReader file = open_observation(config);
    e.observation = read_image_rows_of(file, "/observation", e.data_domain->row_begin(), e.data_domain->rows());
    if (e.noise == "poisson" && (e.observation < 0).any().item<bool>())
      file.fail("dataset '/observation' holds negative values, which Poisson counts cannot be");
  });
  const std::string noise = e.noise == "poisson" ? fmt::format("Poisson noise, peak {}", e.peak)
                                                 : fmt::format("Gaussian noise sigma = {:.5g}", e.sigma);
  e.facts.emplace_back("observation", fmt::format("{}, {} (from {})", operator_fact, noise, path));
  e.observation_image = observation_as_image(e);
}

void write_observation(ResultFile& file, const Experiment& e) {
  const Comm& comm = e.domain->comm();
  const SlabLayout& layout = e.domain->layout();
  file.write_slab("/observation", e.observation.cpu(), e.data_domain->layout());
  if (e.mask.defined()) file.write_slab("/mask", e.mask.cpu().to(at::kByte), layout);
  if (e.truth.defined()) file.write_slab("/ground_truth", e.truth.cpu(), layout);
  file.set_attribute("/", "task", e.task);
  file.set_attribute("/", "noise", e.noise);
  if (e.noise == "poisson")
    file.set_attribute("/", "peak", e.peak);
  else
    file.set_attribute("/", "sigma", e.sigma);
  if (e.kernel.defined()) {
    // Every rank holds the kernel; a layout that gives all its rows to rank 0 writes it once.
    std::vector<std::int64_t> offsets(static_cast<std::size_t>(comm.size()) + 1, e.kernel.size(0));
    offsets[0] = 0;
    const at::Tensor kernel = e.kernel.cpu();
    const at::Tensor rows = comm.is_root() ? kernel : kernel.narrow(0, 0, 0);
    file.write_slab("/kernel", rows, SlabLayout(offsets, kernel.size(1)));
  }
}

}  // namespace dpnp::app
