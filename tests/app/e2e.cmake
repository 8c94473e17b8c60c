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
execute_process(COMMAND ${APP} --scenario ${SCENARIO} --trainee Alex --mode assessment
                        --seed ${SEED} --keys "${keys}" --json-out ${WORK}/app.json --exit-after-call
                WORKING_DIRECTORY ${SRC} RESULT_VARIABLE rc TIMEOUT 80
                OUTPUT_VARIABLE out ERROR_VARIABLE err)
file(WRITE ${WORK}/app.log "${out}${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "callcoach exited ${rc}; its log is ${WORK}/app.log:\n${err}")
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
