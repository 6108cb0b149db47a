#include <fmt/format.h>

#include <regex>

#include "dpnp/core/error.hpp"
#include "dpnp/denoisers/halo_conv.hpp"
#include "dpnp/denoisers/networks.hpp"

namespace dpnp {

DncnnNetwork::DncnnNetwork(std::vector<at::Tensor> weights, std::vector<at::Tensor> biases)
    : weights_(std::move(weights)), biases_(std::move(biases)) {
  DPNP_CHECK(weights_.size() >= 2 && weights_.size() == biases_.size(), "DnCNN needs at least two layers with biases");
}

DncnnNetwork DncnnNetwork::from_state_dict(const StateDict& dict, const std::string& path) {
  static const std::regex key(R"(model\.(\d+)\.weight)");
  std::int64_t last_index = -1;
  for (const auto& [name, tensor] : dict) {
    std::smatch m;
    if (std::regex_match(name, m, key)) last_index = std::max<std::int64_t>(last_index, std::stoll(m[1]));
  }
  const at::Tensor first = find_tensor(dict, "model.0.weight");
  if (!first.defined() || first.dim() != 4 || last_index < 2)
    throw InputError(fmt::format("weights '{}' do not fit DnCNN: no 'model.0.weight' convolution stack (KAIR layout); "
                                 "give DnCNN weights or convert deepinv's with scripts/convert_weights.py",
                                 path));
  const std::int64_t layers = last_index / 2 + 1;
  const std::int64_t features = first.size(0), channels = first.size(1);
  ExpectedTensors expected;
  for (std::int64_t l = 0; l < layers; ++l) {
    const std::int64_t in = l == 0 ? channels : features;
    const std::int64_t out = l + 1 == layers ? channels : features;
    expected.emplace_back(fmt::format("model.{}.weight", 2 * l), std::vector<std::int64_t>{out, in, 3, 3});
    expected.emplace_back(fmt::format("model.{}.bias", 2 * l), std::vector<std::int64_t>{out});
  }
  const auto tensors = match_state_dict(dict, expected, path, fmt::format("DnCNN ({} layers, {} features)", layers, features));
  std::vector<at::Tensor> weights, biases;
  for (std::size_t i = 0; i < tensors.size(); i += 2) {
    weights.push_back(tensors[i].to(at::kFloat).contiguous());
    biases.push_back(tensors[i + 1].to(at::kFloat).contiguous());
  }
  return DncnnNetwork(std::move(weights), std::move(biases));
}

StateDict DncnnNetwork::state_dict() const {
  StateDict out;
  for (std::size_t l = 0; l < weights_.size(); ++l) {
    out.emplace_back(fmt::format("model.{}.weight", 2 * l), weights_[l]);
    out.emplace_back(fmt::format("model.{}.bias", 2 * l), biases_[l]);
  }
  return out;
}

std::vector<at::Tensor> DncnnNetwork::parameters() {
  std::vector<at::Tensor> all = weights_;
  all.insert(all.end(), biases_.begin(), biases_.end());
  return all;
}

DncnnNetwork DncnnNetwork::converted(const at::Device& device, at::ScalarType dtype, at::MemoryFormat format) const {
  std::vector<at::Tensor> weights, biases;
  for (const auto& w : weights_) weights.push_back(w.to(device, dtype).contiguous(format));
  for (const auto& b : biases_) biases.push_back(b.to(device, dtype).contiguous());
  return DncnnNetwork(std::move(weights), std::move(biases));
}

at::Tensor DncnnNetwork::forward(const at::Tensor& x, const HaloExchange* halo) const {
  at::Tensor h = x;
  for (std::size_t l = 0; l < weights_.size(); ++l) {
    h = halo_conv2d(h, weights_[l], biases_[l], halo);
    if (l + 1 < weights_.size()) h = at::GradMode::is_enabled() ? at::relu(h) : h.relu_();
  }
  return x - h;
}

}  // namespace dpnp
