#include "observation_setup.hpp"

#include <fmt/format.h>

#include "dpnp/core/error.hpp"
#include "dpnp/physics/blur.hpp"
#include "dpnp/physics/blur_kernels.hpp"
#include "dpnp/physics/mask.hpp"
#include "dpnp/physics/observation.hpp"

namespace dpnp::app {

std::int64_t blur_size(const config::Config& config, const ImageShape& shape) {
  const std::int64_t size = config.get_int("observation.blur_size");
  return size > 0 ? size : default_blur_size(shape.height, shape.width);
}

namespace {

// The same kernel on every rank: generators are pure functions, files are read by every rank.
at::Tensor make_kernel(const config::Config& config, const Experiment& e, std::uint64_t seed) {
  const std::string kind = config.get_string("observation.blur_kernel");
  at::Tensor kernel;
  collectively(e.domain->comm(), [&] {
    if (kind == "file")
      kernel = load_blur_kernel(config.get_string("observation.blur_path"));
    else if (kind == "gaussian")
      kernel = gaussian_blur_kernel(blur_size(config, e.shape), config.get_float("observation.blur_std"));
    else
      kernel = motion_blur_kernel(blur_size(config, e.shape), config.get_float("observation.blur_intensity"), seed);
  });
  return kernel;
}

std::string noise_fact(const config::Config& config, const Experiment& e) {
  if (e.noise == "poisson") return fmt::format("Poisson noise, peak {}", e.peak);
  return fmt::format("Gaussian noise sigma = {:.5g}{}", e.sigma,
                     config.is_set("observation.sigma")
                         ? ""
                         : fmt::format(" (input SNR {} dB)", config.get_float("observation.snr_db")));
}

}  // namespace

void synthesize_observation(const config::Config& config, Experiment& e) {
  const std::uint64_t seed = static_cast<std::uint64_t>(config.get_int("observation.seed"));
  std::string operator_fact;
  if (e.task == "inpainting") {
    e.mask = random_mask(*e.domain, config.get_float("observation.missing_fraction"), seed);
    const auto mask = std::make_shared<Mask>(*e.domain, e.mask);
    operator_fact = fmt::format("inpainting, {:.1f}% observed", 100.0 * mask->observed_fraction());
    e.op = mask;
  } else {
    e.kernel = make_kernel(config, e, seed);
    std::shared_ptr<Blur> blur;
    collectively(e.domain->comm(), [&] { blur = std::make_shared<Blur>(*e.domain, e.kernel); });
    operator_fact = fmt::format("deblurring, {} {}x{} kernel, data {}x{}", config.get_string("observation.blur_kernel"),
                                e.kernel.size(0), e.kernel.size(1), blur->range().height(), blur->range().width());
    e.op = blur;
  }
  e.data_domain = std::make_unique<SlabDomain>(e.op->range());
  const at::Tensor clean = e.op->apply(e.truth);
  if (e.noise == "poisson") {
    e.peak = config.get_float("observation.peak");
    e.observation = add_poisson_noise(*e.data_domain, clean, e.peak, seed);
  } else {
    e.sigma = config.is_set("observation.sigma") ? config.get_float("observation.sigma")
                                                  : noise_sigma_from_snr(*e.data_domain, clean, config.get_float("observation.snr_db"));
    e.observation = add_gaussian_noise(*e.data_domain, clean, e.sigma, seed);
  }
  e.facts.emplace_back("observation", operator_fact + ", " + noise_fact(config, e));
  e.observation_image = observation_as_image(e);
}

at::Tensor observation_as_image(const Experiment& e) {
  at::Tensor image = e.observation;
  if (e.task == "deblurring") {
    // Image row r sits at data row r + k/2: this slab's image rows start k/2 rows into its data rows
    // and end k/2 rows into the next rank's (the last rank holds them itself, in its trailing rows).
    const std::int64_t offset = e.kernel.size(0) / 2;
    const std::int64_t rows = e.domain->rows();
    const std::int64_t local = e.observation.size(-2);
    const std::int64_t from_self = std::min<std::int64_t>(rows, local - offset);
    const Ghosts below = e.data_domain->halo().fill(e.observation, 0, offset);
    std::vector<at::Tensor> parts{e.observation.narrow(-2, offset, from_self)};
    if (from_self < rows) parts.push_back(below.bottom.narrow(-2, 0, rows - from_self));
    image = at::cat(parts, -2).narrow(-1, e.kernel.size(1) / 2, e.domain->width()).contiguous();
  } else {
    DPNP_CHECK(e.observation.size(-2) == e.domain->rows(), "inpainting data must use the image layout");
  }
  if (e.noise == "poisson") image = image / e.peak;
  return image;
}

}  // namespace dpnp::app
