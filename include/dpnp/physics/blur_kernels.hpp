#pragma once
/// @file
/// Blur kernels for `Blur`: [k, k] float32 tensors on the CPU, non-negative where generated, summing
/// to 1. Each is a pure function of its arguments, so every rank builds the same kernel on its own.
/// Kernels from files are read by io (io/kernel_file.hpp) and checked here.

#include <ATen/ATen.h>

#include <cstdint>
#include <string>

namespace dpnp {

/// A random camera-shake kernel (algorithm.md, Task 2): the camera's velocity follows a random walk
/// with inertia, weaker as `intensity` (in [0, 1]) grows, from a straight sweep at 0 to a shaky path
/// at 1. The path is drawn at twice the resolution with bilinear splatting (equal exposure per time
/// step, so slow parts of the path are brighter), smoothed slightly, box-downsampled by 2 and
/// normalised. Its random numbers are stream `noise::kBlurKernel` of `seed`.
/// @throws InputError for size < 1 or an intensity outside [0, 1].
at::Tensor motion_blur_kernel(std::int64_t size, double intensity, std::uint64_t seed);

/// An isotropic Gaussian of standard deviation `std_dev` pixels, centred on the k x k grid.
/// @throws InputError for size < 1 or std_dev <= 0.
at::Tensor gaussian_blur_kernel(std::int64_t size, double std_dev);

/// A kernel given by a user (io reads the file), checked and normalised to sum 1 (float32).
/// @throws InputError "<origin>: <problem>; <fix>" when it is empty, not 2-D, not square, holds
///   non-finite values, or has a sum that is not positive.
at::Tensor normalised_kernel(const at::Tensor& raw, const std::string& origin);

/// The papers' kernel size for an image of this size: N/32 + 1 rounded down to an odd number, with N
/// the side of the square of the same area (5 for 180², 65 for 2048², 91 for 2896², 129 for 4096²).
std::int64_t default_blur_size(std::int64_t height, std::int64_t width);

}  // namespace dpnp
