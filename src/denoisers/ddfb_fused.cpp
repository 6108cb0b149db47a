#include "dpnp/denoisers/ddfb_fused.hpp"

#include "dpnp/core/device.hpp"
#include "dpnp/core/error.hpp"
#include "dpnp/denoisers/ddfb_cuda.hpp"

namespace dpnp {

namespace {

// One ghost row above and below: from the neighbours, zero at the image's edges (or alone).
Ghosts one_row_ghosts(const at::Tensor& t, const HaloExchange* halo) {
  if (halo && halo->comm().size() > 1) return halo->fill(t, 1, 1);
  std::vector<std::int64_t> shape(t.sizes().begin(), t.sizes().end());
  shape[shape.size() - 2] = 1;
  const at::Tensor zeros = at::zeros(shape, t.options());
  return {zeros, zeros};
}

}  // namespace

bool ddfb_fused_available(const at::Tensor& x, const DdfbNetwork& net) {
#ifdef DPNP_WITH_CUDA
  return x.is_cuda() && cuda::ddfb_fused_supports(net.channels(), net.features());
#else
  (void)x;
  (void)net;
  return false;
#endif
}

#ifdef DPNP_WITH_CUDA
at::Tensor ddfb_forward_fused(const DdfbNetwork& net, const std::vector<at::Tensor>& host_kernels, const at::Tensor& x_in,
                              double nu, const HaloExchange* halo, at::ScalarType dual_dtype) {
  const at::Tensor x = x_in.to(at::kFloat).contiguous();
  cuda::DdfbShape shape;
  shape.batch = x.size(0);
  shape.channels = x.size(1);
  shape.rows = x.size(2);
  shape.cols = x.size(3);
  shape.features = net.features();
  const auto storage = dual_dtype == at::kBFloat16 ? cuda::Storage::kBFloat16 : cuda::Storage::kFloat32;
  void* stream = cuda_stream_of(x);
  const auto weight = [&](std::size_t k) { return host_kernels[k].data_ptr<float>(); };
  at::Tensor u = at::empty({shape.batch, shape.features, shape.rows, shape.cols}, x.options().dtype(dual_dtype));
  at::Tensor primal = at::empty_like(x);

  const float* w0 = weight(0);
  Ghosts g = one_row_ghosts(x, halo);
  cuda::ddfb_dual(shape, storage, x.data_ptr<float>(), g.top.data_ptr<float>(), g.bottom.data_ptr<float>(),
                  w0, 0.0f, 0.0f, /*accumulate=*/false, u.data_ptr(), stream);
  for (std::size_t k = 1; k < static_cast<std::size_t>(net.layers()); ++k) {
    const float* wk = weight(k);
    g = one_row_ghosts(u, halo);
    cuda::ddfb_primal(shape, storage, u.data_ptr(), g.top.data_ptr(), g.bottom.data_ptr(), x.data_ptr<float>(),
                      wk, primal.data_ptr<float>(), stream);
    g = one_row_ghosts(primal, halo);
    cuda::ddfb_dual(shape, storage, primal.data_ptr<float>(), g.top.data_ptr<float>(), g.bottom.data_ptr<float>(),
                    wk, static_cast<float>(net.steps()[k]), static_cast<float>(nu), true, u.data_ptr(),
                    stream);
  }
  g = one_row_ghosts(u, halo);
  cuda::ddfb_primal(shape, storage, u.data_ptr(), g.top.data_ptr(), g.bottom.data_ptr(), x.data_ptr<float>(),
                    w0, primal.data_ptr<float>(), stream);
  return primal;
}
#else
at::Tensor ddfb_forward_fused(const DdfbNetwork&, const std::vector<at::Tensor>&, const at::Tensor&, double,
                              const HaloExchange*, at::ScalarType) {
  require_cuda_compiled("the fused DDFB kernels");
  return {};
}
#endif

}  // namespace dpnp
