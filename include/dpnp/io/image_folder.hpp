#pragma once
// Reading sets of training/validation images for `dpnp train` and `dpnp lipschitz`, with where each
// came from (the sources.tsv written by scripts/prepare_training_images.py) for the model manifest.

#include <cstdint>
#include <string>
#include <vector>

#include "dpnp/denoisers/patch_sampler.hpp"

namespace dpnp {

struct ImageRecord {
  std::string file;
  std::string package = "unknown";
  std::string licence = "unknown";
};

struct ImageSet {
  std::vector<NamedImage> images;  ///< float32 [channels, H, W] in [0, 1]
  std::vector<ImageRecord> records;
};

/// The .png/.jpg/.jpeg files of `dir`, by name. Throws InputError when there is none.
ImageSet read_image_folder(const std::string& dir, std::int64_t channels);

/// The given files; grey images are repeated into 3 channels, colour ones made grey for 1.
ImageSet read_image_files(const std::vector<std::string>& files, std::int64_t channels);

}  // namespace dpnp
