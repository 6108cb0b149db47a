// The catalogue of tasks: every forward operator dpnp can sample with, registered once.
#include <fmt/format.h>

#include <algorithm>

#include "dpnp/core/error.hpp"
#include "dpnp/physics/blur.hpp"
#include "dpnp/physics/blur_kernels.hpp"
#include "dpnp/physics/forward_model.hpp"
#include "dpnp/physics/mask.hpp"

namespace dpnp {

at::Tensor ForwardModel::global_data(const ForwardOptions&, std::int64_t, std::int64_t, std::uint64_t) const {
  return {};
}

at::Tensor ForwardModel::slab_data(const SlabDomain&, const ForwardOptions&, std::uint64_t) const { return {}; }

namespace {

/// Inpainting: a random 0/1 pixel mask shared by the channels (algorithm.md, Task 1).
class Inpainting final : public ForwardModel {
 public:
  std::string name() const override { return "inpainting"; }
  bool data_per_slab() const override { return true; }
  std::string dataset() const override { return "/mask"; }
  at::Tensor slab_data(const SlabDomain& image, const ForwardOptions& options, std::uint64_t seed) const override {
    return random_mask(image, options.missing_fraction, seed);
  }
  at::Tensor checked_data(at::Tensor data, const std::string& origin) const override {
    if (!(data.eq(0) | data.eq(1)).all().item<bool>())
      throw InputError(fmt::format("{}: dataset '/mask' holds values other than 0 and 1; write 1 where a pixel is "
                                   "observed and 0 where it is missing",
                                   origin));
    return data;
  }
  SlabNeeds needs(const at::Tensor&) const override { return {}; }
  std::pair<std::int64_t, std::int64_t> image_size(std::int64_t data_height, std::int64_t data_width,
                                                   const at::Tensor&) const override {
    return {data_height, data_width};
  }
  std::shared_ptr<LinearOperator> make(const SlabDomain& image, const at::Tensor& data) const override {
    return std::make_shared<Mask>(image, data);
  }
  std::string default_init() const override { return "interpolation"; }
  std::string describe(const LinearOperator& op, const std::string& source) const override {
    return fmt::format("inpainting, {:.1f}% observed{}", 100.0 * static_cast<const Mask&>(op).observed_fraction(),
                       source);
  }
};

/// Deblurring: the full linear convolution with a k x k kernel (algorithm.md, Task 2).
class Deblurring final : public ForwardModel {
 public:
  std::string name() const override { return "deblurring"; }
  bool data_per_slab() const override { return false; }
  std::string dataset() const override { return "/kernel"; }
  bool data_from_file(const ForwardOptions& options) const override { return options.blur.kind == "file"; }
  at::Tensor global_data(const ForwardOptions& options, std::int64_t height, std::int64_t width,
                         std::uint64_t seed) const override {
    const std::int64_t size = options.blur.size > 0 ? options.blur.size : default_blur_size(height, width);
    if (options.blur.kind == "gaussian") return gaussian_blur_kernel(size, options.blur.std_dev);
    DPNP_CHECK(options.blur.kind == "motion", "a file kernel is read by io, not synthesised");
    return motion_blur_kernel(size, options.blur.intensity, seed);
  }
  at::Tensor checked_data(at::Tensor data, const std::string& origin) const override {
    return normalised_kernel(data, origin);
  }
  SlabNeeds needs(const at::Tensor& kernel) const override { return Blur::needs(kernel.size(0)); }
  std::pair<std::int64_t, std::int64_t> image_size(std::int64_t data_height, std::int64_t data_width,
                                                   const at::Tensor& kernel) const override {
    // The data are the full linear convolution: (H + k - 1) x (W + k - 1).
    const std::int64_t grown = kernel.size(0) - 1;
    return {std::max<std::int64_t>(0, data_height - grown), std::max<std::int64_t>(0, data_width - grown)};
  }
  std::shared_ptr<LinearOperator> make(const SlabDomain& image, const at::Tensor& kernel) const override {
    std::shared_ptr<Blur> blur;
    collectively(image.comm(), [&] { blur = std::make_shared<Blur>(image, kernel); });
    return blur;
  }
  std::string describe(const LinearOperator& op, const std::string& source) const override {
    const auto& blur = static_cast<const Blur&>(op);
    return fmt::format("deblurring, {0}x{0} kernel{1}, data {2}x{3}", blur.kernel_size(), source,
                       blur.range().height(), blur.range().width());
  }
  std::string default_init() const override { return "least_squares"; }
};

const std::vector<std::unique_ptr<ForwardModel>>& catalogue() {
  static const std::vector<std::unique_ptr<ForwardModel>> models = [] {
    std::vector<std::unique_ptr<ForwardModel>> m;
    m.push_back(std::make_unique<Inpainting>());
    m.push_back(std::make_unique<Deblurring>());
    return m;
  }();
  return models;
}

}  // namespace

const ForwardModel& forward_model(const std::string& task) {
  for (const auto& model : catalogue())
    if (model->name() == task) return *model;
  throw InputError(fmt::format("problem.task: '{}' is not known; use one of: {}", task,
                               fmt::join(forward_model_names(), ", ")));
}

std::vector<std::string> forward_model_names() {
  std::vector<std::string> names;
  for (const auto& model : catalogue()) names.push_back(model->name());
  return names;
}

}  // namespace dpnp
