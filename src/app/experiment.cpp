#include "experiment.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "dpnp/core/device.hpp"
#include "dpnp/core/error.hpp"
#include "dpnp/dist/reduce.hpp"
#include "dpnp/physics/gradient2d.hpp"
#include "dpnp/physics/interpolation.hpp"
#include "dpnp/physics/mask.hpp"
#include "dpnp/physics/observation.hpp"
#include "dpnp/priors/auxiliary_prior.hpp"
#include "dpnp/sampler/models/axda_gaussian.hpp"

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

at::Tensor initial_state(const config::Config& config, const Experiment& e) {
  std::string init = config.get_string("sampler.init");
  if (init == "auto") init = "interpolation";
  if (init == "zeros") return at::zeros_like(e.observation);
  if (init == "observation") return e.observation.clone();
  InterpolationReport report;
  const at::Tensor x0 = harmonic_interpolation(*e.domain, e.observation, e.mask, 500, 1e-4, &report);
  spdlog::info("init: harmonic interpolation of the observed pixels ({} CG iterations, residual {:.1e})",
               report.iterations, report.relative_residual);
  return x0;
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

Experiment build_experiment(const config::Config& config, const Comm& comm, bool with_initial_state) {
  Experiment e;
  e.device = select_device(config, comm);
  const ImageSource source = image_source(config);
  collectively(comm, [&] { e.shape = probe_image(source); });
  SlabLayout layout;
  collectively(comm, [&] {
    layout = SlabLayout::balanced(e.shape.height, e.shape.width, comm.size(), 1, kMinRowsPerRank,
                                  fmt::format("the image ({}x{})", e.shape.height, e.shape.width));
  });
  const bool gpu_aware = e.device.is_cuda() && config.get_string("run.gpu_aware_mpi") != "off" &&
                         (config.get_string("run.gpu_aware_mpi") == "on" || mpi_reports_cuda_support());
  e.halo = std::make_shared<HaloExchange>(comm, gpu_aware);
  e.domain = std::make_unique<SlabDomain>(layout, e.halo);
  e.facts.emplace_back("image", fmt::format("{} channel{} x {} x {} ({})", e.shape.channels,
                                            e.shape.channels > 1 ? "s" : "", e.shape.height, e.shape.width, source.path));
  e.facts.emplace_back("decomposition", layout.describe());
  e.facts.emplace_back("device", e.device.is_cuda() ? fmt::format("cuda (GPU of node-local rank; halos {})",
                                                                   gpu_aware ? "GPU-aware MPI" : "via pinned host buffers")
                                                     : "cpu");

  // The observation is synthesised on the CPU so that it is bit-identical whatever the device.
  e.truth = load_truth(source, *e.domain);
  const std::uint64_t data_seed = static_cast<std::uint64_t>(config.get_int("observation.seed"));
  const double missing = config.get_float("observation.missing_fraction");
  e.mask = random_mask(*e.domain, missing, data_seed);
  const auto mask_op = std::make_shared<Mask>(*e.domain, e.mask);
  const at::Tensor clean = mask_op->apply(e.truth);
  e.sigma = config.is_set("observation.sigma") ? config.get_float("observation.sigma")
                                                : noise_sigma_from_snr(*e.domain, clean, config.get_float("observation.snr_db"));
  e.observation = add_gaussian_noise(*e.domain, clean, e.sigma, data_seed);
  e.facts.emplace_back("observation", fmt::format("inpainting, {:.1f}% observed, Gaussian noise sigma = {:.5g}{}",
                                                  100.0 * mask_op->observed_fraction(), e.sigma,
                                                  config.is_set("observation.sigma") ? "" : fmt::format(" (input SNR {} dB)", config.get_float("observation.snr_db"))));

  const auto to_device = [&](const at::Tensor& t) { return t.to(e.device).contiguous(); };
  e.truth = to_device(e.truth);
  e.observation = to_device(e.observation);
  e.mask = to_device(e.mask);
  const auto op = std::make_shared<Mask>(*e.domain, e.mask);
  e.likelihood = std::make_shared<GaussianLikelihood>(op, e.observation, e.sigma);

  const std::string prior = config.get_string("prior.type");
  std::shared_ptr<const AuxiliaryPrior> auxiliary;
  if (prior == "tv")
    auxiliary = std::make_shared<GroupL21>(config.get_float("prior.mu"));
  else
    auxiliary = std::make_shared<SquaredL2>(config.get_float("prior.mu"));
  AxdaGaussianOptions options;
  options.rho = config.get_float("prior.rho");
  options.include_gradient_norm = config.get_bool("prior.include_gradient_norm");
  // The quadratic prior is the closed-form reference: no positivity constraint, so the target is Gaussian.
  options.nonnegative = prior == "tv";
  options.seed = static_cast<std::uint64_t>(config.get_int("run.seed"));
  const at::Tensor x0 = with_initial_state ? to_device(initial_state(config, e)) : at::Tensor();
  e.model = std::make_unique<AxdaGaussianModel>(e.likelihood, std::make_shared<Gradient2D>(*e.domain), auxiliary,
                                                x0, options);

  e.sampler_options.iterations = config.get_int("sampler.iterations");
  e.sampler_options.burn_in = config.get_int("sampler.burn_in");
  e.sampler_options.thinning = config.get_int("sampler.thinning");
  e.sampler_options.keep_samples = config.get_int("sampler.keep_samples");
  e.sampler_options.flush_every = config.get_int("sampler.flush_every");
  return e;
}

}  // namespace dpnp::app
