#pragma once
/// @file
/// The estimates as FITS images (output.fits), for ds9, astropy and the rest of the astronomer's
/// tools: one file, the MMSE in the primary HDU and the other images in extensions named by EXTNAME.
/// Every HDU carries the WCS cards of the FITS input (fits_image.hpp: the pixel mapping keeps them
/// valid) and the run's provenance keywords.
///
/// cfitsio is not MPI-parallel, and its 2880-byte records straddle slab boundaries: rank 0 creates
/// the file and its headers (cfitsio fills the data with zeros), then each rank in turn opens it and
/// writes its own rows. No rank ever holds another rank's rows. The file is written as
/// `<path>.partial` and renamed when every rank has written, as the HDF5 result is.

#include <ATen/ATen.h>

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "dpnp/dist/comm.hpp"
#include "dpnp/dist/slab_layout.hpp"

namespace dpnp {

/// A header keyword of every HDU: name (8 characters at most), value and comment.
struct FitsKeyword {
  std::string name;
  std::variant<std::string, std::int64_t, double> value;
  std::string comment;
};

/// One image: its EXTNAME and this rank's rows [C, rows, W] (any float dtype, any device).
struct FitsImage {
  std::string name;
  at::Tensor slab;
};

struct FitsResult {
  std::string path;
  std::vector<FitsImage> images;         ///< the first becomes the primary HDU
  std::vector<std::string> copied_cards; ///< header records copied verbatim (the input's WCS)
  std::vector<FitsKeyword> keywords;     ///< provenance
};

/// <output.path with its extension replaced by .fits>.
std::string fits_result_path(const std::string& result_path);

/// Writes `result` with the rows of `layout` (every rank passes its own slabs). Collective; errors
/// are agreed InputErrors "output.fits '<path>': <problem>; <fix>".
void write_fits_result(const Comm& comm, const SlabLayout& layout, const FitsResult& result);

}  // namespace dpnp
