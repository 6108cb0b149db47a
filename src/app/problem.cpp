#include "dpnp/app/problem.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>

#include "dpnp/core/device.hpp"
#include "dpnp/core/error.hpp"
#include "dpnp/core/noise_field.hpp"
#include "dpnp/dist/image_metrics.hpp"
#include "dpnp/dist/reduce.hpp"
#include "dpnp/io/kernel_file.hpp"
#include "dpnp/io/truth.hpp"
#include "dpnp/likelihood/noise_model.hpp"
#include "dpnp/physics/forward_model.hpp"
#include "dpnp/physics/interpolation.hpp"
#include "dpnp/physics/least_squares_start.hpp"
#include "dpnp/physics/mask.hpp"
#include "dpnp/priors/prior_catalogue.hpp"
#include "dpnp/sampler/model_factory.hpp"

namespace dpnp {

namespace {

ImageShape image_shape(const ExperimentOptions& o, const ObservationFileInfo& file, const Comm& comm) {
  if (o.truth.path.empty()) return file.shape;
  ImageShape shape;
  collectively(comm, [&] { shape = probe_image(o.truth); });
  if (!o.observation.path.empty() && (shape.channels != file.shape.channels || shape.height != file.shape.height ||
                                      shape.width != file.shape.width))
    throw InputError(fmt::format("truth.path: the image is {}x{}x{} but observation.path implies {}x{}x{}; give the "
                                 "truth of that observation or leave truth.path empty",
                                 shape.channels, shape.height, shape.width, file.shape.channels, file.shape.height,
                                 file.shape.width));
  return shape;
}

// The operator's data that every rank holds whole (a kernel): from the observation file, from a
// kernel file, or synthesised. Undefined when the data are per slab (a mask).
at::Tensor global_operator_data(const ExperimentOptions& o, const ObservationFileInfo& file, const ImageShape& shape,
                                const Comm& comm) {
  const ForwardModel& forward = forward_model(o.observation.forward.task);
  if (forward.data_per_slab()) return {};
  if (!o.observation.path.empty()) return file.global_data;
  at::Tensor data;
  collectively(comm, [&] {
    if (forward.data_from_file(o.observation.forward))
      data = forward.checked_data(read_kernel_file(o.observation.blur_path),
                                  fmt::format("blur kernel '{}'", o.observation.blur_path));
    else
      data = forward.global_data(o.observation.forward, shape.height, shape.width, o.observation.seed);
  });
  return data;
}

// SSIM against a ground truth needs its window: say at the start, not after the chain, that it will
// be NaN.
void note_image_smaller_than_ssim_window(const ExperimentOptions& o, const ObservationFileInfo& file,
                                         const ImageShape& shape) {
  if (o.truth.path.empty() && !file.has_ground_truth) return;
  if (shape.height >= kSsimWindow && shape.width >= kSsimWindow) return;
  spdlog::warn("the image is {}x{} pixels, smaller than the {}x{} window of SSIM: SSIM is reported as NaN",
               shape.height, shape.width, kSsimWindow, kSsimWindow);
}

SlabNeeds problem_needs(const ExperimentOptions& o, const at::Tensor& global_data) {
  return forward_model(o.observation.forward.task).needs(global_data) | prior_entry(o.prior.type).needs(o.prior) |
         image_metrics_needs();
}

void read_observation_file(const ExperimentOptions& o, const ObservationFileInfo& file, Problem& p) {
  const ForwardModel& forward = forward_model(p.task);
  const NoiseModel& noise = noise_model(p.noise);
  p.operator_data = forward.data_per_slab() ? read_operator_rows(o.observation, file, *p.domain) : file.global_data;
  p.op = forward.make(*p.domain, p.operator_data);
  if (!p.truth.defined() && file.has_ground_truth) p.truth = read_ground_truth_rows(o.observation, *p.domain);
  p.noise_level = noise.file_level(file.level, o.observation.noise, "observation.path");
  p.observation = read_observation_rows(o.observation, p.op->range(),
                                        forward.data_per_slab() ? p.operator_data : at::Tensor());
  p.facts.emplace_back("observation", fmt::format("{}, {} (from {})", forward.describe(*p.op, ""),
                                                  noise.describe(p.noise_level, o.observation.noise, false),
                                                  o.observation.path));
}

void synthesise_observation(const ExperimentOptions& o, const at::Tensor& global_data, Problem& p) {
  const ForwardModel& forward = forward_model(p.task);
  const NoiseModel& noise = noise_model(p.noise);
  p.operator_data = forward.data_per_slab() ? forward.slab_data(*p.domain, o.observation.forward, o.observation.seed)
                                            : global_data;
  p.op = forward.make(*p.domain, p.operator_data);
  // Clean data in float64: float32 rounding of A x differs with the decomposition, and a Poisson draw is a step
  // function of its mean, so float32 clean data flipped counts between rank counts (issue 15.1).
  const at::Tensor clean = p.op->apply(p.truth.to(at::kDouble));
  std::tie(p.observation, p.noise_level) = noise.synthesize(p.op->range(), clean, o.observation.noise, o.observation.seed);
  const std::string kind = forward.data_per_slab() ? "" : " " + o.observation.forward.blur.kind;
  p.facts.emplace_back("observation", fmt::format("{}, {}", forward.describe(*p.op, kind),
                                                  noise.describe(p.noise_level, o.observation.noise, true)));
}

// Natural images' gradients have a standard deviation of about 0.1 on the [0, 1] scale, so a
// Gaussian gradient prior of that width weighs D^T D by noise variance / 0.01.
constexpr double kGradientVariance = 0.01;

at::Tensor least_squares_start(const Problem& p) {
  const NoiseModel& noise = noise_model(p.noise);
  const at::Tensor y = noise.on_image_scale(p.observation, p.noise_level);
  const double mean = global_sum(p.domain->comm(), p.observation_image) /
                      static_cast<double>(p.shape.channels * p.shape.height * p.shape.width);
  const double lambda = std::max(1e-4, noise.image_scale_variance(p.noise_level, mean) / kGradientVariance);
  InterpolationReport report;
  const at::Tensor x0 = regularised_least_squares(*p.op, y, p.observation_image, lambda, 100, 1e-3, &report);
  spdlog::info("init: regularised least squares (A^T A + {:.3g} D^T D) x = A^T y ({} CG iterations, residual {:.1e})",
               lambda, report.iterations, report.relative_residual);
  return x0;
}

at::Tensor configured_start(const ExperimentOptions& o, const Problem& p) {
  std::string init = o.chain.init;
  if (init == "auto") init = forward_model(p.task).default_init();
  if (init == "zeros") return at::zeros({p.shape.channels, p.domain->rows(), p.shape.width}, at::kFloat);
  if (init == "observation") return p.observation_image.clone();
  if (init == "least_squares") return least_squares_start(p);
  const auto* mask = dynamic_cast<const Mask*>(p.op.get());
  if (!mask)
    throw InputError("sampler.init: interpolation fills missing pixels, so it needs problem.task: inpainting; use "
                     "zeros or observation");
  InterpolationReport report;
  const at::Tensor x0 = harmonic_interpolation(*p.domain, p.observation, mask->values(), 500, 1e-4, &report);
  spdlog::info("init: harmonic interpolation of the observed pixels ({} CG iterations, residual {:.1e})",
               report.iterations, report.relative_residual);
  return x0;
}

// Over-dispersed starts cycle through the configured start, zeros and uniform noise, so that chains
// which have not forgotten where they began disagree visibly (R-hat).
at::Tensor initial_state(const ExperimentOptions& o, const Problem& p, std::uint32_t chain) {
  if (o.chain.chain_init != "dispersed" || chain % 3 == 0) return configured_start(o, p);
  at::Tensor x0 = at::zeros({p.shape.channels, p.domain->rows(), p.shape.width}, at::kFloat);
  if (chain % 3 == 2)
    fill_uniform(x0, noise::Key{o.run.seed, noise::chain_stream(noise::kChainStart, chain), 0}, p.domain->coords(x0));
  return x0;
}

// The data on the chain's device; an operator made of per-slab data is rebuilt there. A global
// kernel stays on the CPU: the operator converts its spectrum once for the device it meets.
void move_to_device(Problem& p) {
  const auto to_device = [&](at::Tensor& t) {
    if (t.defined()) t = t.to(p.device).contiguous();
  };
  to_device(p.truth);
  to_device(p.observation);
  to_device(p.observation_image);
  const ForwardModel& forward = forward_model(p.task);
  if (forward.data_per_slab()) {
    to_device(p.operator_data);
    p.op = forward.make(*p.domain, p.operator_data);
  }
}

void build_model(const ExperimentOptions& o, Problem& p, const at::Tensor& x0, std::uint32_t chain) {
  const NoiseModel& noise = noise_model(p.noise);
  PriorContext context;
  context.device = p.device;
  context.channels = p.shape.channels;
  context.data_name = o.truth.path.empty() ? fmt::format("observation.path '{}'", o.observation.path)
                                           : fmt::format("truth.path '{}'{}", o.truth.path,
                                                         o.truth.grayscale ? " (made grey by truth.grayscale)" : "");
  context.default_denoising_level = noise.default_denoising_level(p.noise_level);
  context.default_level_note = noise.default_denoising_note();
  if (o.denoising_level_rule == "data_noise") {
    // The noise a denoiser of the average pixel would face: for Poisson data, y / beta has variance x / beta.
    const double mean = global_sum(p.domain->comm(), p.observation_image) /
                        static_cast<double>(p.shape.channels * p.shape.height * p.shape.width);
    context.default_denoising_level = std::sqrt(noise.image_scale_variance(p.noise_level, mean));
    context.default_level_note = fmt::format(" (prior.denoising_level_rule: data_noise, at mean intensity {:.4g})", mean);
  }
  ModelInputs inputs;
  inputs.op = p.op;
  inputs.observation = p.observation;
  inputs.noise_level = p.noise_level;
  inputs.prior = prior_entry(o.prior.type).make(o.prior, *p.domain, context);
  inputs.prior_options = o.prior;
  inputs.poisson = o.poisson;
  inputs.x0 = x0;
  inputs.authors_steps = o.chain.authors_steps;
  inputs.seed = o.run.seed;
  inputs.chain = chain;
  inputs.step_scale = o.chain.step_scale;
  p.facts.emplace_back("prior", inputs.prior.description);
  p.model = make_task_model(p.noise, inputs);
}

}  // namespace

ObservationRecord Problem::record() const {
  ObservationRecord r;
  r.task = task;
  r.noise = noise;
  r.level = noise_level;
  r.observation = observation;
  r.data_layout = op->range().layout();
  r.operator_data = operator_data;
  r.truth = truth;
  return r;
}

at::Device select_device(const RunOptions& run, const Comm& comm) {
  if (run.device == "cpu") return at::kCPU;
  collectively(comm, [&] {
    require_cuda_compiled("run.device: cuda");
    if (cuda_device_count() == 0)
      throw InputError("run.device: cuda, but no GPU is visible on this node; set run.device: cpu or run on a GPU node");
  });
  return at::Device(at::kCUDA, static_cast<c10::DeviceIndex>(comm.local_rank() % cuda_device_count()));
}

Problem build_data(const ExperimentOptions& o, const Comm& comm, at::Device device) {
  Problem p;
  p.device = device;
  p.task = forward_model(o.observation.forward.task).name();
  p.noise = noise_model(o.observation.noise.model).name();
  const bool from_file = !o.observation.path.empty();
  const ObservationFileInfo file = from_file ? probe_observation_file(o.observation, comm) : ObservationFileInfo{};
  p.shape = image_shape(o, file, comm);
  const at::Tensor global_data = global_operator_data(o, file, p.shape, comm);
  SlabLayout layout;
  collectively(comm, [&] {
    layout = SlabLayout::balanced(p.shape.height, p.shape.width, comm.size(), problem_needs(o, global_data),
                                  fmt::format("the image ({}x{})", p.shape.height, p.shape.width));
  });
  note_image_smaller_than_ssim_window(o, file, p.shape);
  const bool gpu_aware = p.device.is_cuda() && o.run.gpu_aware_mpi != "off" &&
                         (o.run.gpu_aware_mpi == "on" || mpi_reports_cuda_support());
  p.halo = std::make_shared<HaloExchange>(comm, gpu_aware);
  p.domain = std::make_unique<SlabDomain>(layout, p.halo);
  p.facts.emplace_back("image", fmt::format("{} channel{} x {} x {} ({})", p.shape.channels,
                                            p.shape.channels > 1 ? "s" : "", p.shape.height, p.shape.width,
                                            o.truth.path.empty() ? "no ground truth" : o.truth.path));
  p.facts.emplace_back("decomposition", layout.describe());
  p.facts.emplace_back("device", p.device.is_cuda()
                                     ? fmt::format("cuda (GPU of node-local rank; halos {})",
                                                   gpu_aware ? "GPU-aware MPI" : "via pinned host buffers")
                                     : "cpu");
  if (!o.truth.path.empty()) p.truth = read_truth(o.truth, *p.domain);
  if (from_file)
    read_observation_file(o, file, p);
  else
    synthesise_observation(o, global_data, p);
  p.observation_image = noise_model(p.noise).on_image_scale(p.op->data_as_image(p.observation), p.noise_level);
  return p;
}

Problem build_problem(const ExperimentOptions& o, const Comm& comm, bool with_initial_state, std::uint32_t chain) {
  Problem p = build_data(o, comm, select_device(o.run, comm));
  move_to_device(p);
  const at::Tensor x0 = with_initial_state ? initial_state(o, p, chain).to(p.device).contiguous() : at::Tensor();
  build_model(o, p, x0, chain);
  return p;
}

}  // namespace dpnp
