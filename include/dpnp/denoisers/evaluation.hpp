#pragma once
/// @file
/// Denoising quality on fixed held-out images: the same noise realisation for every model and every
/// call (counter-based, keyed by image and sigma), so numbers from different runs are comparable.

#include <cstdint>
#include <vector>

#include "dpnp/denoisers/patch_sampler.hpp"
#include "dpnp/denoisers/trainable.hpp"

namespace dpnp {

struct DenoisingScores {
  std::vector<double> sigmas;
  std::vector<double> psnr;                      ///< mean over images, per sigma (dB, peak 1)
  std::vector<double> noisy_psnr;                ///< the same for the noisy inputs
  std::vector<std::vector<double>> image_psnr;   ///< [image][sigma]
  double loss = 0.0;                             ///< the training loss (l1 / 2) averaged over all pairs
};

/// Denoises every image at every sigma (DDFB: tau at the image's size, by Lanczos to `tau_tolerance`;
/// 1e-6 is what inference uses). PSNR is computed on the output clipped to [0, 1].
DenoisingScores evaluate_denoising(TrainableNetwork& net, const std::vector<NamedImage>& images,
                                   const std::vector<double>& sigmas, double tau_tolerance = 1e-6);

/// The training loss: mean |output - clean| / 2 (the authors' l1 loss, halved).
at::Tensor denoising_loss(const at::Tensor& output, const at::Tensor& clean);

}  // namespace dpnp
