# A read-only data folder (issue 7): the folder holds a history and a call
# from before, but the trainee may not write there now. callcoach must say so
# in the house style, play and score the call, offer to save it elsewhere
# (the --keys script saves it in a folder that can be written), and change
# nothing in the read-only folder. As root, permissions do not bind, so the
# program runs as nobody (setpriv); otherwise the folder is made read-only
# with chmod.
#   -DAPP -DSCORE -DSRC -DWORK
cmake_minimum_required(VERSION 3.25)
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/data ${WORK}/home ${WORK}/saved)
set(ENV{CALLCOACH_HOME} ${WORK}/data)
set(ENV{SDL_VIDEODRIVER} dummy)
set(ENV{SDL_AUDIODRIVER} dummy)

# Before: one call recorded while the folder could still be written.
execute_process(COMMAND ${APP} ${FT_APP_ARGS} --type-answers --keys 0.3:esc --exit-after-call
                WORKING_DIRECTORY ${SRC} RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err TIMEOUT 40)
if(NOT rc EQUAL 0 OR NOT EXISTS ${WORK}/data/history.sqlite)
  message(FATAL_ERROR "the first call, in a writable folder, failed (${rc}): ${err}")
endif()

execute_process(COMMAND id -u OUTPUT_VARIABLE uid OUTPUT_STRIP_TRAILING_WHITESPACE)
set(as "")
if(uid EQUAL 0)
  find_program(SETPRIV setpriv)
  if(NOT SETPRIV)
    message(STATUS "SKIPPED: running as root and there is no setpriv(1) to run as another user")
    return()
  endif()
  set(as ${SETPRIV} --reuid=65534 --regid=65534 --clear-groups)
  execute_process(COMMAND chown -R 65534:65534 ${WORK} RESULT_VARIABLE rc)
  execute_process(COMMAND ${as} sh -c "test -x '${APP}' && test -r tests/fixtures/call.yaml && test -w '${WORK}/saved'"
                  WORKING_DIRECTORY ${SRC} RESULT_VARIABLE rc2 ERROR_VARIABLE err)
  if(NOT rc EQUAL 0 OR NOT rc2 EQUAL 0)
    message(STATUS "SKIPPED: the user nobody (65534) cannot run ${APP} from ${SRC} here: ${err}")
    return()
  endif()
endif()
file(CHMOD_RECURSE ${WORK}/data FILE_PERMISSIONS OWNER_READ GROUP_READ WORLD_READ
     DIRECTORY_PERMISSIONS OWNER_READ OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
# What the folder holds, to compare afterwards.
function(listing out)
  file(GLOB_RECURSE files LIST_DIRECTORIES true RELATIVE ${WORK}/data ${WORK}/data/*)
  list(SORT files)
  set(l "")
  foreach(f IN LISTS files)
    if(IS_DIRECTORY ${WORK}/data/${f})
      string(APPEND l "${f}/\n")
    else()
      file(SHA256 ${WORK}/data/${f} h)
      string(APPEND l "${f} ${h}\n")
    endif()
  endforeach()
  set(${out} "${l}" PARENT_SCOPE)
endfunction()
listing(before)

set(saved ${WORK}/saved)
string(CONCAT keys "${FT_ANSWERS},+3:esc,+4:type=${saved},+0.5:enter,+1:esc,+1:esc")
execute_process(COMMAND ${as} env HOME=${WORK}/home ${APP} ${FT_APP_ARGS} --type-answers
                        --keys "${keys}" --json-out ${saved}/app.json
                WORKING_DIRECTORY ${SRC} RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err
                TIMEOUT 40)
# Writable again, whatever happens next, so the folder can be removed.
file(CHMOD_RECURSE ${WORK}/data FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ
     DIRECTORY_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
                           WORLD_READ WORLD_EXECUTE)
message(STATUS "exit ${rc}; stderr:\n${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "callcoach with a read-only data folder exited ${rc}")
endif()
ft_error_line("${err}" "^callcoach: cannot create a session folder in .*Permission denied.*kept in memory.*E to save it")

file(READ ${saved}/app.json result)
string(JSON turn1 GET "${result}" turns 1 trainee)
if(NOT turn1 MATCHES "put you through to billing")
  message(FATAL_ERROR "the call was not scored with its answers: turn 1 is '${turn1}'")
endif()
ft_one_session(${saved} copy)
ft_complete_session(${copy} trainee.wav caller.wav)
file(READ ${copy}/result.json saved_result)
ft_same_result("${saved_result}" "${result}" "the saved result.json and --json-out")
ft_replays(${SCORE} ${copy} "${result}" "the saved call replayed")
string(JSON score GET "${result}" score)
ft_history_row(${saved}/history.sqlite ${copy} ${score})

listing(after)
if(NOT before STREQUAL after)
  message(FATAL_ERROR "the read-only folder changed:\nbefore:\n${before}after:\n${after}")
endif()
