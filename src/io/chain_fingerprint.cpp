#include "dpnp/io/chain_fingerprint.hpp"

#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <map>
#include <sstream>

namespace dpnp {

namespace {

// Prefixes of the keys a resumed run may change (documented in the header and docs/).
constexpr std::array<const char*, 8> kRunOnly = {"output.",          "sampler.iterations", "sampler.flush_every",
                                                 "sampler.ci_level", "run.threads",        "run.log_level",
                                                 "run.gpu_aware_mpi", "run.device"};

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
    if (show(there_lines, key) != value) return fmt::format("{} is {} there and {} here", key, show(there_lines, key), value);
  for (const auto& [key, value] : there_lines)
    if (!here_lines.count(key)) return fmt::format("{} is {} there and absent here", key, value);
  return "the fingerprints differ";
}

}  // namespace dpnp
