#include "dpnp/denoisers/factory.hpp"

#include <ATen/Context.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "dpnp/core/error.hpp"
#include "dpnp/denoisers/ddfb_cpu.hpp"
#include "dpnp/denoisers/ddfb_fused.hpp"
#include "dpnp/denoisers/graphed_denoiser.hpp"
#include "dpnp/denoisers/networks.hpp"
#include "dpnp/denoisers/spectral_norm.hpp"

namespace dpnp {

namespace {

// Shared by the three networks: device and precision, and the [C, rows, W] <-> [1, C, rows, W] shape.
class NetworkDenoiser : public Denoiser {
 public:
  NetworkDenoiser(std::string name, SlabDomain domain) : name_(std::move(name)), domain_(std::move(domain)) {}
  std::string name() const override { return name_; }

  void to(const at::Device& device, Precision precision) override {
    if (!device.is_cuda() && precision != Precision::kFp32)
      throw InputError(fmt::format("prior.precision: {} needs a GPU (run.device: cuda); the CPU supports fp32 only",
                                   to_string(precision)));
    device_ = device;
    precision_ = precision;
    // fp32 means fp32: cuDNN would otherwise use TF32 for convolutions by default.
    at::globalContext().setAllowTF32CuDNN(precision == Precision::kTf32);
    at::globalContext().setAllowTF32CuBLAS(precision == Precision::kTf32);
    move_weights(device, precision == Precision::kBf16 ? at::kBFloat16 : at::kFloat);
  }

  at::Tensor denoise(const at::Tensor& x, double sigma) override {
    at::NoGradGuard no_grad;
    return run(x.unsqueeze(0), sigma).squeeze(0).to(at::kFloat).contiguous();
  }

 protected:
  /// The float32 batch in the dtype the network computes in.
  at::Tensor to_compute(const at::Tensor& batch) const {
    return batch.to(precision_ == Precision::kBf16 ? at::kBFloat16 : at::kFloat);
  }
  Precision precision() const { return precision_; }
  virtual void move_weights(const at::Device& device, at::ScalarType dtype) = 0;
  /// `batch`: float32 [1, C, rows, W].
  virtual at::Tensor run(const at::Tensor& batch, double sigma) = 0;
  const HaloExchange* halo() const { return &domain_.halo(); }
  const SlabDomain& domain() const { return domain_; }

 private:
  std::string name_;
  SlabDomain domain_;
  at::Device device_ = at::kCPU;
  Precision precision_ = Precision::kFp32;
};

// cuDNN's tensor-core convolutions work in NHWC: channels-last activations and weights spare it a
// transpose before and after every layer.
at::MemoryFormat memory_format(const at::Device& device) {
  return device.is_cuda() ? at::MemoryFormat::ChannelsLast : at::MemoryFormat::Contiguous;
}

std::vector<at::Tensor> moved(std::vector<at::Tensor> tensors, const at::Device& device, at::ScalarType dtype) {
  for (auto& t : tensors) t = t.to(device, dtype).contiguous();
  return tensors;
}

class DdfbDenoiser final : public NetworkDenoiser {
 public:
  DdfbDenoiser(DdfbNetwork net, SlabDomain domain, const DenoiserOptions& options)
      : NetworkDenoiser(fmt::format("DDFB (K={}, {} features)", net.layers(), net.features()), domain),
        net_(std::move(net)),
        fused_(options.fused) {}
  std::int64_t channels() const override { return net_.channels(); }
  const DdfbNetwork& network() const { return net_; }

