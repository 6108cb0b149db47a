#include "network_wrappers.hpp"

#include <ATen/Context.h>
#include <fmt/format.h>

#include <cmath>

#include "dpnp/core/error.hpp"

namespace dpnp {

void NetworkDenoiser::to(const at::Device& device, Precision precision) {
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

at::Tensor NetworkDenoiser::denoise(const at::Tensor& x, double sigma) {
  at::NoGradGuard no_grad;
  return run(x.unsqueeze(0), sigma).squeeze(0).to(at::kFloat).contiguous();
}

at::Tensor NetworkDenoiser::to_compute(const at::Tensor& batch) const {
  return batch.to(precision_ == Precision::kBf16 ? at::kBFloat16 : at::kFloat);
}

at::MemoryFormat memory_format(const at::Device& device) {
  return device.is_cuda() ? at::MemoryFormat::ChannelsLast : at::MemoryFormat::Contiguous;
}

std::vector<at::Tensor> moved(std::vector<at::Tensor> tensors, const at::Device& device, at::ScalarType dtype) {
  for (auto& t : tensors) t = t.to(device, dtype).contiguous();
  return tensors;
}

std::vector<at::Tensor> as_leaves(std::vector<at::Tensor> tensors) {
  for (auto& t : tensors) t.requires_grad_(true);
  return tensors;
}

StateDict detached(StateDict dict) {
  for (auto& entry : dict) entry.second = entry.second.detach();
  return dict;
}

at::Tensor kaiming_normal(std::vector<std::int64_t> shape, std::uint64_t seed, std::uint32_t index, double scale) {
  at::Tensor w = at::empty(shape, at::kFloat);
  fill_normal(w, noise::Key{seed, noise::kTraining, index}, slab_coords(w, w.size(-2), 0));
  const double fan_in = static_cast<double>(shape[1] * shape[2] * shape[3]);
  return w.mul_(scale * std::sqrt(2.0 / fan_in));
}

}  // namespace dpnp
