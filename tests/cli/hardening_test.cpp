// The audit's cases (issue 16) against the real executable: no crash, no hang, no unbounded read, one-line refusals
// with exit 2, no exit 0 with a wrong number or lost output, and a failed export that keeps the user's files.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "run_cli.hpp"

namespace {

std::string Temp(const std::string& name) { return ::testing::TempDir() + "/convarith_hardening_" + name; }

using cli_test::Result;
using cli_test::RunCli;

// A new empty directory Temp(name) holding one sub-directory `sub` (where an export wants to write a file); "" when
// it cannot be made.
std::string FreshDirWithSubdir(const std::string& name, const std::string& sub) {
  const std::string dir = Temp(name);
  std::system(("rm -rf " + dir).c_str());
  if (::mkdir(dir.c_str(), 0755) != 0 || ::mkdir((dir + "/" + sub).c_str(), 0755) != 0) return "";
  return dir;
}

// What a shell command prints.
std::string RunShell(const std::string& command) {
  std::string text;
  FILE* p = popen(command.c_str(), "r");
  if (!p) return text;
  std::array<char, 512> b{};
  size_t n;
  while ((n = fread(b.data(), 1, b.size(), p)) > 0) text.append(b.data(), n);
  pclose(p);
  return text;
}

std::string Write(const std::string& name, const std::string& text) {
  const std::string path = Temp(name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int Lines(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

// A refusal: exit 2, nothing on stdout, one line on stderr holding `expected`.
void ExpectRefusal(const Result& r, const std::string& expected) {
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(Lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find(expected), std::string::npos) << r.err;
}

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// 1. Crash: nested calls overflowed the stack (exit 139).
TEST(Hardening, NestedCallsAreRefusedForPyTorchAndKeras) {
  const std::string calls = Write("calls.py", "model = nn.Sequential(" + Repeat("f(", 10000) + Repeat(")", 10000) + ")");
  ExpectRefusal(RunCli("net --pytorch " + calls + " -i 32"), "nested deeper than 64 levels");
  ExpectRefusal(RunCli("net --keras " + calls + " -i 32"), "nested deeper than 64 levels");
}

// 2. Reads without a bound: devices, FIFOs, directories, files above the limit, all refused before reading.
TEST(Hardening, DevicesFifosAndDirectoriesAreRefusedNamingTheOption) {
  ExpectRefusal(RunCli("net --pytorch /dev/zero -i 32"), "--pytorch: '/dev/zero' is a character device, not a file");
  ExpectRefusal(RunCli("compute -k 3 --input /dev/zero"), "--input: '/dev/zero' is a character device, not a file");
  const std::string fifo = Temp("fifo");
  ::unlink(fifo.c_str());
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  ExpectRefusal(RunCli("net --keras " + fifo + " -i 32"), "is a FIFO (named pipe), not a file");
  ExpectRefusal(RunCli("compute -k 3 --kernel " + fifo + " -i 5"), "--kernel: '" + fifo + "' is a FIFO");
  ExpectRefusal(RunCli("compute -k 3 --image " + fifo), "--image: '" + fifo + "' is a FIFO");
  ::unlink(fifo.c_str());
  // 6. Messages: a directory named its parameter (was a C++ library message with exit 1).
  ExpectRefusal(RunCli("compute -k 3 --input " + ::testing::TempDir()), "--input: '" + ::testing::TempDir() + "' is a directory");
  ExpectRefusal(RunCli("compute -k 3 --image " + ::testing::TempDir()), "--image: '" + ::testing::TempDir() + "' is a directory");
  ExpectRefusal(RunCli("compute -k 3 --image /dev/urandom"), "--image: '/dev/urandom' is a character device, not a file");
}

TEST(Hardening, ACodeFileAboveFourMiBIsRefusedBeforeReading) {
  const std::string big = Temp("big.py");
  {
    std::ofstream out(big, std::ios::binary);
    out << std::string((4 << 20) + 1, '#');
  }
  ExpectRefusal(RunCli("net --pytorch " + big + " -i 32"), "is larger than 4 MiB");
}

TEST(Hardening, TheJsonValueLimitIsCheckedWhileParsing) {
  // 16,777,217 ones: one more than the limit, refused as the parser reaches it.
  const std::string path = Temp("many.json");
  {
    std::ofstream out(path, std::ios::binary);
    out << "[";
    for (long long n = 0; n <= (1LL << 24); ++n) out << (n ? ",1" : "1");
    out << "]";
  }
  ExpectRefusal(RunCli("compute --dims 1 -k 1 --input " + path), "it holds more than 16777216 values");
  std::remove(path.c_str());
}

// 3. A failed export deleted files that were there before.
TEST(Hardening, AFailedAllPresetsExportKeepsTheUserFiles) {
  const std::string out = FreshDirWithSubdir("out", "fig4.4.gif");
  ASSERT_FALSE(out.empty());
  Write("out/fig2.6.gif", "GOOD\n");
  ExpectRefusal(RunCli("export --all-presets --format gif --out " + out), "fig4.4.gif: it is a directory");
  EXPECT_EQ(ReadAll(out + "/fig2.6.gif"), "GOOD\n");
  EXPECT_EQ(RunShell("ls -A " + out), "fig2.6.gif\nfig4.4.gif\n");  // no temporary left
  std::system(("rm -rf " + out).c_str());
}

TEST(Hardening, AFailedFramesExportKeepsTheOldFrames) {
  const std::string out = FreshDirWithSubdir("frames", "frame_002.png");
  ASSERT_FALSE(out.empty());
  Write("frames/frame_000.png", "OLD\n");
  ExpectRefusal(RunCli("export --preset fig2.1 --format png --out " + out), "frame_002.png: it is a directory");
  EXPECT_EQ(ReadAll(out + "/frame_000.png"), "OLD\n");
  std::system(("rm -rf " + out).c_str());
}

// 4. Wrong numbers with exit 0.
TEST(Hardening, TextOutputReadsBackToTheSameDouble) {
  const std::string input = Write("big.json", "[[1e70, 0.1], [123456789.125, -2.5e-300]]");
  const Result r = RunCli("compute -k 1 --input " + input);
  ASSERT_EQ(r.code, 0) << r.err;
  for (const char* v : {"1e+70", "0.1", "123456789.125", "-2.5e-300"}) {
    EXPECT_NE(r.out.find(v), std::string::npos) << v << "\n" << r.out;
  }
}

TEST(Hardening, OverflowIsRefusedInTextAndJson) {
  const std::string input = Write("huge.json", "[[1e308, 1e308]]");
  const std::string kernel = Write("ten.json", "[[10]]");
  ExpectRefusal(RunCli("compute -k 1 --input " + input + " --kernel " + kernel), "the output overflows");
  ExpectRefusal(RunCli("compute -k 1 --input " + input + " --kernel " + kernel + " --json"), "is Infinity");
  ExpectRefusal(RunCli("export -k 1 --input " + input + " --kernel " + kernel + " --out " + Temp("ov.gif")),
                "the output overflows");
}

// 5. Write errors ignored; --explain without a cap.
TEST(Hardening, AFullStdoutIsAnError) {
  for (const std::string args : {"compute -i 64 -k 3 --json", "shape -i 5 -k 3", "shape -i 5 -k 3 --json",
                                 "net --layers 'conv k=3' -i 8 --json", "compute -i 8 -k 3"}) {
    const Result r = RunCli(args, "/dev/full");
    EXPECT_EQ(r.code, 2) << args;
    EXPECT_EQ(Lines(r.err), 1) << r.err;
    EXPECT_NE(r.err.find("cannot write the output to stdout"), std::string::npos) << r.err;
  }
}

TEST(Hardening, ExplainAboveTheCapIsRefusedUnlessLifted) {
  ExpectRefusal(RunCli("compute -i 300 -k 3 --explain --explain-limit 1"),
                "--explain would write more than 1 MiB (88804 steps); pass --explain-limit");
  const Result lifted = RunCli("compute -i 300 -k 3 --explain --explain-limit 0");
  EXPECT_EQ(lifted.code, 0);
  EXPECT_GT(lifted.out.size(), size_t{1} << 20);
  EXPECT_EQ(RunCli("compute -i 5 -k 3 --explain").code, 0);
}

// 6. Messages.
TEST(Hardening, LayersFollowTheFlags) {
  EXPECT_EQ(RunCli("net --layers 'maxpool k=2 ceil=true' -i 9").code, 0);
  EXPECT_EQ(RunCli("net --layers 'avgpool k=2 cip=false; conv k=3 bias=false' -i 9").code, 0);
  ExpectRefusal(RunCli("net --layers 'conv k=3 ceil=1' -i 9"), "ceil_mode applies only to maxpool and avgpool");
  ExpectRefusal(RunCli("shape -i 9 -k 3 --ceil-mode"), "ceil_mode applies only to maxpool and avgpool");
  ExpectRefusal(RunCli("net --layers 'convT k=3 mode=reflect' -i 9"), "padding_mode applies only to conv");
  ExpectRefusal(RunCli("shape --op transposed -i 9 -k 3 --padding-mode reflect"), "padding_mode applies only to conv");
}

TEST(Hardening, RangesAreStatedWithoutDblMax) {
  const Result step = RunCli("--step -5");
  EXPECT_EQ(step.code, 2);
  EXPECT_EQ(Lines(step.err), 1);
  EXPECT_LT(step.err.size(), 120u) << step.err;
  EXPECT_NE(step.err.find("--step"), std::string::npos);
  const Result layer = RunCli("--network-layer -1");
  EXPECT_EQ(layer.code, 2);
  EXPECT_LT(layer.err.size(), 120u) << layer.err;
}

TEST(Hardening, AValueWithANewlineGivesOneLine) {
  ExpectRefusal(RunCli("compute -i \"$(printf '4\\n5')\" -k 3"), "got '4\\n5'");
  ExpectRefusal(RunCli("export --preset \"$(printf 'x\\ny')\" --out /tmp/x.gif"), "--preset: unknown figure 'x\\ny'");
}

TEST(Hardening, MatrixOfAPoolingIsRefusedBeforePrinting) {
  ExpectRefusal(RunCli("compute --op maxpool -i 4 -k 2 --matrix"), "--matrix: pooling has no convolution matrix");
}

TEST(Hardening, AKernelFileWithNeutralAxesIsRefusedFor2D) {
  const std::string kernel = Write("k11133.json", "[[[[[1, 1, 1], [1, 1, 1], [1, 1, 1]]]]]");
  ExpectRefusal(RunCli("compute -i 5 -k 3 --kernel " + kernel), "--kernel: '" + kernel + "' has shape 1x1x1x3x3, but this configuration needs 1x1x3x3");
}

TEST(Hardening, ATruncatedGifIsRefused) {
  const std::string gif = Temp("whole.gif");
  ASSERT_EQ(RunCli("export --preset fig2.1 --out " + gif).code, 0);
  const std::string bytes = ReadAll(gif);
  ASSERT_GT(bytes.size(), 100u);
  const std::string half = Write("half.gif", bytes.substr(0, bytes.size() / 2));
  ExpectRefusal(RunCli("compute -k 3 --image " + half), "is a truncated or damaged GIF");
  EXPECT_EQ(RunCli("compute -k 3 --image " + gif + " --json", "/dev/null").code, 0);
}

TEST(Hardening, RgbPictureChannelsBlameTheImage) {
  const std::string gif = Temp("rgb.gif");
  ASSERT_EQ(RunCli("export --preset fig2.1 --out " + gif).code, 0);
  ExpectRefusal(RunCli("compute -k 3 --image " + gif + " --image-mode rgb --in-channels 1"),
                "disagrees with the --image file");
}

}  // namespace
