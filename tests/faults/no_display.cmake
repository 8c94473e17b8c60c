# No display (issue 7): SDL cannot open a window (the x11 driver with no
# DISPLAY), so `callcoach --scenario X --trainee T` says so and plays the call
# in the terminal, reading the answers from stdin; the call is recorded and
# scored like any other: a finished session folder and a history row.
#   -DAPP -DSCORE -DSRC -DWORK
cmake_minimum_required(VERSION 3.25)
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/data)
set(ENV{CALLCOACH_HOME} ${WORK}/data)
set(ENV{XDG_DATA_HOME} ${WORK}/xdg)
set(ENV{SDL_VIDEODRIVER} x11)
set(ENV{SDL_AUDIODRIVER} dummy)
unset(ENV{DISPLAY})
unset(ENV{WAYLAND_DISPLAY})
# Enter answers the first ring; then the two answers and the transfer.
file(WRITE ${WORK}/stdin.txt
     "\nGood morning, Northwind Travel, Sam speaking.\nI can put you through to billing now.\n"
     "/transfer 2040\n")
execute_process(COMMAND ${APP} --scenario tests/fixtures/call.yaml --trainee Sam --seed 3
                        --json-out ${WORK}/app.json
                WORKING_DIRECTORY ${SRC} INPUT_FILE ${WORK}/stdin.txt RESULT_VARIABLE rc
                OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 40)
message(STATUS "exit ${rc}; stderr:\n${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "callcoach without a display exited ${rc}:\n${out}")
endif()
ft_error_line("${err}" "^callcoach: cannot open a window: .*playing the call in the terminal")
# The terminal mode ran the call: the caller's lines and the report are on stdout.
if(NOT out MATCHES "you picked up on ring 1" OR NOT out MATCHES "rules passed")
  message(FATAL_ERROR "the call was not played in the terminal:\n${out}")
endif()

# Recorded: one finished session whose take replays to the result shown.
file(READ ${WORK}/app.json result)
ft_one_session(${WORK}/data session)
ft_complete_session(${session})
file(READ ${session}/events.take take)
if(NOT take MATCHES "say \"I can put you through to billing now.\"" OR NOT take MATCHES "transfer 2040")
  message(FATAL_ERROR "the session's events.take lost what was typed:\n${take}")
endif()
file(READ ${session}/result.json saved)
ft_same_result("${saved}" "${result}" "the session's result.json and --json-out")
ft_replays(${SCORE} ${session} "${result}" "the recorded call replayed")
string(JSON score GET "${result}" score)
ft_history_row(${WORK}/data/history.sqlite ${session} ${score})
# The data folder is CALLCOACH_HOME's, not the XDG one.
if(EXISTS ${WORK}/xdg/callcoach/sessions)
  message(FATAL_ERROR "the call was recorded under XDG_DATA_HOME, not CALLCOACH_HOME")
endif()
