#pragma once
/// @file
/// Supervised denoiser training (algorithm.md (b), the authors' DDFB recipe): random patches with
/// sigma ~ U[0, sigma_max] per batch, l1 loss / 2, Adam with weight decay, the learning rate halved
/// when the validation loss stops improving (ReduceLROnPlateau), validation PSNR per sigma after
/// every epoch. For DDFB, tau_k is recomputed from the current kernels at the patch size before every
/// step, as the authors' training does: the step sizes follow the weights being learnt.

#include <cstdint>
#include <functional>
#include <vector>

#include "dpnp/denoisers/evaluation.hpp"
#include "dpnp/denoisers/patch_sampler.hpp"
#include "dpnp/denoisers/trainable.hpp"

namespace dpnp {

struct TrainingOptions {
  std::int64_t epochs = 20;
  std::int64_t steps_per_epoch = 500;
  std::int64_t batch = 32;
  double sigma_max = 0.1;
  double learning_rate = 1e-3;
  double weight_decay = 1e-4;
  int patience = 5;       ///< epochs without improvement before the rate is cut
  double factor = 0.5;    ///< the cut
  std::vector<double> validation_sigmas{0.01, 0.03, 0.05, 0.1};
  /// The per-step ||D_k||^2 only sets step sizes during training: a loose Lanczos is enough and keeps
  /// it a small fraction of a step.
  double tau_tolerance = 1e-3;
  int tau_iterations = 30;
  /// The authors' power-method tolerance: the validation numbers only compare epochs.
  double validation_tau_tolerance = 1e-4;
  std::int64_t first_epoch = 1;  ///< for runs continued from a checkpoint (numbering of steps and epochs)
};

/// PyTorch's ReduceLROnPlateau (mode min, relative threshold 1e-4, no cooldown).
class PlateauSchedule {
 public:
  PlateauSchedule(double rate, int patience, double factor) : rate_(rate), patience_(patience), factor_(factor) {}
  /// Records an epoch's metric; returns true when it cut the rate.
  bool observe(double metric);
  double rate() const { return rate_; }
  bool last_was_best() const { return last_was_best_; }

 private:
  double rate_;
  int patience_;
  double factor_;
  double best_ = 0.0;
  bool has_best_ = false;
  bool last_was_best_ = false;
  int bad_epochs_ = 0;
};

struct StepReport {
  std::int64_t epoch = 0, step = 0, steps = 0;  ///< step within the epoch, 1-based
  double loss = 0.0;                            ///< this step's batch loss
  double mean_loss = 0.0;                       ///< the epoch's running mean
  double learning_rate = 0.0;
};

struct EpochReport {
  std::int64_t epoch = 0;
  double train_loss = 0.0;
  DenoisingScores validation;
  double learning_rate = 0.0;  ///< used during this epoch
  bool best = false;           ///< lowest validation loss so far
  double seconds = 0.0;
};

struct TrainingCallbacks {
  std::function<void(const StepReport&)> on_step;
  /// After validation; the network holds this epoch's weights (write checkpoints here).
  std::function<void(const EpochReport&, const TrainableNetwork&)> on_epoch;
};

/// Trains `net` in place and returns the epoch reports. Batches are numbered globally from
/// (first_epoch - 1) * steps_per_epoch, so the data depend only on the sampler's seed and the step.
std::vector<EpochReport> train_denoiser(TrainableNetwork& net, const PatchSampler& data,
                                        const std::vector<NamedImage>& validation, const TrainingOptions& options,
                                        const TrainingCallbacks& callbacks = {});

}  // namespace dpnp
