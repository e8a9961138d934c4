# convarith_warnings: the project's warning flags, applied per target (never through CMAKE_CXX_FLAGS).
set(CONVARITH_CXX_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion -Wnon-virtual-dtor)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # GCC 12 reports false -Wrestrict positives inside std::string concatenation (GCC bug 105329).
  list(APPEND CONVARITH_CXX_WARNINGS -Wno-restrict)
endif()
# -DCONVARITH_WERROR=ON (the test command sets it): any warning in the project's own code fails the build. Only the
# targets that link convarith::warnings get it; headers of system packages (ImGui, GLFW, stb, ...) never warn.
option(CONVARITH_WERROR "Treat warnings in the project's own code as errors" OFF)
if(CONVARITH_WERROR)
  list(APPEND CONVARITH_CXX_WARNINGS -Werror)
endif()
add_library(convarith_warnings INTERFACE)
target_compile_options(convarith_warnings INTERFACE "$<$<COMPILE_LANGUAGE:CXX>:${CONVARITH_CXX_WARNINGS}>")
add_library(convarith::warnings ALIAS convarith_warnings)
