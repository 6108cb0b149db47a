#include "dpnp/io/fits_image.hpp"

#include <fitsio.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <memory>
#include <regex>
#include <cstring>

#include "dpnp/core/error.hpp"

namespace dpnp {

namespace {

[[noreturn]] void bad_fits(const ImageSource& source, const std::string& problem, const std::string& fix) {
  throw InputError(fmt::format("image '{}': {}; {}", source.path, problem, fix));
}

std::string fits_error_text(int status) {
  char text[FLEN_STATUS] = {};
  fits_get_errstatus(status, text);
  fits_clear_errmsg();  // cfitsio keeps a message stack per process; nobody else reads it
  return text;
}

struct FitsCloser {
  void operator()(fitsfile* file) const {
    int status = 0;
    fits_close_file(file, &status);
  }
};
using FitsHandle = std::unique_ptr<fitsfile, FitsCloser>;

std::string hdu_label(const ImageSource& source) {
  return source.hdu.empty() ? std::string("the primary HDU") : fmt::format("HDU '{}'", source.hdu);
}

bool is_index(const std::string& text) {
  return !text.empty() && text.size() < 6 &&
         std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

int naxis_of(fitsfile* file) {
  int status = 0, naxis = 0;
  fits_get_img_dim(file, &naxis, &status);
  return status ? -1 : naxis;
}

// The file positioned at the HDU that `source.hdu` names: an EXTNAME (or HDUNAME), a 0-based index as
// astropy counts, or nothing for the primary HDU; an empty primary HDU (NAXIS = 0, as many instruments
// and fpack write) gives way to the first image extension.
FitsHandle open_hdu(const ImageSource& source) {
  fitsfile* raw = nullptr;
  int status = 0;
  // The disk-file variant takes the name literally: no cfitsio filename syntax in users' paths.
  if (fits_open_diskfile(&raw, source.path.c_str(), READONLY, &status))
    bad_fits(source, fmt::format("not a readable FITS file ({})", fits_error_text(status)),
             "check the file (e.g. fitsverify, or astropy.io.fits.open) or give an image of another format");
  FitsHandle file(raw);
  int type = 0;
  if (is_index(source.hdu)) {
    const int index = std::stoi(source.hdu);
    if (fits_movabs_hdu(file.get(), index + 1, &type, &status)) {
      int count = 0, ignored = 0;
      fits_get_num_hdus(file.get(), &count, &ignored);
      bad_fits(source, fmt::format("has no HDU {} (it has {}, numbered from 0)", index, count),
               "set truth.hdu (or observation.hdu) to an index or EXTNAME the file has (astropy: fits.info lists them)");
    }
  } else if (!source.hdu.empty()) {
    std::string name = source.hdu;
    if (fits_movnam_hdu(file.get(), ANY_HDU, name.data(), 0, &status))
      bad_fits(source, fmt::format("has no HDU named '{}' (EXTNAME or HDUNAME)", source.hdu),
               "set truth.hdu (or observation.hdu) to an extension the file has (astropy: fits.info lists them), or \"\" for the primary HDU");
    fits_get_hdu_type(file.get(), &type, &status);
  } else {
    fits_get_hdu_type(file.get(), &type, &status);
    if (naxis_of(file.get()) == 0) {
      int next_type = 0, probe = 0;
      if (fits_movrel_hdu(file.get(), 1, &next_type, &probe) == 0 && next_type == IMAGE_HDU) {
        type = next_type;
      } else {
        fits_clear_errmsg();
        bad_fits(source, "its primary HDU holds no image (NAXIS = 0) and no image extension follows",
                 "name the HDU that holds the image in truth.hdu (or observation.hdu)");
      }
    }
  }
  if (status) bad_fits(source, fmt::format("cannot read {} ({})", hdu_label(source), fits_error_text(status)),
                       "check the file (fitsverify)");
  if (type != IMAGE_HDU)
    bad_fits(source, fmt::format("{} is a table, not an image", hdu_label(source)),
             "name an image HDU in truth.hdu (or observation.hdu; astropy: fits.info lists them)");
  return file;
}

}  // namespace

ImageShape probe_fits(const ImageSource& source) {
  const FitsHandle file = open_hdu(source);
  int status = 0, bitpix = 0, naxis = 0;
  long long naxes[3] = {0, 0, 0};
  fits_get_img_paramll(file.get(), 3, &bitpix, &naxis, naxes, &status);
  if (status) bad_fits(source, fmt::format("cannot read the image header ({})", fits_error_text(status)), "check the file");
  if (naxis != 2 && naxis != 3)
    bad_fits(source, fmt::format("{} has NAXIS = {}", hdu_label(source), naxis),
             "give a 2-D image (one channel) or a 3-D cube whose NAXIS3 holds 1 or 3 channels");
  const long long channels = naxis == 3 ? naxes[2] : 1;
  if (channels != 1 && channels != 3)
    bad_fits(source, fmt::format("{} is a cube of {} planes (NAXIS3)", hdu_label(source), channels),
             "dpnp takes 1 or 3 channels: extract the planes you want (e.g. with astropy) into a cube of 1 or 3");
  return {channels, naxes[1], naxes[0]};
}

at::Tensor read_fits_rows(const ImageSource& source, std::int64_t row0, std::int64_t rows, std::int64_t col0,
                          std::int64_t width) {
  const ImageShape shape = probe_fits(source);
  at::Tensor out = at::empty({shape.channels, rows, width}, at::kFloat);
  if (out.numel() == 0) return out;
  const FitsHandle file = open_hdu(source);
  // FITS counts from 1, x (columns) fastest, then y (rows), then the plane: [C, rows, width] in C order.
  long first[3] = {static_cast<long>(col0 + 1), static_cast<long>(row0 + 1), 1};
  long last[3] = {static_cast<long>(col0 + width), static_cast<long>(row0 + rows), static_cast<long>(shape.channels)};
  long step[3] = {1, 1, 1};
  // cfitsio replaces BLANK (and NaN) by this value; 0 would mean "do not check".
  float blank = std::numeric_limits<float>::quiet_NaN();
  int any_blank = 0, status = 0;
  fits_read_subset(file.get(), TFLOAT, first, last, step, &blank, out.data_ptr<float>(), &any_blank, &status);
  if (status)
    bad_fits(source,
             fmt::format("reading rows {}..{} of {} failed ({}; truncated or corrupt file?)", row0, row0 + rows,
                         hdu_label(source), fits_error_text(status)),
             "check the file with fitsverify");
  return out;
}

std::optional<double> fits_number_keyword(const ImageSource& source, const std::string& name) {
  const FitsHandle file = open_hdu(source);
  double value = 0.0;
  int status = 0;
  fits_read_key(file.get(), TDOUBLE, name.c_str(), &value, nullptr, &status);
  if (status == KEY_NO_EXIST) {
    fits_clear_errmsg();
    return std::nullopt;
  }
  if (status)
    bad_fits(source, fmt::format("header keyword {} is not a number ({})", name, fits_error_text(status)),
             fmt::format("write {} as a number, or remove it and set the level in the config", name));
  return value;
}

std::vector<std::string> fits_wcs_cards(const ImageSource& source) {
  // The keywords of the WCS papers (Greisen & Calabretta 2002 and later) and the SIP convention, with
  // an optional alternate-description letter.
  static const std::regex wcs_keyword(
      "^((CTYPE|CRVAL|CRPIX|CDELT|CUNIT|CROTA|CRDER|CSYER|CNAME)[0-9]+|(CD|PC|PV|PS)[0-9]+_[0-9]+|"
      "WCSAXES|WCSNAME|RADESYS|RADECSYS|EQUINOX|EPOCH|LONPOLE|LATPOLE|MJDREF|MJDREFI|MJDREFF|MJD-OBS|DATE-OBS|DATEREF|"
      "TIMESYS|OBSGEO-[XYZBLH]|SPECSYS|"
      "SSYSOBS|RESTFRQ|RESTWAV|VELREF)[A-Z]?$|^(A|B|AP|BP)_(ORDER|DMAX|[0-9]+_[0-9]+)$");
  static const std::regex reference_pixel("^CRPIX([12])([A-Z]?)$");
  const FitsHandle file = open_hdu(source);
  int status = 0, count = 0, room = 0;
  fits_get_hdrspace(file.get(), &count, &room, &status);
  std::vector<std::string> cards;
  for (int n = 1; n <= count && !status; ++n) {
    char card[FLEN_CARD] = {};
    fits_read_record(file.get(), n, card, &status);
    std::string name(card, std::min<std::size_t>(8, std::strlen(card)));
    name.erase(name.find_last_not_of(' ') + 1);
    std::smatch axis;
    if (!std::regex_match(name, wcs_keyword)) continue;
    if (!source.crop.empty() && std::regex_match(name, axis, reference_pixel)) {
      // The crop moves the reference pixel: x by the left edge, y by the top edge.
      double value = 0.0;
      char comment[FLEN_COMMENT] = {};
      fits_read_key(file.get(), TDOUBLE, name.c_str(), &value, comment, &status);
      value -= static_cast<double>(axis[1] == "1" ? source.crop[1] : source.crop[0]);
      char shifted[FLEN_CARD] = {};
      fits_make_key(name.c_str(), fmt::format("{:.17g}", value).data(), comment, shifted, &status);
      cards.emplace_back(shifted);
      continue;
    }
    cards.emplace_back(card);
  }
  if (status) bad_fits(source, fmt::format("cannot read its header ({})", fits_error_text(status)), "check the file");
  return cards;
}

}  // namespace dpnp
