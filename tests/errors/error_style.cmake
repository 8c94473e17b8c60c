# Every failure of every program says, on its last line of standard error,
#   PROGRAM: what failed: why; what to do
# (a usage error, exit 64: PROGRAM: what was wrong; what to do)
# (file problems come first as FILE[:LINE:COL]: error: message) and exits with
# the <sysexits.h> code the README documents. One case a line in cases.txt:
#   EXIT|PROGRAM|ARG|ARG...      (@SRC@ and @WORK@ are replaced)
# Run by ctest with -DBIN=<build dir> -DSRC=<source dir> -DWORK=<scratch dir>.
cmake_minimum_required(VERSION 3.16)
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
file(STRINGS ${CMAKE_CURRENT_LIST_DIR}/cases.txt lines)
set(failures "")
# A file diagnostic: FILE[:LINE:COL]: error|warning|note: message (callcoach-lint's
# whole output is these: its job is to list a file's problems).
set(diag "^[^:]+(:[0-9]+:[0-9]+)?: (error|warning|note): ")
set(n 0)
foreach(line IN LISTS lines)
  if(line MATCHES "^#" OR line STREQUAL "")
    continue()
  endif()
  string(REPLACE "@SRC@" "${SRC}" line "${line}")
  string(REPLACE "@WORK@" "${WORK}" line "${line}")
  string(REPLACE "|" ";" parts "${line}")
  list(POP_FRONT parts want prog)
  execute_process(COMMAND ${CMAKE_COMMAND} -E env SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
                          CALLCOACH_HOME=${WORK}/home XDG_DATA_HOME=${WORK}/xdg
                          ${BIN}/${prog} ${parts}
                  WORKING_DIRECTORY ${SRC} RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err
                  INPUT_FILE /dev/null TIMEOUT 60)
  math(EXPR n "${n} + 1")
  # A usage error says what was wrong and what to do; every other failure
  # also says why.
  if(want STREQUAL "64")
    set(why "")
  else()
    set(why ": [^\n]+")
  endif()
  string(STRIP "${err}" err)
  # Semicolons are list separators to cmake: keep them out of the way.
  string(REPLACE ";" "<semicolon>" err "${err}")
  string(REGEX REPLACE "^.*\n" "" last "${err}")
  if(NOT rc STREQUAL want)
    string(APPEND failures "\n${prog} ${parts}: exit ${rc}, expected ${want}\n  ${err}")
  elseif(NOT last MATCHES "^${prog}: [^\n]+${why}<semicolon> [^\n]+$"
         AND NOT (prog STREQUAL "callcoach-lint" AND last MATCHES "${diag}"))
    string(APPEND failures "\n${prog} ${parts}: last line not 'PROGRAM: what failed: why; what to do':\n  ${last}")
  else()
    # Lines before it are file diagnostics.
    string(FIND "${err}" "\n" cut REVERSE)
    if(cut GREATER 0)
      string(SUBSTRING "${err}" 0 ${cut} before)
      string(REPLACE "\n" ";" blines "${before}")
      foreach(b IN LISTS blines)
        if(NOT b MATCHES "${diag}")
          string(APPEND failures "\n${prog} ${parts}: not a file diagnostic: ${b}")
        endif()
      endforeach()
    endif()
  endif()
endforeach()
if(failures)
  message(FATAL_ERROR "error style: ${failures}")
endif()
message(STATUS "${n} failures checked: each in the one style, with its exit code")
