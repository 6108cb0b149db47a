# Third-party dependencies. System libraries come from Debian packages
# (scripts/setup.sh installs them); LibTorch comes from the PyPI `torch` wheel in
# the project's virtual environment, or from any LibTorch named by Torch_DIR.
# docs/dependencies.md says why each one is here.

# LibTorch: prefer an explicit Torch_DIR, then the project venv.
if(NOT Torch_DIR AND EXISTS ${CMAKE_SOURCE_DIR}/.venv)
  file(GLOB _dpnp_torch_cmake ${CMAKE_SOURCE_DIR}/.venv/lib/python3*/site-packages/torch/share/cmake/Torch)
  if(_dpnp_torch_cmake)
    list(GET _dpnp_torch_cmake 0 _dpnp_torch_dir)
    set(Torch_DIR ${_dpnp_torch_dir} CACHE PATH "LibTorch CMake config directory")
  endif()
endif()
# Torch's CMake replaces CMAKE_CUDA_ARCHITECTURES by gencode flags from TORCH_CUDA_ARCH_LIST
# (default: every architecture since 5.0, which nvcc 13 rejects); derive it from ours.
if(NOT DEFINED TORCH_CUDA_ARCH_LIST)
  set(TORCH_CUDA_ARCH_LIST "")
  foreach(_arch ${DPNP_CUDA_ARCHITECTURES})
    string(REGEX REPLACE "^([0-9]+)([0-9])$" "\\1.\\2" _dotted ${_arch})
    list(APPEND TORCH_CUDA_ARCH_LIST ${_dotted})
  endforeach()
endif()
find_package(Torch REQUIRED)
if(DPNP_ENABLE_CUDA)
  # Torch put the -gencode flags in CMAKE_CUDA_FLAGS; OFF stops CMake from adding its own.
  set(CMAKE_CUDA_ARCHITECTURES OFF)
endif()
# TorchConfig adds its flags (the C++11 ABI define) to CMAKE_CXX_FLAGS via TORCH_CXX_FLAGS.
set(CMAKE_CXX_FLAGS "${CMAKE_CXX_FLAGS} ${TORCH_CXX_FLAGS}")
get_filename_component(DPNP_TORCH_LIBDIR "${TORCH_INSTALL_PREFIX}/lib" ABSOLUTE)

# at::parallel_for is a header template: without -fopenmp in *our* translation units its OpenMP
# backend runs the whole range on the calling thread, so dpnp's own loops (noise, Langevin and
# Welford updates, the fused CPU DDFB) would use one core whatever run.threads says. The runtime is
# the libgomp.so.1 LibTorch already loads (same soname), so there is one OpenMP pool.
find_package(OpenMP REQUIRED COMPONENTS CXX)

find_package(MPI REQUIRED COMPONENTS C CXX)

set(HDF5_PREFER_PARALLEL TRUE)
# HL: the dimension-scale API (H5DS) that makes results readable by netCDF tools.
find_package(HDF5 REQUIRED COMPONENTS C HL)
if(NOT HDF5_IS_PARALLEL)
  message(FATAL_ERROR "dpnp needs a parallel (MPI) HDF5; on Debian/Ubuntu install libhdf5-openmpi-dev "
                      "(scripts/setup.sh does), or point HDF5_ROOT at a parallel build.")
endif()

find_package(yaml-cpp REQUIRED)
find_package(CLI11 REQUIRED)
find_package(spdlog REQUIRED)
find_package(fmt REQUIRED)
# The torch wheel bundles fmt 12 in its include directory, and Debian's spdlog needs the system
# fmt 9. A non-system -I directory is searched before every -isystem one, so this shim makes
# <fmt/...> resolve to the fmt that spdlog and libfmt.so were built with.
get_target_property(_dpnp_fmt_includes fmt::fmt INTERFACE_INCLUDE_DIRECTORIES)
list(GET _dpnp_fmt_includes 0 _dpnp_fmt_include)
set(DPNP_FMT_SHIM ${CMAKE_BINARY_DIR}/fmt-shim)
file(MAKE_DIRECTORY ${DPNP_FMT_SHIM})
file(CREATE_LINK ${_dpnp_fmt_include}/fmt ${DPNP_FMT_SHIM}/fmt SYMBOLIC)

find_path(RANDOM123_INCLUDE_DIR Random123/philox.h REQUIRED
          DOC "Random123 headers (Debian: librandom123-dev)")
find_path(STB_INCLUDE_DIR stb/stb_image.h REQUIRED DOC "stb headers (Debian: libstb-dev)")
find_library(STB_LIBRARY stb REQUIRED DOC "stb implementation library (Debian: libstb-dev)")

# Header-only Random123 (core's public noise header includes it) and stb (io's image files only).
add_library(dpnp_random123 INTERFACE)
target_include_directories(dpnp_random123 SYSTEM INTERFACE ${RANDOM123_INCLUDE_DIR})
add_library(dpnp_stb INTERFACE)
target_include_directories(dpnp_stb SYSTEM INTERFACE ${STB_INCLUDE_DIR})
target_link_libraries(dpnp_stb INTERFACE ${STB_LIBRARY})

find_package(Threads REQUIRED)

# The file formats of scientists' own data (docs/bring-your-own-data.md): FITS through cfitsio
# (Debian: libcfitsio-dev), TIFF through libtiff (Debian: libtiff-dev). Only dpnp_io links them.
find_package(PkgConfig REQUIRED)
pkg_check_modules(CFITSIO REQUIRED IMPORTED_TARGET cfitsio)
find_package(TIFF REQUIRED)

if(DPNP_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
