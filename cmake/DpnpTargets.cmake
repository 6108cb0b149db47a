# Helpers that give every dpnp library the same flags, third-party links and
# precompiled header (LibTorch headers cost ~15 s per translation unit without it).

add_library(dpnp_deps INTERFACE)
target_link_libraries(dpnp_deps INTERFACE
  ${TORCH_LIBRARIES} MPI::MPI_CXX MPI::MPI_C hdf5::hdf5 spdlog::spdlog fmt::fmt
  dpnp_thirdparty Threads::Threads OpenMP::OpenMP_CXX)
target_include_directories(dpnp_deps BEFORE INTERFACE ${DPNP_FMT_SHIM})
target_include_directories(dpnp_deps INTERFACE ${CMAKE_SOURCE_DIR}/include ${CMAKE_BINARY_DIR}/generated)
target_compile_options(dpnp_deps INTERFACE
  $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wno-unused-parameter -ffp-contract=off>)
if(DPNP_ENABLE_CUDA)
  target_compile_definitions(dpnp_deps INTERFACE DPNP_WITH_CUDA=1)
  target_link_libraries(dpnp_deps INTERFACE CUDA::cudart)
endif()
if(DPNP_ENABLE_SANITIZERS)
  target_compile_options(dpnp_deps INTERFACE
    $<$<COMPILE_LANGUAGE:CXX>:-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize=vptr>)
  target_link_options(dpnp_deps INTERFACE -fsanitize=address,undefined)
endif()

# One precompiled header shared by every C++ target.
add_library(dpnp_pch STATIC ${CMAKE_SOURCE_DIR}/cmake/pch_anchor.cpp)
target_link_libraries(dpnp_pch PUBLIC dpnp_deps)
target_precompile_headers(dpnp_pch PRIVATE ${CMAKE_SOURCE_DIR}/cmake/dpnp_pch.hpp)

# dpnp_add_module(<name> SOURCES ... [CUDA_SOURCES ...] [DEPENDS dpnp_x ...])
# Creates the static library dpnp_<name>. DEPENDS lists the dpnp modules to the left
# of this one (core -> dist -> physics -> denoisers -> priors -> likelihood -> sampler -> io -> app).
function(dpnp_add_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;CUDA_SOURCES;DEPENDS" ${ARGN})
  set(target dpnp_${name})
  set(sources ${ARG_SOURCES})
  if(DPNP_ENABLE_CUDA)
    list(APPEND sources ${ARG_CUDA_SOURCES})
  endif()
  add_library(${target} STATIC ${sources})
  target_link_libraries(${target} PUBLIC dpnp_deps ${ARG_DEPENDS})
  target_precompile_headers(${target} REUSE_FROM dpnp_pch)
  if(DPNP_ENABLE_CUDA AND ARG_CUDA_SOURCES)
    set_target_properties(${target} PROPERTIES CUDA_SEPARABLE_COMPILATION OFF)
    target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:CUDA>:--expt-relaxed-constexpr -lineinfo>)
  endif()
endfunction()

# dpnp_add_executable(<name> SOURCES ... DEPENDS ...)
function(dpnp_add_executable name)
  cmake_parse_arguments(ARG "" "OUTPUT_NAME" "SOURCES;DEPENDS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE dpnp_deps ${ARG_DEPENDS})
  # The shared precompiled header was built with -fPIC (for the libraries); -fPIE objects could not
  # use it, so executables compile with -fPIC too.
  set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE OFF)
  target_compile_options(${name} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:-fPIC>)
  target_precompile_headers(${name} REUSE_FROM dpnp_pch)
  # The torch wheel's libtorch.so exports its own (gcc 13) copy of std::filesystem, and some of those
  # functions crash when called from code built against the system libstdc++ (remove_all segfaults).
  # Symbols bind to the first library in DT_NEEDED order, so name libstdc++ before LibTorch.
  target_link_options(${name} PRIVATE "LINKER:--push-state,--no-as-needed" "-lstdc++" "LINKER:--pop-state")
  # The venv's LibTorch lives outside the system paths: keep it in the RUNPATH.
  set_target_properties(${name} PROPERTIES BUILD_RPATH "${DPNP_TORCH_LIBDIR}" INSTALL_RPATH "${DPNP_TORCH_LIBDIR}")
  if(ARG_OUTPUT_NAME)
    set_target_properties(${name} PROPERTIES OUTPUT_NAME ${ARG_OUTPUT_NAME})
  endif()
endfunction()
