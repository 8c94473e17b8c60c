# Tests of the command-line tools, run as a user runs them.
set(GOLDEN ${CMAKE_CURRENT_SOURCE_DIR}/golden.cmake)
set(LINT $<TARGET_FILE:callcoach-lint>)
set(SCORE $<TARGET_FILE:callcoach-score>)
set(SIM $<TARGET_FILE:callcoach>)

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
cc_golden(lint.over-1mib ${CMAKE_CURRENT_SOURCE_DIR}/lint/over-1mib.expected
          "${LINT}|--quiet|build-test-big.yaml" -DBIG=${CMAKE_SOURCE_DIR}/build-test-big.yaml)
cc_golden(lint.missing-file ${CMAKE_CURRENT_SOURCE_DIR}/lint/missing-file.expected
          "${LINT}|tests/lint/ok.yaml|tests/lint/no-such-file.yaml")
cc_golden(lint.usage ${CMAKE_CURRENT_SOURCE_DIR}/golden/lint-usage.expected "${LINT}")
cc_golden(lint.shipped ${CMAKE_CURRENT_SOURCE_DIR}/golden/lint-shipped.expected
          "${LINT}|scenarios/standard.yaml|scenarios/rude-caller.yaml|scenarios/transfer-request.yaml|scenarios/absent-colleague.yaml|scenarios/second-line.yaml")

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

# The terminal mode, answered from a file as a trainee would type.
cc_golden(text.session ${CMAKE_CURRENT_SOURCE_DIR}/golden/text-session.expected
          "${CMAKE_COMMAND}|-DPROG=${SIM}|-P|${CMAKE_CURRENT_SOURCE_DIR}/text_session.cmake")
