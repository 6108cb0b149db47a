# Helpers that give every dpnp library the same flags and precompiled header, and make the module
# order a build rule: a module compiles against its own headers and those of the modules it
# declares (DEPENDS), never against a module to its right, so a wrong-way include fails to build
# (tests/layering proves it). Third-party libraries are linked by the modules whose headers or
# sources use them.

include(GNUInstallDirs)

# What every module uses: LibTorch (tensors), spdlog/fmt (logging), OpenMP (at::parallel_for is a
# header template whose OpenMP backend needs -fopenmp in our own translation units), threads.
add_library(dpnp_deps INTERFACE)
target_link_libraries(dpnp_deps INTERFACE ${TORCH_LIBRARIES} spdlog::spdlog fmt::fmt Threads::Threads OpenMP::OpenMP_CXX)
target_include_directories(dpnp_deps BEFORE INTERFACE $<BUILD_INTERFACE:${DPNP_FMT_SHIM}>
                                                      $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}/dpnp-fmt-shim>)
target_include_directories(dpnp_deps INTERFACE $<BUILD_INTERFACE:${CMAKE_BINARY_DIR}/generated>)
target_compile_options(dpnp_deps INTERFACE
  $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wno-unused-parameter -ffp-contract=off>)
# The torch wheel's libtorch.so exports its own (gcc 13) copy of std::filesystem, and some of those
# functions crash when called from code built against the system libstdc++ (remove_all segfaults).
# Symbols bind to the first library in DT_NEEDED order, so every program linking dpnp names
# libstdc++ before LibTorch (an interface option, so downstream projects get it too).
target_link_options(dpnp_deps INTERFACE "LINKER:--push-state,--no-as-needed" "-lstdc++" "LINKER:--pop-state")
if(DPNP_ENABLE_CUDA)
  target_compile_definitions(dpnp_deps INTERFACE DPNP_WITH_CUDA=1)
  target_link_libraries(dpnp_deps INTERFACE CUDA::cudart)
endif()
if(DPNP_ENABLE_SANITIZERS)
  target_compile_options(dpnp_deps INTERFACE
    $<$<COMPILE_LANGUAGE:CXX>:-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize=vptr>)
  target_link_options(dpnp_deps INTERFACE -fsanitize=address,undefined)
endif()

# One precompiled header shared by every C++ target: LibTorch's headers only (~15 s per
# translation unit without it). MPI, HDF5 and the others stay out of it, so that a module that
# does not link them cannot use them by accident.
add_library(dpnp_pch STATIC ${CMAKE_SOURCE_DIR}/cmake/pch_anchor.cpp)
target_link_libraries(dpnp_pch PUBLIC dpnp_deps)
target_precompile_headers(dpnp_pch PRIVATE ${CMAKE_SOURCE_DIR}/cmake/dpnp_pch.hpp)

# dpnp_add_module(<name> SOURCES ... [CUDA_SOURCES ...] [DEPENDS <module> ...]
#                 [PUBLIC_LIBS ...] [PRIVATE_LIBS ...])
# Creates the static library dpnp_<name> (exported as dpnp::<name>). DEPENDS names the dpnp modules
# whose headers this one includes (each must already exist, i.e. be to its left); PUBLIC_LIBS are
# third-party libraries that its public headers include, PRIVATE_LIBS those only its sources use.
function(dpnp_add_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;CUDA_SOURCES;DEPENDS;PUBLIC_LIBS;PRIVATE_LIBS" ${ARGN})
  set(target dpnp_${name})
  set(sources ${ARG_SOURCES})
  if(DPNP_ENABLE_CUDA)
    list(APPEND sources ${ARG_CUDA_SOURCES})
  endif()
  add_library(${target} STATIC ${sources})
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${name})

  # The header view: build/module-headers/<name>/dpnp/<m> links to include/dpnp/<m> for this module
  # and every module it reaches through DEPENDS, and nothing else.
  set(visible ${name})
  foreach(dep IN LISTS ARG_DEPENDS)
    if(NOT TARGET dpnp_${dep})
      message(FATAL_ERROR "dpnp module '${name}' depends on '${dep}', which is not defined to its left")
    endif()
    get_property(dep_visible GLOBAL PROPERTY DPNP_VISIBLE_${dep})
    list(APPEND visible ${dep_visible})
  endforeach()
  list(REMOVE_DUPLICATES visible)
  set_property(GLOBAL PROPERTY DPNP_VISIBLE_${name} ${visible})
  set(view ${CMAKE_BINARY_DIR}/module-headers/${name})
  file(REMOVE_RECURSE ${view})
  file(MAKE_DIRECTORY ${view}/dpnp)
  foreach(m IN LISTS visible)
    file(CREATE_LINK ${CMAKE_SOURCE_DIR}/include/dpnp/${m} ${view}/dpnp/${m} SYMBOLIC)
  endforeach()
  target_include_directories(${target} PUBLIC $<BUILD_INTERFACE:${view}> $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)

  list(TRANSFORM ARG_DEPENDS PREPEND dpnp_ OUTPUT_VARIABLE dep_targets)
  target_link_libraries(${target} PUBLIC dpnp_deps ${dep_targets} ${ARG_PUBLIC_LIBS} PRIVATE ${ARG_PRIVATE_LIBS})
  target_precompile_headers(${target} REUSE_FROM dpnp_pch)
  if(DPNP_ENABLE_CUDA AND ARG_CUDA_SOURCES)
    set_target_properties(${target} PROPERTIES CUDA_SEPARABLE_COMPILATION OFF)
    target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:CUDA>:--expt-relaxed-constexpr -lineinfo>)
  endif()
  set_property(GLOBAL APPEND PROPERTY DPNP_MODULES ${name})
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
  # The venv's LibTorch lives outside the system paths: keep it in the RUNPATH.
  set_target_properties(${name} PROPERTIES BUILD_RPATH "${DPNP_TORCH_LIBDIR}" INSTALL_RPATH "${DPNP_TORCH_LIBDIR}")
  if(ARG_OUTPUT_NAME)
    set_target_properties(${name} PROPERTIES OUTPUT_NAME ${ARG_OUTPUT_NAME})
  endif()
endfunction()
