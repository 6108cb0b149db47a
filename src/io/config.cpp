#include "dpnp/io/config.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <unistd.h>
#include <set>

#include "dpnp/core/error.hpp"
#include "dpnp/priors/prior_catalogue.hpp"

namespace dpnp::config {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const std::string& path, const std::string& problem, const std::string& fix) {
  throw InputError(fmt::format("config: {}: {}; {}", path, problem, fix));
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string suggestion_for(const std::string& path) {
  std::string best;
  std::size_t best_distance = 4;
  const std::string leaf = path.substr(path.rfind('.') + 1);
  for (const auto& spec : schema()) {
    std::size_t d = edit_distance(path, spec.path);
    const std::string spec_leaf = spec.path.substr(spec.path.rfind('.') + 1);
    if (spec_leaf == leaf) d = std::min<std::size_t>(d, 1);
    if (d < best_distance) {
      best_distance = d;
      best = spec.path;
    }
  }
  return best.empty() ? "remove it (docs/config.md lists every key)" : "did you mean '" + best + "'?";
}

bool is_section(const std::string& path) {
  const std::string prefix = path + ".";
  for (const auto& spec : schema())
    if (spec.path.compare(0, prefix.size(), prefix) == 0) return true;
  return false;
}

std::string section_keys(const std::string& path) {
  std::set<std::string> names;
  const std::string prefix = path + ".";
  for (const auto& spec : schema()) {
    if (spec.path.compare(0, prefix.size(), prefix) != 0) continue;
    const std::string rest = spec.path.substr(prefix.size());
    names.insert(rest.substr(0, rest.find('.')));
  }
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

const char* kind_name(Kind kind) {
  switch (kind) {
    case Kind::kString: return "a string";
    case Kind::kInt: return "a whole number";
    case Kind::kFloat: return "a number";
    case Kind::kBool: return "true or false";
    case Kind::kChoice: return "one of the listed choices";
    case Kind::kIntList: return "a list of whole numbers";
    case Kind::kPath: return "a file path";
  }
  return "a value";
}

std::string describe_node(const YAML::Node& node) {
  if (node.IsMap()) return "a mapping";
  if (node.IsSequence()) return "a list";
  if (node.IsNull()) return "nothing (null)";
  return "'" + node.Scalar() + "'";
}

bool parse_int(const std::string& text, std::int64_t& out) {
  static const std::regex pattern("^[+-]?[0-9]+$");
  if (!std::regex_match(text, pattern)) return false;
  errno = 0;
  out = std::strtoll(text.c_str(), nullptr, 10);
  return errno == 0;
}

bool parse_float(const std::string& text, double& out) {
  if (text.empty()) return false;
  char* end = nullptr;
  errno = 0;
  out = std::strtod(text.c_str(), &end);
  return errno == 0 && end == text.c_str() + text.size() && std::isfinite(out);
}

bool parse_bool(const std::string& text, bool& out) {
  std::string t = text;
  std::transform(t.begin(), t.end(), t.begin(), ::tolower);
  if (t == "true" || t == "yes" || t == "on") return out = true, true;
  if (t == "false" || t == "no" || t == "off") return out = false, true;
  return false;
}

std::string format_number(double value) { return fmt::format("{}", value); }

std::string quoted(const std::string& text) {
  YAML::Emitter emitter;
  emitter << YAML::DoubleQuoted << text;
  return emitter.c_str();
}

std::string range_text(const KeySpec& spec) {
  if (spec.min && spec.max)
    return fmt::format("{} {} and at most {}", spec.min_exclusive ? "above" : "at least", format_number(*spec.min),
                       format_number(*spec.max));
  if (spec.min) return fmt::format("{} {}", spec.min_exclusive ? "above" : "at least", format_number(*spec.min));
  if (spec.max) return fmt::format("at most {}", format_number(*spec.max));
  return "";
}

void check_range(const KeySpec& spec, double value, const std::string& shown) {
  const bool low = spec.min && (spec.min_exclusive ? value <= *spec.min : value < *spec.min);
  const bool high = spec.max && value > *spec.max;
  if (low || high) fail(spec.path, fmt::format("{} is out of range", shown), "give a value " + range_text(spec));
}

// The canonical YAML text of a checked value.
std::string canonical(const KeySpec& spec, const YAML::Node& node, const std::string& config_dir) {
  if (node.IsNull()) {
    if (spec.nullable) return "null";
    fail(spec.path, "is empty", fmt::format("give {} (default: {})", kind_name(spec.kind), spec.default_value));
  }
  if (spec.kind == Kind::kIntList) {
    if (!node.IsSequence()) fail(spec.path, "expected a list like [1, 2], got " + describe_node(node), "write the value as a list");
    std::string out = "[";
    for (std::size_t i = 0; i < node.size(); ++i) {
      std::int64_t v = 0;
      if (!node[i].IsScalar() || !parse_int(node[i].Scalar(), v))
        fail(spec.path, fmt::format("element {} is {}, not a whole number", i, describe_node(node[i])), "use whole numbers");
      out += (i ? ", " : "") + std::to_string(v);
    }
    return out + "]";
  }
  if (!node.IsScalar())
    fail(spec.path, fmt::format("expected {}, got {}", kind_name(spec.kind), describe_node(node)),
         fmt::format("write a single value (default: {})", spec.default_value));
  const std::string text = node.Scalar();
  switch (spec.kind) {
    case Kind::kInt: {
      std::int64_t v = 0;
      if (!parse_int(text, v)) fail(spec.path, fmt::format("expected a whole number, got '{}'", text), "write an integer such as " + spec.default_value);
      check_range(spec, static_cast<double>(v), std::to_string(v));
      return std::to_string(v);
    }
    case Kind::kFloat: {
      double v = 0;
      if (!parse_float(text, v)) fail(spec.path, fmt::format("expected a finite number, got '{}'", text), "write a number such as " + spec.default_value);
      check_range(spec, v, text);
      return format_number(v);
    }
    case Kind::kBool: {
      bool v = false;
      if (!parse_bool(text, v)) fail(spec.path, fmt::format("expected true or false, got '{}'", text), "write true or false");
      return v ? "true" : "false";
    }
    case Kind::kChoice: {
      if (std::find(spec.choices.begin(), spec.choices.end(), text) == spec.choices.end()) {
        std::string list;
        for (const auto& c : spec.choices) list += (list.empty() ? "" : ", ") + c;
        fail(spec.path, fmt::format("'{}' is not a valid choice", text), "use one of: " + list);
      }
      return text;
    }
    case Kind::kPath: {
      if (spec.input_file && !text.empty() && fs::path(text).is_relative() && !config_dir.empty())
        return quoted((fs::path(config_dir) / text).lexically_normal().string());
      return quoted(text);
    }
    case Kind::kString:
    case Kind::kIntList: return quoted(text);
  }
  return quoted(text);
}

// Walks the user's tree: every leaf must be a schema key, every inner node a section.
void collect(const YAML::Node& node, const std::string& path, std::vector<std::pair<std::string, YAML::Node>>& out) {
  if (!path.empty() && find_key(path)) {
    out.emplace_back(path, node);
    return;
  }
  if (!path.empty() && !is_section(path)) fail(path, "unknown key", suggestion_for(path));
  if (node.IsNull()) return;  // an empty section
  if (!node.IsMap()) {
    if (path.empty()) throw InputError("config: the file must be a mapping of sections (run:, truth:, sampler:, ...); see configs/demo.yaml");
    fail(path, "expected a section with keys (" + section_keys(path) + "), got " + describe_node(node), "indent its keys under it");
  }
  std::set<std::string> seen;
  for (const auto& item : node) {
    const std::string name = item.first.Scalar();
    if (!seen.insert(name).second) fail(path.empty() ? name : path + "." + name, "appears twice", "keep one");
    collect(item.second, path.empty() ? name : path + "." + name, out);
  }
}

YAML::Node load_yaml(const std::string& text, const std::string& source) {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw InputError(fmt::format("config: {}: line {}, column {}: {}; fix the YAML syntax", source, e.mark.line + 1,
                                 e.mark.column + 1, e.msg));
  }
}

}  // namespace

