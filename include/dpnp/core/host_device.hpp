#pragma once
/// @file
/// Marks functions compiled for both the CPU and CUDA, so that an elementwise rule is written once.

#if defined(__CUDACC__)
#define DPNP_HD __host__ __device__ __forceinline__
#else
#define DPNP_HD inline
#endif
