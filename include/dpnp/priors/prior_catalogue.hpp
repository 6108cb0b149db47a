#pragma once
/// @file
/// The priors dpnp samples with, each registered once (src/priors/prior_catalogue.cpp). A prior is
/// either *split* (AXDA: an auxiliary z ≈ K x with any linear operator K and a proximable g(z), drawn
/// by PSGLA) or *plug-and-play* (a denoiser, drawn by PnP-ULA). The task models take the parts a
/// catalogue entry makes, so a new prior is one file plus one line in the catalogue.

#include <ATen/ATen.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dpnp/denoisers/denoiser.hpp"
#include "dpnp/denoisers/halo_mode.hpp"
#include "dpnp/physics/linear_operator.hpp"
#include "dpnp/priors/auxiliary_prior.hpp"
#include "dpnp/priors/pnp_prior.hpp"

namespace dpnp {

struct PriorOptions {
  std::string type = "tv";
  // split priors
  double mu = 30;                     ///< weight of g
  double rho = 1e-3;                  ///< AXDA coupling of z to K x (Gaussian tasks)
  // plug-and-play priors
  std::string weights;                ///< the denoiser's state dict
  double alpha = 1;
  double lipschitz = 1;               ///< L of D - I; 0 means 1
  std::optional<double> denoising_level;  ///< sigma_d; unset: the noise model's default
  Precision precision = Precision::kFp32;
  bool fused = true;
  bool cuda_graph = true;
  HaloMode halo_mode = HaloMode::kPerLayer;  ///< how the denoiser gets its ghost rows
  // the gaussian prior x ~ N(mean, std_dev^2) per pixel
  double mean = 0.5;
  double std_dev = 0.25;
};

/// What a prior brings to a task model.
struct PriorParts {
  // Split priors: z ≈ K x with g(z).
  std::shared_ptr<const LinearOperator> split_operator;
  std::shared_ptr<const AuxiliaryPrior> split_prior;
  bool nonnegative = true;  ///< the x step projects on x >= 0
  // Plug-and-play priors.
  std::shared_ptr<const PnpPrior> pnp;
  std::string description;  ///< one line for the log
  bool is_split() const { return split_prior != nullptr; }
};

/// What the rest of the problem tells a prior: where it runs and the noise model's default
/// denoiser level (Gaussian noise: sigma; Poisson: a fixed level).
struct PriorContext {
  at::Device device = at::kCPU;
  std::int64_t channels = 3;
  std::string data_name = "the image";  ///< how the user names the data, for messages
  double default_denoising_level = 0.05;
  std::string default_level_note;  ///< e.g. "= sigma", for the log
};

class PriorEntry {
 public:
  virtual ~PriorEntry() = default;
  virtual std::string name() const = 0;
  /// One sentence for docs/config.md.
  virtual std::string doc() const = 0;
  /// Whether the prior needs prior.weights (a learned denoiser).
  virtual bool needs_weights() const { return false; }
  /// Whether it supports Poisson noise (the quadratic reference is for Gaussian tasks only).
  virtual bool supports_poisson() const { return true; }
  /// What the prior's stencils need of the slabs (before the decomposition exists).
  virtual SlabNeeds needs(const PriorOptions& options) const = 0;
  /// The parts on `image`. Collective (a denoiser reads its weights on every rank).
  virtual PriorParts make(const PriorOptions& options, const SlabDomain& image, const PriorContext& context) const = 0;
};

/// The entry of prior.type `name`; InputError naming the known priors otherwise.
const PriorEntry& prior_entry(const std::string& name);
/// Every registered prior, in registration order (the config's prior.type choices).
std::vector<std::string> prior_names();

}  // namespace dpnp
