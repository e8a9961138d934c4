// Runs the real convarith executable (CONVARITH_EXE) for the CLI tests: its exit code, stdout and stderr.
#pragma once

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace cli_test {

struct Result {
  int code = -1;  // the exit code, or 128 + the signal that ended it
  std::string out, err;
};

// `args` go to a shell; a run over 60 s is stopped (a hang fails the test instead of blocking it); a non-empty
// `redirect` replaces stdout (e.g. /dev/full). stderr goes to a file of its own: ctest runs tests in parallel.
inline Result RunCli(const std::string& args, const std::string& redirect = "") {
  std::string err_path = ::testing::TempDir() + "/convarith_cli_stderr_XXXXXX";
  const int fd = mkstemp(err_path.data());
  if (fd < 0) return {};
  close(fd);
  const std::string cmd = "timeout 60 " + std::string(CONVARITH_EXE) + " " + args + " 2>" + err_path +
                          (redirect.empty() ? "" : " >" + redirect);
  Result r;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), n);
  const int status = pclose(pipe);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  std::ifstream e(err_path);
  std::stringstream ss;
  ss << e.rdbuf();
  r.err = ss.str();
  std::remove(err_path.c_str());
  return r;
}

}  // namespace cli_test
