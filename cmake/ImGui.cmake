# Dear ImGui from Debian's libimgui-dev, with its GLFW and OpenGL3 backends compiled from the package's sources.
pkg_check_modules(IMGUI REQUIRED IMPORTED_TARGET imgui)
pkg_check_modules(GLFW REQUIRED IMPORTED_TARGET glfw3)
find_package(OpenGL REQUIRED)
set(IMGUI_BACKENDS_DIR /usr/share/doc/libimgui-dev/examples/backends CACHE PATH "Dear ImGui backend sources")
foreach(f imgui_impl_glfw.cpp imgui_impl_opengl3.cpp)
  if(NOT EXISTS ${IMGUI_BACKENDS_DIR}/${f})
    message(FATAL_ERROR "Missing ${IMGUI_BACKENDS_DIR}/${f}: install libimgui-dev (scripts/setup.sh)")
  endif()
endforeach()
# The OpenGL3 backend carries its own loader (imgui_impl_opengl3_loader.h): glad stays out of this target.
add_library(convarith_imgui_backends STATIC
  ${IMGUI_BACKENDS_DIR}/imgui_impl_glfw.cpp
  ${IMGUI_BACKENDS_DIR}/imgui_impl_opengl3.cpp)
target_include_directories(convarith_imgui_backends SYSTEM PUBLIC /usr/include/imgui/backends)
target_link_libraries(convarith_imgui_backends PUBLIC PkgConfig::IMGUI PkgConfig::GLFW OpenGL::GL ${CMAKE_DL_LIBS})
add_library(convarith::imgui ALIAS convarith_imgui_backends)
