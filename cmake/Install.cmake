# `cmake --install`: the program, its desktop entry, icons (SVG and PNG sizes rendered at build time), man page and
# bash completion, in the GNU places under the prefix (default /usr/local; the Debian package uses /usr).
include(GNUInstallDirs)

install(TARGETS convarith RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# The desktop menu finds the entry in share/applications and its icon, by name, in the hicolor theme.
install(FILES ${PROJECT_SOURCE_DIR}/assets/convarith.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)

set(CONVARITH_ICON_SVG ${PROJECT_SOURCE_DIR}/assets/icons/convarith.svg)
set(CONVARITH_ICON_SVG_16 ${PROJECT_SOURCE_DIR}/assets/icons/convarith-16.svg)  # drawn on the 16 px grid
set(CONVARITH_ICON_SIZES 16 32 48 64 128 256)
install(FILES ${CONVARITH_ICON_SVG} DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)

find_program(RSVG_CONVERT rsvg-convert)
if(NOT RSVG_CONVERT)
  message(FATAL_ERROR "Missing rsvg-convert, which renders the icon's PNG sizes: install librsvg2-bin (scripts/setup.sh)")
endif()
set(icon_pngs)
foreach(size IN LISTS CONVARITH_ICON_SIZES)
  set(svg ${CONVARITH_ICON_SVG})
  if(size EQUAL 16)
    set(svg ${CONVARITH_ICON_SVG_16})
  endif()
  set(dir ${PROJECT_BINARY_DIR}/icons/${size}x${size})
  add_custom_command(OUTPUT ${dir}/convarith.png
    COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
    COMMAND ${RSVG_CONVERT} -w ${size} -h ${size} -o ${dir}/convarith.png ${svg}
    DEPENDS ${svg}
    COMMENT "Rendering the ${size}x${size} icon"
    VERBATIM)
  list(APPEND icon_pngs ${dir}/convarith.png)
  install(FILES ${dir}/convarith.png DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps)
endforeach()
add_custom_target(convarith_icons ALL DEPENDS ${icon_pngs})

# The man page: the version filled in, gzipped (as Debian's policy and man-db expect).
find_program(GZIP gzip REQUIRED)
configure_file(${PROJECT_SOURCE_DIR}/man/convarith.1.in ${PROJECT_BINARY_DIR}/man/convarith.1 @ONLY)
add_custom_command(OUTPUT ${PROJECT_BINARY_DIR}/man/convarith.1.gz
  COMMAND ${GZIP} -9 -n -k -f ${PROJECT_BINARY_DIR}/man/convarith.1
  DEPENDS ${PROJECT_BINARY_DIR}/man/convarith.1
  COMMENT "Compressing the man page"
  VERBATIM)
add_custom_target(convarith_man ALL DEPENDS ${PROJECT_BINARY_DIR}/man/convarith.1.gz)
install(FILES ${PROJECT_BINARY_DIR}/man/convarith.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# Bash completion, loaded on demand by bash-completion: where its pkg-config file says (taken relative to the
# install prefix), else the standard share/bash-completion/completions.
set(CONVARITH_BASH_COMPLETION_DIR "" CACHE STRING
  "Directory for the bash completion (relative: under the install prefix); empty: bash-completion's completionsdir")
set(bash_completion_dir ${CONVARITH_BASH_COMPLETION_DIR})
if(NOT bash_completion_dir)
  set(bash_completion_dir ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
  pkg_get_variable(bash_completion_pc_dir bash-completion completionsdir)
  pkg_get_variable(bash_completion_pc_prefix bash-completion prefix)
  if(bash_completion_pc_dir AND bash_completion_pc_prefix)
    string(LENGTH "${bash_completion_pc_prefix}/" prefix_length)
    string(SUBSTRING "${bash_completion_pc_dir}" 0 ${prefix_length} head)
    if(head STREQUAL "${bash_completion_pc_prefix}/")
      string(SUBSTRING "${bash_completion_pc_dir}" ${prefix_length} -1 bash_completion_dir)
    endif()
  endif()
endif()
install(FILES ${PROJECT_SOURCE_DIR}/completions/convarith.bash DESTINATION ${bash_completion_dir} RENAME convarith)
message(STATUS "convarith: bash completion goes to ${bash_completion_dir}")
