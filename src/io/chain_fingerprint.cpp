#include "dpnp/io/chain_fingerprint.hpp"

#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <map>
#include <sstream>

#include "dpnp/core/error.hpp"
#include "dpnp/core/sha256.hpp"

namespace dpnp {

namespace {

// Prefixes of the keys a resumed run may change (documented in the header and docs/).
constexpr std::array<const char*, 9> kRunOnly = {"output.",          "sampler.iterations", "sampler.flush_every",
                                                 "sampler.ci_level", "run.threads",        "run.log_level",
                                                 "run.gpu_aware_mpi", "run.device",        "halo.mode"};

std::string value_text(const config::Config& config, const config::KeySpec& spec) {
  using config::Kind;
  if (spec.nullable && !config.is_set(spec.path)) return "null";
  switch (spec.kind) {
    case Kind::kInt: return std::to_string(config.get_int(spec.path));
    // 17 digits: equal text means equal doubles.
    case Kind::kFloat: return fmt::format("{:.17g}", config.get_float(spec.path));
    case Kind::kBool: return config.get_bool(spec.path) ? "true" : "false";
    case Kind::kIntList: return fmt::format("[{}]", fmt::join(config.get_int_list(spec.path), ", "));
    default: return config.get_string(spec.path);
  }
}

std::string fnv1a64(const std::string& text) {
  std::uint64_t h = 14695981039346656037ull;
  for (const unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return fmt::format("{:016x}", h);
}

constexpr const char* kDigestSuffix = " sha256";

bool is_digest(const std::string& key) {
  const std::string suffix = kDigestSuffix;
  return key.size() > suffix.size() && key.compare(key.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string short_digest(const std::string& digest) { return digest.size() > 12 ? digest.substr(0, 12) + "..." : digest; }

std::string describe_difference(const std::string& key, const std::string& there, const std::string& here) {
  if (!is_digest(key)) return fmt::format("{} is {} there and {} here", key, there, here);
  const std::string file_key = key.substr(0, key.size() - std::string(kDigestSuffix).size());
  if (there == "absent")
    return fmt::format("it has no checksum of {} (written by an older dpnp or without that file)", file_key);
  if (here == "absent") return fmt::format("it was sampled with a file {} that this run does not have", file_key);
  return fmt::format("the contents of {} changed since it was written (sha256 {} there, {} here)", file_key,
                     short_digest(there), short_digest(here));
}

std::map<std::string, std::string> lines_by_key(const std::string& text) {
  std::map<std::string, std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    const auto colon = line.find(": ");
    if (colon != std::string::npos) out[line.substr(0, colon)] = line.substr(colon + 2);
  }
  return out;
}

}  // namespace

bool defines_chain(const std::string& key) {
  for (const char* prefix : kRunOnly)
    if (key.rfind(prefix, 0) == 0) return false;
  return true;
}

ChainFingerprint ChainFingerprint::of(const config::Config& config) {
  std::string text;
  for (const auto& spec : config::schema())
    if (defines_chain(spec.path)) text += spec.path + ": " + value_text(config, spec) + "\n";
  return from_text(std::move(text));
}

ChainFingerprint ChainFingerprint::with_files(const std::vector<std::pair<std::string, std::string>>& files) const {
  std::string more = text;
  for (const auto& [key, path] : files) {
    std::string digest;
    try {
      digest = sha256_of_file(path);
    } catch (const InputError& e) {
      throw InputError(fmt::format("config: {}: {}; check that the file is readable", key, e.what()));
    }
    more += key + kDigestSuffix + ": " + digest + "\n";
  }
  return from_text(std::move(more));
}

ChainFingerprint ChainFingerprint::from_text(std::string text) {
  ChainFingerprint f;
  f.hash = fnv1a64(text);
  f.text = std::move(text);
  return f;
}

std::string ChainFingerprint::first_difference(const ChainFingerprint& here) const {
  if (*this == here) return {};
  const auto there_lines = lines_by_key(text);
  const auto here_lines = lines_by_key(here.text);
  const auto show = [](const std::map<std::string, std::string>& m, const std::string& key) {
    const auto it = m.find(key);
    return it == m.end() ? std::string("absent") : it->second;
  };
  for (const auto& [key, value] : here_lines)
    if (show(there_lines, key) != value) return describe_difference(key, show(there_lines, key), value);
  for (const auto& [key, value] : there_lines)
    if (!here_lines.count(key)) return describe_difference(key, value, "absent");
  return "the fingerprints differ";
}

}  // namespace dpnp
