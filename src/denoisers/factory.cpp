#include "dpnp/denoisers/factory.hpp"

#include <fmt/format.h>

#include "dpnp/core/error.hpp"
#include "dpnp/denoisers/graphed_denoiser.hpp"
#include "dpnp/denoisers/network_catalogue.hpp"

namespace dpnp {

namespace {

class LinearDenoiser final : public Denoiser {
 public:
  LinearDenoiser(double a, std::int64_t channels) : a_(a), channels_(channels) {}
  std::string name() const override { return fmt::format("linear (D(x) = {} x)", a_); }
  at::Tensor denoise(const at::Tensor& x, double) override { return x * a_; }
  std::int64_t channels() const override { return channels_; }
  void to(const at::Device&, Precision) override {}

 private:
  double a_;
  std::int64_t channels_;
};

void check_channels(const Denoiser& denoiser, const DenoiserOptions& options) {
  const std::int64_t network = denoiser.channels();
  if (options.channels <= 0 || network == options.channels) return;
  const auto plural = [](std::int64_t n) { return n == 1 ? "" : "s"; };
  throw InputError(fmt::format(
      "prior.weights: '{}' is a {}-channel {} but {} has {} channel{}; give weights trained on {}-channel images "
      "(models/README.md lists the shipped ones, `dpnp train` makes new ones) or data with {} channel{}",
      options.weights, network, denoiser.name(), options.data_name, options.channels, plural(options.channels),
      options.channels, network, plural(network)));
}

}  // namespace

std::unique_ptr<Denoiser> make_denoiser(const DenoiserOptions& options, const SlabDomain& domain) {
  const NetworkEntry& entry = network_entry(options.architecture, "prior.type");
  StateDict dict;
  collectively(domain.comm(), [&] { dict = load_state_dict(options.weights); });
  std::unique_ptr<Denoiser> denoiser;
  collectively(domain.comm(), [&] { denoiser = entry.inference(dict, options.weights, domain, options); });
  // Before any use: a network run on data of another channel count crashes inside its kernels.
  collectively(domain.comm(), [&] { check_channels(*denoiser, options); });
  collectively(domain.comm(), [&] { denoiser->to(options.device, options.precision); });
  const HaloMode mode = resolve_halo_mode(options.halo_mode, *denoiser, domain, options.device);
  // A graph cannot contain the MPI calls of a halo exchange: graphs for a job of one rank, or around
  // the exchange-free local network of the wide halo.
  const bool graphed = options.cuda_graph && options.device.is_cuda();
  if (mode == HaloMode::kWide && domain.comm().size() > 1) {
    denoiser->set_layer_exchanges(false);
    if (graphed) denoiser = make_graphed_denoiser(std::move(denoiser));
    return make_wide_halo_denoiser(std::move(denoiser), domain);
  }
  if (graphed && domain.comm().size() == 1) return make_graphed_denoiser(std::move(denoiser));
  return denoiser;
}

std::unique_ptr<Denoiser> make_linear_denoiser(double a, std::int64_t channels) {
  return std::make_unique<LinearDenoiser>(a, channels);
}

}  // namespace dpnp
