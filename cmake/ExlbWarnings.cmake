# exlb_set_warnings(<target>): the project's warning level, as errors when
# EXLB_WERROR is on (the test script turns it on, so CI treats warnings as
# errors). Generated code (protobuf, moc) is built without these flags.
function(exlb_set_warnings target)
  if(MSVC)
    target_compile_options(${target} PRIVATE /W4 $<$<BOOL:${EXLB_WERROR}>:/WX>)
  else()
    target_compile_options(${target} PRIVATE
      -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
      -Wcast-align -Woverloaded-virtual -Wformat=2
      $<$<BOOL:${EXLB_WERROR}>:-Werror>)
  endif()
endfunction()
