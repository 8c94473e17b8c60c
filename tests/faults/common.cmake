# Helpers shared by the fault tests (tests/faults/*.cmake): they run the real
# callcoach and look at what it printed and left behind.

# The answers every fault test types into tests/fixtures/call.yaml, as keys on
# the call clock (the timings of tests/app/no_mic.cmake), up to the second
# answer; each test adds what comes after.
set(FT_ANSWERS "0.5:space,1.0:type=\"Good morning, Northwind Travel, Sam speaking.\",+0.2:enter,4.5:type=I can put you through to billing now.,+0.2:enter")
set(FT_APP_ARGS --scenario tests/fixtures/call.yaml --trainee Sam --mode practice --seed 3 --no-briefing)

find_program(FT_PYTHON NAMES python3 REQUIRED)

# ft_error_line(STDERR REGEX): the program must have said, on one line of its
# stderr, something matching REGEX, in the house style "callcoach: what
# failed: why; what to do".
function(ft_error_line err regex)
  # Messages hold ';', CMake's list separator: kept aside while splitting lines.
  string(REPLACE ";" "<semicolon>" lines "${err}")
  string(REPLACE "\n" ";" lines "${lines}")
  foreach(l IN LISTS lines)
    string(REPLACE "<semicolon>" ";" l "${l}")
    if(l MATCHES "${regex}")
      if(NOT l MATCHES "^callcoach: [^:]+: .+; .+")
        message(FATAL_ERROR "this message is not in the style \"callcoach: what failed: why; what to do\":\n${l}")
      endif()
      return()
    endif()
  endforeach()
  message(FATAL_ERROR "callcoach did not say /${regex}/ on stderr; it said:\n${err}")
endfunction()

# ft_one_session(DATA OUT): DATA/sessions holds exactly one session folder; OUT = its path.
function(ft_one_session data out)
  file(GLOB found LIST_DIRECTORIES true ${data}/sessions/*)
  list(LENGTH found n)
  if(NOT n EQUAL 1)
    message(FATAL_ERROR "expected one session folder in ${data}/sessions, found ${n}: ${found}")
  endif()
  set(${out} ${found} PARENT_SCOPE)
endfunction()

# ft_complete_session(DIR): a finished session folder with all its files.
function(ft_complete_session dir)
  foreach(f meta.json events.take transcript.txt result.json ${ARGN})
    if(NOT EXISTS ${dir}/${f})
      file(GLOB have RELATIVE ${dir} ${dir}/*)
      message(FATAL_ERROR "the session ${dir} has no ${f}; it has: ${have}")
    endif()
  endforeach()
  if(EXISTS ${dir}/events.take.partial)
    message(FATAL_ERROR "the session ${dir} still has events.take.partial: it was not finished")
  endif()
endfunction()

# ft_wav_seconds(FILE OUT): the length of a WAV file, read by Python's wave module.
function(ft_wav_seconds file out)
  execute_process(COMMAND ${FT_PYTHON} -c
                          "import sys, wave\nw = wave.open(sys.argv[1])\nprint(w.getnframes() / w.getframerate())"
                          ${file}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE secs ERROR_VARIABLE err OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${file} is not a readable WAV file: ${err}")
  endif()
  set(${out} ${secs} PARENT_SCOPE)
endfunction()

# ft_sql(DB SQL OUT): one query through Python's sqlite3 (not our code); rows
# as lines, columns separated by |.
function(ft_sql db sql out)
  execute_process(COMMAND ${FT_PYTHON} -c
                          "import sqlite3, sys\nc = sqlite3.connect('file:' + sys.argv[1] + '?mode=ro', uri=True)\nfor r in c.execute(sys.argv[2]): print('|'.join(str(x) for x in r))"
                          ${db} "${sql}"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE rows ERROR_VARIABLE err OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cannot query ${db} (${sql}): ${err}")
  endif()
  set(${out} "${rows}" PARENT_SCOPE)
endfunction()

# ft_same_result(A B WHAT): two scored calls (callcoach-score --json objects)
# with the same score, pass/fail and verdict for every rule.
function(ft_same_result a b what)
  foreach(k score passed)
    string(JSON va GET "${a}" ${k})
    string(JSON vb GET "${b}" ${k})
    if(NOT va STREQUAL vb)
      message(FATAL_ERROR "${what}: ${k} ${va} against ${vb}")
    endif()
  endforeach()
  string(JSON n LENGTH "${a}" rules)
  string(JSON nb LENGTH "${b}" rules)
  if(NOT n EQUAL nb OR n EQUAL 0)
    message(FATAL_ERROR "${what}: ${n} rules against ${nb}")
  endif()
  math(EXPR last "${n} - 1")
  foreach(i RANGE ${last})
    string(JSON id GET "${a}" rules ${i} id)
    string(JSON va GET "${a}" rules ${i} verdict)
    string(JSON vb GET "${b}" rules ${i} verdict)
    if(NOT va STREQUAL vb)
      message(FATAL_ERROR "${what}: rule ${id} is ${va} against ${vb}")
    endif()
  endforeach()
endfunction()

# ft_replays(SCORE DIR RESULT_JSON WHAT): the session folder's events.take,
# replayed by callcoach-score --session, gives the same result.
function(ft_replays score dir result what)
  execute_process(COMMAND ${score} --session ${dir} --json WORKING_DIRECTORY ${SRC}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE replay ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "callcoach-score --session ${dir} exited ${rc}: ${err}")
  endif()
  string(JSON state GET "${replay}" session state)
  string(JSON complete GET "${replay}" session complete)
  if(NOT state STREQUAL "finished" OR NOT complete)
    message(FATAL_ERROR "${dir} replays as state ${state}, complete ${complete}")
  endif()
  ft_same_result("${replay}" "${result}" "${what}")
endfunction()

# ft_history_row(DB SESSION_FOLDER SCORE): the history holds that session, once,
# with that score and a verdict for every rule.
function(ft_history_row db folder score)
  get_filename_component(name ${folder} NAME)
  ft_sql(${db} "SELECT s.score, count(v.rule_id) FROM sessions s LEFT JOIN verdicts v ON v.session_id = s.id WHERE s.folder = '${name}' GROUP BY s.id" row)
  if(NOT row MATCHES "^${score}\\|[1-9][0-9]*$")
    message(FATAL_ERROR "the history ${db} has no row for ${name} with score ${score} and its verdicts: '${row}'")
  endif()
endfunction()
