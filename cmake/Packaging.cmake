# `cpack -G DEB` (or plain `cpack`): a Debian package of what `cmake --install` installs, under /usr.
# The shared-library dependencies come from dpkg-shlibdeps (dpkg-dev); what the program opens at run time without
# linking it (the DejaVu font of the app) is declared here.
set(CONVARITH_PACKAGE_MAINTAINER "convarith maintainers <maintainers@users.noreply.r-seed-6981f845.example>" CACHE STRING
  "Maintainer field of the Debian package")

set(CPACK_PACKAGE_NAME convarith)
set(CPACK_PACKAGE_VENDOR convarith)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT ${CONVARITH_PACKAGE_MAINTAINER})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "visualizer of convolution arithmetic for deep learning")
set(CPACK_PACKAGE_INSTALL_DIRECTORY convarith)
set(CPACK_GENERATOR DEB)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_CHECKSUM SHA256)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # convarith_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_MAINTAINER ${CONVARITH_PACKAGE_MAINTAINER})
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS fonts-dejavu-core)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# The synopsis is CPACK_PACKAGE_DESCRIPTION_SUMMARY; this is the extended description (CPack indents it).
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "convarith shows the figures of the guide to convolution arithmetic for deep
learning by Dumoulin and Visin (2016) with real numbers: pick a figure of the
paper or set the input size, kernel size, stride, padding, dilation and output
padding, and watch the kernel slide over the padded (or, for transposed
convolution, zero-stretched) input while the output fills in. Shapes and
values follow PyTorch: convolution, transposed convolution, max and average
pooling.
.
Besides the desktop app, headless subcommands print the output size and the
paper's relationship (shape), compute real outputs with the convolution
matrix and every sum written out (compute), and export the animations as GIF,
PNG or SVG frames (export).")

include(CPack)
