# convarith_warnings: the project's warning flags, applied per target (never through CMAKE_CXX_FLAGS).
add_library(convarith_warnings INTERFACE)
target_compile_options(convarith_warnings INTERFACE
  $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion -Wnon-virtual-dtor>)
add_library(convarith::warnings ALIAS convarith_warnings)
