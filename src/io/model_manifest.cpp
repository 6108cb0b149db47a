#include "dpnp/io/model_manifest.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "dpnp/core/error.hpp"

namespace dpnp {

std::string manifest_path_for(const std::string& weights) {
  return std::filesystem::path(weights).replace_extension(".yaml").string();
}

YAML::Node read_manifest(const std::string& path) {
  if (!std::filesystem::exists(path)) return YAML::Node(YAML::NodeType::Map);
  try {
    return YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    throw InputError(fmt::format("manifest '{}' is not valid YAML ({}); fix or remove it", path, e.what()));
  }
}

void write_manifest(const std::string& path, const YAML::Node& manifest) {
  YAML::Emitter out;
  out.SetIndent(2);
  out << manifest;
  const std::string temporary = path + ".tmp";
  {
    std::ofstream file(temporary);
    file << "# Model manifest written by dpnp train / dpnp lipschitz (models/README.md).\n" << out.c_str() << "\n";
    if (!file) throw InputError(fmt::format("cannot write the manifest '{}'", temporary));
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) throw InputError(fmt::format("cannot write the manifest '{}': {}", path, error.message()));
}

YAML::Node image_records(const std::vector<ImageRecord>& records) {
  YAML::Node list(YAML::NodeType::Sequence);
  for (const auto& r : records) {
    YAML::Node entry;
    entry["file"] = std::filesystem::path(r.file).filename().string();
    entry["package"] = r.package;
    entry["licence"] = r.licence;
    list.push_back(entry);
  }
  return list;
}

}  // namespace dpnp
