# Draws the graph fixture as SVG with Graphviz (only run where `dot` exists).
#   -DGRAPH=prog -DWORKDIR=dir -DOUT=file.svg
file(REMOVE ${OUT})
execute_process(COMMAND ${GRAPH} --svg ${OUT} --standard tests/fixtures/standard.yaml
                        tests/fixtures/graph.yaml
                WORKING_DIRECTORY ${WORKDIR} RESULT_VARIABLE rc
                OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "callcoach-graph --svg exited ${rc}: ${out}${err}")
endif()
if(NOT out STREQUAL "")
  message(FATAL_ERROR "callcoach-graph --svg printed to stdout: ${out}")
endif()
file(READ ${OUT} svg)
foreach(want "<svg" "open" "grumpy" "after 1 s: line 2 rings" "4. fallback")
  string(FIND "${svg}" "${want}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${OUT} does not contain '${want}'")
  endif()
endforeach()
