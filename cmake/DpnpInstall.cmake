# `cmake --install build --prefix P` gives P/bin/dpnp, the libraries and headers, and
# P/lib/cmake/dpnp/dpnpConfig.cmake, so that another project can `find_package(dpnp)` and link
# dpnp::io (or any module) without knowing how dpnp was configured. tests/consumer checks it.

include(CMakePackageConfigHelpers)
set(DPNP_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/dpnp)

# The app module (command-line parsing, run orchestration) is the executable's, not the library's.
get_property(_dpnp_modules GLOBAL PROPERTY DPNP_MODULES)
list(REMOVE_ITEM _dpnp_modules app)
list(TRANSFORM _dpnp_modules PREPEND dpnp_ OUTPUT_VARIABLE _dpnp_library_targets)
set_target_properties(dpnp_deps PROPERTIES EXPORT_NAME deps)
set_target_properties(dpnp_random123 PROPERTIES EXPORT_NAME random123)
set_target_properties(dpnp_stb PROPERTIES EXPORT_NAME stb)
install(TARGETS ${_dpnp_library_targets} dpnp_deps dpnp_random123 dpnp_stb EXPORT dpnpTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/include/dpnp DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        PATTERN app EXCLUDE)
install(EXPORT dpnpTargets NAMESPACE dpnp:: DESTINATION ${DPNP_INSTALL_CMAKEDIR})

# The same fmt shim as in the build tree (cmake/DpnpDependencies.cmake says why), made at install time.
install(CODE "
  file(MAKE_DIRECTORY \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_INCLUDEDIR}/dpnp-fmt-shim\")
  file(CREATE_LINK \"${_dpnp_fmt_include}/fmt\"
       \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_INCLUDEDIR}/dpnp-fmt-shim/fmt\" SYMBOLIC)")

# What the consumer must find again: recorded from this configuration.
set(DPNP_CONFIG_TORCH_DIR ${Torch_DIR})
set(DPNP_CONFIG_WITH_CUDA ${DPNP_ENABLE_CUDA})
configure_package_config_file(${CMAKE_SOURCE_DIR}/cmake/dpnpConfig.cmake.in
                              ${CMAKE_BINARY_DIR}/dpnpConfig.cmake INSTALL_DESTINATION ${DPNP_INSTALL_CMAKEDIR})
write_basic_package_version_file(${CMAKE_BINARY_DIR}/dpnpConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/dpnpConfig.cmake ${CMAKE_BINARY_DIR}/dpnpConfigVersion.cmake
        DESTINATION ${DPNP_INSTALL_CMAKEDIR})

# The programs: the launcher, the real executable beside it, and the Slurm job script where a copied
# batch template looks for it (share/dpnp/slurm).
install(TARGETS dpnp dpnp_main RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(PROGRAMS ${CMAKE_SOURCE_DIR}/scripts/slurm/dpnp_job.sh DESTINATION ${CMAKE_INSTALL_DATADIR}/dpnp/slurm)
# `dpnp report` and the previews (found there when the source tree is gone; app/python_tools.cpp).
install(DIRECTORY ${CMAKE_SOURCE_DIR}/python/dpnp_report DESTINATION ${CMAKE_INSTALL_DATADIR}/dpnp/python
        PATTERN __pycache__ EXCLUDE)
