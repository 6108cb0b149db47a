#include "dpnp/io/image_folder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "dpnp/core/error.hpp"
#include "dpnp/io/image.hpp"

namespace dpnp {

namespace fs = std::filesystem;

namespace {

// file name -> (package, licence) from DIR/sources.tsv; empty when there is none.
std::map<std::string, ImageRecord> read_sources(const fs::path& dir) {
  std::map<std::string, ImageRecord> out;
  std::ifstream in(dir / "sources.tsv");
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    ImageRecord record;
    std::getline(fields, record.file, '\t');
    std::getline(fields, record.package, '\t');
    std::getline(fields, record.licence, '\t');
    out[record.file] = record;
  }
  return out;
}

bool is_image(const fs::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext == ".png" || ext == ".jpg" || ext == ".jpeg";
}

}  // namespace

ImageSet read_image_files(const std::vector<std::string>& files, std::int64_t channels) {
  ImageSet set;
  std::map<fs::path, std::map<std::string, ImageRecord>> sources;
  for (const auto& file : files) {
    ImageSource source;
    source.path = file;
    source.grayscale = channels == 1;
    const ImageShape shape = probe_image(source);
    at::Tensor pixels = read_image_rows(source, 0, shape.height);
    if (pixels.size(0) == 1 && channels == 3) pixels = pixels.expand({3, shape.height, shape.width});
    const fs::path path(file);
    set.images.push_back({path.filename().string(), pixels.to(at::kFloat).contiguous()});
    const fs::path dir = path.parent_path();
    if (!sources.count(dir)) sources[dir] = read_sources(dir.empty() ? fs::path(".") : dir);
    const auto known = sources[dir].find(path.filename().string());
    ImageRecord record = known != sources[dir].end() ? known->second : ImageRecord{};
    record.file = file;
    set.records.push_back(record);
  }
  return set;
}

ImageSet read_image_folder(const std::string& dir, std::int64_t channels) {
  std::error_code error;
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(dir, error))
    if (entry.is_regular_file() && is_image(entry.path())) files.push_back(entry.path().string());
  if (error) throw InputError(fmt::format("cannot list '{}': {}", dir, error.message()));
  if (files.empty())
    throw InputError(fmt::format("'{}' holds no .png/.jpg image; scripts/fetch_training_images.sh prepares one", dir));
  std::sort(files.begin(), files.end());
  return read_image_files(files, channels);
}

}  // namespace dpnp
