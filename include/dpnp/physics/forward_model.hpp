#pragma once
/// @file
/// The tasks dpnp solves, each registered once (src/physics/forward_models.cpp): how its forward
/// operator is made, from which data, what it needs of the slabs, and where its data sit in an
/// observation file. Set-up asks the catalogue instead of branching on task names, so a new forward
/// operator is one operator file plus one entry here.

#include <ATen/ATen.h>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "dpnp/physics/linear_operator.hpp"

namespace dpnp {

struct BlurKernelOptions {
  std::string kind = "motion";  ///< motion | gaussian | file (a file kernel is read by io)
  std::int64_t size = 0;        ///< k; 0: default_blur_size of the image
  double intensity = 0.5;       ///< motion: shake intensity in [0, 1]
  double std_dev = 2.0;         ///< gaussian: standard deviation in pixels
};

struct ForwardOptions {
  std::string task = "inpainting";
  double missing_fraction = 0.7;  ///< inpainting
  BlurKernelOptions blur;         ///< deblurring
};

class ForwardModel {
 public:
  virtual ~ForwardModel() = default;
  virtual std::string name() const = 0;

  /// Whether the operator is made of this rank's rows of an image-sized array (a mask) rather than
  /// of a small array that every rank holds whole (a kernel).
  virtual bool data_per_slab() const = 0;
  /// The dataset of an observation file that holds those data.
  virtual std::string dataset() const = 0;
  /// Whether a kernel of this kind comes from a file (the caller reads it: file formats are io's).
  virtual bool data_from_file(const ForwardOptions&) const { return false; }

  /// Synthetic data that exist before the decomposition (a kernel) for a height x width image;
  /// undefined when the data are per slab. The same on every rank.
  virtual at::Tensor global_data(const ForwardOptions& options, std::int64_t height, std::int64_t width,
                                 std::uint64_t seed) const;
  /// Synthetic per-slab data (a mask) of this rank's rows; undefined for global data.
  virtual at::Tensor slab_data(const SlabDomain& image, const ForwardOptions& options, std::uint64_t seed) const;
  /// Checks data given by a user (a file) and brings them to the form make() takes; `origin` names
  /// them in errors.
  virtual at::Tensor checked_data(at::Tensor data, const std::string& origin) const = 0;

  /// What the operator needs of the slabs, given its global data (undefined when per slab).
  virtual SlabNeeds needs(const at::Tensor& global_data) const = 0;
  /// The image size {height, width} whose data are data_height x data_width (observation files),
  /// or {0, 0} when no image fits.
  virtual std::pair<std::int64_t, std::int64_t> image_size(std::int64_t data_height, std::int64_t data_width,
                                                           const at::Tensor& global_data) const = 0;

  /// The operator on `image` (its range may be another layout: the data space).
  virtual std::shared_ptr<LinearOperator> make(const SlabDomain& image, const at::Tensor& data) const = 0;
  /// The initial x that suits the task when sampler.init is auto (zeros | observation | interpolation).
  virtual std::string default_init() const { return "zeros"; }
  /// One line for the log, e.g. "inpainting, 30.2% observed". Collective.
  virtual std::string describe(const LinearOperator& op, const std::string& data_source) const = 0;
};

/// The model of `task`; InputError naming the known tasks otherwise.
const ForwardModel& forward_model(const std::string& task);
/// Every registered task, in registration order (the config's problem.task choices).
std::vector<std::string> forward_model_names();

}  // namespace dpnp
