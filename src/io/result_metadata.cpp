#include "result_metadata.hpp"

#include <map>

namespace dpnp {

namespace {

struct Known {
  const char* long_name;
  const char* units;
};

// Image values are normalised intensities (docs/bring-your-own-data.md), hence dimensionless.
const std::map<std::string, Known>& known() {
  static const std::map<std::string, Known> table = {
      {"/mmse", {"posterior mean (MMSE estimate)", "1"}},
      {"/variance", {"posterior variance", "1"}},
      {"/ci_low", {"lower bound of the central credible interval (sampler.ci_level)", "1"}},
      {"/ci_high", {"upper bound of the central credible interval (sampler.ci_level)", "1"}},
      {"/samples", {"kept posterior samples, oldest first", "1"}},
      {"/mcse", {"Monte-Carlo standard error of the MMSE", "1"}},
      {"/ess", {"effective sample size of the MMSE (variance / mcse^2)", "1"}},
      {"/rhat", {"R-hat between the chains (run.chains), per pixel", "1"}},
      {"/observation", {"observation y", "1"}},
      {"/ground_truth", {"ground truth x", "1"}},
      {"/mask", {"inpainting mask (1 = observed pixel)", "1"}},
      {"/kernel", {"blur kernel", "1"}},
      {"/trace/potential", {"data-fit term of the potential, per iteration", "1"}},
      {"/trace/prior", {"prior term of the potential, per iteration", "1"}},
      {"/trace/seconds", {"wall time of each iteration, slowest rank", "s"}},
      {"/trace/snr", {"SNR of the current sample against the ground truth", "dB"}},
      {"/trace/image_mean", {"mean of the current sample over all pixels and channels", "1"}},
      {"/trace/pixels", {"values of the traced pixels in the current sample (rows, columns: attributes)", "1"}},
      {"/diagnostics/iat", {"integrated autocorrelation time of each scalar summary (labels)", "1"}},
      {"/diagnostics/ess", {"effective sample size of each scalar summary (labels)", "1"}},
      {"/diagnostics/rhat", {"rank-normalised split-R-hat of each scalar summary (labels)", "1"}},
  };
  return table;
}

std::string base_name(const std::string& name) { return name.substr(name.find_last_of('/') + 1); }

bool is_trace(const std::string& name) { return name.rfind("/trace/", 0) == 0; }

}  // namespace

DatasetDescription describe_dataset(const std::string& name, std::size_t rank) {
  DatasetDescription d;
  const auto it = known().find(name);
  d.long_name = it != known().end() ? it->second.long_name : base_name(name);
  if (it != known().end()) d.units = it->second.units;

  // Traces run over iterations; images end in rows and columns, with channels (and samples) before them.
  const std::string stem = base_name(name);
  if (name.rfind("/diagnostics/", 0) == 0) {
    d.dims = {"summary"};  // one value per scalar summary, named by the dataset's `labels`
  } else if (is_trace(name)) {
    // Several chains (run.chains) put a chain axis first: [chain, iteration] and, for the pixels,
    // [chain, iteration, traced_pixel].
    const bool per_pixel = name == "/trace/pixels";
    const bool chains = rank == (per_pixel ? 3u : 2u);
    if (chains) d.dims.push_back("chain");
    d.dims.push_back("iteration");
    if (per_pixel) d.dims.push_back("traced_pixel");
  } else if (name == "/kernel" && rank == 2) {
    d.dims = {"kernel_y", "kernel_x"};
  } else {
    static const char* image_axes[] = {"x", "y", "channel", "sample"};
    for (std::size_t axis = 0; axis < rank; ++axis)
      d.dims.insert(d.dims.begin(), axis < 4 && rank >= 2 ? std::string(image_axes[axis]) : stem + "_dim" + std::to_string(rank - 1 - axis));
  }
  d.dims.resize(rank, stem + "_extra");
  return d;
}

}  // namespace dpnp