Config Config::parse(const std::string& yaml_text, const std::string& source,
                     const std::vector<std::string>& overrides) {
  const YAML::Node root = load_yaml(yaml_text, source);
  std::vector<std::pair<std::string, YAML::Node>> given;
  collect(root, "", given);
  const std::string config_dir =
      source.empty() || source == "<string>" ? std::string() : fs::path(source).parent_path().string();

  std::map<std::string, std::string> values;
  for (const auto& [path, node] : given) values[path] = canonical(*find_key(path), node, config_dir);
  for (const auto& assignment : overrides) {
    const auto eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0)
      throw InputError(fmt::format("--set: '{}' is not key=value; write e.g. --set sampler.iterations=500", assignment));
    const std::string path = assignment.substr(0, eq);
    const KeySpec* spec = find_key(path);
    if (!spec) fail(path, "unknown key in --set", suggestion_for(path));
    values[path] = canonical(*spec, load_yaml(assignment.substr(eq + 1), "--set " + path), "");
  }

  Config config;
  config.source_ = source;
  for (const auto& spec : schema()) {
    auto it = values.find(spec.path);
    config.values_.emplace_back(spec.path, it != values.end() ? it->second
                                                              : canonical(spec, YAML::Load(spec.default_value), ""));
  }

  // Cross-key checks that need no file system.
  if (config.get_int("sampler.burn_in") >= config.get_int("sampler.iterations"))
    fail("sampler.burn_in",
         fmt::format("{} leaves no samples (sampler.iterations is {})", config.get_int("sampler.burn_in"),
                     config.get_int("sampler.iterations")),
         "make it smaller than sampler.iterations");
  if (config.get_string("truth.path").empty() && config.get_string("observation.path").empty())
    fail("truth.path", "no ground-truth image and no observation file given",
         "set truth.path to a PNG, JPEG, HDF5, FITS or TIFF image to synthesise an observation, or observation.path to your data");
  const auto crop = config.get_int_list("truth.crop");
  if (!crop.empty()) {
    if (crop.size() != 4) fail("truth.crop", fmt::format("has {} numbers", crop.size()), "give [top, left, height, width] or []");
    if (crop[0] < 0 || crop[1] < 0 || crop[2] <= 0 || crop[3] <= 0)
      fail("truth.crop", "needs top, left >= 0 and height, width > 0", "fix the crop rectangle");
  }
  const std::string prior = config.get_string("prior.type");
  const PriorEntry& entry = prior_entry(prior);
  if (entry.needs_weights() && config.get_string("prior.weights").empty())
    fail("prior.weights", fmt::format("the {} prior needs a weights file", prior),
         "models/README.md lists which file fits which prior.type");
  if (config.get_string("problem.noise") == "poisson" && !entry.supports_poisson())
    fail("prior.type", fmt::format("the {} prior is for Gaussian noise only", prior),
         "choose another prior for Poisson noise (dpnp config --markdown lists them)");
  if (config.get_string("problem.task") == "deblurring" && config.get_string("observation.blur_kernel") == "file" &&
      config.get_string("observation.blur_path").empty())
    fail("observation.blur_path", "observation.blur_kernel is file but no file is given", "set observation.blur_path to an HDF5 or PNG kernel");
  if (config.get_bool("output.save_samples") && config.get_int("sampler.keep_samples") == 0)
    fail("output.save_samples", "is true but no samples are kept", "set sampler.keep_samples to the number to keep");
  if (config.get_string("output.path").empty()) fail("output.path", "is empty", "give the result file, e.g. results/run.h5");
  return config;
}

