// DnCNN in the network catalogue: its slab-wise denoiser and its trainable form.
#include <fmt/format.h>

#include "dpnp/core/error.hpp"
#include "dpnp/denoisers/network_catalogue.hpp"
#include "dpnp/denoisers/networks.hpp"
#include "network_wrappers.hpp"

namespace dpnp {

namespace {

constexpr const char* kName = "dncnn";

class DncnnDenoiser final : public NetworkDenoiser {
 public:
  DncnnDenoiser(DncnnNetwork net, SlabDomain domain)
      : NetworkDenoiser(fmt::format("DnCNN ({} layers)", net.layers()), std::move(domain)), net_(std::move(net)) {}
  std::int64_t channels() const override { return net_.channels(); }
  std::int64_t receptive_rows() const override { return net_.layers(); }  // L 3x3 convolutions in a row

 protected:
  void move_weights(const at::Device& device, at::ScalarType dtype) override {
    net_ = net_.converted(device, dtype, memory_format(device));
  }
  at::Tensor run(const at::Tensor& batch, double /*sigma: blind*/) override {
    return net_.forward(to_compute(batch).contiguous(memory_format(batch.device())), halo());
  }

 private:
  DncnnNetwork net_;
};

class TrainableDncnn final : public TrainableNetwork {
 public:
  explicit TrainableDncnn(DncnnNetwork net) : net_(std::move(net)) { as_leaves(net_.parameters()); }
  std::string architecture() const override { return kName; }
  std::string description() const override { return fmt::format("DnCNN ({} layers)", net_.layers()); }
  std::int64_t channels() const override { return net_.channels(); }
  at::Tensor forward(const at::Tensor& x, double /*blind*/) const override { return net_.forward(x, nullptr); }
  std::vector<at::Tensor> parameters() override { return net_.parameters(); }
  StateDict state_dict() const override { return detached(net_.state_dict()); }

 private:
  DncnnNetwork net_;
};

}  // namespace

NetworkEntry dncnn_entry() {
  NetworkEntry e;
  e.name = kName;
  e.needs = SlabNeeds::halo(1, "the denoiser's 3x3 convolutions");
  e.weights_doc = "model.{0,2,..}.weight and .bias (KAIR's dncnn_color_blind layout)";
  e.layers_key = "layers";
  e.layers_doc = "convolutions";
  e.inference = [](const StateDict& dict, const std::string& origin, const SlabDomain& domain,
                   const DenoiserOptions&) -> std::unique_ptr<Denoiser> {
    return std::make_unique<DncnnDenoiser>(DncnnNetwork::from_state_dict(dict, origin), domain);
  };
  e.trainable = [](const StateDict& dict, const std::string& origin) -> std::unique_ptr<TrainableNetwork> {
    return std::make_unique<TrainableDncnn>(DncnnNetwork::from_state_dict(dict, origin));
  };
  e.fresh = [](const FreshNetworkOptions& o) -> std::unique_ptr<TrainableNetwork> {
    if (o.layers < 2) throw InputError("--layers: DnCNN needs at least 2 convolutions");
    std::vector<at::Tensor> weights, biases;
    for (std::int64_t l = 0; l < o.layers; ++l) {
      const std::int64_t in = l == 0 ? o.channels : o.features;
      const std::int64_t out = l + 1 == o.layers ? o.channels : o.features;
      weights.push_back(kaiming_normal({out, in, 3, 3}, o.seed, static_cast<std::uint32_t>(l), o.init_scale.value_or(1.0)));
      biases.push_back(at::zeros({out}, at::kFloat));
    }
    return std::make_unique<TrainableDncnn>(DncnnNetwork(std::move(weights), std::move(biases)));
  };
  return e;
}

}  // namespace dpnp
