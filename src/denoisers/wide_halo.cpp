// The wide-halo denoiser: one exchange of the receptive radius per call instead of one per layer.
#include <fmt/format.h>

#include <vector>

#include "dpnp/core/error.hpp"
#include "dpnp/denoisers/halo_mode.hpp"

namespace dpnp {

namespace {

class WideHaloDenoiser final : public Denoiser {
 public:
  WideHaloDenoiser(std::unique_ptr<Denoiser> local, SlabDomain domain)
      : local_(std::move(local)), domain_(std::move(domain)), radius_(local_->receptive_rows()) {}

  std::string name() const override { return local_->name(); }
  std::int64_t row_multiple() const override { return local_->row_multiple(); }
  std::int64_t min_rows() const override { return std::max(local_->min_rows(), radius_); }
  std::int64_t channels() const override { return local_->channels(); }
  std::int64_t receptive_rows() const override { return radius_; }
  void to(const at::Device& device, Precision precision) override { local_->to(device, precision); }

  at::Tensor denoise(const at::Tensor& x, double sigma) override {
    if (domain_.comm().size() == 1) return local_->denoise(x, sigma);
    const Ghosts ghosts = domain_.halo().fill(x, radius_, radius_);
    // The image's own edges stay edges: the network zero-pads there exactly as on one rank, so
    // only the rows that came from a neighbour are cropped.
    std::vector<at::Tensor> parts;
    const std::int64_t top = domain_.holds_first_row() ? 0 : radius_;
    if (top > 0) parts.push_back(ghosts.top);
    parts.push_back(x);
    if (!domain_.holds_last_row()) parts.push_back(ghosts.bottom);
    return local_->denoise(at::cat(parts, -2), sigma).narrow(-2, top, x.size(-2)).contiguous();
  }

 private:
  std::unique_ptr<Denoiser> local_;
  SlabDomain domain_;
  std::int64_t radius_;
};

}  // namespace

HaloMode parse_halo_mode(const std::string& name) {
  if (name == "per_layer") return HaloMode::kPerLayer;
  if (name == "wide") return HaloMode::kWide;
  if (name == "auto") return HaloMode::kAuto;
  throw InputError(fmt::format("halo.mode: '{}' is not a halo mode; use per_layer, wide or auto", name));
}

std::string to_string(HaloMode mode) {
  switch (mode) {
    case HaloMode::kPerLayer: return "per_layer";
    case HaloMode::kWide: return "wide";
    case HaloMode::kAuto: return "auto";
  }
  return "?";
}

bool wide_halo_fits(const SlabLayout& layout, std::int64_t radius) {
  return layout.ranks() == 1 || layout.min_rows() >= radius;
}

std::unique_ptr<Denoiser> make_wide_halo_denoiser(std::unique_ptr<Denoiser> local, const SlabDomain& domain) {
  return std::make_unique<WideHaloDenoiser>(std::move(local), domain);
}

}  // namespace dpnp