namespace {

// Why `path` cannot be opened, for "config: <key>: <reason>; <fix>": a link loop and a dangling link
// are named as such, since "does not exist" sends the user looking for the wrong thing.
std::string why_missing(const std::string& path) {
  std::error_code ec;
  (void)fs::status(path, ec);
  if (ec.value() == ELOOP) return fmt::format("'{}' is a loop of symbolic links", path);
  std::error_code link_ec;
  if (fs::is_symlink(fs::symlink_status(path, link_ec)))
    return fmt::format("'{}' is a symbolic link to '{}', which does not exist", path,
                       fs::read_symlink(path, link_ec).string());
  return fmt::format("file '{}' does not exist", path);
}

}  // namespace

void Config::validate_files() const {
  const std::string truth = get_string("truth.path");
  std::error_code ec;
  const std::string observation = get_string("observation.path");
  if (!observation.empty()) {
    if (!fs::exists(observation, ec))
      fail("observation.path", why_missing(observation), "give the HDF5 file `dpnp simulate` wrote, or your own (docs/bring-your-own-data.md)");
    if (fs::is_directory(observation, ec)) fail("observation.path", fmt::format("'{}' is a directory", observation), "give an HDF5 file");
  }
  // An empty truth.path is only valid with observation.path (sampling without a ground truth).
  if (!truth.empty()) {
    if (!fs::exists(truth, ec)) fail("truth.path", why_missing(truth), "give an existing PNG, JPEG, HDF5, FITS or TIFF image");
    if (fs::is_directory(truth, ec)) fail("truth.path", fmt::format("'{}' is a directory", truth), "give an image file");
    if (!std::ifstream(truth).good()) fail("truth.path", fmt::format("file '{}' cannot be read", truth), "check its permissions");
  }

  const std::string weights = get_string("prior.weights");
  if (prior_entry(get_string("prior.type")).needs_weights()) {
    if (!fs::exists(weights, ec)) fail("prior.weights", why_missing(weights), "give a state dict listed in models/README.md");
    if (fs::is_directory(weights, ec)) fail("prior.weights", fmt::format("'{}' is a directory", weights), "give a weights file");
  }

  if (get_string("problem.task") == "deblurring" && get_string("observation.blur_kernel") == "file") {
    const std::string kernel = get_string("observation.blur_path");
    if (!fs::exists(kernel, ec)) fail("observation.blur_path", why_missing(kernel), "give an HDF5 (/kernel) or PNG kernel");
  }

  const fs::path output = get_string("output.path");
  if (fs::is_directory(output, ec)) fail("output.path", fmt::format("'{}' is a directory", output.string()), "give a file name such as results/run.h5");
  const fs::path directory = output.has_parent_path() ? output.parent_path() : fs::path(".");
  fs::create_directories(directory, ec);
  if (ec || !fs::is_directory(directory))
    fail("output.path", fmt::format("cannot create directory '{}' ({})", directory.string(), ec ? ec.message() : "not a directory"),
         "choose a writable location");
  const fs::path probe = directory / fmt::format(".dpnp-write-test-{}", static_cast<long>(::getpid()));
  {
    std::ofstream file(probe);
    if (!file.good()) fail("output.path", fmt::format("directory '{}' is not writable", directory.string()), "choose a writable location");
  }
  fs::remove(probe, ec);
}

