# The microphone removed mid-call (issue 7): SDL's dummy capture is the
# microphone; 3 s into the call the --keys script delivers `mic-lost`, the
# event the SDL platform makes when a capture device is unplugged. The call
# must pause and say so, the script chooses to go on typed (Enter) on the
# wall clock while the call clock stands still, types the answers, and the
# call ends scored with nothing lost: a finished session folder whose
# trainee.wav holds the microphone's audio up to the removal, its take
# replaying to the same score, and a history row.
#   -DAPP -DSCORE -DSRC -DWORK
cmake_minimum_required(VERSION 3.25)
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/data)
set(ENV{CALLCOACH_HOME} ${WORK}/data)
set(ENV{SDL_VIDEODRIVER} dummy)
set(ENV{SDL_AUDIODRIVER} dummy)
set(lost_at 3)
string(CONCAT keys "0.5:space,${lost_at}:mic-lost,+1:enter,"
       "+0.5:type=\"Good morning, Northwind Travel, Sam speaking.\",+0.2:enter,"
       "+3.5:type=I can put you through to billing now.,+0.2:enter,+3.5:ctrl+t,+0.1:type=2040,+0.1:enter")
execute_process(COMMAND ${APP} ${FT_APP_ARGS} --keys "${keys}" --json-out ${WORK}/app.json
                        --exit-after-call
                WORKING_DIRECTORY ${SRC} RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err
                TIMEOUT 40)
message(STATUS "exit ${rc}; stderr:\n${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "callcoach with the microphone removed mid-call exited ${rc} (a timeout "
                      "here means the call never went on after the pause)")
endif()
if(err MATCHES "no microphone")
  message(FATAL_ERROR "the dummy capture did not open as a microphone, so nothing was removed")
endif()
ft_error_line("${err}" "^callcoach: the microphone was disconnected: the call is paused.*typing")

file(READ ${WORK}/app.json result)
string(JSON turn0 GET "${result}" turns 0 trainee)
if(NOT turn0 MATCHES "Good morning, Northwind Travel")
  message(FATAL_ERROR "the answer typed after the pause was not scored: turn 0 is '${turn0}'")
endif()
ft_one_session(${WORK}/data session)
ft_complete_session(${session} trainee.wav caller.wav)
ft_wav_seconds(${session}/trainee.wav secs)
message(STATUS "trainee.wav: ${secs} s")
if(secs LESS ${lost_at})
  message(FATAL_ERROR "trainee.wav holds ${secs} s: the microphone's audio before the removal "
                      "(${lost_at} s) was lost")
endif()
file(READ ${session}/result.json saved)
ft_same_result("${saved}" "${result}" "the session's result.json and --json-out")
ft_replays(${SCORE} ${session} "${result}" "the recorded call replayed")
string(JSON score GET "${result}" score)
ft_history_row(${WORK}/data/history.sqlite ${session} ${score})
