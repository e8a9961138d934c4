// The app's settings reader fuzzed as the app runs it: app/settings.cpp's LoadSettings on a fresh App for each random
// settings file (no window is opened), then SaveSettings and LoadSettings again, which must read back without a note.
// Usage: fuzz_settings --seconds S [--seed N] | fuzz_settings replay DIR (the files of DIR)
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <string>

#include "app.hpp"
#include "fuzz_inputs.hpp"
#include "settings.hpp"

namespace fs = std::filesystem;

namespace {

std::string Scratch(const std::string& name) {
  return (fs::temp_directory_path() / ("convarith_fuzz_settings_" + std::to_string(::getpid()) + "_" + name)).string();
}

// One settings file through the app's reader; a failure throws with what went wrong.
void RunOne(const std::string& bytes) {
  const std::string path = Scratch("settings.json");
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  auto app = std::make_unique<convarith::app::App>();
  convarith::app::StoredWindow window;
  const std::string note = convarith::app::LoadSettings(path, *app, window);
  if (note.find('\n') != std::string::npos) throw std::runtime_error("two-line note: " + note);
  // What was read is saved and must read back cleanly.
  const std::string saved = Scratch("saved.json");
  const std::string error = convarith::app::SaveSettings(saved, *app, window);
  if (!error.empty()) throw std::runtime_error("save failed: " + error);
  auto again = std::make_unique<convarith::app::App>();
  convarith::app::StoredWindow window_again;
  const std::string second = convarith::app::LoadSettings(saved, *again, window_again);
  if (!second.empty()) throw std::runtime_error("saved settings did not read back: " + second);
}

std::string ReadWhole(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The audit's hostile settings files: a link to /dev/zero (read to 1.39 GB before), a FIFO with no writer (hung), a
// directory, a file above the limit. Each must give one "ignoring ..." note at once and leave the defaults.
int Hostile() {
  const std::string dir = Scratch("hostile");
  fs::remove_all(dir);
  fs::create_directories(dir + "/settings_dir.json");
  fs::create_symlink("/dev/zero", dir + "/zero.json");
  ::mkfifo((dir + "/fifo.json").c_str(), 0600);
  {
    std::ofstream big(dir + "/big.json", std::ios::binary);
    big << std::string(convarith::app::kMaxSettingsBytes + 1, ' ');
  }
  int failures = 0;
  for (const char* name : {"zero.json", "fifo.json", "settings_dir.json", "big.json"}) {
    auto app = std::make_unique<convarith::app::App>();
    convarith::app::StoredWindow window;
    const auto start = std::chrono::steady_clock::now();
    const std::string note = convarith::app::LoadSettings(dir + "/" + name, *app, window);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    const bool ok = note.starts_with("ignoring settings: ") && note.find('\n') == std::string::npos && ms < 1000;
    std::fprintf(stderr, "%s %s: %s (%.1f ms)\n", ok ? "ok" : "FAILED", name, note.c_str(), ms);
    failures += ok ? 0 : 1;
  }
  fs::remove_all(dir);
  return failures == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && std::strcmp(argv[1], "hostile") == 0) return Hostile();
  if (argc >= 3 && std::strcmp(argv[1], "replay") == 0) {
    int cases = 0;
    for (const auto& e : fs::directory_iterator(argv[2])) {
      try {
        RunOne(ReadWhole(e.path()));
      } catch (const std::exception& ex) {
        std::fprintf(stderr, "settings corpus %s: FAILED: %s\n", e.path().string().c_str(), ex.what());
        return 1;
      }
      ++cases;
    }
    std::fprintf(stderr, "settings corpus %s: %d cases, 0 failures\n", argv[2], cases);
    return cases > 0 ? 0 : 1;
  }
  double seconds = 3;
  uint64_t seed = 1;
  for (int n = 1; n + 1 < argc; n += 2) {
    if (std::strcmp(argv[n], "--seconds") == 0) seconds = std::stod(argv[n + 1]);
    if (std::strcmp(argv[n], "--seed") == 0) seed = std::stoull(argv[n + 1]);
  }
  std::mt19937_64 rng(seed);
  fuzz::Inputs inputs(rng);
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  long long runs = 0;
  std::string last;
  try {
    while (std::chrono::steady_clock::now() < end) {
      RunOne(last = inputs.Settings());
      ++runs;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz settings (seed %llu): FAILED after %lld runs: %s\ninput: %.2000s\n",
                 static_cast<unsigned long long>(seed), runs, e.what(), last.c_str());
    return 1;
  }
  std::fprintf(stderr, "fuzz settings (seed %llu): %lld inputs through the app's LoadSettings in %.1f s, 0 failures\n",
               static_cast<unsigned long long>(seed), runs, seconds);
  return 0;
}