std::string Config::scalar(const std::string& path) const {
  for (const auto& [key, value] : values_)
    if (key == path) return value;
  throw Error("internal error: config key '" + path + "' is not in the schema");
}

std::string Config::get_string(const std::string& path) const {
  const std::string text = scalar(path);
  return text == "null" ? std::string() : YAML::Load(text).as<std::string>();
}

std::int64_t Config::get_int(const std::string& path) const { return std::stoll(scalar(path)); }

double Config::get_float(const std::string& path) const {
  const std::string text = scalar(path);
  DPNP_CHECK(text != "null", "config key " + path + " is null");
  return std::strtod(text.c_str(), nullptr);
}

bool Config::get_bool(const std::string& path) const { return scalar(path) == "true"; }

std::vector<std::int64_t> Config::get_int_list(const std::string& path) const {
  std::vector<std::int64_t> out;
  for (const auto& item : YAML::Load(scalar(path))) out.push_back(item.as<std::int64_t>());
  return out;
}

bool Config::is_set(const std::string& path) const { return scalar(path) != "null"; }

std::string Config::effective_yaml() const {
  // Keys come in schema order, where each section's keys are contiguous: emit the nested mapping
  // by opening the sections a key needs and closing the ones it leaves.
  std::string out;
  std::vector<std::string> open;
  for (const auto& [path, value] : values_) {
    std::vector<std::string> parts;
    std::size_t start = 0, dot;
    while ((dot = path.find('.', start)) != std::string::npos) {
      parts.push_back(path.substr(start, dot - start));
      start = dot + 1;
    }
    const std::string leaf = path.substr(start);
    std::size_t common = 0;
    while (common < open.size() && common < parts.size() && open[common] == parts[common]) ++common;
    open.resize(common);
    for (std::size_t i = common; i < parts.size(); ++i) {
      out += std::string(2 * i, ' ') + parts[i] + ":\n";
      open.push_back(parts[i]);
    }
    out += std::string(2 * parts.size(), ' ') + leaf + ": " + value + "\n";
  }
  return out;
}

std::string markdown_reference() {
  std::string out =
      "# Config reference\n\n"
      "Generated from the schema in `src/io/config_schema.cpp` by `dpnp config --markdown`; a test keeps this "
      "page equal to it. Every key is optional; the default applies when a key is absent. Unknown keys are "
      "errors. Any key can be overridden on the command line with `--set key=value`.\n";
  std::string section;
  for (const auto& spec : schema()) {
    const std::string this_section = spec.path.substr(0, spec.path.rfind('.'));
    if (this_section != section) {
      section = this_section;
      out += fmt::format("\n## `{}`\n\n| key | type | default | meaning |\n|---|---|---|---|\n", section);
    }
    std::string type = kind_name(spec.kind);
    if (spec.kind == Kind::kChoice) {
      type.clear();
      for (const auto& c : spec.choices) type += (type.empty() ? "" : " \\| ") + std::string("`") + c + "`";
    }
    const std::string range = range_text(spec);
    if (!range.empty()) type += " (" + range + ")";
    if (spec.nullable) type += " or null";
    out += fmt::format("| `{}` | {} | `{}` | {} |\n", spec.path, type, spec.default_value, spec.doc);
  }
  return out;
}

}  // namespace dpnp::config
