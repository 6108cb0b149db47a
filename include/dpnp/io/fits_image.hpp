#pragma once
/// @file
/// FITS images through cfitsio: a 2-D image HDU is one channel, a 3-D cube [NAXIS3 = 1 or 3] holds the
/// channels. BITPIX 8, 16, 32, 64, -32 and -64; BSCALE/BZERO are applied and BLANK becomes NaN (a
/// missing pixel), as cfitsio does for every reader.
///
/// Pixel (row i, column j) of dpnp is FITS pixel (x = j + 1, y = i + 1): row 0 is the first row
/// stored, which ds9 shows at the bottom. Nothing is flipped, so the input's WCS stays valid for the
/// outputs (fits_output.hpp), and the PNG previews show the image upside down relative to ds9.

#include <ATen/ATen.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dpnp/io/image.hpp"

namespace dpnp {

/// Channels, rows and columns of the selected HDU (no crop, no grey conversion). InputError naming
/// the file when it is not FITS, has no such HDU, or the HDU is not a 2-D or 3-D image of 1 or 3 channels.
ImageShape probe_fits(const ImageSource& source);

/// Rows [row0, row0 + rows) and columns [col0, col0 + width) of every channel as float32
/// [C, rows, width], physical values (BSCALE/BZERO applied, BLANK as NaN). Reads only those pixels.
at::Tensor read_fits_rows(const ImageSource& source, std::int64_t row0, std::int64_t rows, std::int64_t col0,
                          std::int64_t width);

/// The numeric value of header keyword `name` of the selected HDU, or nothing when it is absent.
std::optional<double> fits_number_keyword(const ImageSource& source, const std::string& name);

/// The WCS cards (CTYPEn, CRVALn, CRPIXn, CDELTn, CDi_j, PCi_j, CUNITn, RADESYS, EQUINOX, WCSAXES, SIP
/// terms, alternate axis descriptions...) of the selected HDU, as 80-character header records, with
/// CRPIX1/CRPIX2 shifted by the crop's left and top so that they describe the cropped image.
std::vector<std::string> fits_wcs_cards(const ImageSource& source);

}  // namespace dpnp
