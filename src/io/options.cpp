#include "dpnp/io/options.hpp"

#include <filesystem>
#include <string>

#include "dpnp/denoisers/halo_mode.hpp"

namespace dpnp {

namespace {

std::optional<double> optional_float(const config::Config& config, const std::string& key) {
  if (!config.is_set(key)) return std::nullopt;
  return config.get_float(key);
}

RunOptions run_options(const config::Config& c) {
  RunOptions o;
  o.seed = static_cast<std::uint64_t>(c.get_int("run.seed"));
  o.device = c.get_string("run.device");
  o.threads = static_cast<int>(c.get_int("run.threads"));
  o.log_level = c.get_string("run.log_level");
  o.gpu_aware_mpi = c.get_string("run.gpu_aware_mpi");
  o.chains = static_cast<int>(c.get_int("run.chains"));
  return o;
}

ImageSource truth_options(const config::Config& c) {
  ImageSource o;
  o.path = c.get_string("truth.path");
  o.dataset = c.get_string("truth.dataset");
  o.hdu = c.get_string("truth.hdu");
  o.crop = c.get_int_list("truth.crop");
  o.grayscale = c.get_bool("truth.grayscale");
  return o;
}

ObservationOptions observation_options(const config::Config& c) {
  ObservationOptions o;
  o.path = c.get_string("observation.path");
  o.hdu = c.get_string("observation.hdu");
  o.seed = static_cast<std::uint64_t>(c.get_int("observation.seed"));
  o.forward.task = c.get_string("problem.task");
  o.forward.missing_fraction = c.get_float("observation.missing_fraction");
  o.forward.blur.kind = c.get_string("observation.blur_kernel");
  o.forward.blur.size = c.get_int("observation.blur_size");
  o.forward.blur.intensity = c.get_float("observation.blur_intensity");
  o.forward.blur.std_dev = c.get_float("observation.blur_std");
  o.blur_path = c.get_string("observation.blur_path");
  o.noise.model = c.get_string("problem.noise");
  o.noise.snr_db = c.get_float("observation.snr_db");
  o.noise.sigma = optional_float(c, "observation.sigma");
  o.noise.peak = c.get_float("observation.peak");
  return o;
}

PriorOptions prior_options(const config::Config& c) {
  PriorOptions o;
  o.type = c.get_string("prior.type");
  o.mu = c.get_float("prior.mu");
  o.rho = c.get_float("prior.rho");
  o.weights = c.get_string("prior.weights");
  o.alpha = c.get_float("prior.alpha");
  o.lipschitz = c.get_float("prior.lipschitz");
  o.denoising_level = optional_float(c, "prior.denoising_level");
  o.precision = parse_precision(c.get_string("prior.precision"));
  o.fused = c.get_bool("prior.fused");
  o.cuda_graph = c.get_bool("prior.cuda_graph");
  o.halo_mode = parse_halo_mode(c.get_string("halo.mode"));
  o.mean = c.get_float("prior.mean");
  o.std_dev = c.get_float("prior.std");
  return o;
}

ChainOptions chain_options(const config::Config& c) {
  ChainOptions o;
  o.sampler.iterations = c.get_int("sampler.iterations");
  o.sampler.burn_in = c.get_int("sampler.burn_in");
  o.sampler.thinning = c.get_int("sampler.thinning");
  o.sampler.keep_samples = c.get_int("sampler.keep_samples");
  o.sampler.flush_every = c.get_int("sampler.flush_every");
  o.init = c.get_string("sampler.init");
  o.chain_init = c.get_string("sampler.chain_init");
  o.authors_steps = c.get_string("sampler.step_rule") == "authors";
  o.step_scale = c.get_float("sampler.step_scale");
  o.ci_level = c.get_float("sampler.ci_level");
  return o;
}

OutputOptions output_options(const config::Config& c) {
  OutputOptions o;
  o.path = c.get_string("output.path");
  o.fits = c.get_bool("output.fits");
  o.save_samples = c.get_bool("output.save_samples");
  o.previews = c.get_bool("output.previews");
  o.preview_max_side = c.get_int("output.preview_max_side");
  o.progress_every = c.get_int("output.progress_every");
  o.checkpoint_every = c.get_int("output.checkpoint_every");
  o.checkpoint_path = c.get_string("output.checkpoint_path");
  return o;
}

}  // namespace

CheckpointPaths OutputOptions::checkpoints(int chain) const {
  const CheckpointPaths first = checkpoint_path.empty() ? CheckpointPaths::beside(path) : CheckpointPaths::at(checkpoint_path);
  if (chain == 0) return first;
  const std::filesystem::path current(first.current);
  const std::string extension = current.extension().empty() ? ".h5" : current.extension().string();
  return CheckpointPaths::at((current.parent_path() / (current.stem().string() + ".chain" + std::to_string(chain) + extension)).string());
}

ExperimentOptions experiment_options(const config::Config& config) {
  ExperimentOptions o;
  o.run = run_options(config);
  o.truth = truth_options(config);
  o.observation = observation_options(config);
  o.prior = prior_options(config);
  o.denoising_level_rule = config.get_string("prior.denoising_level_rule");
  o.poisson.rho1 = config.get_float("poisson.rho1");
  o.poisson.rho2 = config.get_float("poisson.rho2");
  o.chain = chain_options(config);
  o.output = output_options(config);
  o.config_yaml = config.effective_yaml();
  o.fingerprint = ChainFingerprint::of(config);
  return o;
}

}  // namespace dpnp
