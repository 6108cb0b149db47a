#include "denoise_command.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <filesystem>

#include "config_loading.hpp"
#include "dpnp/app/problem.hpp"
#include "dpnp/core/error.hpp"
#include "dpnp/core/provenance.hpp"
#include "dpnp/core/runtime.hpp"
#include "dpnp/core/version.hpp"
#include "dpnp/dist/image_metrics.hpp"
#include "dpnp/io/image.hpp"
#include "dpnp/io/result_file.hpp"
#include "dpnp/io/run_files.hpp"
#include "dpnp/io/truth.hpp"
#include "dpnp/dist/reduce.hpp"
#include "dpnp/physics/observation.hpp"
#include "dpnp/priors/prior_catalogue.hpp"

namespace dpnp::app {

namespace {

std::string default_output(const OutputOptions& output) {
  const std::filesystem::path result(output.path);
  return (result.parent_path() / (result.stem().string() + "_denoised.h5")).string();
}

void log_metrics(const std::string& what, const ImageMetrics& m) {
  spdlog::info("{}: SNR {:.2f} dB  PSNR {:.2f} dB  SSIM {:.4f}", what, m.snr_db, m.psnr_db, m.ssim);
}

}  // namespace

CLI::App* add_denoise_command(CLI::App& cli, DenoiseArgs& args) {
  auto* cmd = cli.add_subcommand("denoise",
                                 "Apply the config's denoiser prior (prior.type, prior.weights, denoiser level) once to "
                                 "truth.path, to see what it does to your data before sampling.");
  cmd->add_option("config", args.config_path, "Experiment config (YAML)")->required();
  cmd->add_option("--set", args.overrides, "Override a config key")->type_name("KEY=VALUE");
  cmd->add_option("-o,--output", args.output,
                  "HDF5 file to write (default: output.path with _denoised.h5 in place of .h5)");
  cmd->add_flag("--add-noise", args.add_noise,
                "Denoise the image plus Gaussian noise at the denoiser's level (seed observation.seed), and report "
                "PSNR/SSIM of the noisy and the denoised image against the image");
  return cmd;
}

int run_denoise(const DenoiseArgs& args) {
  const Comm comm = Comm::world();
  const ExperimentOptions options = load_options(comm, args.config_path, args.overrides);
  const PriorEntry& entry = prior_entry(options.prior.type);
  collectively(comm, [&] {
    if (options.truth.path.empty())
      throw InputError("truth.path: dpnp denoise denoises the image at truth.path; set it to your image");
  });
  configure_threads(options.run.threads, comm.local_size());
  const std::string path = args.output.empty() ? default_output(options.output) : args.output;
  refuse_output_over_inputs(comm, options, args.config_path, path);

  ImageShape shape;
  collectively(comm, [&] { shape = probe_image(options.truth); });
  SlabLayout layout;
  collectively(comm, [&] {
    layout = SlabLayout::balanced(shape.height, shape.width, comm.size(), entry.needs(options.prior) | image_metrics_needs(),
                                  fmt::format("the image ({}x{})", shape.height, shape.width));
  });
  const at::Device device = select_device(options.run, comm);
  const auto halo = std::make_shared<HaloExchange>(comm, false);
  const SlabDomain domain(layout, halo);
  const at::Tensor image = read_truth(options.truth, domain);

  PriorContext context;
  context.device = device;
  context.channels = shape.channels;
  context.data_name = fmt::format("truth.path '{}'", options.truth.path);
  const PriorParts parts = entry.make(options.prior, domain, context);
  collectively(comm, [&] {
    if (!parts.pnp)
      throw InputError(fmt::format("prior.type: {} is not a denoiser; dpnp denoise applies a plug-and-play prior (set "
                                   "prior.type to one of the denoisers in docs/config.md)", options.prior.type));
    // Without a chain there is no noise level to derive the denoiser's level from.
    if (!options.prior.denoising_level)
      throw InputError("prior.denoising_level: dpnp denoise needs the denoiser level sigma_d; set it (e.g. --set "
                       "prior.denoising_level=0.05)");
  });
  const double sigma_d = std::sqrt(parts.pnp->options().epsilon);
  spdlog::info("denoiser: {}", parts.description);

  at::Tensor input = image;
  if (args.add_noise) input = add_gaussian_noise(domain, image, sigma_d, options.observation.seed);
  const at::Tensor denoised = parts.pnp->denoise(input.to(device)).to(at::kCPU);

  ResultFile file(comm, path, "denoised image", "--output");
  file.write_slab("/image", image, layout);
  if (args.add_noise) file.write_slab("/noisy", input, layout);
  file.write_slab("/denoised", denoised, layout);
  file.set_attribute("/", "prior", parts.description);
  file.set_attribute("/", "denoising_level", sigma_d);
  file.set_attribute("/", "added_noise_sigma", args.add_noise ? sigma_d : 0.0);
  if (args.add_noise) {
    const ImageMetrics before = image_metrics(domain, input, image), after = image_metrics(domain, denoised, image);
    log_metrics(fmt::format("noisy image (sigma {:.4g})", sigma_d), before);
    log_metrics("denoised", after);
    file.set_attribute("/", "noisy_psnr_db", before.psnr_db);
    file.set_attribute("/", "denoised_psnr_db", after.psnr_db);
    file.set_attribute("/", "noisy_ssim", before.ssim);
    file.set_attribute("/", "denoised_ssim", after.ssim);
  } else {
    // Without noise added, how much the denoiser changes the image says how far it is from its fixed points.
    const double change = std::sqrt(global_sum(comm, (denoised - image).pow(2)) /
                                    static_cast<double>(shape.channels * shape.height * shape.width));
    spdlog::info("denoised: RMS change {:.4g} (the denoiser level is {:.4g})", change, sigma_d);
    file.set_attribute("/", "rms_change", change);
  }
  file.set_attribute("/", "config", options.config_yaml);
  file.set_attribute("/", "inputs", input_provenance(options));
  file.set_attribute("/", "dpnp_version", std::string(version()));
  file.set_attribute("/", "git_hash", std::string(git_hash()));
  write_run_provenance(file, comm);
  file.set_attribute("/", "ranks", static_cast<std::int64_t>(comm.size()));
  file.describe_for_readers();
  file.commit();
  spdlog::info("wrote {}", path);
  return kExitOk;
}

}  // namespace dpnp::app
