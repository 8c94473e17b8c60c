# Plays the terminal mode with typed input from a file, as a trainee would.
# The call is recorded (app/recording.h): into a data folder of the test's own.
get_filename_component(bindir ${PROG} DIRECTORY)
file(REMOVE_RECURSE ${bindir}/text-session-data)
set(ENV{CALLCOACH_HOME} ${bindir}/text-session-data)
execute_process(COMMAND ${PROG} --text --seed 3 --trainee Alex tests/fixtures/call.yaml
                INPUT_FILE tests/fixtures/typed.txt RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "callcoach exited ${rc}")
endif()
