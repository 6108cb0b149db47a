#include <fmt/format.h>

#include <regex>

#include "dpnp/core/error.hpp"
#include "dpnp/denoisers/halo_conv.hpp"
#include "dpnp/denoisers/networks.hpp"

namespace dpnp {

namespace {

std::string conv_key(std::int64_t k, bool transposed) {
  if (k == 0) return transposed ? "D0_T.weight" : "D0.weight";
  return fmt::format("layers.{}.{}.weight", k - 1, transposed ? "Dk_T" : "Dk");
}

}  // namespace

DdfbNetwork::DdfbNetwork(std::vector<at::Tensor> kernels) : kernels_(std::move(kernels)) {
  DPNP_CHECK(!kernels_.empty(), "DDFB needs at least one layer");
  tau_.assign(kernels_.size(), 0.0);
}

DdfbNetwork DdfbNetwork::from_state_dict(const StateDict& dict, const std::string& path) {
  const at::Tensor d0 = find_tensor(dict, "D0.weight");
  if (!d0.defined() || d0.dim() != 4)
    throw InputError(fmt::format("weights '{}' do not fit DDFB: no 4-D 'D0.weight'; give DDFB weights (models/README.md)", path));
  static const std::regex layer_key(R"(layers\.(\d+)\.Dk\.weight)");
  std::int64_t layers = 1;
  for (const auto& [name, tensor] : dict) {
    std::smatch m;
    if (std::regex_match(name, m, layer_key)) layers = std::max<std::int64_t>(layers, std::stoll(m[1]) + 2);
  }
  ExpectedTensors expected;
  const std::vector<std::int64_t> shape(d0.sizes().begin(), d0.sizes().end());
  for (std::int64_t k = 0; k < layers; ++k) {
    expected.emplace_back(conv_key(k, false), shape);
    expected.emplace_back(conv_key(k, true), shape);
  }
  const std::vector<at::Tensor> tensors =
      match_state_dict(dict, expected, path, fmt::format("DDFB (K={}, {} features)", layers, shape[0]));
  std::vector<at::Tensor> kernels;
  for (std::int64_t k = 0; k < layers; ++k) {
    const at::Tensor& conv = tensors[static_cast<std::size_t>(2 * k)];
    const at::Tensor& transposed = tensors[static_cast<std::size_t>(2 * k + 1)];
    if (!at::equal(conv, transposed))
      throw InputError(fmt::format("weights '{}': {} differs from {}; DDFB's transposed convolutions share their "
                                   "kernels with the convolutions, give tied weights",
                                   path, conv_key(k, true), conv_key(k, false)));
    kernels.push_back(conv.to(at::kFloat).contiguous());
  }
  return DdfbNetwork(std::move(kernels));
}

StateDict DdfbNetwork::state_dict() const {
  StateDict out;
  for (std::int64_t k = 0; k < layers(); ++k) {
    out.emplace_back(conv_key(k, false), kernels_[static_cast<std::size_t>(k)]);
    out.emplace_back(conv_key(k, true), kernels_[static_cast<std::size_t>(k)]);
  }
  return out;
}

at::Tensor DdfbNetwork::forward(const at::Tensor& x, double nu, const HaloExchange* halo) const {
  at::Tensor u = halo_conv2d(x, kernels_[0], at::Tensor(), halo);
  for (std::size_t k = 1; k < kernels_.size(); ++k) {
    at::Tensor primal = x - halo_conv2d_adjoint(u, kernels_[k], halo);
    primal.clamp_(0.0, 1.0);
    u.add_(halo_conv2d(primal, kernels_[k], at::Tensor(), halo), tau_[k]).clamp_(-nu, nu);
  }
  return (x - halo_conv2d_adjoint(u, kernels_[0], halo)).clamp_(0.0, 1.0);
}

at::Tensor DdfbNetwork::forward_differentiable(const at::Tensor& x, const at::Tensor& nu) const {
  at::Tensor u = halo_conv2d(x, kernels_[0], at::Tensor(), nullptr);
  for (std::size_t k = 1; k < kernels_.size(); ++k) {
    const at::Tensor primal = (x - halo_conv2d_adjoint(u, kernels_[k], nullptr)).clamp(0.0, 1.0);
    u = at::clamp(u + tau_[k] * halo_conv2d(primal, kernels_[k], at::Tensor(), nullptr), -nu, nu);
  }
  return (x - halo_conv2d_adjoint(u, kernels_[0], nullptr)).clamp(0.0, 1.0);
}

}  // namespace dpnp
