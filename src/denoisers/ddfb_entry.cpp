// DDFB in the network catalogue: its slab-wise denoiser (fused CPU/CUDA kernels or convolutions) and
// its trainable form.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "dpnp/denoisers/ddfb_cpu.hpp"
#include "dpnp/denoisers/ddfb_fused.hpp"
#include "dpnp/denoisers/network_catalogue.hpp"
#include "dpnp/denoisers/networks.hpp"
#include "dpnp/denoisers/spectral_norm.hpp"
#include "network_wrappers.hpp"

namespace dpnp {

namespace {

constexpr const char* kName = "ddfb";

/// DDFB's dual variable is clipped to [-sigma, sigma] and its primal iterates and output to [0, 1]: at
/// the full Kaiming scale D_0 x and D_0^T u are tens of times sigma, nearly every clip saturates and
/// passes no gradient, and training stalls. The authors' trained kernels have a standard deviation of
/// 0.02-0.04, a tenth of Kaiming's 0.27 for 27 inputs.
constexpr double kInitScale = 0.1;

class DdfbDenoiser final : public NetworkDenoiser {
 public:
  DdfbDenoiser(DdfbNetwork net, SlabDomain domain, const DenoiserOptions& options)
      : NetworkDenoiser(fmt::format("DDFB (K={}, {} features)", net.layers(), net.features()), std::move(domain)),
        net_(std::move(net)),
        fused_(options.fused) {}
  std::int64_t channels() const override { return net_.channels(); }
  // D_0, then D_k^T and D_k for k = 1..K-1, then D_0^T: 2K 3x3 convolutions in a row.
  std::int64_t receptive_rows() const override { return 2 * net_.layers(); }

 protected:
  void move_weights(const at::Device& device, at::ScalarType dtype) override {
    // tau_k = 1.99 / ||D_k||^2. The authors estimate ||D_k||^2 by a power method on the whole image,
    // which cost tens of CPU seconds at 512^2 and minutes at 2048^2; the kernel's frequency response
    // gives an upper bound, valid at every image size, in milliseconds, which the zero-padded norm
    // meets as the image grows (tests/unit/spectral_norm_test.cpp): the step stays admissible.
    std::vector<double> tau(net_.kernels().size(), 0.0);
    for (std::size_t k = 1; k < tau.size(); ++k) tau[k] = 1.99 / conv_squared_norm_bound(net_.kernels()[k]).squared_norm;
    spdlog::debug("DDFB steps tau_k = {}", fmt::join(tau.begin() + 1, tau.end(), ", "));
    if (fused_ && device.is_cpu() && net_.channels() == 3 && net_.features() == 64)
      spdlog::debug("DDFB fused CPU kernels: {}", ddfb_cpu_kernel_isa());
    DdfbNetwork moved_net(moved(net_.kernels(), device, dtype));
    moved_net.set_steps(tau);
    host_kernels_ = moved(net_.kernels(), at::kCPU, at::kFloat);
    net_ = std::move(moved_net);
  }
  at::Tensor run(const at::Tensor& batch, double sigma) override {
    // The fused kernels keep x and the primal variable in float32; bf16 applies to the dual only.
    // TF32 is a cuDNN mode, so it takes the cuDNN path.
    if (fused_ && ddfb_cpu_fused_available(batch, net_))
      return ddfb_forward_cpu_fused(net_, host_kernels_, batch, sigma, halo());
    if (fused_ && ddfb_fused_available(batch, net_) && precision() != Precision::kTf32)
      return ddfb_forward_fused(net_, host_kernels_, batch, sigma, halo(),
                                precision() == Precision::kBf16 ? at::kBFloat16 : at::kFloat);
    return net_.forward(to_compute(batch), sigma, halo());
  }

 private:
  DdfbNetwork net_;
  std::vector<at::Tensor> host_kernels_;  // float32 on the CPU: parameters of the fused kernels
  bool fused_;
};

class TrainableDdfb final : public TrainableNetwork {
 public:
  explicit TrainableDdfb(DdfbNetwork net) : net_(std::move(net)) { as_leaves(net_.parameters()); }
  std::string architecture() const override { return kName; }
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

}  // namespace

NetworkEntry ddfb_entry() {
  NetworkEntry e;
  e.name = kName;
  e.needs = SlabNeeds::halo(1, "the denoiser's 3x3 convolutions");
  e.weights_doc = "D0.weight and layers.{i}.Dk.weight with their tied *_T.weight copies (the authors' DDFB)";
  e.layers_key = "K";
  e.layers_doc = "K";
  e.sized_steps = true;
  e.init_scale = kInitScale;
  e.inference = [](const StateDict& dict, const std::string& origin, const SlabDomain& domain,
                   const DenoiserOptions& options) -> std::unique_ptr<Denoiser> {
    return std::make_unique<DdfbDenoiser>(DdfbNetwork::from_state_dict(dict, origin), domain, options);
  };
  e.trainable = [](const StateDict& dict, const std::string& origin) -> std::unique_ptr<TrainableNetwork> {
    return std::make_unique<TrainableDdfb>(DdfbNetwork::from_state_dict(dict, origin));
  };
  e.fresh = [](const FreshNetworkOptions& o) -> std::unique_ptr<TrainableNetwork> {
    std::vector<at::Tensor> weights;
    for (std::int64_t k = 0; k < o.layers; ++k)
      weights.push_back(kaiming_normal({o.features, o.channels, 3, 3}, o.seed, static_cast<std::uint32_t>(k),
                                       o.init_scale.value_or(kInitScale)));
    return std::make_unique<TrainableDdfb>(DdfbNetwork(std::move(weights)));
  };
  return e;
}

}  // namespace dpnp
