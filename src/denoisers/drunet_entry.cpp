// DRUNet in the network catalogue: its slab-wise denoiser and its trainable form (for the Lipschitz
// estimate and fine-tuning from its weights; dpnp does not train it from scratch).
#include "dpnp/denoisers/network_catalogue.hpp"
#include "dpnp/denoisers/networks.hpp"
#include "network_wrappers.hpp"

namespace dpnp {

namespace {

constexpr const char* kName = "drunet";

class DrunetDenoiser final : public NetworkDenoiser {
 public:
  DrunetDenoiser(DrunetNetwork net, SlabDomain domain)
      : NetworkDenoiser("DRUNet", std::move(domain)), net_(std::move(net)) {}
  std::int64_t channels() const override { return net_.channels(); }
  std::int64_t row_multiple() const override { return 8; }
  std::int64_t min_rows() const override { return 8; }
  std::int64_t receptive_rows() const override { return net_.receptive_rows(); }

 protected:
  void move_weights(const at::Device& device, at::ScalarType dtype) override {
    net_ = net_.converted(device, dtype, memory_format(device));
  }
  at::Tensor run(const at::Tensor& batch, double sigma) override {
    return net_.forward(to_compute(batch).contiguous(memory_format(batch.device())), sigma, halo(),
                        domain().holds_last_row());
  }

 private:
  DrunetNetwork net_;
};

class TrainableDrunet final : public TrainableNetwork {
 public:
  explicit TrainableDrunet(DrunetNetwork net) : net_(std::move(net)) { as_leaves(net_.parameters()); }
  std::string architecture() const override { return kName; }
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

}  // namespace

NetworkEntry drunet_entry() {
  NetworkEntry e;
  e.name = kName;
  // Its stride-2 levels must not straddle two ranks: slabs hold multiples of 8 rows (and at least 8).
  e.needs = SlabNeeds::halo(8, "DRUNet") | SlabNeeds::multiple(8, "DRUNet");
  e.weights_doc = "KAIR's UNetRes (drunet_color.pth) key names";
  e.layers_key = "layers";
  e.layers_doc = "fixed by its weights";
  e.inference = [](const StateDict& dict, const std::string& origin, const SlabDomain& domain,
                   const DenoiserOptions&) -> std::unique_ptr<Denoiser> {
    return std::make_unique<DrunetDenoiser>(DrunetNetwork::from_state_dict(dict, origin), domain);
  };
  e.trainable = [](const StateDict& dict, const std::string& origin) -> std::unique_ptr<TrainableNetwork> {
    return std::make_unique<TrainableDrunet>(DrunetNetwork::from_state_dict(dict, origin));
  };
  return e;
}

}  // namespace dpnp
