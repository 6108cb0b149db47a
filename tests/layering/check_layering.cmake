# Builds the layering probes (tests/CMakeLists.txt) and checks that the control compiles and that
# each wrong-way include fails for the expected reason: its header is not found.
# cmake -DBUILD_DIR=... -P check_layering.cmake
function(build_probe name result_var output_var)
  # Remove an earlier object so that the control is compiled by this run, not taken as up to date.
  file(GLOB_RECURSE old ${BUILD_DIR}/tests/CMakeFiles/dpnp_layering_${name}.dir/*.o)
  if(old)
    file(REMOVE ${old})
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target dpnp_layering_${name}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  set(${result_var} ${rc} PARENT_SCOPE)
  set(${output_var} "${out}" PARENT_SCOPE)
endfunction()

build_probe(physics_includes_dist rc out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the control probe (physics includes dist) does not build:\n${out}")
endif()
message(STATUS "physics includes dist: builds")

foreach(probe_header IN ITEMS "physics_includes_io|dpnp/io/config.hpp"
                              "denoisers_includes_physics|dpnp/physics/gradient2d.hpp")
  string(REPLACE "|" ";" pair "${probe_header}")
  list(GET pair 0 probe)
  list(GET pair 1 header)
  build_probe(${probe} rc out)
  if(rc EQUAL 0)
    message(FATAL_ERROR "${probe}: a wrong-way include built; the module header views are not in force")
  endif()
  string(REPLACE "." "\\." header_regex "${header}")
  if(NOT out MATCHES "${header_regex}: No such file or directory")
    message(FATAL_ERROR "${probe} failed, but not because '${header}' is invisible:\n${out}")
  endif()
  message(STATUS "${probe}: fails to build (${header} not visible)")
endforeach()
