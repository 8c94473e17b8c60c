# valgrind.TEST: each unit test of the pure library (label `unit`) again under
# memcheck; any error or definite leak fails it. Registered when valgrind is
# installed and the build is not instrumented (ASan and valgrind exclude each
# other). Included from tests/fuzz/CMakeLists.txt, after the unit tests exist.
find_program(CC_VALGRIND valgrind)
if(CC_VALGRIND AND NOT CC_SANITIZE AND NOT CC_FUZZ)
  file(GLOB cc_vg_units CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/unit/test_*.c)
  foreach(src ${cc_vg_units})
    get_filename_component(name ${src} NAME_WE)
    if(TARGET ${name})
      add_test(NAME valgrind.${name}
               COMMAND ${CC_VALGRIND} --tool=memcheck --error-exitcode=1 --leak-check=full
                       --errors-for-leak-kinds=definite --show-leak-kinds=definite
                       --track-origins=yes --quiet $<TARGET_FILE:${name}>)
      set_tests_properties(valgrind.${name} PROPERTIES LABELS valgrind TIMEOUT 600)
    endif()
  endforeach()
endif()
