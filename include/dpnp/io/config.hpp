#pragma once
/// @file
/// The experiment config: one YAML file (plus --set overrides) -> a validated, complete tree.
///
/// Every key is declared once in the schema (src/io/config_schema.cpp) with its type, default, range
/// and documentation; docs/config.md is generated from it (`dpnp config --markdown`). Unknown keys,
/// wrong types, out-of-range values and missing files are InputErrors naming the key path and the fix.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace YAML {
class Node;
}

namespace dpnp::config {

enum class Kind { kString, kInt, kFloat, kBool, kChoice, kIntList, kPath };

struct KeySpec {
  std::string path;           ///< dotted path, e.g. "sampler.iterations"
  Kind kind = Kind::kString;
  std::string default_value;  ///< YAML text of the default ("null" when unset is allowed)
  std::string doc;            ///< one sentence for docs/config.md
  std::vector<std::string> choices;  ///< for kChoice
  std::optional<double> min, max;    ///< inclusive bounds for numbers
  bool min_exclusive = false;
  bool nullable = false;             ///< null is a valid value (means "derive it")
  bool input_file = false;           ///< a path read by dpnp: relative to the config file's directory
};

/// Every key, in documentation order.
const std::vector<KeySpec>& schema();
const KeySpec* find_key(const std::string& path);

/// docs/config.md, generated from the schema.
std::string markdown_reference();

class Config {
 public:
  /// Parses `yaml_text` (the file's content; `source` names it in errors), applies `overrides`
  /// ("a.b=value"), checks every key against the schema and fills the defaults. Does not touch the
  /// file system: see validate_files(). Throws InputError.
  static Config parse(const std::string& yaml_text, const std::string& source,
                      const std::vector<std::string>& overrides = {});

  /// Cross-key checks that need the file system (input files exist, output directory is writable).
  /// Run on one rank; throws InputError.
  void validate_files() const;

  std::string get_string(const std::string& path) const;
  std::int64_t get_int(const std::string& path) const;
  double get_float(const std::string& path) const;
  bool get_bool(const std::string& path) const;
  std::vector<std::int64_t> get_int_list(const std::string& path) const;
  /// Whether a nullable key holds a value.
  bool is_set(const std::string& path) const;

  /// The effective config (every key, defaults included) as YAML, in schema order. Parsing it again
  /// gives the same Config.
  std::string effective_yaml() const;
  const std::string& source() const { return source_; }

 private:
  std::string scalar(const std::string& path) const;
  std::vector<std::pair<std::string, std::string>> values_;  // path -> YAML text of the value
  std::string source_;
};

}  // namespace dpnp::config
