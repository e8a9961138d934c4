// convarith's main(): the command line decides between a headless subcommand and the app.
#include "convarith/cli/cli.hpp"
#include "run.hpp"

int main(int argc, char** argv) { return convarith::cli::Main(argc, argv, convarith::app::RunApp); }
