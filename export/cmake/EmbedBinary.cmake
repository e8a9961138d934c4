# Script mode (cmake -DINPUT=file -DOUTPUT=file.cpp -DSYMBOL=name -P EmbedBinary.cmake): writes a C++ source holding
# the file's bytes as `extern const unsigned char SYMBOL[]` and `extern const unsigned long SYMBOL_size`, so the
# binary carries the file and needs no path to it at run time.
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" digits)
math(EXPR bytes "${digits} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
# 16 bytes a line keeps the generated file readable and the compiler's line buffer small.
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" body "${body}")
get_filename_component(name "${INPUT}" NAME)
file(WRITE "${OUTPUT}.tmp"
  "// Generated from ${name} by export/cmake/EmbedBinary.cmake at build time: do not edit, do not commit.\n"
  "extern const unsigned char ${SYMBOL}[];\n"
  "extern const unsigned long ${SYMBOL}_size;\n"
  "const unsigned char ${SYMBOL}[] = {\n${body}};\n"
  "const unsigned long ${SYMBOL}_size = ${bytes};\n")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
