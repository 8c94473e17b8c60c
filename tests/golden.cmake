# Runs one command and compares what it printed (stdout, then stderr) and its
# exit status with an expected file, the way inih's tests diff their output.
#   -DCMD="prog|arg|arg"  the command, '|'-separated
#   -DWORKDIR=dir         where to run it (paths in messages are relative to it)
#   -DEXPECTED=file       the expected output; ends with "exit: N"
#   -DBIG=file            first write a file over 1 MiB there (for the size limit)
#   -DUPDATE=1 (or CC_UPDATE_GOLDEN=1 in the environment) rewrites EXPECTED
#                         instead of comparing: review the diff before committing
string(REPLACE "|" ";" cmd "${CMD}")
if(BIG)
  string(REPEAT "# padding line to push the file past the size limit ......\n" 20000 pad)
  file(WRITE ${BIG} "scenario: big\n${pad}")
endif()
execute_process(COMMAND ${cmd} WORKING_DIRECTORY ${WORKDIR}
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
set(actual "${out}${err}exit: ${rc}\n")
if(UPDATE OR DEFINED ENV{CC_UPDATE_GOLDEN})
  file(WRITE ${EXPECTED} "${actual}")
  return()
endif()
if(NOT EXISTS ${EXPECTED})
  message(FATAL_ERROR "no expected output ${EXPECTED}; run with -DUPDATE=1 and review it")
endif()
file(READ ${EXPECTED} expected)
if(NOT actual STREQUAL expected)
  get_filename_component(name ${EXPECTED} NAME)
  file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/${name}.actual "${actual}")
  execute_process(COMMAND diff -u ${EXPECTED} ${CMAKE_CURRENT_BINARY_DIR}/${name}.actual)
  message(FATAL_ERROR "output differs from ${EXPECTED}")
endif()
