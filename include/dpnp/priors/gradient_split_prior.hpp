#pragma once
/// @file
/// The base of the split priors on the image gradient, g(D x) with z ≈ D x (TV and its relatives):
/// an entry only says which g it applies and whether x stays non-negative.

#include <memory>

#include "dpnp/priors/prior_catalogue.hpp"

namespace dpnp {

class GradientSplitPrior : public PriorEntry {
 public:
  SlabNeeds needs(const PriorOptions& options) const override;
  PriorParts make(const PriorOptions& options, const SlabDomain& image, const PriorContext& context) const override;

 protected:
  /// g, with weight prior.mu.
  virtual std::shared_ptr<const AuxiliaryPrior> make_g(double mu) const = 0;
  virtual bool nonnegative() const { return true; }
};

}  // namespace dpnp
