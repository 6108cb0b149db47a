#include "dpnp/denoisers/trainable.hpp"

#include <fmt/format.h>

#include <cmath>

#include "dpnp/core/error.hpp"
#include "dpnp/core/noise_field.hpp"
#include "dpnp/denoisers/factory.hpp"
#include "dpnp/denoisers/networks.hpp"

namespace dpnp {

namespace {

std::vector<at::Tensor> as_leaves(std::vector<at::Tensor> tensors) {
  for (auto& t : tensors) t.requires_grad_(true);
  return tensors;
}

StateDict detached(StateDict dict) {
  for (auto& entry : dict) entry.second = entry.second.detach();
  return dict;
}

class TrainableDdfb final : public TrainableNetwork {
 public:
  explicit TrainableDdfb(DdfbNetwork net) : net_(std::move(net)) { as_leaves(net_.parameters()); }
  std::string architecture() const override { return "ddfb"; }
  std::string description() const override {
    return fmt::format("DDFB (K={}, {} features)", net_.layers(), net_.features());
  }
  std::int64_t channels() const override { return net_.channels(); }

  at::Tensor forward(const at::Tensor& x, double sigma) const override {
    if (!at::GradMode::is_enabled()) return net_.forward(x, sigma, nullptr);
    return net_.forward_differentiable(x, at::scalar_tensor(sigma, x.options()));
  }

  void prepare(std::int64_t rows, std::int64_t cols, double tolerance, int iterations) override {
    at::NoGradGuard no_grad;
    std::vector<double> tau(static_cast<std::size_t>(net_.layers()), 0.0);
    for (std::int64_t k = 1; k < net_.layers(); ++k)
      tau[static_cast<std::size_t>(k)] =
          1.99 / conv_squared_norm(net_.kernels()[static_cast<std::size_t>(k)].detach(), nullptr, rows, cols, tolerance,
                                   iterations);
    net_.set_steps(std::move(tau));
  }

  std::vector<at::Tensor> parameters() override { return net_.parameters(); }
  StateDict state_dict() const override { return detached(net_.state_dict()); }

 private:
  DdfbNetwork net_;
};

class TrainableDncnn final : public TrainableNetwork {
 public:
  explicit TrainableDncnn(DncnnNetwork net) : net_(std::move(net)) { as_leaves(net_.parameters()); }
  std::string architecture() const override { return "dncnn"; }
  std::string description() const override { return fmt::format("DnCNN ({} layers)", net_.layers()); }
  std::int64_t channels() const override { return net_.channels(); }
  at::Tensor forward(const at::Tensor& x, double /*blind*/) const override { return net_.forward(x, nullptr); }
  std::vector<at::Tensor> parameters() override { return net_.parameters(); }
  StateDict state_dict() const override { return detached(net_.state_dict()); }

 private:
  DncnnNetwork net_;
};

class TrainableDrunet final : public TrainableNetwork {
 public:
  explicit TrainableDrunet(DrunetNetwork net) : net_(std::move(net)) { as_leaves(net_.parameters()); }
  std::string architecture() const override { return "drunet"; }
  std::string description() const override { return "DRUNet"; }
  std::int64_t channels() const override { return net_.channels(); }
  at::Tensor forward(const at::Tensor& x, double sigma) const override {
    return net_.forward(x, sigma, nullptr, /*last_slab=*/true);
  }
  std::vector<at::Tensor> parameters() override { return net_.parameters(); }
  StateDict state_dict() const override { return detached(net_.state_dict()); }

 private:
  DrunetNetwork net_;
};

// Kaiming normal (fan-in, gain sqrt(2)); the counter-based RNG makes a fresh network a function of
// the seed alone. Each tensor gets its own iteration of the stream.
at::Tensor kaiming_normal(std::vector<std::int64_t> shape, std::uint64_t seed, std::uint32_t index, double scale) {
  at::Tensor w = at::empty(shape, at::kFloat);
  fill_normal(w, noise::Key{seed, noise::kTraining, index}, slab_coords(w, w.size(-2), 0));
  const double fan_in = static_cast<double>(shape[1] * shape[2] * shape[3]);
  return w.mul_(scale * std::sqrt(2.0 / fan_in));
}

void check_sizes(const FreshNetworkOptions& o) {
  if (o.channels < 1 || o.layers < 1 || o.features < 1)
    throw InputError(fmt::format("a fresh network needs channels, layers and features >= 1 (got {}, {}, {})",
                                 o.channels, o.layers, o.features));
}

}  // namespace

std::unique_ptr<TrainableNetwork> make_trainable_network(const std::string& architecture, const StateDict& dict,
                                                         const std::string& origin) {
  if (architecture == "ddfb") return std::make_unique<TrainableDdfb>(DdfbNetwork::from_state_dict(dict, origin));
  if (architecture == "dncnn") return std::make_unique<TrainableDncnn>(DncnnNetwork::from_state_dict(dict, origin));
  if (architecture == "drunet") return std::make_unique<TrainableDrunet>(DrunetNetwork::from_state_dict(dict, origin));
  throw InputError(fmt::format("--arch: '{}' is not known; use ddfb, dncnn or drunet", architecture));
}

std::unique_ptr<TrainableNetwork> load_trainable_network(const std::string& architecture, const std::string& weights) {
  return make_trainable_network(architecture, load_state_dict(weights), weights);
}

std::unique_ptr<TrainableNetwork> make_fresh_network(const std::string& architecture, const FreshNetworkOptions& o) {
  check_sizes(o);
  std::vector<at::Tensor> weights;
  if (architecture == "ddfb") {
    for (std::int64_t k = 0; k < o.layers; ++k)
      weights.push_back(kaiming_normal({o.features, o.channels, 3, 3}, o.seed, static_cast<std::uint32_t>(k),
                                       o.init_scale.value_or(kDdfbInitScale)));
    return std::make_unique<TrainableDdfb>(DdfbNetwork(std::move(weights)));
  }
  if (architecture == "dncnn") {
    if (o.layers < 2) throw InputError("--layers: DnCNN needs at least 2 convolutions");
    std::vector<at::Tensor> biases;
    for (std::int64_t l = 0; l < o.layers; ++l) {
      const std::int64_t in = l == 0 ? o.channels : o.features;
      const std::int64_t out = l + 1 == o.layers ? o.channels : o.features;
      weights.push_back(kaiming_normal({out, in, 3, 3}, o.seed, static_cast<std::uint32_t>(l), o.init_scale.value_or(1.0)));
      biases.push_back(at::zeros({out}, at::kFloat));
    }
    return std::make_unique<TrainableDncnn>(DncnnNetwork(std::move(weights), std::move(biases)));
  }
  throw InputError(fmt::format("--arch: training supports ddfb and dncnn, not '{}'", architecture));
}

}  // namespace dpnp
