# Plays the terminal mode with typed input from a file, as a trainee would.
execute_process(COMMAND ${PROG} --text --seed 3 --trainee Alex tests/fixtures/call.yaml
                INPUT_FILE tests/fixtures/typed.txt RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "callcoach exited ${rc}")
endif()
