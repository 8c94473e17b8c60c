# Killed mid-call (issue 7): the real program, recording a typed call, gets
# SIGKILL; the next start must find the session, make its audio and events
# whole, score it into the history and tell the trainee.
#   -DAPP -DREPORT -DSRC -DWORK
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/data)
set(ENV{XDG_DATA_HOME} ${WORK}/data)
set(ENV{SDL_VIDEODRIVER} dummy)
set(ENV{SDL_AUDIODRIVER} dummy)
set(data ${WORK}/data/callcoach)
set(keys "0.5:space,1.0:type=\"Good morning, Northwind Travel, Sam speaking.\",+0.2:enter")
# Killed as soon as the answer is in the session's event log (however slow
# the machine), while the fixture's caller still waits for the next answer.
string(CONCAT script
       "\"$0\" --scenario tests/fixtures/call.yaml --trainee Sam --seed 3 --type-answers --no-briefing "
       "--keys \"$1\" 2>\"$2/stderr.txt\" >/dev/null & pid=$!; "
       "for i in $(seq 1 600); do "
       "  grep -qs 'Good morning, Northwind' \"$2\"/data/callcoach/sessions/*/events.take.partial && break; "
       "  kill -0 $pid 2>/dev/null || break; sleep 0.1; done; "
       "kill -KILL $pid; wait $pid")
execute_process(COMMAND sh -c "${script}" ${APP} "${keys}" ${WORK}
                WORKING_DIRECTORY ${SRC} RESULT_VARIABLE rc)
if(NOT rc EQUAL 137)
  file(READ ${WORK}/stderr.txt err)
  message(FATAL_ERROR "callcoach was to be killed mid-call but exited ${rc}:\n${err}")
endif()
file(GLOB killed LIST_DIRECTORIES true ${data}/sessions/*)
list(LENGTH killed n)
if(NOT n EQUAL 1 OR EXISTS ${killed}/result.json)
  message(FATAL_ERROR "expected one unfinished session folder, found: ${killed}")
endif()
file(READ ${killed}/events.take.partial partial)
if(NOT partial MATCHES "pickup" OR NOT partial MATCHES "Good morning, Northwind Travel")
  message(FATAL_ERROR "the killed call's events were not logged as it ran:\n${partial}")
endif()

# The next start: hang up at once and quit after the score.
execute_process(COMMAND ${APP} --scenario tests/fixtures/call.yaml --trainee Sam --seed 3
                        --type-answers --no-briefing --keys "0.3:esc" --exit-after-call
                WORKING_DIRECTORY ${SRC} RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err
                TIMEOUT 60)
message(STATUS "second start: exit ${rc}; stderr:\n${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "callcoach after the kill exited ${rc}")
endif()
if(NOT err MATCHES "Recovered 1 interrupted call: test-call \\(Sam")
  message(FATAL_ERROR "the trainee was not told about the recovered call")
endif()
foreach(f result.json recovered.txt trainee.wav caller.wav events.take transcript.txt)
  if(NOT EXISTS ${killed}/${f})
    message(FATAL_ERROR "the recovered session has no ${f}")
  endif()
endforeach()
file(READ ${killed}/events.take take)
if(NOT take MATCHES "say \"Good morning, Northwind Travel, Sam speaking.\"")
  message(FATAL_ERROR "the recovered events.take lost the answer:\n${take}")
endif()
# Both calls are in the history: the recovered one and the one just played.
execute_process(COMMAND ${REPORT} --data-dir ${data} --trainee Sam --csv -
                RESULT_VARIABLE rc OUTPUT_VARIABLE csv ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "callcoach-report exited ${rc}: ${err}")
endif()
string(REGEX MATCHALL "\n[^\n]" rows "${csv}")
list(LENGTH rows nrows)
if(NOT nrows EQUAL 2)
  message(FATAL_ERROR "expected the recovered call and the new one in the history:\n${csv}")
endif()
