#pragma once
/// @file
/// A task model: the variables of one posterior and its split-Gibbs sweep.

#include <ATen/ATen.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "dpnp/core/timer.hpp"
#include "dpnp/dist/slab_layout.hpp"
#include "dpnp/sampler/chain_state.hpp"

namespace dpnp {

class TaskModel {
 public:
  virtual ~TaskModel() = default;
  virtual std::string name() const = 0;
  /// The chain variables in sweep order (x first).
  virtual std::vector<std::string> variable_names() const = 0;
  /// Sets every variable of `state` to its initial value (iteration 0).
  virtual void initialize(ChainState& state) = 0;
  /// Rebuilds derived caches (e.g. D x) after variables were set from a checkpoint.
  virtual void on_state_loaded(const ChainState& state) = 0;
  /// One Gibbs sweep producing iteration `t` (1-based); every draw uses iteration t's noise.
  virtual void sweep(ChainState& state, std::uint64_t t) = 0;
  /// Negative log-posterior up to a constant over the local slab: 0-dim float64, no host sync.
  virtual at::Tensor local_potential(const ChainState& state) const = 0;
  /// The potential and the prior's part of the target over the local slab, both 0-dim float64, no host
  /// sync; `prior` is undefined when the model has none. The prior part is traced as /trace/prior:
  /// docs/output.md says what each model reports (a PnP prior has no explicit potential; its
  /// equilibrium is shown by alpha ||x - D(x)||^2 / (2 eps) from the denoiser call the sweep already
  /// made). One call, so that a model whose potential contains the prior term computes it once.
  struct PotentialParts {
    at::Tensor potential;
    at::Tensor prior;
  };
  virtual PotentialParts local_potential_parts(const ChainState& state) const { return {local_potential(state), {}}; }
  /// Step sizes and other derived constants, for --dry-run and the log.
  virtual std::vector<std::pair<std::string, double>> parameters() const = 0;
  /// Row layouts of the variables that do not live on the image's rows (Poisson's z1 lives in data
  /// space); every other variable uses the image layout. Checkpoints read and write by these.
  virtual std::map<std::string, SlabLayout> variable_layouts() const { return {}; }
  /// The variable whose posterior mean and variance are reported.
  virtual std::string estimand() const { return "x"; }

  /// Where the sweep charges its phases (denoiser, likelihood, halo, update); may be null.
  void set_phase_times(PhaseTimes* times) { phase_times_ = times; }

 protected:
  PhaseTimes* phase_times_ = nullptr;
};

}  // namespace dpnp
