# Runs one libFuzzer binary for a bounded time (ctest fuzz.run.TARGET):
#   cmake -DFUZZER=... -DTARGET=... -DCORPUS=... -DREGRESSIONS=... -DDICT=...
#         -DWORK=... -DSECONDS=... -P run_fuzz.cmake
# The seeds and the regressions are copied into WORK/corpus/TARGET, which
# libFuzzer grows (the source corpus is never written); a crash, leak, timeout
# or out-of-memory input is written to WORK/artifacts/TARGET/ and fails the
# test. Copy a new artifact into tests/fuzz/regressions/TARGET/ once fixed.
foreach(v FUZZER TARGET CORPUS REGRESSIONS DICT WORK SECONDS)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "run_fuzz.cmake: -D${v}=... is missing")
  endif()
endforeach()

set(work ${WORK}/corpus/${TARGET})
set(artifacts ${WORK}/artifacts/${TARGET})
file(MAKE_DIRECTORY ${work} ${artifacts})
file(GLOB seeds ${CORPUS}/* ${REGRESSIONS}/*)
list(FILTER seeds EXCLUDE REGEX "/\\.[^/]*$")
if(seeds)
  file(COPY ${seeds} DESTINATION ${work})
endif()
file(GLOB old ${artifacts}/*)
if(old)
  file(REMOVE ${old})
endif()

execute_process(
  COMMAND ${FUZZER}
    -max_total_time=${SECONDS}
    -timeout=5
    -rss_limit_mb=1024
    -malloc_limit_mb=1024
    -print_final_stats=1
    -dict=${DICT}
    -artifact_prefix=${artifacts}/
    ${work}
  RESULT_VARIABLE rc)

file(GLOB found ${artifacts}/*)
if(NOT rc EQUAL 0 OR found)
  message(FATAL_ERROR "fuzz_${TARGET} found a problem (exit ${rc}): ${found}\n"
    "Reproduce with: ${FUZZER} FILE; keep FILE in tests/fuzz/regressions/${TARGET}/.")
endif()
