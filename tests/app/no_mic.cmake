# No microphone: the trainee types, and is scored by the same rules.
#  (a) SDL's dummy driver: capture opens but hears silence; --type-answers.
#  (a') the same without --type-answers: a microphone that sends only digital
#      silence is taken for none after 4 s (a line on stderr, the banner); the
#      first answer is typed before that, with the microphone still open
#      (letters open the answer box whatever the microphone).
#  (b) the real failure of a machine with no sound card: SDL's ALSA driver
#      cannot open a device, for playback or capture; the app must say so
#      (a banner on screen, a line on stderr), run the call on the wall clock
#      with captions, and take typed answers.
# Both runs answer tests/fixtures/call.yaml by typing, through --keys, and are
# compared with callcoach-score on the same answers as a take.
#   -DAPP -DSCORE -DSRC -DWORK
cmake_minimum_required(VERSION 3.25)
include(${CMAKE_CURRENT_LIST_DIR}/compare.cmake)
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
file(WRITE ${WORK}/same.take
     "pickup 1\nsay \"Good morning, Northwind Travel, Sam speaking.\"\n"
     "say \"I can put you through to billing now.\"\ntransfer 2040\n")
# Each answer's first letter comes a second or two after the caller, and the
# rest 6 s later (a typist's pace): longer than the 5 s dead-air limit, which
# typing must not count (the rule has to pass).
string(CONCAT keys "0.5:space,1.0:type=G,+6:type=\"ood morning, Northwind Travel, Sam speaking.\","
         "+0.2:enter,11:type=I,+6:type= can put you through to billing now.,+0.2:enter,"
         "20.5:ctrl+t,+0.1:type=2040,+0.1:enter")
execute_process(COMMAND ${SCORE} --json --seed 3 --trainee Sam tests/fixtures/call.yaml ${WORK}/same.take
                WORKING_DIRECTORY ${SRC} OUTPUT_VARIABLE typed RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "callcoach-score exited ${rc}")
endif()

set(ENV{SDL_VIDEODRIVER} dummy)
foreach(run dummy silent alsa)
  file(MAKE_DIRECTORY ${WORK}/${run}/data)
  set(ENV{XDG_DATA_HOME} ${WORK}/${run}/data)
  set(ENV{SDL_AUDIODRIVER} ${run})
  set(extra "")
  if(run STREQUAL dummy)
    set(extra --type-answers)
  elseif(run STREQUAL silent)
    set(ENV{SDL_AUDIODRIVER} dummy)
  endif()
  execute_process(COMMAND ${APP} --scenario tests/fixtures/call.yaml --trainee Sam --mode practice
                          --seed 3 --no-briefing ${extra} --keys "${keys}"
                          --json-out ${WORK}/${run}/app.json
                          --exit-after-call
                  WORKING_DIRECTORY ${SRC} RESULT_VARIABLE rc TIMEOUT 40
                  OUTPUT_VARIABLE out ERROR_VARIABLE err)
  message(STATUS "${run}: exit ${rc}; stderr:\n${err}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "callcoach with SDL_AUDIODRIVER=${run} exited ${rc}")
  endif()
  if(run STREQUAL silent AND NOT err MATCHES "no microphone: the microphone sent only digital silence")
    message(FATAL_ERROR "a microphone sending only zeros was not taken for none")
  endif()
  if(run STREQUAL alsa AND NOT err MATCHES "no microphone")
    message(FATAL_ERROR "with no sound card, callcoach did not say that there is no microphone")
  endif()
  file(READ ${WORK}/${run}/app.json spoken)
  cc_compare_results("${spoken}" "${typed}")
  string(JSON nrules LENGTH "${spoken}" rules)
  math(EXPR last "${nrules} - 1")
  foreach(i RANGE ${last})
    string(JSON id GET "${spoken}" rules ${i} id)
    if(id STREQUAL "no-dead-air")
      string(JSON v GET "${spoken}" rules ${i} verdict)
      string(JSON ev GET "${spoken}" rules ${i} evidence)
      if(NOT v STREQUAL "pass")
        message(FATAL_ERROR "${run}: 6 s of typing counted as dead air: no-dead-air is ${v} (${ev})")
      endif()
      message(STATUS "${run}: no-dead-air ${v}: ${ev}")
    endif()
  endforeach()
endforeach()
