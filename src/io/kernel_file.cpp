#include "dpnp/io/kernel_file.hpp"

#include <fmt/format.h>
#include <stb/stb_image.h>

#include <fstream>
#include <memory>

#include "dpnp/core/error.hpp"
#include "dpnp/io/hdf5.hpp"

namespace dpnp {

namespace {

[[noreturn]] void bad_kernel(const std::string& path, const std::string& problem, const std::string& fix) {
  throw InputError(fmt::format("blur kernel '{}': {}; {}", path, problem, fix));
}

at::Tensor read_hdf5_kernel(const std::string& path) {
  h5::quiet_errors();
  const std::string fix = "write the kernel as a 2-D numeric dataset /kernel";
  const h5::Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (!file) bad_kernel(path, "HDF5 cannot open it", "check that the file is complete and readable");
  if (H5Lexists(file.get(), "kernel", H5P_DEFAULT) <= 0) bad_kernel(path, "there is no dataset /kernel", fix);
  const h5::Handle dataset(H5Dopen2(file.get(), "/kernel", H5P_DEFAULT), H5Dclose);
  if (!dataset) bad_kernel(path, "/kernel is not a dataset", fix);
  const h5::Handle type(H5Dget_type(dataset.get()), H5Tclose);
  const H5T_class_t type_class = type ? H5Tget_class(type.get()) : H5T_NO_CLASS;
  if (type_class != H5T_INTEGER && type_class != H5T_FLOAT) bad_kernel(path, "/kernel is not numeric", fix);
  const h5::Handle space(H5Dget_space(dataset.get()), H5Sclose);
  const int dims_count = space ? H5Sget_simple_extent_ndims(space.get()) : -1;
  if (dims_count != 2) bad_kernel(path, fmt::format("/kernel has {} dimensions", dims_count), fix);
  hsize_t dims[2] = {0, 0};
  H5Sget_simple_extent_dims(space.get(), dims, nullptr);
  at::Tensor kernel = at::empty({static_cast<std::int64_t>(dims[0]), static_cast<std::int64_t>(dims[1])}, at::kDouble);
  if (kernel.numel() > 0 &&
      H5Dread(dataset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, kernel.data_ptr<double>()) < 0)
    bad_kernel(path, "/kernel cannot be read", "rewrite the file");
  return kernel;
}

at::Tensor read_image_kernel(const std::string& path) {
  const std::string fix = "give an HDF5 file with a dataset /kernel or a grey PNG";
  int width = 0, height = 0, channels = 0;
  if (!stbi_info(path.c_str(), &width, &height, &channels))
    bad_kernel(path, "it is neither HDF5 nor an image that can be decoded", fix);
  if (channels > 2) bad_kernel(path, "it is a colour image", "save the kernel as a grey image");
  // 16 bits keep the precision of 16-bit files; 8-bit ones are scaled, which normalisation undoes.
  std::unique_ptr<stbi_us, void (*)(void*)> pixels(stbi_load_16(path.c_str(), &width, &height, &channels, 1),
                                                   stbi_image_free);
  if (!pixels) bad_kernel(path, fmt::format("it cannot be decoded ({})", stbi_failure_reason()), fix);
  at::Tensor kernel = at::empty({height, width}, at::kDouble);
  double* out = kernel.data_ptr<double>();
  for (std::int64_t i = 0; i < kernel.numel(); ++i) out[i] = pixels.get()[i];
  return kernel;
}

}  // namespace

at::Tensor read_kernel_file(const std::string& path) {
  if (!std::ifstream(path, std::ios::binary)) bad_kernel(path, "the file does not exist or cannot be read", "check the path");
  return h5::is_hdf5_file(path) ? read_hdf5_kernel(path) : read_image_kernel(path);
}

}  // namespace dpnp
