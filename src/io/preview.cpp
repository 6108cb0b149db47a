#include "dpnp/io/preview.hpp"

#include <fmt/format.h>
#include <stb/stb_image_write.h>

#include "dpnp/core/error.hpp"

namespace dpnp {

std::int64_t preview_factor(std::int64_t height, std::int64_t width, std::int64_t max_side) {
  const std::int64_t longest = std::max(height, width);
  return std::max<std::int64_t>(1, (longest + max_side - 1) / max_side);
}

void write_preview_png(const SlabDomain& domain, const at::Tensor& slab, const std::string& path,
                       std::int64_t max_side, double low, double high) {
  const Comm& comm = domain.comm();
  const std::int64_t factor = preview_factor(domain.height(), domain.width(), max_side);
  const std::int64_t out_rows = (domain.height() + factor - 1) / factor;
  const std::int64_t out_cols = (domain.width() + factor - 1) / factor;
  const std::int64_t channels = slab.size(0);
  const at::Tensor local = slab.to(at::kCPU, at::kDouble);
  // Column blocks: pad the width to a multiple of the factor, sum each block.
  const std::int64_t padded_cols = out_cols * factor;
  at::Tensor values = at::zeros({channels, local.size(1), padded_cols}, at::kDouble);
  at::Tensor counts = at::zeros({1, local.size(1), padded_cols}, at::kDouble);
  values.narrow(2, 0, domain.width()).copy_(local);
  counts.narrow(2, 0, domain.width()).fill_(1.0);
  values = values.view({channels, local.size(1), out_cols, factor}).sum(-1);
  counts = counts.view({1, local.size(1), out_cols, factor}).sum(-1);
  // Row blocks: global row r lands in preview row r / factor.
  at::Tensor grid = at::zeros({channels + 1, out_rows, out_cols}, at::kDouble);
  const at::Tensor target_rows = at::div(at::arange(domain.row_begin(), domain.row_end(), at::kLong), factor, "floor");
  grid.narrow(0, 0, channels).index_add_(1, target_rows, values);
  grid.narrow(0, channels, 1).index_add_(1, target_rows, counts);
  DPNP_MPI(MPI_Reduce(comm.is_root() ? MPI_IN_PLACE : grid.data_ptr<double>(), grid.data_ptr<double>(),
                      static_cast<int>(grid.numel()), MPI_DOUBLE, MPI_SUM, 0, comm.raw()));
  bool ok = true;
  if (comm.is_root()) {
    const at::Tensor mean = grid.narrow(0, 0, channels) / grid.narrow(0, channels, 1).clamp_min(1.0);
    const double span = high > low ? high - low : 1.0;
    const at::Tensor bytes = ((mean - low) / span * 255.0).round().clamp(0, 255).to(at::kByte).permute({1, 2, 0}).contiguous();
    ok = stbi_write_png(path.c_str(), static_cast<int>(out_cols), static_cast<int>(out_rows), static_cast<int>(channels),
                        bytes.data_ptr(), static_cast<int>(out_cols * channels)) != 0;
  }
  if (comm.any(!ok)) throw InputError(fmt::format("preview '{}': cannot write the PNG; check the output directory", path));
}

}  // namespace dpnp
