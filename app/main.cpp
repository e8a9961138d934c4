// convarith's main(): the command line decides between a headless subcommand and the app.
#include <cstdio>

#include "convarith/cli/cli.hpp"

int main(int argc, char** argv) {
  return convarith::cli::Main(argc, argv, [](const convarith::cli::AppArgs&) {
    std::fprintf(stderr, "convarith: the app is not built yet\n");
    return 1;
  });
}
