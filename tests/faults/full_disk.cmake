# A full disk during recording and during the history write (issue 7). The
# data folder is a small tmpfs in a private mount namespace (full_disk.sh);
# a first call puts one row in the history; the second call's disk is filled
# as soon as its first answer is logged, so its audio cannot be written and,
# at the end, neither can the history. The program must say so (stderr, in
# the house style), go on with the call and score it, offer to save it
# elsewhere on the feedback screen, where the --keys script types a folder
# outside the tmpfs; the saved folder is a complete session (both WAVs,
# events.take replaying to the same score, result.json) with a history of its
# own; and the full folder's history is whole (PRAGMA integrity_check) with
# no half-written row.
#   -DAPP -DSCORE -DSRC -DWORK
cmake_minimum_required(VERSION 3.25)
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/data)
set(ENV{SDL_VIDEODRIVER} dummy)
set(ENV{SDL_AUDIODRIVER} dummy)
find_program(UNSHARE unshare)
if(NOT UNSHARE)
  message(STATUS "SKIPPED: no unshare(1) to make a private mount namespace for a small tmpfs")
  return()
endif()
# Hang up after the second answer; on the feedback screen (its clock starts at
# 0, so "+4" after the hang-up counts from the screen's start) type the folder
# to save in, Enter, then quit (a second Esc in case the first only closed the
# folder box).
set(saved ${WORK}/saved)
string(CONCAT keys "${FT_ANSWERS},+3:esc,+4:type=${saved},+0.5:enter,+1:esc,+1:esc")
execute_process(COMMAND ${UNSHARE} -m sh ${CMAKE_CURRENT_LIST_DIR}/full_disk.sh ${APP} ${WORK}
                        "${keys}" 1024 ${FT_PYTHON}
                WORKING_DIRECTORY ${SRC} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE uerr
                TIMEOUT 60)
if(rc EQUAL 77 OR uerr MATCHES "unshare failed|Operation not permitted")
  set(merr "")
  if(EXISTS ${WORK}/mount.err)
    file(READ ${WORK}/mount.err merr)
  endif()
  message(STATUS "SKIPPED: cannot mount a private tmpfs here (unshare -m, mount -t tmpfs): ${uerr}${merr}")
  return()
endif()
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the full-disk run failed (${rc}):\n${out}${uerr}")
endif()
file(READ ${WORK}/rc.txt app_rc)
file(READ ${WORK}/stderr.txt err)
file(READ ${WORK}/df.txt df)
message(STATUS "exit ${app_rc}; stderr:\n${err}\n${df}")
string(STRIP "${app_rc}" app_rc)
if(NOT app_rc EQUAL 0)
  message(FATAL_ERROR "callcoach on a full disk exited ${app_rc}")
endif()

# Said in the house style, with what happens to the call and what to do.
ft_error_line("${err}" "^callcoach: cannot write .*No space left on device.*kept in memory.*E to save it")

# Scored all the same.
file(READ ${WORK}/app.json result)
string(JSON turn1 GET "${result}" turns 1 trainee)
if(NOT turn1 MATCHES "put you through to billing")
  message(FATAL_ERROR "the answer typed after the disk filled was not scored: turn 1 is '${turn1}'")
endif()

# Saved elsewhere, whole.
ft_one_session(${saved} copy)
ft_complete_session(${copy} trainee.wav caller.wav)
file(READ ${copy}/events.take take)
if(NOT take MATCHES "say \"I can put you through to billing now.\"")
  message(FATAL_ERROR "the saved events.take lost the answer typed after the disk filled:\n${take}")
endif()
ft_wav_seconds(${copy}/trainee.wav secs)
ft_wav_seconds(${copy}/caller.wav caller_secs)
message(STATUS "saved elsewhere: ${copy}; trainee.wav ${secs} s, caller.wav ${caller_secs} s")
if(secs LESS 5 OR caller_secs LESS 5)
  message(FATAL_ERROR "the saved WAVs hold ${secs} s and ${caller_secs} s of a call over 5 s long")
endif()
file(READ ${copy}/result.json saved_result)
ft_same_result("${saved_result}" "${result}" "the saved result.json and --json-out")
ft_replays(${SCORE} ${copy} "${result}" "the saved call replayed")
string(JSON score GET "${result}" score)
ft_history_row(${saved}/history.sqlite ${copy} ${score})

# The full folder: its history whole, with the first call only.
file(READ ${WORK}/full-history.txt hist)
message(STATUS "the full folder's history:\n${hist}")
if(NOT hist MATCHES "integrity ok\n" OR NOT hist MATCHES "sessions 1\n" OR
   NOT hist MATCHES "without-verdicts 0\n")
  message(FATAL_ERROR "the history on the full disk is damaged or holds a half-written call:\n${hist}")
endif()
# The call's unfinished folder there, a shorter copy of what was saved, is
# gone (hidden or removed): the next start must not recover it as a call with
# another score and put it in the history beside the whole one.
# (Not by name: the earlier call may have started in the same second, and the
# copy saved elsewhere is named like it.) Every folder left must be finished.
file(GLOB left LIST_DIRECTORIES true RELATIVE ${WORK}/full-sessions ${WORK}/full-sessions/*)
message(STATUS "left in the full folder's sessions: ${left}")
foreach(f IN LISTS left)
  if(NOT EXISTS ${WORK}/full-sessions/${f}/result.json)
    message(FATAL_ERROR "the call saved elsewhere is still an unfinished folder (${f}) in the full data folder")
  endif()
endforeach()
file(READ ${WORK}/next-rc.txt next_rc)
file(READ ${WORK}/next.err next_err)
file(READ ${WORK}/next-history.txt next_hist)
message(STATUS "the next start: exit ${next_rc}${next_err}${next_hist}")
string(STRIP "${next_rc}" next_rc)
# Its history: the earlier call and the next start's own short call, nothing else.
string(REGEX MATCHALL "[0-9]+-[0-9]+-Sam-[^ \n]+" next_folders "${next_hist}")
list(LENGTH next_folders n_next)
if(NOT next_rc EQUAL 0 OR next_err MATCHES "Recovered" OR NOT n_next EQUAL 2)
  message(FATAL_ERROR "the next start recovered the call that was saved elsewhere")
endif()
