// A seeded random fuzz driver for every parser that reads user input (the command line, JSON tensors, PyTorch/Keras
// code, the --layers spec, the app's settings JSON) and a replay of the regression corpus (tests/corpus). A target
// passes when no input crashes it, trips a sanitizer, hangs it, or escapes as anything but the parser's own one-line
// error. Usage:
//   fuzz_parsers TARGET --seconds S [--seed N]    TARGET: cmdline, json, code, layers, settings
//   fuzz_parsers replay CORPUS_DIR
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "convarith/base/json_numbers.hpp"
#include "convarith/base/read_file.hpp"
#include "convarith/cli/cli.hpp"
#include "convarith/network/code_io.hpp"
#include "convarith/network/network.hpp"
#include "fuzz_inputs.hpp"

namespace fs = std::filesystem;
using namespace convarith;

namespace {

// Where the driver reports (the real stderr; the parsers' own messages go to /dev/null).
std::FILE* g_report = stderr;

// A failure: the input that caused it is printed and the run fails.
struct Failure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string Scratch(const std::string& name) {
  return (fs::temp_directory_path() / ("convarith_fuzz_" + std::to_string(::getpid()) + "_" + name)).string();
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

// ---- one input through each parser: the expected refusals are caught, anything else is a failure ----

void RunJson(const std::string& bytes) {
  const std::string path = Scratch("input.json");
  WriteFile(path, bytes);
  try {
    const NestedNumbers n = ReadNestedNumbers(path, {{"--input", 1 << 20, true}, 1 << 16, 6});
    long long product = 1;
    for (int s : n.shape) product *= s;
    if (product != static_cast<long long>(n.values.size())) throw Failure("shape and value count disagree");
  } catch (const ReadError& e) {
    if (std::strchr(e.what(), '\n') != nullptr) throw Failure(std::string("two-line message: ") + e.what());
  }
}

void RunCode(const std::string& code) {
  for (const bool keras : {false, true}) {
    try {
      const Network n = keras ? ReadKeras(code) : ReadPyTorch(code);
      try {
        Propagate(n);
      } catch (const NetworkError&) {
      }
    } catch (const NetworkError& e) {
      if (std::strchr(e.what(), '\n') != nullptr) throw Failure(std::string("two-line message: ") + e.what());
    }
  }
}

void RunLayers(const std::string& spec) {
  for (int rank = 1; rank <= 3; ++rank) {
    try {
      Network n = ParseLayerSpec(spec, rank);
      for (int a = 3 - rank; a < 3; ++a) n.input[static_cast<size_t>(a)] = 17;
      Propagate(n);
    } catch (const NetworkError&) {
    }
  }
}

// The settings file as the app reads it: through the bounded reader, parsed without exceptions, every field read
// with a type check (app/settings.cpp's Read()); the fields below are the ones that file holds.
void RunSettings(const std::string& bytes) {
  const std::string path = Scratch("settings.json");
  WriteFile(path, bytes);
  std::string text;
  try {
    text = ReadFileBounded(path, {"settings", size_t{8} << 20, true});
  } catch (const ReadError&) {
    return;
  }
  const nlohmann::json root = nlohmann::json::parse(text, nullptr, false);
  if (root.is_discarded() || !root.is_object()) return;
  if (const auto it = root.find("network"); it != root.end() && it->is_object()) {
    const auto layers = it->find("layers");
    const auto rank = it->find("rank");
    if (layers != it->end() && layers->is_string() && rank != it->end() && rank->is_number_integer()) {
      const int r = rank->get<int>();
      if (r >= 1 && r <= 3) {
        try {
          ParseLayerSpec(layers->get<std::string>(), r);
        } catch (const NetworkError&) {
        }
      }
    }
  }
}

// The command line in process (cli::Main), stdout and stderr sent to /dev/null; the exit code must be 0, 1 or 2.
int RunCommandLine(const std::vector<std::string>& args) {
  std::vector<std::string> owned = {"convarith"};
  owned.insert(owned.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : owned) argv.push_back(a.data());
  argv.push_back(nullptr);
  const int code = cli::Main(static_cast<int>(owned.size()), argv.data(), [](const cli::AppArgs&) { return 0; });
  std::clearerr(stdout);
  if (code < 0 || code > 2) throw Failure("exit code " + std::to_string(code));
  return code;
}

// ---- the loop ----

struct Stats {
  long long runs = 0;
};

int Fuzz(const std::string& target, double seconds, uint64_t seed) {
  std::mt19937_64 rng(seed);
  fuzz::Inputs inputs(rng);
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  Stats stats;
  std::string last;
  try {
    while (std::chrono::steady_clock::now() < end) {
      if (target == "json") {
        RunJson(last = inputs.Json());
      } else if (target == "code") {
        RunCode(last = inputs.Code());
      } else if (target == "layers") {
        RunLayers(last = inputs.Layers());
      } else if (target == "settings") {
        RunSettings(last = inputs.Settings());
      } else if (target == "cmdline") {
        const std::vector<std::string> args = inputs.CommandLine();
        last.clear();
        for (const std::string& a : args) last += "[" + a + "] ";
        RunCommandLine(args);
      } else {
        std::fprintf(g_report, "unknown target %s\n", target.c_str());
        return 2;
      }
      ++stats.runs;
    }
  } catch (const std::exception& e) {
    std::fprintf(g_report, "fuzz %s (seed %llu): FAILED after %lld runs: %s\ninput (%zu bytes): %.2000s\n", target.c_str(),
                 static_cast<unsigned long long>(seed), stats.runs, e.what(), last.size(), last.c_str());
    return 1;
  }
  std::fprintf(g_report, "fuzz %s (seed %llu): %lld inputs in %.1f s, 0 failures\n", target.c_str(),
               static_cast<unsigned long long>(seed), stats.runs, seconds);
  return 0;
}

// A corpus file, through the program's own bounded reader.
std::string ReadWhole(const fs::path& p) {
  return convarith::ReadFileBounded(p.string(), convarith::ReadLimits{"corpus file", size_t{64} << 20});
}

// A cmdline corpus file: "expect N" on its first line, then one argument per line ("@FIFO" is replaced by a FIFO with
// no writer, "@TMP" by a scratch directory).
int ReplayCommandLine(const fs::path& file) {
  std::istringstream lines(ReadWhole(file));
  std::string first;
  std::getline(lines, first);
  const int expect = std::stoi(first.substr(first.find(' ') + 1));
  std::vector<std::string> args;
  const std::string fifo = Scratch("fifo");
  for (std::string line; std::getline(lines, line);) {
    if (line == "@FIFO") {
      ::unlink(fifo.c_str());
      ::mkfifo(fifo.c_str(), 0600);
      line = fifo;
    } else if (line == "@TMP") {
      line = fs::temp_directory_path().string();
    } else {
      for (size_t at; (at = line.find("@CORPUS")) != std::string::npos;) {
        line.replace(at, 7, file.parent_path().parent_path().string());
      }
      for (size_t at; (at = line.find("\\n")) != std::string::npos;) line.replace(at, 2, "\n");
    }
    args.push_back(line);
  }
  const int code = RunCommandLine(args);
  ::unlink(fifo.c_str());
  if (code != expect) throw Failure("exit code " + std::to_string(code) + ", expected " + std::to_string(expect));
  return code;
}

int Replay(const fs::path& dir) {
  int cases = 0;
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& f : files) {
    const std::string kind = f.parent_path().filename().string();
    try {
      if (kind == "json") RunJson(ReadWhole(f));
      else if (kind == "code") RunCode(ReadWhole(f));
      else if (kind == "layers") RunLayers(ReadWhole(f));
      else if (kind == "settings") RunSettings(ReadWhole(f));
      else if (kind == "cmdline") ReplayCommandLine(f);
      else continue;
    } catch (const std::exception& e) {
      std::fprintf(g_report, "corpus %s: FAILED: %s\n", f.string().c_str(), e.what());
      return 1;
    }
    ++cases;
  }
  std::fprintf(g_report, "corpus %s: %d cases, 0 failures\n", dir.string().c_str(), cases);
  return cases > 0 ? 0 : 1;
}

// The driver's own reports go to the real stderr; the parsers' messages to /dev/null.
void SilenceStdoutAndStderr() {
  const int null = ::open("/dev/null", O_WRONLY);
  ::dup2(null, STDOUT_FILENO);
  ::dup2(null, STDERR_FILENO);
  ::close(null);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: fuzz_parsers TARGET --seconds S [--seed N] | fuzz_parsers replay DIR\n");
    return 2;
  }
  const std::string target = argv[1];
  double seconds = 3;
  uint64_t seed = 1;
  for (int n = 2; n + 1 < argc; n += 2) {
    if (std::strcmp(argv[n], "--seconds") == 0) seconds = std::stod(argv[n + 1]);
    if (std::strcmp(argv[n], "--seed") == 0) seed = std::stoull(argv[n + 1]);
  }
  g_report = ::fdopen(::dup(STDERR_FILENO), "w");
  std::setvbuf(g_report, nullptr, _IONBF, 0);
  SilenceStdoutAndStderr();
  return target == "replay" ? Replay(argv[2]) : Fuzz(target, seconds, seed);
}
