#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "dpnp/core/error.hpp"
#include "dpnp/denoisers/halo_conv.hpp"
#include "dpnp/denoisers/networks.hpp"

namespace dpnp {

namespace {

constexpr std::int64_t kLevels = 3;
constexpr std::int64_t kMultiple = 8;  // 2^kLevels

std::vector<std::int64_t> square(std::int64_t out, std::int64_t in, std::int64_t k) { return {out, in, k, k}; }

}  // namespace

DrunetNetwork DrunetNetwork::from_state_dict(const StateDict& dict, const std::string& path) {
  const at::Tensor head = find_tensor(dict, "m_head.weight");
  if (!head.defined() || head.dim() != 4)
    throw InputError(fmt::format("weights '{}' do not fit DRUNet: no 'm_head.weight' (KAIR UNetRes layout); give "
                                 "drunet_color.pth-style weights (models/README.md)",
                                 path));
  DrunetNetwork net;
  net.channels_ = head.size(1) - 1;  // the noise map is the last input channel
  std::vector<std::int64_t> width{head.size(0)};
  for (std::int64_t level = 1; level <= kLevels; ++level) {
    const at::Tensor down = find_tensor(dict, fmt::format("m_down{}.{}.weight", level, net.blocks_));
    width.push_back(down.defined() ? down.size(0) : width.back() * 2);
  }
  ExpectedTensors expected;
  expected.emplace_back("m_head.weight", square(width[0], net.channels_ + 1, 3));
  const auto blocks = [&](const std::string& prefix, std::int64_t first, std::int64_t c) {
    for (std::int64_t b = 0; b < net.blocks_; ++b)
      for (int conv : {0, 2})
        expected.emplace_back(fmt::format("{}.{}.res.{}.weight", prefix, first + b, conv), square(c, c, 3));
  };
  for (std::int64_t level = 1; level <= kLevels; ++level) {
    blocks(fmt::format("m_down{}", level), 0, width[level - 1]);
    expected.emplace_back(fmt::format("m_down{}.{}.weight", level, net.blocks_), square(width[level], width[level - 1], 2));
  }
  blocks("m_body", 0, width[kLevels]);
  for (std::int64_t level = kLevels; level >= 1; --level) {
    // ConvTranspose2d weights are (in, out, kh, kw).
    expected.emplace_back(fmt::format("m_up{}.0.weight", level), square(width[level], width[level - 1], 2));
    blocks(fmt::format("m_up{}", level), 1, width[level - 1]);
  }
  expected.emplace_back("m_tail.weight", square(net.channels_, width[0], 3));
  const auto tensors = match_state_dict(dict, expected, path, fmt::format("DRUNet (UNetRes, {} features)", width[0]));
  for (std::size_t i = 0; i < expected.size(); ++i) {
    net.names_.push_back(expected[i].first);
    net.weights_[expected[i].first] = tensors[i].to(at::kFloat).contiguous();
  }
  return net;
}

StateDict DrunetNetwork::state_dict() const {
  StateDict out;
  for (const auto& name : names_) out.emplace_back(name, weights_.at(name));
  return out;
}

std::vector<at::Tensor> DrunetNetwork::parameters() {
  std::vector<at::Tensor> all;
  for (const auto& name : names_) all.push_back(weights_.at(name));
  return all;
}

DrunetNetwork DrunetNetwork::converted(const at::Device& device, at::ScalarType dtype, at::MemoryFormat format) const {
  DrunetNetwork out = *this;
  for (auto& [name, w] : out.weights_) w = w.to(device, dtype).contiguous(format);
  return out;
}

at::Tensor DrunetNetwork::residual_blocks(at::Tensor x, const std::string& prefix, std::int64_t first,
                                          const HaloExchange* halo) const {
  for (std::int64_t b = first; b < first + blocks_; ++b) {
    const at::Tensor inner = at::relu(halo_conv2d(x, w(fmt::format("{}.{}.res.0.weight", prefix, b)), at::Tensor(), halo));
    x = x + halo_conv2d(inner, w(fmt::format("{}.{}.res.2.weight", prefix, b)), at::Tensor(), halo);
  }
  return x;
}

at::Tensor DrunetNetwork::forward(const at::Tensor& x, double sigma, const HaloExchange* halo, bool last_slab) const {
  const std::int64_t rows = x.size(-2), cols = x.size(-1);
  const bool distributed = halo && halo->comm().size() > 1;
  const bool pads_rows = !distributed || last_slab;
  DPNP_CHECK(pads_rows || rows % kMultiple == 0, "DRUNet slabs other than the last need a multiple of 8 rows");
  const std::int64_t pad_rows = pads_rows ? (kMultiple - rows % kMultiple) % kMultiple : 0;
  const std::int64_t pad_cols = (kMultiple - cols % kMultiple) % kMultiple;
  at::Tensor input = (pad_rows || pad_cols) ? at::replication_pad2d(x, {0, pad_cols, 0, pad_rows}) : x;
  std::vector<std::int64_t> map_shape(input.sizes().begin(), input.sizes().end());
  map_shape[1] = 1;
  input = at::cat({input, at::full(map_shape, sigma, input.options())}, 1)
              .contiguous(x.is_contiguous(at::MemoryFormat::ChannelsLast) ? at::MemoryFormat::ChannelsLast
                                                                         : at::MemoryFormat::Contiguous);

  at::Tensor x1 = halo_conv2d(input, w("m_head.weight"), at::Tensor(), halo);
  std::vector<at::Tensor> skips{x1};
  at::Tensor h = x1;
  for (std::int64_t level = 1; level <= kLevels; ++level) {
    h = residual_blocks(h, fmt::format("m_down{}", level), 0, halo);
    // 2x2 stride-2: blocks never straddle slabs (multiples of 8), so this is local.
    h = at::conv2d(h, w(fmt::format("m_down{}.{}.weight", level, blocks_)), at::Tensor(), {2, 2});
    skips.push_back(h);
  }
  h = residual_blocks(h, "m_body", 0, halo);
  for (std::int64_t level = kLevels; level >= 1; --level) {
    h = at::conv_transpose2d(h + skips[static_cast<std::size_t>(level)], w(fmt::format("m_up{}.0.weight", level)),
                             at::Tensor(), {2, 2});
    h = residual_blocks(h, fmt::format("m_up{}", level), 1, halo);
  }
  at::Tensor out = halo_conv2d(h + skips[0], w("m_tail.weight"), at::Tensor(), halo);
  return out.narrow(-2, 0, rows).narrow(-1, 0, cols);
}

}  // namespace dpnp

namespace dpnp {

// Rows of wrong values spread inward from a zero-padded edge, counted at each level's resolution: a
// 3x3 convolution adds one row, a 2x2 stride-2 convolution halves them (rounding up), a transposed
// one doubles them, and a skip brings its own level's count back in.
std::int64_t DrunetNetwork::receptive_rows() const {
  const std::int64_t per_level = 2 * blocks_;  // two 3x3 convolutions per residual block
  std::int64_t rows = 1;                       // m_head
  std::vector<std::int64_t> skip_rows{rows};
  for (std::int64_t level = 1; level <= kLevels; ++level) {
    rows = (rows + per_level + 1) / 2;
    skip_rows.push_back(rows);
  }
  rows += per_level;  // m_body
  for (std::int64_t level = kLevels; level >= 1; --level)
    rows = 2 * std::max(rows, skip_rows[static_cast<std::size_t>(level)]) + per_level;
  rows = std::max(rows, skip_rows[0]) + 1;  // m_tail
  return (rows + kMultiple - 1) / kMultiple * kMultiple;
}

}  // namespace dpnp
