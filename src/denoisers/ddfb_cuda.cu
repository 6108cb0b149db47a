#include <cuda_bf16.h>

#include <cstring>
#include <type_traits>

#include "dpnp/core/cuda_check.hpp"
#include "dpnp/denoisers/ddfb_cuda.hpp"

namespace dpnp::cuda {

namespace {

constexpr int kFeatures = 64;
constexpr int kThreads = 256;

template <int C>
struct LayerWeights {
  float w[kFeatures * C * 9];  // [f][c][a][b], as in the state dict
};

__device__ __forceinline__ float load(const float* p) { return __ldg(p); }
__device__ __forceinline__ float load(const __nv_bfloat16* p) { return __bfloat162float(*p); }
__device__ __forceinline__ void store(float* p, float v) { *p = v; }
__device__ __forceinline__ void store(__nv_bfloat16* p, float v) { *p = __float2bfloat16(v); }

// Four consecutive values as one 16-byte (float) or 8-byte (bfloat16) access, when aligned.
__device__ __forceinline__ void load4(const float* p, float v[4]) {
  const float4 q = __ldg(reinterpret_cast<const float4*>(p));
  v[0] = q.x, v[1] = q.y, v[2] = q.z, v[3] = q.w;
}
__device__ __forceinline__ void load4(const __nv_bfloat16* p, float v[4]) {
  const uint2 q = *reinterpret_cast<const uint2*>(p);
  const __nv_bfloat162 lo = *reinterpret_cast<const __nv_bfloat162*>(&q.x);
  const __nv_bfloat162 hi = *reinterpret_cast<const __nv_bfloat162*>(&q.y);
  const float2 a = __bfloat1622float2(lo), b = __bfloat1622float2(hi);
  v[0] = a.x, v[1] = a.y, v[2] = b.x, v[3] = b.y;
}
__device__ __forceinline__ void store4(float* p, const float v[4]) {
  *reinterpret_cast<float4*>(p) = make_float4(v[0], v[1], v[2], v[3]);
}
__device__ __forceinline__ void store4(__nv_bfloat16* p, const float v[4]) {
  uint2 q;
  *reinterpret_cast<__nv_bfloat162*>(&q.x) = __floats2bfloat162_rn(v[0], v[1]);
  *reinterpret_cast<__nv_bfloat162*>(&q.y) = __floats2bfloat162_rn(v[2], v[3]);
  *reinterpret_cast<uint2*>(p) = q;
}

// Each thread computes kPixels horizontally adjacent pixels, so the 3 x (kPixels + 2) window of a
// plane is loaded once for all of them (3x fewer loads than one pixel per thread) and every weight
// operand serves kPixels multiply-adds.
constexpr int kPixels = 4;  // the default group; the primal pass may use 8

// Which pixels a thread computes: image n, row `row`, columns [first, first + pixels). False for
// the threads past the last group.
struct PixelGroup {
  int n, row, first;
};

__device__ __forceinline__ bool pixel_group_of(int batch, int rows, int cols, int pixels, PixelGroup& g) {
  const int groups = (cols + pixels - 1) / pixels;
  const std::int64_t id = blockIdx.x * static_cast<std::int64_t>(blockDim.x) + threadIdx.x;
  if (id >= static_cast<std::int64_t>(batch) * rows * groups) return false;
  g.n = static_cast<int>(id / (static_cast<std::int64_t>(rows) * groups));
  const int rest = static_cast<int>(id - static_cast<std::int64_t>(g.n) * rows * groups);
  g.row = rest / groups;
  g.first = (rest - g.row * groups) * pixels;
  return true;
}

// The three rows (above, at, below `row`) of one plane around the slab: rows outside it come from the
// 1-row ghost tensors, whose planes are `cols` apart instead of `plane`.
template <class T>
struct Rows {
  const T* at[3];
  std::int64_t stride[3];
};

template <class T>
__device__ __forceinline__ Rows<T> rows_around(const T* main, const T* top, const T* bottom, std::int64_t plane,
                                               int rows, int cols, int row) {
  Rows<T> r;
#pragma unroll
  for (int a = 0; a < 3; ++a) {
    const int source = row + a - 1;
    if (source < 0) {
      r.at[a] = top;
      r.stride[a] = cols;
    } else if (source >= rows) {
      r.at[a] = bottom;
      r.stride[a] = cols;
    } else {
      r.at[a] = main + static_cast<std::int64_t>(source) * cols;
      r.stride[a] = plane;
    }
  }
  return r;
}

// window[a][j] = plane value at (row + a - 1, first - 1 + j), 0 outside the image's columns. With
// `Aligned` (cols a multiple of 4, so every group starts 4-aligned), the middle four come in one access.
template <int P, bool Aligned, class T>
__device__ __forceinline__ void load_window(const Rows<T>& r, int first, int cols, float window[3][P + 2]) {
#pragma unroll
  for (int a = 0; a < 3; ++a) {
    if (Aligned) {
#pragma unroll
      for (int v = 0; v < P; v += 4) load4(r.at[a] + first + v, &window[a][1 + v]);
      window[a][0] = first > 0 ? load(r.at[a] + first - 1) : 0.0f;
      window[a][P + 1] = first + P < cols ? load(r.at[a] + first + P) : 0.0f;
    } else {
#pragma unroll
      for (int j = 0; j < P + 2; ++j) {
        const int c = first - 1 + j;
        window[a][j] = (c >= 0 && c < cols) ? load(r.at[a] + c) : 0.0f;
      }
    }
  }
}

template <class T>
__device__ __forceinline__ void next_plane(Rows<T>& r) {
#pragma unroll
  for (int a = 0; a < 3; ++a) r.at[a] += r.stride[a];
}

// primal[c] = clip01(x[c] - sum_f sum_ab W[f,c,a,b] u[f](r + 1 - a, c + 1 - b))
template <int C, class T, bool Aligned, int P, int U>
__global__ void __launch_bounds__(kThreads) primal_kernel(int batch, int rows, int cols, const T* u, const T* u_top,
                                                          const T* u_bottom, const float* x, const LayerWeights<C> w,
                                                          float* primal) {
  constexpr int kPixels = P, kWindow = P + 2;
  PixelGroup g;
  if (!pixel_group_of(batch, rows, cols, kPixels, g)) return;
  const int n = g.n, row = g.row, first = g.first;
  const std::int64_t plane = static_cast<std::int64_t>(rows) * cols;
  Rows<T> r = rows_around(u + static_cast<std::int64_t>(n) * kFeatures * plane,
                          u_top + static_cast<std::int64_t>(n) * kFeatures * cols,
                          u_bottom + static_cast<std::int64_t>(n) * kFeatures * cols, plane, rows, cols, row);
  float acc[kPixels][C];
#pragma unroll
  for (int q = 0; q < kPixels; ++q)
#pragma unroll
    for (int c = 0; c < C; ++c) acc[q][c] = 0.0f;
#pragma unroll U
  for (int f = 0; f < kFeatures; ++f) {
    float window[3][kWindow];
    load_window<P, Aligned>(r, first, cols, window);
    next_plane(r);
    // Output q, tap (a, b) reads u at row + 1 - a = window row 2 - a, column first + q + 1 - b = window q + 2 - b.
#pragma unroll
    for (int a = 0; a < 3; ++a)
#pragma unroll
      for (int b = 0; b < 3; ++b)
#pragma unroll
        for (int c = 0; c < C; ++c) {
          const float weight = w.w[(f * C + c) * 9 + a * 3 + b];
#pragma unroll
          for (int q = 0; q < kPixels; ++q) acc[q][c] += weight * window[2 - a][q + 2 - b];
        }
  }
#pragma unroll
  for (int q = 0; q < kPixels; ++q) {
    if (first + q >= cols) break;
#pragma unroll
    for (int c = 0; c < C; ++c) {
      const std::int64_t index = (static_cast<std::int64_t>(n) * C + c) * plane + static_cast<std::int64_t>(row) * cols + first + q;
      primal[index] = fminf(fmaxf(__ldg(x + index) - acc[q][c], 0.0f), 1.0f);
    }
  }
}

// u[f] = clip(u[f] + tau sum_c sum_ab W[f,c,a,b] p[c](r + a - 1, c + b - 1), -nu, nu)   (or = the sum)
template <int C, class T, bool Aligned, int U>
__global__ void __launch_bounds__(kThreads) dual_kernel(int batch, int rows, int cols, const float* p, const float* p_top,
                                                        const float* p_bottom, const LayerWeights<C> w, float tau,
                                                        float nu, bool accumulate, T* u) {
  constexpr int kWindow = kPixels + 2;
  PixelGroup g;
  if (!pixel_group_of(batch, rows, cols, kPixels, g)) return;
  const int n = g.n, row = g.row, first = g.first;
  const std::int64_t plane = static_cast<std::int64_t>(rows) * cols;
  Rows<float> r = rows_around(p + static_cast<std::int64_t>(n) * C * plane, p_top + static_cast<std::int64_t>(n) * C * cols,
                              p_bottom + static_cast<std::int64_t>(n) * C * cols, plane, rows, cols, row);
  float patch[C][3][kWindow];
#pragma unroll
  for (int c = 0; c < C; ++c) {
    load_window<kPixels, Aligned>(r, first, cols, patch[c]);
    next_plane(r);
  }
  const bool whole = first + kPixels <= cols;
  T* out = u + static_cast<std::int64_t>(n) * kFeatures * plane + static_cast<std::int64_t>(row) * cols + first;
#pragma unroll U
  for (int f = 0; f < kFeatures; ++f, out += plane) {
    float acc[kPixels];
#pragma unroll
    for (int q = 0; q < kPixels; ++q) acc[q] = 0.0f;
    // Output q, tap (a, b) reads p at column first + q + b - 1 = window column q + b.
#pragma unroll
    for (int c = 0; c < C; ++c)
#pragma unroll
      for (int a = 0; a < 3; ++a)
#pragma unroll
        for (int b = 0; b < 3; ++b) {
          const float weight = w.w[(f * C + c) * 9 + a * 3 + b];
#pragma unroll
          for (int q = 0; q < kPixels; ++q) acc[q] += weight * patch[c][a][q + b];
        }
    if (Aligned) {
      float old[kPixels];
      if (accumulate) {
        load4(out, old);
#pragma unroll
        for (int q = 0; q < kPixels; ++q) acc[q] = fminf(fmaxf(old[q] + tau * acc[q], -nu), nu);
      }
      store4(out, acc);
      continue;
    }
#pragma unroll
    for (int q = 0; q < kPixels; ++q) {
      if (!whole && first + q >= cols) break;
      store(out + q, accumulate ? fminf(fmaxf(load(out + q) + tau * acc[q], -nu), nu) : acc[q]);
    }
  }
}

std::int64_t threads_for(const DdfbShape& s, int pixels) {
  return s.batch * s.rows * ((s.cols + pixels - 1) / pixels);
}


unsigned blocks_for(std::int64_t work) { return static_cast<unsigned>((work + kThreads - 1) / kThreads); }

template <int C>
LayerWeights<C> weights_of(const float* host) {
  LayerWeights<C> w;
  std::memcpy(w.w, host, sizeof(w.w));
  return w;
}

template <int C, class T>
void launch_primal(const DdfbShape& s, const void* u, const void* top, const void* bottom, const float* x,
                   const float* weight, float* primal, cudaStream_t stream) {
  // Measured on an H100 at 3x1024^2, K=19 (docs/performance.md): 8 pixels per thread in the primal
  // pass save 0.3 ms with a bfloat16 dual variable but cost 0.5 ms with a float32 one.
  const bool wide = std::is_same<T, __nv_bfloat16>::value;
  const int pixels = wide ? 8 : 4;
  const bool aligned = s.cols % pixels == 0;
  auto kernel = wide ? (aligned ? primal_kernel<C, T, true, 8, 2> : primal_kernel<C, T, false, 8, 2>)
                     : (aligned ? primal_kernel<C, T, true, 4, 2> : primal_kernel<C, T, false, 4, 2>);
  kernel<<<blocks_for(threads_for(s, pixels)), kThreads, 0, stream>>>(
      static_cast<int>(s.batch), static_cast<int>(s.rows), static_cast<int>(s.cols), static_cast<const T*>(u),
      static_cast<const T*>(top), static_cast<const T*>(bottom), x, weights_of<C>(weight), primal);
  DPNP_CUDA(cudaGetLastError());
}

template <int C, class T>
void launch_dual(const DdfbShape& s, const float* p, const float* top, const float* bottom, const float* weight,
                 float tau, float nu, bool accumulate, void* u, cudaStream_t stream) {
  // Unrolling the feature loop fully (weights as immediate operands) was measured 50 % slower: the
  // code no longer fits the instruction cache.
  const bool aligned = s.cols % kPixels == 0;
  auto kernel = aligned ? dual_kernel<C, T, true, 2> : dual_kernel<C, T, false, 2>;
  kernel<<<blocks_for(threads_for(s, kPixels)), kThreads, 0, stream>>>(
      static_cast<int>(s.batch), static_cast<int>(s.rows), static_cast<int>(s.cols), p, top, bottom,
      weights_of<C>(weight), tau, nu, accumulate, static_cast<T*>(u));
  DPNP_CUDA(cudaGetLastError());
}

void check(const DdfbShape& s) {
  if (!ddfb_fused_supports(s.channels, s.features))
    throw Error("the fused DDFB kernels need 1 or 3 image channels and 64 features; set prior.fused: false");
  if (s.rows >= (1 << 30) || s.cols >= (1 << 30)) throw Error("image side too large for the fused DDFB kernels");
}

}  // namespace

bool ddfb_fused_supports(std::int64_t channels, std::int64_t features) {
  return features == kFeatures && (channels == 1 || channels == 3);
}

void ddfb_primal(const DdfbShape& shape, Storage storage, const void* u, const void* u_top, const void* u_bottom,
                 const float* x, const float* weight, float* primal, void* stream) {
  check(shape);
  const auto s = static_cast<cudaStream_t>(stream);
  const bool bf16 = storage == Storage::kBFloat16;
  if (shape.channels == 3) {
    if (bf16) launch_primal<3, __nv_bfloat16>(shape, u, u_top, u_bottom, x, weight, primal, s);
    else launch_primal<3, float>(shape, u, u_top, u_bottom, x, weight, primal, s);
  } else {
    if (bf16) launch_primal<1, __nv_bfloat16>(shape, u, u_top, u_bottom, x, weight, primal, s);
    else launch_primal<1, float>(shape, u, u_top, u_bottom, x, weight, primal, s);
  }
}

void ddfb_dual(const DdfbShape& shape, Storage storage, const float* p, const float* p_top, const float* p_bottom,
               const float* weight, float tau, float nu, bool accumulate, void* u, void* stream) {
  check(shape);
  const auto s = static_cast<cudaStream_t>(stream);
  const bool bf16 = storage == Storage::kBFloat16;
  if (shape.channels == 3) {
    if (bf16) launch_dual<3, __nv_bfloat16>(shape, p, p_top, p_bottom, weight, tau, nu, accumulate, u, s);
    else launch_dual<3, float>(shape, p, p_top, p_bottom, weight, tau, nu, accumulate, u, s);
  } else {
    if (bf16) launch_dual<1, __nv_bfloat16>(shape, p, p_top, p_bottom, weight, tau, nu, accumulate, u, s);
    else launch_dual<1, float>(shape, p, p_top, p_bottom, weight, tau, nu, accumulate, u, s);
  }
}

}  // namespace dpnp::cuda
