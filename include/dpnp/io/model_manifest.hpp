#pragma once
// The YAML manifest beside a weights file (models/X.pth -> models/X.yaml): how the weights were made
// (recipe, data and their licences, validation scores) and what was measured on them since
// (`dpnp lipschitz`). Several commands add to it, so it is read, updated and rewritten whole.

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "dpnp/io/image_folder.hpp"

namespace dpnp {

/// models/X.pth -> models/X.yaml.
std::string manifest_path_for(const std::string& weights);

/// The manifest, or an empty map when the file does not exist. Throws InputError when unreadable.
YAML::Node read_manifest(const std::string& path);

/// Writes through a temporary file and a rename, so a crash never leaves half a manifest.
void write_manifest(const std::string& path, const YAML::Node& manifest);

/// [{file, package, licence}, ...]
YAML::Node image_records(const std::vector<ImageRecord>& records);

}  // namespace dpnp
