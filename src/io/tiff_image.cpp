#include "dpnp/io/tiff_image.hpp"

#include <fmt/format.h>
#include <tiffio.h>

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <memory>
#include <mutex>
#include <vector>

#include "dpnp/core/error.hpp"

namespace dpnp {

namespace {

[[noreturn]] void bad_tiff(const ImageSource& source, const std::string& problem, const std::string& fix) {
  throw InputError(fmt::format("image '{}': {}; {}", source.path, problem, fix));
}

// libtiff prints its errors and warnings on stderr by default, which would break the one-line error
// contract: keep the last error for our own message and drop the warnings (unknown private tags etc.).
thread_local std::string last_tiff_error;

void remember_error(const char* module, const char* format, va_list args) {
  char text[512] = {};
  std::vsnprintf(text, sizeof text, format, args);
  last_tiff_error = module ? fmt::format("{}: {}", module, text) : std::string(text);
}

void ignore_warning(const char*, const char*, va_list) {}

void install_handlers() {
  static std::once_flag once;
  std::call_once(once, [] {
    TIFFSetErrorHandler(remember_error);
    TIFFSetWarningHandler(ignore_warning);
  });
}

std::string libtiff_says() { return last_tiff_error.empty() ? std::string("no detail") : last_tiff_error; }

struct TiffCloser {
  void operator()(TIFF* tiff) const { TIFFClose(tiff); }
};
using TiffHandle = std::unique_ptr<TIFF, TiffCloser>;

// One page's layout and sample type, as its tags give them.
struct Page {
  std::uint32_t width = 0, height = 0;
  std::uint16_t samples = 1, bits = 0, format = SAMPLEFORMAT_UINT, planar = PLANARCONFIG_CONTIG, photometric = 0;
  bool tiled = false;
  tdir_t directory = 0;  ///< where the page sits among the file's image file directories
  std::uint32_t block_width = 0, block_height = 0;  ///< a tile, or a strip (the image's width x RowsPerStrip)

