#include "experiment.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "dpnp/core/device.hpp"
#include "dpnp/core/error.hpp"
#include "dpnp/denoisers/factory.hpp"
#include "dpnp/physics/blur.hpp"
#include "dpnp/physics/interpolation.hpp"
#include "dpnp/physics/mask.hpp"
#include "model_setup.hpp"
#include "observation_file.hpp"
#include "observation_setup.hpp"

namespace dpnp::app {

namespace {

// Halo rows the problem's stencils need from each neighbour: TV gradient 1, SSIM window 3.
constexpr std::int64_t kMinRowsPerRank = 3;

ImageSource image_source(const config::Config& config) {
  ImageSource source;
  source.path = config.get_string("truth.path");
  source.dataset = config.get_string("truth.dataset");
  source.crop = config.get_int_list("truth.crop");
  source.grayscale = config.get_bool("truth.grayscale");
  return source;
}

at::Tensor load_truth(const ImageSource& source, const SlabDomain& domain) {
  at::Tensor slab;
  collectively(domain.comm(), [&] { slab = read_image_rows(source, domain.row_begin(), domain.rows()); });
  bool normalise = false;
  collectively(domain.comm(), [&] { normalise = needs_range_normalisation(source); });
  if (normalise) {
    const double low = domain.comm().min(slab.numel() ? slab.min().item<double>() : 0.0);
    const double high = domain.comm().max(slab.numel() ? slab.max().item<double>() : 1.0);
    if (!(low >= 0.0 && high <= 1.0)) {
      if (!(high > low))
        throw InputError(fmt::format("image '{}': all pixels are equal ({}); give an image with some contrast",
                                     source.path, low));
      slab = (slab - low) / (high - low);
      spdlog::info("truth: float data in [{:.4g}, {:.4g}] min-max normalised to [0, 1]", low, high);
    }
  }
  return slab;
}

// Rows every slab needs, and the multiple its height must respect, for this problem's stencils.
std::pair<std::int64_t, std::int64_t> slab_constraints(const config::Config& config, const ImageShape& shape,
                                                      std::int64_t file_kernel_size) {
  const std::string prior = config.get_string("prior.type");
  std::int64_t min_rows = kMinRowsPerRank;
  std::int64_t multiple = 1;
  if (is_learned_prior(prior)) {
    min_rows = std::max(min_rows, min_rows_of(prior));
    multiple = row_multiple_of(prior);
  }
  if (config.get_string("problem.task") == "deblurring") {
    const std::string kind = config.get_string("observation.blur_kernel");
    // A kernel file's size is only known once read; the Blur constructor checks it then.
    if (file_kernel_size > 0)
      min_rows = std::max(min_rows, Blur::min_rows_per_rank(file_kernel_size));
    else if (kind != "file")
      min_rows = std::max(min_rows, Blur::min_rows_per_rank(blur_size(config, shape)));
  }
  return {min_rows, multiple};
}

at::Tensor initial_state(const config::Config& config, const Experiment& e) {
  std::string init = config.get_string("sampler.init");
  if (init == "auto") init = e.task == "inpainting" ? "interpolation" : "zeros";
  if (init == "zeros") return at::zeros({e.shape.channels, e.domain->rows(), e.shape.width}, at::kFloat);
  if (init == "observation") return e.observation_image.clone();
  if (e.task != "inpainting")
    throw InputError("sampler.init: interpolation fills missing pixels, so it needs problem.task: inpainting; use zeros or observation");
  InterpolationReport report;
  const at::Tensor x0 = harmonic_interpolation(*e.domain, e.observation, e.mask, 500, 1e-4, &report);
  spdlog::info("init: harmonic interpolation of the observed pixels ({} CG iterations, residual {:.1e})",
               report.iterations, report.relative_residual);
  return x0;
}

void move_to_device(Experiment& e) {
  const auto to_device = [&](at::Tensor& t) {
    if (t.defined()) t = t.to(e.device).contiguous();
  };
  to_device(e.truth);
  to_device(e.observation);
  to_device(e.observation_image);
  to_device(e.mask);
}

}  // namespace

at::Device select_device(const config::Config& config, const Comm& comm) {
  if (config.get_string("run.device") == "cpu") return at::kCPU;
  collectively(comm, [&] {
    require_cuda_compiled("run.device: cuda");
    if (cuda_device_count() == 0)
      throw InputError("run.device: cuda, but no GPU is visible on this node; set run.device: cpu or run on a GPU node");
  });
  return at::Device(at::kCUDA, static_cast<c10::DeviceIndex>(comm.local_rank() % cuda_device_count()));
}

Experiment build_data(const config::Config& config, const Comm& comm, at::Device device) {
  Experiment e;
  e.device = device;
  e.task = config.get_string("problem.task");
  e.noise = config.get_string("problem.noise");
  const ImageSource source = image_source(config);
  const bool from_file = !config.get_string("observation.path").empty();
  ObservationFileInfo file_info;
  if (from_file) file_info = probe_observation_file(config, comm);
  if (!source.path.empty()) {
    collectively(comm, [&] { e.shape = probe_image(source); });
    if (from_file && (e.shape.channels != file_info.shape.channels || e.shape.height != file_info.shape.height ||
                      e.shape.width != file_info.shape.width))
      throw InputError(fmt::format("truth.path: the image is {}x{}x{} but observation.path implies {}x{}x{}; give the "
                                   "truth of that observation or leave truth.path empty",
                                   e.shape.channels, e.shape.height, e.shape.width, file_info.shape.channels,
                                   file_info.shape.height, file_info.shape.width));
  } else {
    e.shape = file_info.shape;
  }
  const auto [min_rows, multiple] = slab_constraints(config, e.shape, file_info.kernel_size);
  SlabLayout layout;
  collectively(comm, [&] {
    layout = SlabLayout::balanced(e.shape.height, e.shape.width, comm.size(), multiple, min_rows,
                                  fmt::format("the image ({}x{})", e.shape.height, e.shape.width));
  });
  const bool gpu_aware = e.device.is_cuda() && config.get_string("run.gpu_aware_mpi") != "off" &&
                         (config.get_string("run.gpu_aware_mpi") == "on" || mpi_reports_cuda_support());
  e.halo = std::make_shared<HaloExchange>(comm, gpu_aware);
  e.domain = std::make_unique<SlabDomain>(layout, e.halo);
  e.facts.emplace_back("image", fmt::format("{} channel{} x {} x {} ({})", e.shape.channels,
                                            e.shape.channels > 1 ? "s" : "", e.shape.height, e.shape.width,
                                            source.path.empty() ? "no ground truth" : source.path));
  e.facts.emplace_back("decomposition", layout.describe());
  e.facts.emplace_back("device", e.device.is_cuda() ? fmt::format("cuda (GPU of node-local rank; halos {})",
                                                                   gpu_aware ? "GPU-aware MPI" : "via pinned host buffers")
                                                     : "cpu");
  if (!source.path.empty()) e.truth = load_truth(source, *e.domain);
  if (from_file)
    load_observation_file(config, file_info, e);
  else
    synthesize_observation(config, e);
  return e;
}

Experiment build_experiment(const config::Config& config, const Comm& comm, bool with_initial_state) {
  Experiment e = build_data(config, comm, select_device(config, comm));
  move_to_device(e);
  if (e.task == "inpainting") e.op = std::make_shared<Mask>(*e.domain, e.mask);  // the mask on the device
  const at::Tensor x0 = with_initial_state ? initial_state(config, e).to(e.device).contiguous() : at::Tensor();
  build_model(config, e, x0);
  e.sampler_options.iterations = config.get_int("sampler.iterations");
  e.sampler_options.burn_in = config.get_int("sampler.burn_in");
  e.sampler_options.thinning = config.get_int("sampler.thinning");
  e.sampler_options.keep_samples = config.get_int("sampler.keep_samples");
  e.sampler_options.flush_every = config.get_int("sampler.flush_every");
  return e;
}

}  // namespace dpnp::app
