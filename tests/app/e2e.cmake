# End to end: the real `callcoach` binary plays a shipped scenario headless
# (SDL_VIDEODRIVER=dummy, SDL_AUDIODRIVER=disk) with the model take's answers
# spoken into its microphone (SDL_DISKAUDIOFILEIN) and its keys pressed by
# --keys; its scored result must agree with callcoach-score on the same take,
# typed: the same pass/fail, and at least 90 % of the rule verdicts, leaving
# out the rules the recogniser is known (before the call) to mishear.
#   -DPREP -DAPP -DSCORE  the programs;  -DSRC  the source tree
#   -DSCENARIO -DTAKE     relative to SRC;  -DWORK  a scratch folder
#
# Timing. SDL's disk driver paces both devices with SDL_Delay per buffer
# (SDL_DISKAUDIODELAY ms for 512 samples, 32 ms of audio). 10 ms runs the
# call clock at about 3.2 times real time, which keeps the longest call
# (rude-caller, about 140 s of call time) under a minute. Playback and capture are paced by
# separate threads, so the microphone's timeline can drift from the call
# clock by a few tens of milliseconds over a call; e2e_prepare plans 3 s
# from the end of an answer to the caller's reply and leaves 1.5 s after it,
# to absorb that and the recogniser's latency (which counts 3.2 times at this
# speed).
cmake_minimum_required(VERSION 3.25)
set(SEED 7)

# -DDEMO=1: `callcoach --demo SCENARIO` instead. No microphone and no keys: the
# synthetic trainee plays the scenario's model take in a second voice through
# the same disk driver (its clock at about 3.2 times real time), and the call
# it makes must pass, as the scenario's own test of that take does.
if(DEMO)
  file(REMOVE_RECURSE ${WORK})
  file(MAKE_DIRECTORY ${WORK}/data)
  set(ENV{SDL_VIDEODRIVER} dummy)
  set(ENV{SDL_AUDIODRIVER} disk)
  set(ENV{SDL_DISKAUDIOFILE} ${WORK}/speaker.raw)
  set(ENV{SDL_DISKAUDIODELAY} 10)
  set(ENV{XDG_DATA_HOME} ${WORK}/data)
  set(ENV{CALLCOACH_DEBUG} 1)
  execute_process(COMMAND ${APP} --demo ${SCENARIO} --seed ${SEED} --exit-after-call --no-briefing
                          --json-out ${WORK}/app.json
                  WORKING_DIRECTORY ${SRC} RESULT_VARIABLE rc TIMEOUT 80
                  OUTPUT_VARIABLE out ERROR_VARIABLE err)
  file(WRITE ${WORK}/app.log "${out}${err}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "callcoach --demo exited ${rc}; its log is ${WORK}/app.log:\n${err}")
  endif()
  if(NOT EXISTS ${WORK}/app.json)
    message(FATAL_ERROR "callcoach --demo wrote no ${WORK}/app.json; its log is ${WORK}/app.log")
  endif()
  file(READ ${WORK}/app.json result)
  string(JSON passed GET "${result}" passed)
  string(JSON score GET "${result}" score)
  string(JSON trainee GET "${result}" trainee)
  string(JSON nturns LENGTH "${result}" turns)
  message(STATUS "demo of ${SCENARIO}: trainee ${trainee}, ${nturns} turns, score ${score}, passed ${passed}")
  if(NOT trainee STREQUAL "Demo")
    message(FATAL_ERROR "the demo's trainee is '${trainee}', expected Demo (--demo implies it)")
  endif()
  if(nturns LESS 3)
    message(FATAL_ERROR "the demo call has ${nturns} turns: it did not get past the greeting")
  endif()
  if(NOT passed)
    message(FATAL_ERROR "the demo call of ${SCENARIO} did not pass (score ${score}); see ${WORK}/app.json")
  endif()
  return()
endif()
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/data)
execute_process(COMMAND ${PREP} ${SCENARIO} ${TAKE} ${WORK}/mic.raw ${WORK}/keys.txt ${SEED} Alex
                WORKING_DIRECTORY ${SRC} OUTPUT_VARIABLE planned RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "e2e_prepare failed (${rc})")
endif()
if(planned MATCHES "SKIPPED:")
  message(STATUS "${planned}")
  return()
endif()
file(READ ${WORK}/keys.txt keys)
string(STRIP "${planned}" planned)
message(STATUS "planned call: ${planned} s of call time; keys: ${keys}")

set(ENV{SDL_VIDEODRIVER} dummy)
set(ENV{SDL_AUDIODRIVER} disk)
set(ENV{SDL_DISKAUDIOFILE} ${WORK}/speaker.raw)
set(ENV{SDL_DISKAUDIOFILEIN} ${WORK}/mic.raw)
set(ENV{SDL_DISKAUDIODELAY} 10)
set(ENV{XDG_DATA_HOME} ${WORK}/data)
set(ENV{CALLCOACH_DEBUG} 1)
execute_process(COMMAND ${APP} --scenario ${SCENARIO} --trainee Alex --mode assessment --no-briefing
                        --seed ${SEED} --keys "${keys}" --json-out ${WORK}/app.json --exit-after-call
                WORKING_DIRECTORY ${SRC} RESULT_VARIABLE rc TIMEOUT 80
                OUTPUT_VARIABLE out ERROR_VARIABLE err)
file(WRITE ${WORK}/app.log "${out}${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "callcoach exited ${rc}; its log is ${WORK}/app.log:\n${err}")
endif()
# Every answer was decoded as it was spoken and heard at its last pause: e2e_prepare made
# sure each is heard with words above the confidence limit, so the app never needed its
# fallback of recognising an utterance's audio again (which a lost hearing would cost).
string(REGEX MATCHALL "debug: heard [^\n]*" hearings "${err}")
string(REGEX MATCHALL "debug: recognised [^\n]*" decodes "${err}")
list(LENGTH hearings nhearings)
if(nhearings EQUAL 0 OR decodes)
  message(FATAL_ERROR "answers were not all heard as they were spoken (${nhearings} hearings; "
                      "recognised again: ${decodes}); the log is ${WORK}/app.log")
endif()
execute_process(COMMAND ${SCORE} --json --seed ${SEED} --trainee Alex ${SCENARIO} ${TAKE}
                WORKING_DIRECTORY ${SRC} OUTPUT_VARIABLE typed RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "callcoach-score exited ${rc}")
endif()
file(WRITE ${WORK}/typed.json "${typed}")
file(READ ${WORK}/app.json spoken)

file(STRINGS ${WORK}/keys.txt.misheard misheard)
include(${CMAKE_CURRENT_LIST_DIR}/compare.cmake)
cc_compare_results("${spoken}" "${typed}" "${misheard}")
