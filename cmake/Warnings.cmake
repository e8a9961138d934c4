# convarith_warnings: the project's warning flags, applied per target (never through CMAKE_CXX_FLAGS).
set(CONVARITH_CXX_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion -Wnon-virtual-dtor)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # GCC 12 reports false -Wrestrict positives inside std::string concatenation (GCC bug 105329).
  list(APPEND CONVARITH_CXX_WARNINGS -Wno-restrict)
endif()
add_library(convarith_warnings INTERFACE)
target_compile_options(convarith_warnings INTERFACE "$<$<COMPILE_LANGUAGE:CXX>:${CONVARITH_CXX_WARNINGS}>")
add_library(convarith::warnings ALIAS convarith_warnings)
