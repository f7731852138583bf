# exlb_add_test(NAME <tst_name> SOURCES <files...> LIBS <targets...> LABELS <labels...>
#               [TIMEOUT <seconds>])
# One GoogleTest executable per test file, registered with CTest under its
# labels. Tests run from the build folder; test data is found through the
# EXLB_SOURCE_DIR / EXLB_BINARY_DIR compile definitions.
function(exlb_add_test)
  cmake_parse_arguments(T "" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE ${T_LIBS} GTest::gtest GTest::gtest_main)
  target_compile_definitions(${T_NAME} PRIVATE
    EXLB_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    EXLB_BINARY_DIR="${PROJECT_BINARY_DIR}")
  # tests/support holds helpers shared by several test files (golden_file.h).
  target_include_directories(${T_NAME} PRIVATE "${PROJECT_SOURCE_DIR}/tests/support")
  exlb_set_warnings(${T_NAME})
  add_test(NAME ${T_NAME} COMMAND ${T_NAME})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 300)
  endif()
  set_tests_properties(${T_NAME} PROPERTIES LABELS "${T_LABELS}" TIMEOUT ${T_TIMEOUT})
endfunction()

# exlb_add_script_test(NAME <name> COMMAND <argv...> LABELS <labels...> [TIMEOUT <s>])
# An integration test driven by a script (Python 3 from Debian, stdlib only).
function(exlb_add_script_test)
  cmake_parse_arguments(T "" "NAME;TIMEOUT" "COMMAND;LABELS" ${ARGN})
  add_test(NAME ${T_NAME} COMMAND ${T_COMMAND})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 600)
  endif()
  set_tests_properties(${T_NAME} PROPERTIES LABELS "${T_LABELS}" TIMEOUT ${T_TIMEOUT}
    ENVIRONMENT "EXLB_SOURCE_DIR=${PROJECT_SOURCE_DIR};EXLB_BINARY_DIR=${PROJECT_BINARY_DIR}")
endfunction()
