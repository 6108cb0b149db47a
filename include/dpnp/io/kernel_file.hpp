#pragma once
/// @file
/// Blur kernels from files (observation.blur_path): HDF5 with a 2-D numeric dataset `/kernel`, or a
/// grey image (PNG, ...). Returns the raw values as float64 [rows, cols]; physics checks and
/// normalises them (physics/blur_kernels.hpp normalised_kernel).

#include <ATen/ATen.h>

#include <string>

namespace dpnp {

/// @throws InputError "blur kernel '<path>': <problem>; <fix>" for a missing, unreadable or
///   unsuitable file (no /kernel, not 2-D, not numeric, a colour image).
at::Tensor read_kernel_file(const std::string& path);

}  // namespace dpnp
