# Test registration helpers. MPI tests are one GoogleTest executable registered at several rank
# counts; Open MPI's root/oversubscription/binding switches go through the environment so that
# the same command line works with other MPI libraries.

set(DPNP_TEST_ENV
  "OMPI_ALLOW_RUN_AS_ROOT=1" "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1"
  "OMPI_MCA_rmaps_base_oversubscribe=1" "OMPI_MCA_hwloc_base_binding_policy=none"
  # Waiting ranks yield their core instead of spinning: MPI tests run more ranks than cores.
  "OMPI_MCA_mpi_yield_when_idle=1"
  "OMP_NUM_THREADS=1" "DPNP_SOURCE_DIR=${CMAKE_SOURCE_DIR}"
  "DPNP_SHARED_DIR=${CMAKE_SOURCE_DIR}/../shared" "DPNP_BINARY_DIR=${CMAKE_BINARY_DIR}"
  "DPNP_PYTHON=${CMAKE_SOURCE_DIR}/.venv/bin/python")

add_library(dpnp_test_main STATIC ${CMAKE_SOURCE_DIR}/tests/support/mpi_gtest_main.cpp
                                  ${CMAKE_SOURCE_DIR}/tests/support/test_support.cpp)
target_link_libraries(dpnp_test_main PUBLIC dpnp_deps GTest::gtest dpnp_dist hdf5::hdf5)
# Tests may look at any module.
target_include_directories(dpnp_test_main PUBLIC ${CMAKE_SOURCE_DIR}/include)
target_include_directories(dpnp_test_main PUBLIC ${CMAKE_SOURCE_DIR}/tests/support)
target_precompile_headers(dpnp_test_main REUSE_FROM dpnp_pch)

function(_dpnp_test_executable name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPENDS" ${ARGN})
  dpnp_add_executable(${name} SOURCES ${ARG_SOURCES} DEPENDS dpnp_test_main ${ARG_DEPENDS})
endfunction()

# A GoogleTest case that calls GTEST_SKIP (no GPU, a missing reference file) makes CTest report the
# test as skipped rather than passed.
set(DPNP_GTEST_SKIP_REGEX "\\[  SKIPPED \\]")

# dpnp_add_unit_test(<name> SOURCES ... DEPENDS ... [LABELS ...] [TIMEOUT s])
function(dpnp_add_unit_test name)
  cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;DEPENDS;LABELS" ${ARGN})
  _dpnp_test_executable(${name} SOURCES ${ARG_SOURCES} DEPENDS ${ARG_DEPENDS})
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES TIMEOUT ${ARG_TIMEOUT} LABELS "unit;${ARG_LABELS}"
                                          ENVIRONMENT "${DPNP_TEST_ENV}" SKIP_REGULAR_EXPRESSION "${DPNP_GTEST_SKIP_REGEX}")
endfunction()

# dpnp_add_mpi_test(<name> SOURCES ... DEPENDS ... [RANKS 1 2 3 4] [SINGLE_RANK_EXCLUDES pattern]
#                   [LABELS ...] [TIMEOUT s])
# Registers <name>_np<N> for each rank count N (up to DPNP_TEST_MAX_RANKS). Cases that compare a run
# on B ranks with the single-rank reference would compare a run with itself on one rank:
# SINGLE_RANK_EXCLUDES (a GoogleTest filter pattern, e.g. "*OnBRanks") leaves them out of <name>_np1.
function(dpnp_add_mpi_test name)
  cmake_parse_arguments(ARG "" "TIMEOUT;SINGLE_RANK_EXCLUDES" "SOURCES;DEPENDS;RANKS;LABELS" ${ARGN})
  _dpnp_test_executable(${name} SOURCES ${ARG_SOURCES} DEPENDS ${ARG_DEPENDS})
  if(NOT ARG_RANKS)
    set(ARG_RANKS 1 2 3 4)
  endif()
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  foreach(ranks ${ARG_RANKS})
    if(ranks GREATER DPNP_TEST_MAX_RANKS)
      continue()
    endif()
    set(test_name ${name}_np${ranks})
    set(filter "")
    if(ranks EQUAL 1 AND ARG_SINGLE_RANK_EXCLUDES)
      set(filter "--gtest_filter=-${ARG_SINGLE_RANK_EXCLUDES}")
    endif()
    add_test(NAME ${test_name}
             COMMAND ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} ${ranks} ${DPNP_MPIEXEC_PREFLAGS}
                     ${MPIEXEC_PREFLAGS} $<TARGET_FILE:${name}> ${MPIEXEC_POSTFLAGS} ${filter})
    set_tests_properties(${test_name} PROPERTIES TIMEOUT ${ARG_TIMEOUT} PROCESSORS ${ranks}
                         LABELS "mpi;${ARG_LABELS}" ENVIRONMENT "${DPNP_TEST_ENV}"
                         SKIP_REGULAR_EXPRESSION "${DPNP_GTEST_SKIP_REGEX}")
  endforeach()
endfunction()
