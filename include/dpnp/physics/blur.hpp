#pragma once
/// @file
/// Blur H: the full linear convolution of every channel with a k x k kernel,
/// x [..., H, W] -> y [..., H+k-1, W+k-1] (algorithm.md, Task 2), computed with FFTs on slab + halo.
///
/// Data-space partition: data row r collects image rows r-k+1 .. r. Rank b owns the data rows with
/// the same indices as its image rows, [row_begin(b), row_end(b)), and the last rank also owns the
/// k-1 trailing rows (`SlabLayout::with_trailing_rows`, width W+k-1). H x then needs the k-1 image
/// rows above the slab (from rank b-1) and H^T y the k-1 data rows below it (from rank b+1); both come
/// from the halo exchange, and the messages travel while the slab's column FFTs run. So every slab
/// must hold at least k-1 rows when there is more than one rank (`needs`).
///
/// ||H||^2 is the peak of |ĥ|^2 over all frequencies, computed from the kernel alone so that every
/// rank count gets the same step sizes. For a non-negative kernel the peak is at frequency 0 and
/// equals (Σh)^2 exactly (the maximum over the kernel's own k x k FFT grid, as in the papers). For a
/// signed kernel it is the maximum over a zero-padded grid (16k per side) raised by the most |ĥ|^2 can
/// exceed it between grid points, capped by (Σ|h|)^2: still an upper bound.

#include "dpnp/physics/linear_operator.hpp"

namespace dpnp {

class Blur final : public LinearOperator {
 public:
  /// `kernel` is [k, k] (k >= 1, any float dtype and device) and must be the same on every rank.
  /// @throws InputError when more than one rank holds a slab thinner than `needs(k)`.
  Blur(SlabDomain image_domain, at::Tensor kernel);

  /// What every slab needs when the image is split over more than one rank: k - 1 rows.
  static SlabNeeds needs(std::int64_t kernel_size);

  at::Tensor apply(const at::Tensor& x) const override;
  at::Tensor adjoint(const at::Tensor& y) const override;
  double squared_norm() const override { return squared_norm_; }
  const SlabDomain& domain() const override { return image_domain_; }
  const SlabDomain& range() const override { return data_domain_; }
  std::string name() const override { return "blur"; }
  /// The centre crop: image row r sits at data row r + k/2, column c at c + k/2.
  at::Tensor data_as_image(const at::Tensor& y) const override;

  std::int64_t kernel_size() const { return kernel_size_; }

 private:
  /// The kernel spectrum on the local FFT grid, in the complex dtype and on the device of `like`.
  const at::Tensor& spectrum_like(const at::Tensor& like) const;
  /// Finishes the 2-D FFT of a block whose columns are already transformed, multiplies by the kernel
  /// spectrum (conjugated: correlation), and returns rows [first_row, first_row + rows), columns
  /// [0, cols) of the result.
  at::Tensor filter(const at::Tensor& column_spectra, bool correlate, std::int64_t first_row, std::int64_t rows,
                    std::int64_t cols) const;

  SlabDomain image_domain_;
  SlabDomain data_domain_;
  std::int64_t kernel_size_;
  std::int64_t halo_rows_;             ///< k-1 with several ranks; 0 on one (nothing to exchange)
  std::int64_t fft_rows_, fft_cols_;   ///< local grid, large enough that nothing wraps around
  at::Tensor spectrum_;                ///< rfft2 of the kernel on that grid, complex128
  // Converting the spectrum on every call would cost a pass over it; a chain uses one dtype and
  // device, so one converted copy is kept (operators are not shared between threads).
  mutable at::Tensor converted_spectrum_;
  double squared_norm_;
};

}  // namespace dpnp
