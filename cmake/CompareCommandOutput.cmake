# cmake -DCOMMAND="a;b;c" -DEXPECTED=file -P CompareCommandOutput.cmake
# Fails when the command's standard output differs from the file (used to keep generated docs current).
execute_process(COMMAND ${COMMAND} OUTPUT_VARIABLE actual RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "command failed (${rc}): ${COMMAND}")
endif()
file(READ ${EXPECTED} expected)
if(NOT actual STREQUAL expected)
  message(FATAL_ERROR "${EXPECTED} is out of date; regenerate it with: ${COMMAND} > ${EXPECTED}")
endif()
