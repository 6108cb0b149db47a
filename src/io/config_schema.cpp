// The single declaration of every config key: type, default, range and documentation.
// docs/config.md is generated from this table (`dpnp config --markdown`); a test keeps them equal.
#include "dpnp/io/config.hpp"

#include "dpnp/likelihood/noise_model.hpp"
#include "dpnp/physics/forward_model.hpp"
#include "dpnp/priors/prior_catalogue.hpp"

namespace dpnp::config {

namespace {

KeySpec key(std::string path, Kind kind, std::string default_value, std::string doc) {
  KeySpec spec;
  spec.path = std::move(path);
  spec.kind = kind;
  spec.default_value = std::move(default_value);
  spec.doc = std::move(doc);
  return spec;
}
KeySpec choice(std::string path, std::string default_value, std::vector<std::string> choices, std::string doc) {
  KeySpec spec = key(std::move(path), Kind::kChoice, std::move(default_value), std::move(doc));
  spec.choices = std::move(choices);
  return spec;
}
KeySpec bounded(KeySpec spec, std::optional<double> min, std::optional<double> max, bool min_exclusive = false) {
  spec.min = min;
  spec.max = max;
  spec.min_exclusive = min_exclusive;
  return spec;
}
KeySpec input_file(KeySpec spec) {
  spec.input_file = true;
  return spec;
}
// The choices of a key whose values are the names of a catalogue (tasks, noise models, priors).
std::string joined_docs() {
  std::string docs;
  for (const std::string& name : prior_names()) docs += (docs.empty() ? "" : "; ") + prior_entry(name).doc();
  return docs;
}

KeySpec nullable(KeySpec spec) {
  spec.nullable = true;
  return spec;
}

std::vector<KeySpec> build() {
  std::vector<KeySpec> s;
  // run
  s.push_back(bounded(key("run.seed", Kind::kInt, "42", "Seed of the chain's noise (Philox key). Same seed, same chain, for any number of ranks."), 0, std::nullopt));
  s.push_back(bounded(key("run.chains", Kind::kInt, "1", "Independent chains in one job (chain c draws its noise from Philox streams keyed by c; chain 0 is the chain of a single-chain run). The job's ranks split into run.chains equal groups of consecutive ranks, each a full row-slab decomposition running one chain, so the number of ranks must be a multiple of run.chains. The result holds the pooled MMSE, variance and intervals, the pixel-wise R-hat between the chains (/rhat), and every chain's traces ([chain, iteration]); each chain has its own checkpoint file (docs/diagnostics.md)."), 1, 65535));
  s.push_back(choice("run.device", "cpu", {"cpu", "cuda"}, "Where the chain runs. `cuda`: each rank uses the GPU of its node-local rank."));
  s.push_back(bounded(key("run.threads", Kind::kInt, "0", "LibTorch intra-op threads per rank; 0 = hardware threads of the node / ranks on the node."), 0, 1024));
  s.push_back(choice("run.log_level", "info", {"trace", "debug", "info", "warn", "error", "off"}, "Log level of rank 0 (other ranks print warnings and errors only)."));
  s.push_back(choice("run.gpu_aware_mpi", "auto", {"auto", "on", "off"}, "Pass GPU buffers straight to MPI (`auto`: when MPIX_Query_cuda_support says so); otherwise halos go through pinned host buffers."));
  s.push_back(choice("halo.mode", "auto", {"per_layer", "wide", "auto"}, "Learned priors on several ranks: how the denoiser gets rows beyond its slab. `per_layer`: one exchange before every convolution (2K per DDFB call, as in the papers); `wide`: one exchange of the network's receptive radius (2K rows for DDFB, L for DnCNN, 192 for DRUNet) and the overlap recomputed, which needs every slab to hold that many rows; `auto`: whichever a start-up measurement of both on this job's slabs predicts faster (per_layer when the slabs are too thin or the overlap would exceed them). Results agree to rounding (bit for bit with the fused DDFB CPU kernels); the log states the choice."));
  // problem
  s.push_back(choice("problem.task", "inpainting", forward_model_names(), "Forward operator: `inpainting` (a random pixel mask shared by the channels) or `deblurring` (full linear convolution: the data are (H+k-1) x (W+k-1))."));
  s.push_back(choice("problem.noise", "gaussian", noise_model_names(), "Noise model of the observation: `gaussian` (level from observation.snr_db or observation.sigma) or `poisson` (y ~ P(peak H x), hybrid AXDA split)."));
  // truth
  s.push_back(input_file(key("truth.path", Kind::kPath, "\"\"", "Ground-truth image: PNG or JPEG (8/16-bit, grey or colour), an HDF5 file (.h5/.hdf5), a FITS image (.fits/.fit/.fts/.fz: a 2-D image or a cube of 1 or 3 planes; truth.hdu) or a TIFF (.tif/.tiff: 8/16/32-bit integer or 32/64-bit float, grey, RGB, or a stack of 1 or 3 pages as channels). Normalisation to [0, 1]: PNG and JPEG are divided by 255 (8-bit) or 65535 (16-bit); HDF5, FITS (after BSCALE/BZERO) and TIFF values of any type are used as stored when they all lie in [0, 1], else min-max normalised, (x - min) / (max - min) (logged). NaN or infinite values (and FITS BLANK) are refused. A relative path is relative to the config file.")));
  s.push_back(key("truth.dataset", Kind::kString, "/x", "Dataset inside an HDF5 truth file: [C, H, W] or [H, W] (C = 1 or 3), any integer (8 to 64 bits, signed or unsigned) or float (16, 32 or 64 bits) type."));
  s.push_back(key("truth.hdu", Kind::kString, "\"\"", "FITS truth: the image HDU, by EXTNAME (e.g. SCI) or by index counted from 0 as astropy does; \"\" is the primary HDU, or the first image extension when the primary holds no image. FITS row 1 (y = 1, the bottom row in ds9) is dpnp's row 0; nothing is flipped, so the WCS stays valid."));
  s.push_back(key("truth.grayscale", Kind::kBool, "false", "Convert a colour truth image to one grey channel (ITU-R BT.601 weights)."));
  s.push_back(key("truth.crop", Kind::kIntList, "[]", "Optional [top, left, height, width] crop of the truth image; [] keeps the whole image."));
  // observation
  s.push_back(input_file(key("observation.path", Kind::kPath, "\"\"", "An observation file (HDF5: /observation, /mask or /kernel, the sigma or peak attribute; written by `dpnp simulate` or by you, docs/bring-your-own-data.md) to sample from instead of synthesising one. Datasets of any integer, float or bool type, values as stored (not normalised: the noise level is on their scale); NaN or Inf in /observation is allowed where /mask is 0, and inpainting without /mask takes the non-finite pixels as missing. Or a FITS (observation.hdu) or TIFF image holding y alone: inpainting takes its NaN (and FITS BLANK) pixels as missing, deblurring reads the kernel from observation.blur_path, and the level comes from a FITS keyword SIGMA or PEAK or the config. truth.path then becomes optional (metrics need a truth: truth.path or the file's /ground_truth). A relative path is relative to the config file.")));
  s.push_back(key("observation.hdu", Kind::kString, "\"\"", "A FITS observation.path: the image HDU, by EXTNAME or index from 0; \"\" is the primary HDU (or the first image extension when the primary is empty)."));
  s.push_back(bounded(key("observation.seed", Kind::kInt, "1234", "Seed of the synthetic observation (mask and noise), independent of the chain seed."), 0, std::nullopt));
  s.push_back(bounded(key("observation.missing_fraction", Kind::kFloat, "0.7", "Inpainting: fraction of pixels that are not observed (0.7 in the journal paper, 0.8 in the short one)."), 0.0, 1.0));
  s.push_back(bounded(key("observation.snr_db", Kind::kFloat, "15", "Gaussian noise level as an input SNR in dB: sigma^2 = ||A xbar||^2 / numel / 10^(snr/10). Ignored when observation.sigma is set."), -50.0, 200.0));
  s.push_back(nullable(bounded(key("observation.sigma", Kind::kFloat, "null", "Gaussian noise standard deviation on the [0, 1] scale; null derives it from observation.snr_db."), 0.0, 10.0, true)));
  s.push_back(bounded(key("observation.peak", Kind::kFloat, "250", "Poisson noise: the photon budget beta, y ~ P(beta H x) (dynamic_range in the authors' configs)."), 0.0, std::nullopt, true));
  s.push_back(choice("observation.blur_kernel", "motion", {"motion", "gaussian", "file"}, "Deblurring: the kernel: `motion` (seeded random camera shake), `gaussian`, or `file` (observation.blur_path)."));
  s.push_back(bounded(key("observation.blur_size", Kind::kInt, "0", "Deblurring: kernel size k; 0 picks N/32 + 1 made odd as in the papers (5 for 180^2, 65 for 2048^2, 129 for 4096^2)."), 0, 4097));
  s.push_back(bounded(key("observation.blur_intensity", Kind::kFloat, "0.5", "Deblurring, motion kernel: shake intensity in [0, 1] (0: a straight sweep)."), 0.0, 1.0));
  s.push_back(bounded(key("observation.blur_std", Kind::kFloat, "2", "Deblurring, Gaussian kernel: standard deviation in pixels."), 0.0, std::nullopt, true));
  s.push_back(input_file(key("observation.blur_path", Kind::kPath, "\"\"", "Deblurring, file kernel: HDF5 (dataset /kernel) or a grey PNG; normalised to sum 1. A relative path is relative to the config file.")));
  // prior
  s.push_back(choice("prior.type", "tv", prior_names(), "Prior: " + joined_docs() + "."));
  s.push_back(bounded(key("prior.mu", Kind::kFloat, "30", "Weight of the TV or quadratic prior (reg_coef in the authors' configs)."), 0.0, std::nullopt, true));
  s.push_back(bounded(key("prior.rho", Kind::kFloat, "1e-3", "AXDA coupling rho between z and D x (split_coef)."), 0.0, std::nullopt, true));
  s.push_back(input_file(key("prior.weights", Kind::kPath, "\"\"", "PnP priors: the denoiser's PyTorch state dict (zip format; models/README.md says which file fits which architecture). A relative path is relative to the config file.")));
  s.push_back(bounded(key("prior.alpha", Kind::kFloat, "1", "PnP priors: weight alpha of the prior term (alpha/eps)(x - D(x))."), 0.0, std::nullopt, true));
  s.push_back(bounded(key("prior.lipschitz", Kind::kFloat, "1", "PnP priors: L, the Lipschitz constant of D - I, which sets the step sizes (`dpnp lipschitz` estimates it; 0 means 1 as in the authors' code). The `gaussian` prior uses its exact value sigma_d^2 / (s^2 + sigma_d^2) instead."), 0.0, std::nullopt));
  s.push_back(nullable(bounded(key("prior.denoising_level", Kind::kFloat, "null", "PnP priors: the denoiser's noise level sigma_d, eps = sigma_d^2; null uses eps = sigma^2 (the noise level of the data), which the papers found best for Gaussian tasks."), 0.0, 1.0, true)));
  s.push_back(choice("prior.denoising_level_rule", "default", {"default", "data_noise"}, "PnP priors with prior.denoising_level null: `default` takes sigma_d from the noise model (Gaussian: sigma; Poisson: 0.05, the authors' fixed level); `data_noise` takes the standard deviation of the observation's noise on the image scale at its mean intensity (Gaussian: sigma; Poisson: sqrt(mean(y / beta) / beta), the Poisson noise of the average pixel, e.g. 0.037 at beta = 250 and mean 0.35; docs/design.md)."));
  s.push_back(choice("prior.precision", "fp32", {"fp32", "tf32", "bf16"}, "PnP priors: arithmetic of the denoiser's convolutions (tf32 and bf16 need run.device: cuda)."));
  s.push_back(key("prior.fused", Kind::kBool, "true", "DDFB: use dpnp's fused stencil kernels, two passes over the 64-channel dual variable per layer (CPU: AVX2 + FMA, 3 channels and 64 features, else the convolution path; GPU: CUDA kernels, bf16 stores the dual variable in bfloat16) instead of LibTorch convolutions. Precision tf32 always takes the cuDNN path."));
  s.push_back(key("prior.cuda_graph", Kind::kBool, "true", "On a GPU in a job of one rank: capture the denoiser's forward pass once as a CUDA graph and replay it (a halo exchange between layers cannot be captured, so jobs of several ranks run eagerly unless halo.mode resolves to wide, whose one exchange stays outside the graph)."));
  s.push_back(key("prior.mean", Kind::kFloat, "0.5", "Gaussian prior: the mean m of x ~ N(m, s^2) per pixel, on the [0, 1] scale."));
  s.push_back(bounded(key("prior.std", Kind::kFloat, "0.25", "Gaussian prior: the standard deviation s; its exact MMSE denoiser is D(x) = m + s^2 / (s^2 + sigma_d^2) (x - m)."), 0.0, std::nullopt, true));
  // sampler
  s.push_back(bounded(key("poisson.rho1", Kind::kFloat, "10", "Poisson tasks: coupling rho1 of z1 to beta H x."), 0.0, std::nullopt, true));
  s.push_back(bounded(key("poisson.rho2", Kind::kFloat, "1e-3", "Poisson tasks: coupling rho2 of z2 to x (PnP) or to D x (TV)."), 0.0, std::nullopt, true));
  s.push_back(bounded(key("sampler.iterations", Kind::kInt, "1000", "Total number of iterations, burn-in included."), 1, std::nullopt));
  s.push_back(bounded(key("sampler.burn_in", Kind::kInt, "200", "Iterations discarded before the MMSE, variance and sample store start."), 0, std::nullopt));
  s.push_back(bounded(key("sampler.thinning", Kind::kInt, "1", "Use every n-th post-burn-in sample for the estimators and the sample store."), 1, std::nullopt));
  s.push_back(bounded(key("sampler.keep_samples", Kind::kInt, "0", "Keep the last N thinned samples to compute credible intervals (memory: N x image per rank's slab); 0 keeps none."), 0, std::nullopt));
  s.push_back(bounded(key("sampler.ci_level", Kind::kFloat, "0.95", "Level of the pixel-wise credible intervals from the kept samples."), 0.0, 1.0, true));
  s.push_back(choice("sampler.init", "auto", {"auto", "zeros", "observation", "interpolation", "least_squares"}, "Initial x. `auto`: `interpolation` for inpainting (distributed harmonic interpolation of the observed pixels), `least_squares` for deblurring (a few conjugate-gradient steps on (A^T A + lambda D^T D) x = A^T y, lambda from the noise level; docs/design.md)."));
  s.push_back(choice("sampler.chain_init", "same", {"same", "dispersed"}, "Starts of the chains (run.chains > 1). `same`: every chain from sampler.init. `dispersed`: over-dispersed starts, so that R-hat can tell chains that have not forgotten their start: chain c starts from sampler.init (c mod 3 = 0), zeros (c mod 3 = 1) or uniform noise in [0, 1] drawn from chain c's own stream (c mod 3 = 2)."));
  s.push_back(choice("sampler.step_rule", "dpnp", {"dpnp", "authors"}, "Step sizes. `dpnp`: every step at most 0.99 over the Lipschitz constant of the conditional it samples (TV x-step with ||D||^2 = 8, Poisson z2-step with L_y = 1/rho2, Poisson-TV x-step with 8/rho2). `authors`: the three steps of the authors' code (||D||^2 taken as 1; L_y = 0.99 rho2), which run 2-8x larger and can inflate the variance (docs/design.md gives the measurements)."));
  s.push_back(bounded(key("sampler.step_scale", Kind::kFloat, "1", "Multiplies every Langevin step size of the sampler (PnP-ULA's delta; the gamma of every PSGLA step, x, z, z1, z2) after sampler.step_rule has set them; lambda is not a step and is kept. Smaller steps shrink the discretisation bias of the chain's law (docs/results.md, the step-size study) and slow the mixing in proportion."), 0.0, 1.0, true));
  s.push_back(bounded(key("sampler.flush_every", Kind::kInt, "10", "Iterations between the reductions of the trace (potential, SNR, time) across ranks."), 1, std::nullopt));
  // output
  s.push_back(key("output.path", Kind::kPath, "results/run.h5", "HDF5 result file (written collectively; its directory is created). A relative path is relative to the working directory."));
  s.push_back(key("output.fits", Kind::kBool, "false", "Also write <output.path with .fits>: FITS images MMSE (primary HDU), STD and, with sampler.keep_samples, LOWER and UPPER (the credible-interval bounds), float32 [C, H, W] (2-D for one channel), each header with the WCS of a FITS truth or observation and the run's provenance (DPNPVER, GITHASH, SEED, NITER, BURNIN, NRANKS...). Ranks write their own rows in turn."));
  s.push_back(key("output.save_samples", Kind::kBool, "false", "Also write the kept samples as /samples [N, C, H, W]."));
  s.push_back(key("output.previews", Kind::kBool, "false", "Write PNG previews next to the result file: <stem>_mmse.png, <stem>_std.png, <stem>_observation.png, each with a colour bar (drawn by python/dpnp_report with matplotlib; without them the run warns and writes none)."));
  s.push_back(bounded(key("output.preview_max_side", Kind::kInt, "1024", "Previews are box-averaged until their longer side is at most this (read a block of rows at a time: no process holds the full-resolution image)."), 16, 1 << 16));
  s.push_back(bounded(key("output.progress_every", Kind::kInt, "100", "When the output is not a terminal, print a progress line every N iterations (a terminal gets a live line, at most once a second)."), 1, std::nullopt));
  s.push_back(bounded(key("output.checkpoint_every", Kind::kInt, "0", "Write a checkpoint every N iterations and at the end (0: only when stopped by a signal or --max-hours); `dpnp sample --resume` continues from it. Resuming may change output.*, sampler.iterations, sampler.flush_every, sampler.ci_level, run.{threads,log_level,gpu_aware_mpi,device} and halo.mode; every other key must match."), 0, std::nullopt));
  s.push_back(nullable(key("output.checkpoint_path", Kind::kPath, "null", "Checkpoint file; null: <output.path without .h5>.ckpt.h5. The previous checkpoint is kept as <stem>.prev.h5 until a new one is complete. A relative path is relative to the working directory.")));
  return s;
}

}  // namespace

const std::vector<KeySpec>& schema() {
  static const std::vector<KeySpec> table = build();
  return table;
}

const KeySpec* find_key(const std::string& path) {
  for (const auto& spec : schema())
    if (spec.path == path) return &spec;
  return nullptr;
}

}  // namespace dpnp::config
