#pragma once
/// @file
/// What each dataset of a result or observation file means, for readers that do not know dpnp:
/// its long name, units (CF style; "1" for dimensionless), and the names of its dimensions.

#include <cstddef>
#include <string>
#include <vector>

namespace dpnp {

struct DatasetDescription {
  std::string long_name;
  std::string units;              ///< empty: no units attribute
  std::vector<std::string> dims;  ///< one name per axis, outermost first
};

/// The description of dataset `name` (e.g. "/mmse", "/trace/potential") with `rank` axes. Datasets
/// not in the table get their base name as long name and generic dimension names.
DatasetDescription describe_dataset(const std::string& name, std::size_t rank);

}  // namespace dpnp
