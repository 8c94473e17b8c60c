# Tests of the command-line tools, run as a user runs them.
set(GOLDEN ${CMAKE_CURRENT_SOURCE_DIR}/golden.cmake)
set(LINT $<TARGET_FILE:callcoach-lint>)
set(SCORE $<TARGET_FILE:callcoach-score>)
set(SIM $<TARGET_FILE:callcoach>)

# The scenarios the onboarding course added (scenarios/course.yaml).
set(CC_COURSE_SCENARIOS "scenarios/hold-lookup.yaml|scenarios/wrong-number.yaml|scenarios/small-request.yaml|scenarios/follow-up.yaml|scenarios/anonymous-caller.yaml|scenarios/outgoing-call.yaml|scenarios/several-colleagues.yaml|scenarios/dropped-call.yaml")

function(cc_golden name expected cmd)
  add_test(NAME ${name}
           COMMAND ${CMAKE_COMMAND} "-DCMD=${cmd}" -DWORKDIR=${CMAKE_SOURCE_DIR}
                   -DEXPECTED=${expected} ${ARGN} -P ${GOLDEN})
endfunction()

# Golden lint output for every file of the broken-file corpus.
file(GLOB CC_LINT_CASES CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/lint/*.yaml)
foreach(f ${CC_LINT_CASES})
  get_filename_component(name ${f} NAME_WE)
  cc_golden(lint.${name} ${CMAKE_CURRENT_SOURCE_DIR}/lint/${name}.expected
            "${LINT}|--quiet|--standard|scenarios/standard.yaml|tests/lint/${name}.yaml")
endforeach()
# Made at test time in the build folder, not committed.
add_test(NAME lint.over-1mib
         COMMAND ${CMAKE_COMMAND} "-DCMD=${LINT}|--quiet|big.yaml" -DWORKDIR=${CMAKE_CURRENT_BINARY_DIR}
                 -DEXPECTED=${CMAKE_CURRENT_SOURCE_DIR}/lint/over-1mib.expected
                 -DBIG=${CMAKE_CURRENT_BINARY_DIR}/big.yaml -P ${GOLDEN})
cc_golden(lint.missing-file ${CMAKE_CURRENT_SOURCE_DIR}/lint/missing-file.expected
          "${LINT}|tests/lint/ok.yaml|tests/lint/no-such-file.yaml")
cc_golden(lint.usage ${CMAKE_CURRENT_SOURCE_DIR}/golden/lint-usage.expected "${LINT}")
cc_golden(lint.shipped ${CMAKE_CURRENT_SOURCE_DIR}/golden/lint-shipped.expected
          "${LINT}|scenarios/standard.yaml|scenarios/rude-caller.yaml|scenarios/transfer-request.yaml|scenarios/absent-colleague.yaml|scenarios/second-line.yaml|${CC_COURSE_SCENARIOS}|scenarios/course.yaml")

# The score tool's exits and messages.
cc_golden(score.usage ${CMAKE_CURRENT_SOURCE_DIR}/golden/score-usage.expected "${SCORE}|scenarios/rude-caller.yaml")
cc_golden(score.missing ${CMAKE_CURRENT_SOURCE_DIR}/golden/score-missing.expected
          "${SCORE}|scenarios/rude-caller.yaml|tests/fixtures/no-such.take")
cc_golden(score.bad-take ${CMAKE_CURRENT_SOURCE_DIR}/golden/score-bad-take.expected
          "${SCORE}|scenarios/rude-caller.yaml|tests/fixtures/bad.take")
cc_golden(score.wav ${CMAKE_CURRENT_SOURCE_DIR}/golden/score-wav.expected
          "${SCORE}|scenarios/rude-caller.yaml|tests/fixtures/wav.take")
cc_golden(score.bad-scenario ${CMAKE_CURRENT_SOURCE_DIR}/golden/score-bad-scenario.expected
          "${SCORE}|--standard|scenarios/standard.yaml|tests/lint/unknown-rule.yaml|tests/fixtures/bad.take")
cc_golden(score.fixture-text ${CMAKE_CURRENT_SOURCE_DIR}/golden/score-fixture.expected
          "${SCORE}|--seed|3|tests/fixtures/call.yaml|tests/fixtures/fixture.take")
cc_golden(score.fixture-json ${CMAKE_CURRENT_SOURCE_DIR}/golden/score-fixture-json.expected
          "${SCORE}|--json|--seed|3|--trainee|Sam|tests/fixtures/call.yaml|tests/fixtures/fixture.take")

# Scenario tests: the shipped scenarios' own tests hold; a scenario whose
# tests partly fail reports each mismatch at its entry and exits 65.
cc_golden(lint.help ${CMAKE_CURRENT_SOURCE_DIR}/golden/lint-help.expected "${LINT}|--help")
cc_golden(lint.test-shipped ${CMAKE_CURRENT_SOURCE_DIR}/golden/lint-test-shipped.expected
          "${LINT}|--test|scenarios/standard.yaml|scenarios/rude-caller.yaml|scenarios/transfer-request.yaml|scenarios/absent-colleague.yaml|scenarios/second-line.yaml|${CC_COURSE_SCENARIOS}")
cc_golden(lint.test-failing ${CMAKE_CURRENT_SOURCE_DIR}/golden/lint-test-failing.expected
          "${LINT}|--test|--standard|tests/fixtures/standard.yaml|tests/fixtures/tested.yaml")
# One scenario with one test: the result said once, in good English.
cc_golden(lint.test-one ${CMAKE_CURRENT_SOURCE_DIR}/golden/lint-test-one.expected
          "${LINT}|--test|tests/lint/one-test.yaml")
# With no standard beside the file and none named, lint says which it used.
cc_golden(lint.bundled-standard ${CMAKE_CURRENT_SOURCE_DIR}/golden/lint-bundled-standard.expected
          "${CMAKE_COMMAND}|-E|env|CALLCOACH_DATA_DIR=.|${LINT}|tests/lint/rule-not-in-standard.yaml")
cc_golden(lint.test-quiet ${CMAKE_CURRENT_SOURCE_DIR}/golden/lint-test-quiet.expected
          "${LINT}|--test|--quiet|scenarios/rude-caller.yaml|tests/lint/ok.yaml")

# Python from Debian (/usr/bin), where python3-yaml and python3-jsonschema
# install, ahead of any other python3 on the PATH.
find_program(CC_DEBIAN_PYTHON3 python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT CC_DEBIAN_PYTHON3)
  find_program(CC_DEBIAN_PYTHON3 python3)
endif()

# The terminal mode on the wall clock, played as a trainee would: on a
# pseudo-terminal (text.pty.*: the line editor, what the screen shows) and on
# pipes (text.session). Each takes seconds; each wait has a deadline.
foreach(case session interrupt ring still-there goodbye dead-air)
  set(name text.pty.${case})
  if(case STREQUAL "session" OR case STREQUAL "interrupt")
    set(name text.${case})
  endif()
  add_test(NAME ${name}
           COMMAND ${CC_DEBIAN_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/text/drive.py ${SIM} ${case}
                   ${CMAKE_CURRENT_SOURCE_DIR}/text)
  set_tests_properties(${name} PROPERTIES TIMEOUT 60)
endforeach()

# The trainer's guide: its example scenario lints clean and its tests hold,
# and every command shown in docs/authoring.md prints what the guide says.
cc_golden(docs.example ${CMAKE_CURRENT_SOURCE_DIR}/golden/docs-example.expected
          "${LINT}|--test|docs/examples/opening-hours.yaml")
add_test(NAME docs.authoring
         COMMAND ${CC_DEBIAN_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/doc_commands.py
                 ${CMAKE_SOURCE_DIR}/docs/authoring.md ${CMAKE_SOURCE_DIR}
                 $<TARGET_FILE_DIR:callcoach-lint> ${CMAKE_CURRENT_BINARY_DIR}/doc-scratch)

# callcoach-graph: the DOT text of a fixture with every kind of arrow (which
# itself lints clean), its errors, and --svg without Graphviz.
set(GRAPH $<TARGET_FILE:callcoach-graph>)
cc_golden(graph.fixture ${CMAKE_CURRENT_SOURCE_DIR}/golden/graph-fixture.expected
          "${GRAPH}|--standard|tests/fixtures/standard.yaml|tests/fixtures/graph.yaml")
cc_golden(graph.fixture-lint ${CMAKE_CURRENT_SOURCE_DIR}/golden/graph-fixture-lint.expected
          "${LINT}|--standard|tests/fixtures/standard.yaml|tests/fixtures/graph.yaml")
cc_golden(graph.example ${CMAKE_CURRENT_SOURCE_DIR}/golden/graph-example.expected
          "${GRAPH}|docs/examples/opening-hours.yaml")
cc_golden(graph.usage ${CMAKE_CURRENT_SOURCE_DIR}/golden/graph-usage.expected "${GRAPH}")
cc_golden(graph.bad-scenario ${CMAKE_CURRENT_SOURCE_DIR}/golden/graph-bad-scenario.expected
          "${GRAPH}|--standard|scenarios/standard.yaml|tests/lint/unknown-rule.yaml")
cc_golden(graph.no-dot ${CMAKE_CURRENT_SOURCE_DIR}/golden/graph-no-dot.expected
          "${CMAKE_COMMAND}|-E|env|PATH=/nonexistent|${GRAPH}|--svg|build-test-graph.svg|tests/fixtures/graph.yaml|--standard|tests/fixtures/standard.yaml")
# Drawing for real only where Graphviz happens to be installed (it is not a
# dependency: the DOT text above is what is tested).
find_program(CC_DOT dot)
if(CC_DOT)
  add_test(NAME graph.svg
           COMMAND ${CMAKE_COMMAND} -DGRAPH=${GRAPH} -DWORKDIR=${CMAKE_SOURCE_DIR}
                   -DOUT=${CMAKE_CURRENT_BINARY_DIR}/graph-fixture.svg
                   -P ${CMAKE_CURRENT_SOURCE_DIR}/graph_svg.cmake)
endif()

# The JSON Schemas of docs/schema/ accept the shipped files and the examples,
# and refuse files with mistakes the loaders refuse too.
add_test(NAME schema.files
         COMMAND ${CC_DEBIAN_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/schema/check_schemas.py
                 ${CMAKE_SOURCE_DIR})

# callcoach-score --session: sessions recorded through the store at test time (a
# finished call, one stopped mid-call, one stopped and recovered; make_session.c),
# scored again against the standard they were recorded with and against another,
# and the errors of broken session folders (tests/store/sessions/).
if(TARGET callcoach_store)
  add_executable(make_session ${CMAKE_CURRENT_SOURCE_DIR}/store/make_session.c)
  target_link_libraries(make_session PRIVATE callcoach_store)
  set(CC_SESSIONS ${CMAKE_CURRENT_BINARY_DIR}/score-sessions/sessions)
  add_test(NAME score.session-record
           COMMAND make_session ${CMAKE_CURRENT_BINARY_DIR}/score-sessions tests/fixtures/call.yaml
                   tests/fixtures/standard.yaml tests/fixtures/fixture.take Sam 3
           WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  set_tests_properties(score.session-record PROPERTIES FIXTURES_SETUP cc-sessions)
  set(CC_G ${CMAKE_CURRENT_SOURCE_DIR}/golden)
  cc_golden(score.session-own ${CC_G}/score-session-own.expected
            "${SCORE}|--session|${CC_SESSIONS}/20240304-090000-Sam-test-call")
  cc_golden(score.session-other ${CC_G}/score-session-other.expected
            "${SCORE}|--session|${CC_SESSIONS}/20240304-090000-Sam-test-call|--standard|scenarios/standard.yaml")
  cc_golden(score.session-json ${CC_G}/score-session-json.expected
            "${SCORE}|--json|--session|${CC_SESSIONS}/20240304-090000-Sam-test-call/")
  cc_golden(score.session-unfinished ${CC_G}/score-session-unfinished.expected
            "${SCORE}|--session|${CC_SESSIONS}/20240304-090100-Sam-test-call")
  cc_golden(score.session-recovered ${CC_G}/score-session-recovered.expected
            "${SCORE}|--json|--session|${CC_SESSIONS}/20240304-090200-Sam-test-call")
  set_tests_properties(score.session-own score.session-other score.session-json
                       score.session-unfinished score.session-recovered
                       PROPERTIES FIXTURES_REQUIRED cc-sessions)
  set(CC_BROKEN tests/store/sessions)
  foreach(case no-folder no-meta no-take bad-take bad-meta no-scenario)
    cc_golden(score.session-${case} ${CC_G}/score-session-${case}.expected
              "${SCORE}|--session|${CC_BROKEN}/${case}")
  endforeach()
  cc_golden(score.session-usage ${CC_G}/score-session-usage.expected
            "${SCORE}|--session|${CC_BROKEN}/no-take|tests/fixtures/call.yaml")
endif()