 protected:
  void move_weights(const at::Device& device, at::ScalarType dtype) override {
    // tau_k = 1.99 / ||D_k||^2. The authors estimate ||D_k||^2 by a power method on the whole image,
    // which cost tens of CPU seconds at 512^2 and minutes at 2048^2; the kernel's frequency response
    // gives a guaranteed upper bound in milliseconds that the zero-padded norm meets as the image
    // grows (0.1 % at 128^2, tests/unit/spectral_norm_test.cpp), so the step stays admissible.
    std::vector<double> tau(net_.kernels().size(), 0.0);
    for (std::size_t k = 1; k < tau.size(); ++k) tau[k] = 1.99 / conv_squared_norm_bound(net_.kernels()[k]).squared_norm;
    spdlog::debug("DDFB steps tau_k = {}", fmt::join(tau.begin() + 1, tau.end(), ", "));
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

class DncnnDenoiser final : public NetworkDenoiser {
 public:
  DncnnDenoiser(DncnnNetwork net, SlabDomain domain)
      : NetworkDenoiser(fmt::format("DnCNN ({} layers)", net.layers()), std::move(domain)), net_(std::move(net)) {}
  std::int64_t channels() const override { return net_.channels(); }

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

class DrunetDenoiser final : public NetworkDenoiser {
 public:
  DrunetDenoiser(DrunetNetwork net, SlabDomain domain)
      : NetworkDenoiser("DRUNet", std::move(domain)), net_(std::move(net)) {}
  std::int64_t channels() const override { return net_.channels(); }
  std::int64_t row_multiple() const override { return 8; }
  std::int64_t min_rows() const override { return 8; }

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

class LinearDenoiser final : public Denoiser {
 public:
  LinearDenoiser(double a, std::int64_t channels) : a_(a), channels_(channels) {}
  std::string name() const override { return fmt::format("linear (D(x) = {} x)", a_); }
  at::Tensor denoise(const at::Tensor& x, double) override { return x * a_; }
  std::int64_t channels() const override { return channels_; }
  void to(const at::Device&, Precision) override {}

 private:
  double a_;
  std::int64_t channels_;
};

void check_channels(const Denoiser& denoiser, const DenoiserOptions& options) {
  const std::int64_t network = denoiser.channels();
  if (options.channels <= 0 || network == options.channels) return;
  const auto plural = [](std::int64_t n) { return n == 1 ? "" : "s"; };
  throw InputError(fmt::format(
      "prior.weights: '{}' is a {}-channel {} but {} has {} channel{}; give weights trained on {}-channel images "
      "(models/README.md lists the shipped ones, `dpnp train` makes new ones) or data with {} channel{}",
      options.weights, network, denoiser.name(), options.data_name, options.channels, plural(options.channels),
      options.channels, network, plural(network)));
}

}  // namespace

std::vector<std::string> network_names() { return {"ddfb", "dncnn", "drunet"}; }

SlabNeeds network_needs(const std::string& architecture) {
  // Every layer is a 3x3 convolution: one ghost row. DRUNet's stride-2 levels must not straddle two
  // ranks, so its slabs hold multiples of 8 rows (and at least 8).
  if (architecture == "drunet") return SlabNeeds::halo(8, "DRUNet") | SlabNeeds::multiple(8, "DRUNet");
  return SlabNeeds::halo(1, "the denoiser's 3x3 convolutions");
}

std::unique_ptr<Denoiser> make_denoiser(const DenoiserOptions& options, const SlabDomain& domain) {
  StateDict dict;
  collectively(domain.comm(), [&] { dict = load_state_dict(options.weights); });
  std::unique_ptr<NetworkDenoiser> denoiser;
  if (options.architecture == "ddfb") {
    std::optional<DdfbNetwork> net;
    collectively(domain.comm(), [&] { net.emplace(DdfbNetwork::from_state_dict(dict, options.weights)); });
    denoiser = std::make_unique<DdfbDenoiser>(std::move(*net), domain, options);
  } else if (options.architecture == "dncnn") {
    std::optional<DncnnNetwork> net;
    collectively(domain.comm(), [&] { net.emplace(DncnnNetwork::from_state_dict(dict, options.weights)); });
    denoiser = std::make_unique<DncnnDenoiser>(std::move(*net), domain);
  } else if (options.architecture == "drunet") {
    std::optional<DrunetNetwork> net;
    collectively(domain.comm(), [&] { net.emplace(DrunetNetwork::from_state_dict(dict, options.weights)); });
    denoiser = std::make_unique<DrunetDenoiser>(std::move(*net), domain);
  } else {
    throw InputError(fmt::format("prior.type: '{}' is not a known network; use one of: {}", options.architecture,
                                 fmt::join(network_names(), ", ")));
  }
  // Before any use: a network run on data of another channel count crashes inside its kernels.
  collectively(domain.comm(), [&] { check_channels(*denoiser, options); });
  collectively(domain.comm(), [&] { denoiser->to(options.device, options.precision); });
  // A graph cannot contain the MPI calls of a halo exchange: graphs only for a job of one rank.
  if (options.cuda_graph && options.device.is_cuda() && domain.comm().size() == 1)
    return make_graphed_denoiser(std::move(denoiser));
  return denoiser;
}

std::unique_ptr<Denoiser> make_linear_denoiser(double a, std::int64_t channels) {
  return std::make_unique<LinearDenoiser>(a, channels);
}

}  // namespace dpnp
