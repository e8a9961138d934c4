# CONVARITH_SANITIZE=ON builds everything with AddressSanitizer and UndefinedBehaviorSanitizer.
option(CONVARITH_SANITIZE "Build with ASan and UBSan" OFF)
add_library(convarith_sanitizers INTERFACE)
if(CONVARITH_SANITIZE)
  target_compile_options(convarith_sanitizers INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(convarith_sanitizers INTERFACE -fsanitize=address,undefined)
endif()
add_library(convarith::sanitizers ALIAS convarith_sanitizers)