  bool same_shape_and_type(const Page& o) const {
    return width == o.width && height == o.height && samples == o.samples && bits == o.bits && format == o.format;
  }
};

std::string type_name(const Page& p) {
  const char* kind = p.format == SAMPLEFORMAT_INT      ? "signed integer"
                     : p.format == SAMPLEFORMAT_IEEEFP ? "float"
                     : p.format == SAMPLEFORMAT_UINT   ? "unsigned integer"
                                                       : "complex or undefined";
  return fmt::format("{}-bit {}", p.bits, kind);
}

bool supported_type(const Page& p) {
  if (p.format == SAMPLEFORMAT_UINT || p.format == SAMPLEFORMAT_INT) return p.bits == 8 || p.bits == 16 || p.bits == 32;
  if (p.format == SAMPLEFORMAT_IEEEFP) return p.bits == 32 || p.bits == 64;
  return false;
}

Page read_page(const ImageSource& source, TIFF* tiff, int index) {
  Page p;
  if (!TIFFGetField(tiff, TIFFTAG_IMAGEWIDTH, &p.width) || !TIFFGetField(tiff, TIFFTAG_IMAGELENGTH, &p.height))
    bad_tiff(source, fmt::format("page {} has no image size ({})", index, libtiff_says()), "re-export the image");
  TIFFGetFieldDefaulted(tiff, TIFFTAG_SAMPLESPERPIXEL, &p.samples);
  TIFFGetFieldDefaulted(tiff, TIFFTAG_BITSPERSAMPLE, &p.bits);
  TIFFGetFieldDefaulted(tiff, TIFFTAG_SAMPLEFORMAT, &p.format);
  TIFFGetFieldDefaulted(tiff, TIFFTAG_PLANARCONFIG, &p.planar);
  if (!TIFFGetField(tiff, TIFFTAG_PHOTOMETRIC, &p.photometric))
    p.photometric = p.samples >= 3 ? PHOTOMETRIC_RGB : PHOTOMETRIC_MINISBLACK;
  if (p.format == SAMPLEFORMAT_VOID) p.format = SAMPLEFORMAT_UINT;  // "undefined" data: read as unsigned
  if (!supported_type(p))
    bad_tiff(source, fmt::format("page {} holds {} samples, a type dpnp does not read", index, type_name(p)),
             "save 8, 16 or 32-bit integers (unsigned or signed) or 32/64-bit floats");
  if (p.photometric != PHOTOMETRIC_MINISBLACK && p.photometric != PHOTOMETRIC_MINISWHITE &&
      p.photometric != PHOTOMETRIC_RGB)
    bad_tiff(source,
             fmt::format("page {} has photometric interpretation {} (palette, CMYK or YCbCr)", index, p.photometric),
             "save grey (min-is-black) or RGB samples");
  p.tiled = TIFFIsTiled(tiff) != 0;
  if (p.tiled) {
    TIFFGetField(tiff, TIFFTAG_TILEWIDTH, &p.block_width);
    TIFFGetField(tiff, TIFFTAG_TILELENGTH, &p.block_height);
  } else {
    std::uint32_t rows_per_strip = p.height;
    TIFFGetFieldDefaulted(tiff, TIFFTAG_ROWSPERSTRIP, &rows_per_strip);
    p.block_width = p.width;
    p.block_height = std::clamp<std::uint32_t>(rows_per_strip, 1, std::max<std::uint32_t>(p.height, 1));
  }
  if (p.block_width == 0 || p.block_height == 0)
    bad_tiff(source, fmt::format("page {} has tiles of size 0", index), "re-export the image");
  return p;
}

struct OpenTiff {
  TiffHandle tiff;
  std::vector<Page> pages;
  std::int64_t channels = 0;
};

OpenTiff open_tiff(const ImageSource& source) {
  install_handlers();
  last_tiff_error.clear();
  OpenTiff open;
  open.tiff.reset(TIFFOpen(source.path.c_str(), "r"));
  if (!open.tiff)
    bad_tiff(source, fmt::format("not a readable TIFF file ({})", libtiff_says()),
             "check the file (tiffinfo) or give an image of another format");
  const int count = TIFFNumberOfDirectories(open.tiff.get());
  for (int index = 0; index < count; ++index) {
    if (!TIFFSetDirectory(open.tiff.get(), static_cast<tdir_t>(index)))
      bad_tiff(source, fmt::format("page {} cannot be read ({}; truncated file?)", index, libtiff_says()),
               "check the file with tiffinfo");
    // Thumbnails and pyramid levels (reduced-resolution images) are not channels.
    std::uint32_t subfile_type = 0;
    TIFFGetField(open.tiff.get(), TIFFTAG_SUBFILETYPE, &subfile_type);
    if (subfile_type & FILETYPE_REDUCEDIMAGE) continue;
    open.pages.push_back(read_page(source, open.tiff.get(), index));
    open.pages.back().directory = static_cast<tdir_t>(index);
    if (!open.pages.back().same_shape_and_type(open.pages.front())) {
      const Page& a = open.pages.front();
      const Page& b = open.pages.back();
      bad_tiff(source,
               fmt::format("its pages differ: page 0 is {}x{}, {} sample(s) of {}, page {} is {}x{}, {} of {}", a.height,
                           a.width, a.samples, type_name(a), index, b.height, b.width, b.samples, type_name(b)),
               "a stack's pages are its channels and must all have one size and sample type");
    }
  }
  if (open.pages.empty()) bad_tiff(source, "it holds no image", "give a TIFF with at least one page");
  const Page& first = open.pages.front();
  const std::int64_t pages = static_cast<std::int64_t>(open.pages.size());
  if (pages > 1 && first.samples != 1)
    bad_tiff(source, fmt::format("it is a stack of {} pages of {} samples each", pages, first.samples),
             "give one RGB page, or a stack of 1 or 3 grey pages (the channels)");
  if (pages != 1 && pages != 3)
    bad_tiff(source, fmt::format("it is a stack of {} pages", pages),
             "dpnp takes 1 or 3 channels: give 1 or 3 pages (or one RGB page)");
  open.channels = pages > 1 ? pages : (first.samples >= 3 ? 3 : 1);
  return open;
}

template <typename T>
void copy_samples(const unsigned char* bytes, std::int64_t offset, std::int64_t stride, std::int64_t count, float* out) {
  const T* values = reinterpret_cast<const T*>(bytes) + offset;
  for (std::int64_t i = 0; i < count; ++i) out[i] = static_cast<float>(values[i * stride]);
}

// `count` samples from `bytes`, starting at sample `offset` and `stride` samples apart, as float.
void convert(const Page& p, const unsigned char* bytes, std::int64_t offset, std::int64_t stride, std::int64_t count,
             float* out) {
  const bool is_signed = p.format == SAMPLEFORMAT_INT;
  if (p.format == SAMPLEFORMAT_IEEEFP) {
    if (p.bits == 32) return copy_samples<float>(bytes, offset, stride, count, out);
    return copy_samples<double>(bytes, offset, stride, count, out);
  }
  switch (p.bits) {
    case 8: return is_signed ? copy_samples<std::int8_t>(bytes, offset, stride, count, out)
                             : copy_samples<std::uint8_t>(bytes, offset, stride, count, out);
    case 16: return is_signed ? copy_samples<std::int16_t>(bytes, offset, stride, count, out)
                              : copy_samples<std::uint16_t>(bytes, offset, stride, count, out);
    default: return is_signed ? copy_samples<std::int32_t>(bytes, offset, stride, count, out)
                              : copy_samples<std::uint32_t>(bytes, offset, stride, count, out);
  }
}

}  // namespace

ImageShape probe_tiff(const ImageSource& source) {
  const OpenTiff open = open_tiff(source);
  return {open.channels, open.pages.front().height, open.pages.front().width};
}

at::Tensor read_tiff_rows(const ImageSource& source, std::int64_t row0, std::int64_t rows, std::int64_t col0,
                          std::int64_t width) {
  OpenTiff open = open_tiff(source);
  at::Tensor out = at::empty({open.channels, rows, width}, at::kFloat);
  if (out.numel() == 0) return out;
  const bool stack = open.pages.size() > 1;
  for (std::int64_t channel = 0; channel < open.channels; ++channel) {
    const int page_index = stack ? static_cast<int>(channel) : 0;
    const Page& p = open.pages[static_cast<std::size_t>(page_index)];
    TIFF* tiff = open.tiff.get();
    if (!TIFFSetDirectory(tiff, p.directory))
      bad_tiff(source, fmt::format("page {} cannot be read ({})", page_index, libtiff_says()), "check the file with tiffinfo");
    const bool planar = p.planar == PLANARCONFIG_SEPARATE && p.samples > 1;
    const auto sample = static_cast<std::uint16_t>(stack ? 0 : channel);
    const std::uint16_t plane = planar ? sample : 0;
    const std::int64_t stride = planar ? 1 : p.samples;  // samples between two pixels in a block
    const std::int64_t bw = p.block_width, bh = p.block_height;
    std::vector<unsigned char> block(static_cast<std::size_t>(p.tiled ? TIFFTileSize(tiff) : TIFFStripSize(tiff)));
    float* out_channel = out[channel].data_ptr<float>();
    // Only the blocks that cover [row0, row0 + rows) x [col0, col0 + width) are decoded.
    for (std::int64_t by = row0 / bh * bh; by < row0 + rows; by += bh) {
      for (std::int64_t bx = col0 / bw * bw; bx < col0 + width; bx += bw) {
        const auto x = static_cast<std::uint32_t>(bx), y = static_cast<std::uint32_t>(by);
        const tmsize_t got = p.tiled ? TIFFReadEncodedTile(tiff, TIFFComputeTile(tiff, x, y, 0, plane), block.data(),
                                                           static_cast<tmsize_t>(block.size()))
                                     : TIFFReadEncodedStrip(tiff, TIFFComputeStrip(tiff, y, plane), block.data(),
                                                            static_cast<tmsize_t>(block.size()));
        if (got < 0)
          bad_tiff(source,
                   fmt::format("decoding the {} at row {} of page {} failed ({}; truncated or corrupt file?)",
                               p.tiled ? "tile" : "strip", by, page_index, libtiff_says()),
                   "check the file with tiffinfo -D");
        const std::int64_t r_begin = std::max(by, row0), r_end = std::min({by + bh, row0 + rows, std::int64_t{p.height}});
        const std::int64_t c_begin = std::max(bx, col0), c_end = std::min({bx + bw, col0 + width, std::int64_t{p.width}});
        const std::int64_t bytes_per_sample = p.bits / 8;
        for (std::int64_t r = r_begin; r < r_end; ++r) {
          const std::int64_t first = ((r - by) * bw + (c_begin - bx)) * stride + (planar ? 0 : sample);
          const std::int64_t last = first + (c_end - c_begin - 1) * stride;
          if ((last + 1) * bytes_per_sample > got)
            bad_tiff(source,
                     fmt::format("the {} at row {} of page {} is shorter than its rows (truncated file?)",
                                 p.tiled ? "tile" : "strip", by, page_index),
                     "check the file with tiffinfo -D");
          convert(p, block.data(), first, stride, c_end - c_begin, out_channel + (r - row0) * width + (c_begin - col0));
        }
      }
    }
  }
  return out;
}

}  // namespace dpnp
