#include "dpnp/core/device.hpp"

#include <fmt/format.h>

#include "dpnp/core/error.hpp"

#ifdef DPNP_WITH_CUDA
#include <ATen/cuda/CUDAContext.h>
#include <cuda_runtime.h>
#endif

namespace dpnp {

bool cuda_compiled() {
#ifdef DPNP_WITH_CUDA
  return true;
#else
  return false;
#endif
}

int cuda_device_count() {
#ifdef DPNP_WITH_CUDA
  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess) {
    cudaGetLastError();  // clear the sticky "no driver" error so later queries start clean
    return 0;
  }
  return count;
#else
  return 0;
#endif
}

void* cuda_stream_of(const at::Tensor& tensor) {
#ifdef DPNP_WITH_CUDA
  if (tensor.is_cuda()) return at::cuda::getCurrentCUDAStream(tensor.device().index()).stream();
#endif
  (void)tensor;
  return nullptr;
}

void synchronize(const at::Tensor& tensor) {
#ifdef DPNP_WITH_CUDA
  if (tensor.is_cuda()) at::cuda::getCurrentCUDAStream(tensor.device().index()).synchronize();
#endif
  (void)tensor;
}

void require_cuda_compiled(const char* what) {
  if (!cuda_compiled())
    throw NotCompiled(fmt::format("{} needs CUDA, but this dpnp was built without it; rebuild with "
                                  "-DDPNP_ENABLE_CUDA=ON or set run.device: cpu",
                                  what));
}

void require_float_contiguous(const at::Tensor& tensor, const char* name) {
  DPNP_CHECK(tensor.defined(), fmt::format("{} is undefined", name));
  DPNP_CHECK(tensor.scalar_type() == at::kFloat, fmt::format("{} must be float32, got {}", name,
                                                             std::string(c10::toString(tensor.scalar_type()))));
  DPNP_CHECK(tensor.is_contiguous(), fmt::format("{} must be contiguous", name));
}

}  // namespace dpnp
