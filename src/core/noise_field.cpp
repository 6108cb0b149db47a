#include "dpnp/core/noise_field.hpp"

#include "dpnp/core/device.hpp"
#include "dpnp/core/error.hpp"
#include "dpnp/core/noise_field_cuda.hpp"
#include "dpnp/core/noise_rules.hpp"
#include "dpnp/core/slab_loop.hpp"

namespace dpnp {

noise::SlabCoords slab_coords(const at::Tensor& local, std::int64_t global_rows, std::int64_t row0) {
  DPNP_CHECK(local.dim() >= 2, "a slab needs at least rows and columns");
  noise::SlabCoords coords;
  coords.cols = local.size(-1);
  coords.local_rows = local.size(-2);
  coords.planes = local.dim() == 2 ? 1 : local.numel() / (coords.cols * coords.local_rows);
  if (coords.cols * coords.local_rows == 0) coords.planes = 0;
  coords.global_rows = global_rows;
  coords.row0 = row0;
  DPNP_CHECK(row0 >= 0 && row0 + coords.local_rows <= global_rows, "slab rows outside the global variable");
  return coords;
}

void fill_normal(at::Tensor& out, const noise::Key& key, const noise::SlabCoords& coords) {
  require_float_contiguous(out, "noise output");
  if (out.is_cuda()) {
    require_cuda_compiled("fill_normal on a CUDA tensor");
    cuda::fill_normal(out.data_ptr<float>(), key, coords, cuda_stream_of(out));
    return;
  }
  cpu_for_each_with_noise(coords, key, rules::StoreNormal{out.data_ptr<float>()});
}

void fill_uniform(at::Tensor& out, const noise::Key& key, const noise::SlabCoords& coords) {
  require_float_contiguous(out, "noise output");
  if (out.is_cuda()) {
    require_cuda_compiled("fill_uniform on a CUDA tensor");
    cuda::fill_uniform(out.data_ptr<float>(), key, coords, cuda_stream_of(out));
    return;
  }
  // Uniforms are cheap and rarely bulk: a direct per-element evaluation is clear and fast enough.
  float* data = out.data_ptr<float>();
  cpu_for_each(out.numel(), rules::StoreUniform{data, key, coords});
}

#ifndef DPNP_WITH_CUDA
namespace cuda {
void fill_normal(float*, const noise::Key&, const noise::SlabCoords&, void*) { require_cuda_compiled("fill_normal"); }
void fill_uniform(float*, const noise::Key&, const noise::SlabCoords&, void*) {
  require_cuda_compiled("fill_uniform");
}
}  // namespace cuda
#endif

}  // namespace dpnp
