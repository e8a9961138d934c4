# convarith_web_site(target): links the browser build's executable as the site in ${CMAKE_BINARY_DIR}/site:
# convarith.js and convarith.wasm (WebGL 2, Emscripten's GLFW, the browser's storage through IDBFS) next to the page
# web/index.html, and convarith.data: the DejaVu Sans fonts the app's UI reads from /usr/share/fonts on the desktop, at
# the same paths. Linked to .js (this Emscripten's own HTML shell step fails): the page is ours.
set(CONVARITH_BOLD_FONT /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf CACHE FILEPATH
  "The bold font the app's headings use (fonts-dejavu-core)")

function(convarith_web_site target)
  set(site ${CMAKE_BINARY_DIR}/site)
  target_sources(${target} PRIVATE ${PROJECT_SOURCE_DIR}/app/platform/page.cpp)
  set_target_properties(${target} PROPERTIES SUFFIX ".js" RUNTIME_OUTPUT_DIRECTORY ${site})
  target_link_options(${target} PRIVATE
    -sUSE_GLFW=3 -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2
    -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=64MB
    -sEXPORTED_RUNTIME_METHODS=[FS,IDBFS,callMain] -sFORCE_FILESYSTEM=1 -lidbfs.js
    --pre-js ${PROJECT_SOURCE_DIR}/web/pre.js)
  foreach(font ${CONVARITH_FONT} ${CONVARITH_BOLD_FONT})
    target_link_options(${target} PRIVATE "SHELL:--preload-file ${font}@${font}")
  endforeach()
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS ${PROJECT_SOURCE_DIR}/web/pre.js
    ${PROJECT_SOURCE_DIR}/web/index.html)
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND ${CMAKE_COMMAND} -E copy_if_different ${PROJECT_SOURCE_DIR}/web/index.html ${site}/index.html
    VERBATIM)
endfunction()
