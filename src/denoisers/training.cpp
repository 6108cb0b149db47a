#include "dpnp/denoisers/training.hpp"

#include <fmt/format.h>
#include <torch/optim/adam.h>

#include <cmath>

#include "dpnp/core/error.hpp"
#include "dpnp/core/timer.hpp"

namespace dpnp {

namespace {

constexpr double kPlateauThreshold = 1e-4;

void set_learning_rate(torch::optim::Adam& optimizer, double rate) {
  for (auto& group : optimizer.param_groups()) static_cast<torch::optim::AdamOptions&>(group.options()).lr(rate);
}

void check(const TrainingOptions& o) {
  if (o.epochs < 1 || o.steps_per_epoch < 1 || o.batch < 1)
    throw InputError("--epochs, --steps-per-epoch and --batch must be at least 1");
  if (!(o.sigma_max >= 0.0) || !(o.learning_rate > 0.0) || !(o.weight_decay >= 0.0))
    throw InputError("--sigma-max and --weight-decay must be >= 0 and --lr > 0");
}

}  // namespace

bool PlateauSchedule::observe(double metric) {
  last_was_best_ = !has_best_ || metric < best_ * (1.0 - kPlateauThreshold);
  if (last_was_best_) {
    best_ = metric;
    has_best_ = true;
    bad_epochs_ = 0;
    return false;
  }
  if (++bad_epochs_ <= patience_) return false;
  rate_ *= factor_;
  bad_epochs_ = 0;
  return true;
}

std::vector<EpochReport> train_denoiser(TrainableNetwork& net, const PatchSampler& data,
                                        const std::vector<NamedImage>& validation, const TrainingOptions& options,
                                        const TrainingCallbacks& callbacks) {
  check(options);
  torch::optim::Adam optimizer(net.parameters(),
                               torch::optim::AdamOptions(options.learning_rate).weight_decay(options.weight_decay));
  PlateauSchedule schedule(options.learning_rate, options.patience, options.factor);
  std::vector<EpochReport> reports;
  const std::int64_t patch = data.patch();
  for (std::int64_t epoch = options.first_epoch; epoch < options.first_epoch + options.epochs; ++epoch) {
    const double start = now_seconds();
    EpochReport report;
    report.epoch = epoch;
    report.learning_rate = schedule.rate();
    double sum = 0.0;
    for (std::int64_t step = 1; step <= options.steps_per_epoch; ++step) {
      const auto global_step = static_cast<std::uint64_t>((epoch - 1) * options.steps_per_epoch + step - 1);
      const TrainingBatch batch = data.batch(global_step, options.batch, options.sigma_max);
      net.prepare(patch, patch, options.tau_tolerance, options.tau_iterations);
      optimizer.zero_grad();
      const at::Tensor loss = denoising_loss(net.forward(batch.noisy, batch.sigma), batch.clean);
      loss.backward();
      optimizer.step();
      const double value = loss.item<double>();
      if (!std::isfinite(value))
        throw DivergenceError(fmt::format("training loss is {} at epoch {} step {}; lower --lr", value, epoch, step));
      sum += value;
      if (callbacks.on_step)
        callbacks.on_step({epoch, step, options.steps_per_epoch, value, sum / static_cast<double>(step), schedule.rate()});
    }
    report.train_loss = sum / static_cast<double>(options.steps_per_epoch);
    report.validation = evaluate_denoising(net, validation, options.validation_sigmas, options.validation_tau_tolerance);
    const bool cut = schedule.observe(validation.empty() ? report.train_loss : report.validation.loss);
    report.best = schedule.last_was_best();
    if (cut) set_learning_rate(optimizer, schedule.rate());
    report.seconds = now_seconds() - start;
    reports.push_back(report);
    if (callbacks.on_epoch) callbacks.on_epoch(report, net);
  }
  return reports;
}

}  // namespace dpnp
