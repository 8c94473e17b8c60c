# A history database from a newer callcoach (issue 7): DATA/history.sqlite
# carries the store's application_id with a higher user_version. callcoach
# must refuse it, before the call and after it, saying what happens (the call
# is still recorded and scored in its session folder, not in the history) and
# what to do, play and keep the call, and leave the file byte for byte as it
# was.
#   -DAPP -DSCORE -DSRC -DWORK
cmake_minimum_required(VERSION 3.25)
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/data)
set(ENV{CALLCOACH_HOME} ${WORK}/data)
set(ENV{SDL_VIDEODRIVER} dummy)
set(ENV{SDL_AUDIODRIVER} dummy)
set(db ${WORK}/data/history.sqlite)
# The application_id is the store's (store/history.c, "cch1"); the layout
# number is one this callcoach cannot know; a row a newer version might keep.
execute_process(COMMAND ${FT_PYTHON} -c [[
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute('PRAGMA journal_mode=WAL')
c.execute('CREATE TABLE sessions_v99(id INTEGER PRIMARY KEY, note TEXT)')
c.execute("INSERT INTO sessions_v99(note) VALUES ('from a newer callcoach')")
c.execute('PRAGMA application_id = %d' % 0x63636831)
c.execute('PRAGMA user_version = 99')
c.commit()
c.close()
]] ${db} RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cannot make the newer history: ${err}")
endif()
file(SHA256 ${db} before)
file(GLOB files_before RELATIVE ${WORK}/data ${WORK}/data/*)

execute_process(COMMAND ${APP} ${FT_APP_ARGS} --type-answers --keys "${FT_ANSWERS},+3:esc"
                        --json-out ${WORK}/app.json --exit-after-call
                WORKING_DIRECTORY ${SRC} RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err
                TIMEOUT 40)
message(STATUS "exit ${rc}; stderr:\n${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "callcoach with a newer history exited ${rc}")
endif()
file(SHA256 ${db} after)
if(NOT before STREQUAL after)
  message(FATAL_ERROR "the newer history was changed (sha256 ${before} before, ${after} after)")
endif()
foreach(side -wal -shm -journal)
  if(EXISTS ${db}${side} AND NOT "history.sqlite${side}" IN_LIST files_before)
    message(FATAL_ERROR "callcoach left ${db}${side} beside the newer history")
  endif()
endforeach()
# Before the call: refused, and what that means for the trainee.
ft_error_line("${err}" "^callcoach: cannot open the history .*newer callcoach.*update callcoach.*still recorded and scored.*not added to the history")
# After the call: where the call is.
ft_error_line("${err}" "^callcoach: cannot open the history .*newer callcoach.*The call itself is kept in .*sessions/")

file(READ ${WORK}/app.json result)
ft_one_session(${WORK}/data session)
ft_complete_session(${session} trainee.wav caller.wav)
file(READ ${session}/result.json saved)
ft_same_result("${saved}" "${result}" "the session's result.json and --json-out")
ft_replays(${SCORE} ${session} "${result}" "the recorded call replayed")
ft_sql(${db} "SELECT note FROM sessions_v99" note)
if(NOT note STREQUAL "from a newer callcoach")
  message(FATAL_ERROR "the newer history's row reads '${note}'")
endif()
