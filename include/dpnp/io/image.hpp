#pragma once
/// @file
/// Ground-truth images: PNG/JPEG through stb, an HDF5 dataset read by hyperslab, a FITS image HDU
/// (fits_image.hpp) or a TIFF image or page stack (tiff_image.hpp), the last three by rows.
///
/// PNG and JPEG files are compressed as a whole, so each rank decodes the file and keeps its rows
/// (the decoded image lives only for the call). For images larger than a node's memory use HDF5:
/// each rank then reads only its own rows.
///
/// Values are normalised to [0, 1]: PNG/JPEG pixels by the format's maximum (255, 65535); HDF5, FITS
/// and TIFF values (FITS after BSCALE/BZERO) are kept when already inside [0, 1], otherwise min-max
/// normalised with the global min and max (read_truth).

#include <ATen/ATen.h>

#include <cstdint>
#include <string>
#include <vector>

namespace dpnp {

struct ImageSource {
  std::string path;
  std::string dataset = "/x";        ///< HDF5 only
  std::string hdu;                   ///< FITS only: EXTNAME or index; empty: the primary (or first image) HDU
  std::vector<std::int64_t> crop;    ///< empty, or {top, left, height, width}
  bool grayscale = false;
};

struct ImageShape {
  std::int64_t channels = 0, height = 0, width = 0;
};

/// Whether the source is read through HDF5 (by extension .h5 / .hdf5 / .he5, or by signature).
bool is_hdf5_source(const ImageSource& source);
/// Whether the source is FITS (.fits / .fit / .fts / .fz, or a file starting with "SIMPLE  =").
bool is_fits_source(const ImageSource& source);
/// Whether the source is TIFF (.tif / .tiff, or a TIFF byte-order signature).
bool is_tiff_source(const ImageSource& source);

/// Shape after crop and grayscale conversion, from the file header. Throws InputError naming the file.
ImageShape probe_image(const ImageSource& source);

/// Rows [row0, row0 + rows) of the (cropped, converted) image as float32 [C, rows, W]: PNG and JPEG
/// divided by their format's maximum (255 or 65535), so in [0, 1]; HDF5, FITS and TIFF (any integer or
/// float type; FITS with BSCALE/BZERO applied and BLANK as NaN) as stored, before the normalisation that needs global statistics (read_truth).
/// Throws InputError naming the file. Local: call inside `collectively`.
at::Tensor read_image_rows(const ImageSource& source, std::int64_t row0, std::int64_t rows);

/// Whether read_image_rows returned values as stored (HDF5, FITS, TIFF), which may need min-max normalisation.
bool needs_range_normalisation(const ImageSource& source);

}  // namespace dpnp
