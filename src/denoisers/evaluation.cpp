#include "dpnp/denoisers/evaluation.hpp"

#include <algorithm>
#include <cmath>

#include "dpnp/core/noise_field.hpp"

namespace dpnp {

namespace {

constexpr std::uint32_t kEvaluationNoise = noise::kTraining + 0x200;
constexpr int kInferenceIterations = 100;

double psnr(const at::Tensor& estimate, const at::Tensor& truth) {
  const double mse = (estimate - truth).square().mean().item<double>();
  return -10.0 * std::log10(std::max(mse, 1e-20));
}

}  // namespace

at::Tensor denoising_loss(const at::Tensor& output, const at::Tensor& clean) { return 0.5 * (output - clean).abs().mean(); }

DenoisingScores evaluate_denoising(TrainableNetwork& net, const std::vector<NamedImage>& images,
                                   const std::vector<double>& sigmas, double tau_tolerance) {
  at::NoGradGuard no_grad;
  DenoisingScores scores;
  scores.sigmas = sigmas;
  scores.psnr.assign(sigmas.size(), 0.0);
  scores.noisy_psnr.assign(sigmas.size(), 0.0);
  std::int64_t prepared_rows = -1, prepared_cols = -1;
  for (std::size_t i = 0; i < images.size(); ++i) {
    const at::Tensor clean = images[i].pixels.unsqueeze(0).to(at::kFloat).contiguous();
    if (clean.size(-2) != prepared_rows || clean.size(-1) != prepared_cols) {
      prepared_rows = clean.size(-2);
      prepared_cols = clean.size(-1);
      net.prepare(prepared_rows, prepared_cols, tau_tolerance, kInferenceIterations);
    }
    std::vector<double> row;
    for (std::size_t s = 0; s < sigmas.size(); ++s) {
      at::Tensor noise = at::empty_like(clean);
      fill_normal(noise,
                  noise::Key{0, kEvaluationNoise, static_cast<std::uint32_t>(i * sigmas.size() + s)},
                  slab_coords(noise, clean.size(-2), 0));
      const at::Tensor noisy = clean + sigmas[s] * noise;
      const at::Tensor output = net.forward(noisy, sigmas[s]);
      scores.loss += denoising_loss(output, clean).item<double>();
      row.push_back(psnr(output.clamp(0.0, 1.0), clean));
      scores.psnr[s] += row.back() / static_cast<double>(images.size());
      scores.noisy_psnr[s] += psnr(noisy, clean) / static_cast<double>(images.size());
    }
    scores.image_psnr.push_back(std::move(row));
  }
  if (!images.empty() && !sigmas.empty()) scores.loss /= static_cast<double>(images.size() * sigmas.size());
  return scores;
}

}  // namespace dpnp
