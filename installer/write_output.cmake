# cmake -DPROGRAM=<exe> -DARG=<one argument> -DOUTPUT=<file> -P write_output.cmake
# Runs PROGRAM ARG and stores its standard output in OUTPUT (a custom
# command cannot redirect portably).
execute_process(COMMAND "${PROGRAM}" "${ARG}" OUTPUT_FILE "${OUTPUT}.tmp" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  file(REMOVE "${OUTPUT}.tmp")
  message(FATAL_ERROR "${PROGRAM} ${ARG} failed: ${rc}")
endif()
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
