# Every screen rendered in a real X server (Xvfb, through xvfb-run) with the
# software renderer, saved as PNG by --screenshot-dir, and compared with the
# references in tests/screens/ with tolerance (png_diff: at most 0.5 % of the
# pixels may differ). CC_UPDATE_GOLDEN=1 in the environment rewrites the
# references instead: look at them before committing.
#   -DAPP -DDIFF -DSRC -DWORK
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/default ${WORK}/contrast ${WORK}/again ${WORK}/home)
find_program(XVFB_RUN xvfb-run REQUIRED)
# The data folder (SDL_GetPrefPath: $HOME/.local/share/callcoach/) is the
# test's own, so the history starts empty and the feedback screen shows the
# session folder as "~/.local/share/..." wherever the build is.
set(ENV{HOME} ${WORK}/home)
unset(ENV{XDG_DATA_HOME})
set(ENV{SDL_AUDIODRIVER} dummy)
unset(ENV{SDL_VIDEODRIVER})
# Under AddressSanitizer: SDL's X11 driver leaks inside libdbus/libX11, not
# ours, and naming those libraries needs the slow unwinder, which deadlocks in
# libgcc when Mesa's llvmpipe JIT registers its frames (malloc inside
# _Unwind_Find_FDE). So this X11 run checks memory errors but not leaks; our
# own code's leaks are checked by app.unit and app.no-mic on the null and
# dummy platforms.
set(ENV{ASAN_OPTIONS} "$ENV{ASAN_OPTIONS}:detect_leaks=0")
# Sign in as Sam, take the first call in the list, read its briefing, pick up,
# answer, hang up.
set(keys "0.3:type=Sam,0.5:enter,0.5:enter,0.8:enter,0.8:space,1.2:type=Hello?,+0.2:enter,3.0:esc")
execute_process(COMMAND ${XVFB_RUN} -a -s "-screen 0 1024x768x24" ${APP} --seed 1 --type-answers
                        --keys "${keys}" --screenshot-dir ${WORK}/default --exit-after-call
                WORKING_DIRECTORY ${SRC} RESULT_VARIABLE rc TIMEOUT 150 ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "callcoach under Xvfb exited ${rc}:\n${err}")
endif()
# Progress (before the settings run, which could leave its settings in the data
# folder): the same call again (now in the history twice), then P on the
# feedback screen; Esc back through the picker and the sign-in screen to quit.
set(keys "0.5:enter,0.5:enter,0.8:space,1.2:type=Hello?,+0.2:enter,3.0:esc,+1:p,+1:esc,+0.5:esc,+0.5:esc")
execute_process(COMMAND ${XVFB_RUN} -a -s "-screen 0 1024x768x24" ${APP} --seed 1 --type-answers
                        --trainee Sam --keys "${keys}" --screenshot-dir ${WORK}/again
                WORKING_DIRECTORY ${SRC} RESULT_VARIABLE rc TIMEOUT 150 ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "callcoach (a second call, then progress) under Xvfb exited ${rc}:\n${err}")
endif()
if(NOT EXISTS ${WORK}/again/progress.png)
  message(FATAL_ERROR "the progress screen was not reached (P on the feedback screen):\n${err}")
endif()
file(RENAME ${WORK}/again/progress.png ${WORK}/default/progress.png)
# The settings: high contrast and larger text, on the sign-in screen.
execute_process(COMMAND ${XVFB_RUN} -a -s "-screen 0 1024x768x24" ${APP} --high-contrast
                        --font-scale 1.25 --keys "0.5:esc" --screenshot-dir ${WORK}/contrast
                WORKING_DIRECTORY ${SRC} RESULT_VARIABLE rc TIMEOUT 150 ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "callcoach --high-contrast under Xvfb exited ${rc}:\n${err}")
endif()
file(RENAME ${WORK}/contrast/signin.png ${WORK}/default/signin-high-contrast.png)

set(failed "")
foreach(name signin picker briefing call feedback progress signin-high-contrast)
  set(actual ${WORK}/default/${name}.png)
  set(expected ${SRC}/tests/screens/${name}.png)
  if(NOT EXISTS ${actual})
    message(FATAL_ERROR "no screenshot of the ${name} screen was saved")
  endif()
  if(DEFINED ENV{CC_UPDATE_GOLDEN})
    file(COPY_FILE ${actual} ${expected})
    continue()
  endif()
  if(NOT EXISTS ${expected})
    message(FATAL_ERROR "no reference ${expected}; run with CC_UPDATE_GOLDEN=1 and look at it")
  endif()
  # The feedback screen draws the call's audio on its timeline, and from run to
  # run the call's events move by a buffer or more of the audio clock (up to 14
  # per mille of the pixels under the sanitizers), so the timeline's band is
  # left out of the comparison; test_feedback checks what it maps.
  set(ignore "")
  if(name STREQUAL "feedback")
    set(ignore "0,138,960,160")
  endif()
  execute_process(COMMAND ${DIFF} ${actual} ${expected} 5 ${WORK}/${name}-diff.png ${ignore}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out)
  message(STATUS "${name}: ${out}")
  if(NOT rc EQUAL 0)
    list(APPEND failed ${name})
  endif()
endforeach()
if(failed)
  message(FATAL_ERROR "screens differ from tests/screens: ${failed} (differences in red in ${WORK}/*-diff.png)")
endif()
