#include "dpnp/physics/blur.hpp"

#include <fmt/format.h>

#include <cmath>

#include "dpnp/core/error.hpp"
#include "dpnp/dist/ghosted_slab.hpp"

namespace dpnp {

namespace {

constexpr double kPi = 3.14159265358979323846;

// FFT libraries are fastest on lengths with small prime factors only.
std::int64_t fft_size(std::int64_t at_least) {
  for (std::int64_t n = std::max<std::int64_t>(at_least, 1);; ++n) {
    std::int64_t rest = n;
    for (const std::int64_t prime : {2, 3, 5})
      while (rest % prime == 0) rest /= prime;
    if (rest == 1) return n;
  }
}

std::int64_t checked_kernel_size(const at::Tensor& kernel) {
  DPNP_CHECK(kernel.defined() && kernel.dim() == 2 && kernel.size(0) == kernel.size(1) && kernel.size(0) >= 1,
             "a blur kernel must be a non-empty k x k tensor");
  return kernel.size(0);
}

SlabLayout data_layout(const SlabLayout& image, std::int64_t kernel_size) {
  return SlabLayout(image.with_trailing_rows(kernel_size - 1).offsets(), image.width() + kernel_size - 1);
}

// ||H||^2 is the peak of |ĥ|^2 over all frequencies, which a grid can miss. At the peak the gradient
// of |ĥ|^2 vanishes, so the nearest grid point (at most pi/grid away on each axis) is lower by at most
// half the largest second derivative of |ĥ|^2 over that step, which the kernel's moments bound.
double squared_norm_bound(const at::Tensor& kernel) {
  const at::Tensor h = kernel.to(at::kCPU, at::kDouble);
  const std::int64_t k = h.size(0);
  // A non-negative kernel peaks at frequency 0, which every grid holds, even the kernel's own.
  const bool non_negative = h.min().item<double>() >= 0;
  const std::int64_t grid = non_negative ? k : fft_size(16 * k);
  const double grid_peak =
      at::fft_rfft2(h, std::vector<std::int64_t>{grid, grid}).abs().square().max().item<double>();
  if (non_negative) return grid_peak;
  const at::Tensor offsets = (at::arange(k, h.options()) - (static_cast<double>(k) - 1.0) / 2.0).abs();
  const at::Tensor steps = (offsets.unsqueeze(1) + offsets.unsqueeze(0)) * (kPi / static_cast<double>(grid));
  const at::Tensor weights = h.abs();
  const double total = weights.sum().item<double>();
  const double first = (weights * steps).sum().item<double>();
  const double second = (weights * steps.square()).sum().item<double>();
  return std::min(grid_peak + first * first + total * second, total * total);
}

}  // namespace

SlabNeeds Blur::needs(std::int64_t kernel_size) {
  return SlabNeeds::halo(kernel_size - 1, fmt::format("the {0}x{0} blur", kernel_size));
}

Blur::Blur(SlabDomain image_domain, at::Tensor kernel)
    : image_domain_(std::move(image_domain)),
      data_domain_(image_domain_.with_layout(data_layout(image_domain_.layout(), checked_kernel_size(kernel)))),
      kernel_size_(kernel.size(0)),
      halo_rows_(image_domain_.layout().ranks() > 1 ? kernel_size_ - 1 : 0),
      squared_norm_(squared_norm_bound(kernel)) {
  const SlabLayout& layout = image_domain_.layout();
  const SlabNeeds blur_needs = needs(kernel_size_);
  if (layout.ranks() > 1) require_slab_rows(layout.min_rows(), blur_needs.min_rows, blur_needs.min_rows_by);
  // Room for the whole linear convolution of ghosts + slab, so that nothing wraps around into a kept
  // row (the last rank keeps all of it, trailing rows included).
  fft_rows_ = fft_size(halo_rows_ + image_domain_.rows() + kernel_size_ - 1);
  fft_cols_ = fft_size(image_domain_.width() + kernel_size_ - 1);
  spectrum_ = at::fft_rfft2(kernel.to(at::kDouble), std::vector<std::int64_t>{fft_rows_, fft_cols_});
}

const at::Tensor& Blur::spectrum_like(const at::Tensor& like) const {
  if (!converted_spectrum_.defined() || converted_spectrum_.scalar_type() != like.scalar_type() ||
      converted_spectrum_.device() != like.device())
    converted_spectrum_ = spectrum_.to(like.device(), like.scalar_type());
  return converted_spectrum_;
}

at::Tensor Blur::filter(const at::Tensor& column_spectra, bool correlate, std::int64_t first_row, std::int64_t rows,
                        std::int64_t cols) const {
  const at::Tensor& kernel_spectrum = spectrum_like(column_spectra);
  at::Tensor spectra = at::fft_fft(column_spectra, fft_rows_, -2);
  spectra.mul_(correlate ? kernel_spectrum.conj() : kernel_spectrum);
  const at::Tensor kept_rows = at::fft_ifft(spectra, std::nullopt, -2).narrow(-2, first_row, rows);
  return at::fft_irfft(kept_rows, fft_cols_, -1).narrow(-1, 0, cols).contiguous();
}

at::Tensor Blur::apply(const at::Tensor& x) const {
  DPNP_CHECK(x.dim() >= 2 && x.size(-2) == image_domain_.rows() && x.size(-1) == image_domain_.width(),
             "blur input does not match the image slab");
  auto pending = image_domain_.halo().start_fill(x, halo_rows_, 0);
  at::Tensor column_spectra = at::fft_rfft(x, fft_cols_, -1);
  const Ghosts above = pending.finish();
  if (halo_rows_ > 0) column_spectra = GhostedSlab(column_spectra, {at::fft_rfft(above.top, fft_cols_, -1), {}}).padded();
  // Row i of the block and of its convolution are image and data row row_begin - halo_rows + i, so
  // this slab's data rows start at i = halo_rows.
  return filter(column_spectra, false, halo_rows_, data_domain_.rows(), data_domain_.width());
}

at::Tensor Blur::adjoint(const at::Tensor& y) const {
  DPNP_CHECK(y.dim() >= 2 && y.size(-2) == data_domain_.rows() && y.size(-1) == data_domain_.width(),
             "blur adjoint input does not match the data slab");
  auto pending = data_domain_.halo().start_fill(y, 0, halo_rows_);
  at::Tensor column_spectra = at::fft_rfft(y, fft_cols_, -1);
  const Ghosts below = pending.finish();
  if (halo_rows_ > 0) column_spectra = GhostedSlab(column_spectra, {{}, at::fft_rfft(below.bottom, fft_cols_, -1)}).padded();
  return filter(column_spectra, true, 0, image_domain_.rows(), image_domain_.width());
}

at::Tensor Blur::data_as_image(const at::Tensor& y) const {
  // This slab's image rows start k/2 rows into its data rows and end k/2 rows into the next rank's
  // (the last rank holds them itself, in its trailing rows).
  const std::int64_t offset = kernel_size_ / 2;
  const GhostedSlab data(y, data_domain_.halo().fill(y, 0, offset));
  return data.rows(offset, image_domain_.rows()).narrow(-1, offset, image_domain_.width()).contiguous();
}

}  // namespace dpnp
