# Generates the OpenGL 3.3 core loader with Debian's python3-glad at configure time (offline: --reproducible).
find_program(GLAD_EXECUTABLE glad REQUIRED)
set(GLAD_OUT ${CMAKE_BINARY_DIR}/glad)
if(NOT EXISTS ${GLAD_OUT}/src/gl.c)
  execute_process(
    COMMAND ${GLAD_EXECUTABLE} --api gl:core=3.3 --out-path ${GLAD_OUT} --reproducible --quiet c
    RESULT_VARIABLE glad_result OUTPUT_QUIET ERROR_VARIABLE glad_error)
  if(NOT glad_result EQUAL 0 OR NOT EXISTS ${GLAD_OUT}/src/gl.c)
    message(FATAL_ERROR "glad failed to generate the OpenGL loader: ${glad_error}")
  endif()
endif()
add_library(convarith_glad STATIC ${GLAD_OUT}/src/gl.c)
target_include_directories(convarith_glad SYSTEM PUBLIC ${GLAD_OUT}/include)
target_link_libraries(convarith_glad PUBLIC ${CMAKE_DL_LIBS})
add_library(convarith::glad ALIAS convarith_glad)
