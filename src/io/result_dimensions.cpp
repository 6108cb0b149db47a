// ResultFile::describe_for_readers: netCDF-style dimension scales and CF attributes on a finished file.
#include <hdf5.h>
#include <hdf5_hl.h>

#include <map>
#include <numeric>

#include "dpnp/io/result_file.hpp"
#include "result_metadata.hpp"

namespace dpnp {

namespace {

std::string base_name(const std::string& name) { return name.substr(name.find_last_of('/') + 1); }

const char* scale_long_name(const std::string& dim) {
  if (dim == "y" || dim.rfind("y_", 0) == 0) return "image row (0 = first row of the file)";
  if (dim == "x" || dim.rfind("x_", 0) == 0) return "image column";
  if (dim == "channel" || dim.rfind("channel_", 0) == 0) return "image channel";
  if (dim == "sample") return "kept sample, oldest first";
  if (dim == "iteration") return "sampler iteration (0 = first)";
  if (dim == "chain") return "chain (run.chains; chain 0 is the chain of a single-chain run)";
  return "index";
}

}  // namespace

void ResultFile::describe_for_readers() {
  // One dimension per name and length: where an axis has a known name but another length (the
  // observation of a deblurring task is larger than the image), it is named after its dataset too.
  std::map<std::string, hsize_t> lengths;
  std::vector<std::pair<std::string, std::vector<std::string>>> axes;
  const std::vector<Written> datasets = written_;  // the scales below are written datasets too
  for (const Written& w : datasets) {
    DatasetDescription d = describe_dataset(w.name, w.dims.size());
    for (std::size_t a = 0; a < w.dims.size(); ++a) {
      std::string dim = d.dims[a];
      for (int attempt = 0;; ++attempt) {
        const auto found = lengths.find(dim);
        const bool clashes_with_dataset = H5Lexists(file_.get(), ("/" + dim).c_str(), H5P_DEFAULT) > 0 && found == lengths.end();
        if ((found == lengths.end() || found->second == w.dims[a]) && !clashes_with_dataset) break;
        dim = d.dims[a] + "_" + base_name(w.name) + (attempt > 0 ? std::to_string(attempt) : "");
      }
      lengths.emplace(dim, w.dims[a]);
      d.dims[a] = dim;
    }
    axes.emplace_back(w.name, d.dims);
    set_attribute(w.name, "long_name", d.long_name);
    if (!d.units.empty()) set_attribute(w.name, "units", d.units);
  }

  for (const auto& [dim, length] : lengths) {
    std::vector<double> index(length);
    std::iota(index.begin(), index.end(), 0.0);
    const std::string path = "/" + dim;
    write_vector(path, index);
    const h5::Handle scale = h5::dataset(H5Dopen2(file_.get(), path.c_str(), H5P_DEFAULT));
    DPNP_H5(H5DSset_scale(scale.get(), dim.c_str()));
    set_attribute(path, "long_name", std::string(scale_long_name(dim)));
  }
  for (const auto& [name, dims] : axes) {
    const h5::Handle dataset = h5::dataset(H5Dopen2(file_.get(), name.c_str(), H5P_DEFAULT));
    for (std::size_t a = 0; a < dims.size(); ++a) {
      const h5::Handle scale = h5::dataset(H5Dopen2(file_.get(), ("/" + dims[a]).c_str(), H5P_DEFAULT));
      DPNP_H5(H5DSattach_scale(dataset.get(), scale.get(), static_cast<unsigned>(a)));
    }
  }
}

}  // namespace dpnp
