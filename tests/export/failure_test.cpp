// Failure paths: bad options, missing or unusable directories, a full device, a write failing midway, cancellation.
// Each must throw an ExportError naming the path and reason, and leave no file (not even a temporary one) behind.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>

#include "convarith/export.hpp"
#include "convarith/scene/presets.hpp"
#include "test_util.hpp"

namespace convarith {
namespace {

using test::TempDir;
using ::testing::HasSubstr;

Computation PresetComputation(const std::string& name) {
  const Preset* p = FindPreset(name);
  return Recompute(p->config, p->input, p->weight, p->bias);
}

// The ExportError message of running the export, or "" when it succeeds.
std::string ErrorOf(const Computation& c, const ExportOptions& o, const ExportProgress& progress = {}) {
  try {
    Export(c, o, progress);
  } catch (const ExportError& e) {
    return e.what();
  }
  return "";
}

TEST(ExportFailure, MissingDirectoryNamesThePath) {
  TempDir dir;
  ExportOptions o;
  o.out = dir / "missing/a.gif";
  const std::string message = ErrorOf(PresetComputation("fig2.1"), o);
  EXPECT_NE(message.find(o.out), std::string::npos) << message;
  EXPECT_NE(message.find("does not exist"), std::string::npos) << message;
  EXPECT_TRUE(test::ListDir(dir.path()).empty());

  o.format = ExportFormat::Png;
  o.out = dir / "missing/deeper";  // frame directories are created one level only
  const std::string png_message = ErrorOf(PresetComputation("fig2.1"), o);
  EXPECT_NE(png_message.find(o.out), std::string::npos) << png_message;
  EXPECT_TRUE(test::ListDir(dir.path()).empty());
}

TEST(ExportFailure, RefusesAnExportThatWouldRunForMinutes) {
  TempDir dir;
  Config config;
  config.axes[kHeight] = config.axes[kWidth] = AxisParams{100, 3, 1, 0, 0, 1, 0};
  const Computation c = Recompute(config, MakeTensor({1, 1, 100, 100}, Fill::Ramp),
                                  MakeWeight(KernelPreset::Ones, {1, 1, 1, 3, 3}));
  ExportOptions o;
  o.out = dir / "a.gif";
  const std::string message = ErrorOf(c, o);
  EXPECT_THAT(message, HasSubstr("9604 frames"));
  EXPECT_THAT(message, HasSubstr("--steps"));
  EXPECT_TRUE(test::ListDir(dir.path()).empty());
  o.last_step = 9;  // ten small frames are fine
  o.cell_px = 8;
  EXPECT_EQ(ErrorOf(c, o), "");
}

// As root, permissions do not stop writes; a path "inside" a regular file fails for everyone.
TEST(ExportFailure, PathUnderARegularFile) {
  ExportOptions o;
  o.out = "/etc/passwd/x.gif";
  std::string message = ErrorOf(PresetComputation("fig2.1"), o);
  EXPECT_NE(message.find("/etc/passwd/x.gif"), std::string::npos) << message;
  EXPECT_NE(message.find("not a directory"), std::string::npos) << message;

  o.format = ExportFormat::Svg;
  o.out = "/etc/passwd/frames";
  message = ErrorOf(PresetComputation("fig2.1"), o);
  EXPECT_NE(message.find("/etc/passwd/frames"), std::string::npos) << message;
  EXPECT_NE(message.find("Not a directory"), std::string::npos) << message;
}

TEST(ExportFailure, FullDeviceIsReported) {
  struct stat before {};
  if (::stat("/dev/full", &before) != 0 || !S_ISCHR(before.st_mode)) GTEST_SKIP() << "no /dev/full";
  const std::vector<std::string> dev_before = test::ListDir("/dev");
  for (ExportFormat format : {ExportFormat::Gif, ExportFormat::Png, ExportFormat::Pdf, ExportFormat::Tikz}) {
    ExportOptions o;
    o.format = format;
    o.current_only = format != ExportFormat::Gif;
    o.out = "/dev/full";
    const std::string message = ErrorOf(PresetComputation("fig2.6"), o);
    EXPECT_NE(message.find("/dev/full"), std::string::npos) << message;
    EXPECT_NE(message.find("No space left on device"), std::string::npos) << message;
  }
  struct stat after {};
  ASSERT_EQ(::stat("/dev/full", &after), 0);
  EXPECT_TRUE(S_ISCHR(after.st_mode)) << "the device must not be replaced by a file";
  EXPECT_EQ(test::ListDir("/dev"), dev_before) << "no temporary file may be left in /dev";
}

// A write that fails partway (here the per-file size limit, EFBIG, standing in for a disk filling up) leaves neither
// the file nor its temporary.
TEST(ExportFailure, FailingWriteLeavesNoTemporaryFile) {
  TempDir dir;
  ExportOptions o;
  o.out = dir / "big.gif";
  rlimit old{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old), 0);
  auto* old_handler = std::signal(SIGXFSZ, SIG_IGN);  // get EFBIG from write() instead of being killed
  rlimit small = old;
  small.rlim_cur = 4096;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  const std::string message = ErrorOf(PresetComputation("fig2.6"), o);
  ::setrlimit(RLIMIT_FSIZE, &old);
  std::signal(SIGXFSZ, old_handler);
  EXPECT_NE(message.find(o.out), std::string::npos) << message;
  EXPECT_NE(message.find("too large"), std::string::npos) << message;
  EXPECT_TRUE(test::ListDir(dir.path()).empty());
}

TEST(ExportFailure, MidwayFailureRemovesTheFramesAlreadyWritten) {
  TempDir dir;
  ASSERT_EQ(::mkdir((dir / "frame_003.png").c_str(), 0755), 0);  // frame 3 cannot be written
  ExportOptions o;
  o.format = ExportFormat::Png;
  o.out = dir.path();
  const std::string message = ErrorOf(PresetComputation("fig2.6"), o);
  EXPECT_NE(message.find(dir / "frame_003.png"), std::string::npos) << message;
  EXPECT_NE(message.find("is a directory"), std::string::npos) << message;
  EXPECT_EQ(test::ListDir(dir.path()), std::vector<std::string>{"frame_003.png"}) << "frames 0-2 must be removed";
}

TEST(ExportFailure, CancelRemovesEverything) {
  TempDir dir;
  const Computation c = PresetComputation("fig2.6");
  int calls = 0;
  const ExportProgress cancel_at_3 = [&calls](int done, int total) {
    ++calls;
    EXPECT_EQ(total, 9);
    return done < 3;
  };
  for (ExportFormat format :
       {ExportFormat::Gif, ExportFormat::Png, ExportFormat::Svg, ExportFormat::Pdf, ExportFormat::Tikz}) {
    calls = 0;
    ExportOptions o;
    o.format = format;
    o.out = IsSingleFileFormat(format) ? dir / ("a." + std::string(ExportFormatExtension(format))) : dir / "frames";
    EXPECT_EQ(ErrorOf(c, o, cancel_at_3), "cancelled");
    EXPECT_EQ(calls, 3);
    EXPECT_TRUE(test::ListDir(dir.path()).empty()) << ExportFormatName(format);
  }
}

TEST(ExportFailure, ReplacesAnExistingFileWhole) {
  TempDir dir;
  ExportOptions o;
  o.out = dir / "a.gif";
  {
    FILE* f = std::fopen(o.out.c_str(), "w");
    std::fputs("old", f);
    std::fclose(f);
  }
  Export(PresetComputation("fig2.1"), o);
  EXPECT_EQ(test::DecodeGif(o.out).frames.size(), 4u);
  EXPECT_EQ(test::ListDir(dir.path()), std::vector<std::string>{"a.gif"});
}

TEST(ExportFailure, BadOptions) {
  TempDir dir;
  const Computation conv = PresetComputation("fig2.6");
  const Computation transposed = PresetComputation("fig4.6");
  ExportOptions o;
  o.out = dir / "a.gif";

  o.view = View::Equivalent;
  EXPECT_THAT(ErrorOf(conv, o), HasSubstr("'equivalent' is not available for conv"));
  o.view = View::Direct;
  EXPECT_THAT(ErrorOf(transposed, o), HasSubstr("equivalent|scatter|associated"));
  o.view.reset();

  o.first_step = 9;
  EXPECT_THAT(ErrorOf(conv, o), HasSubstr("0-8"));
  o.first_step = 2, o.last_step = 1;
  EXPECT_NE(ErrorOf(conv, o), "");
  o.first_step = 0, o.last_step = -1;

  o.fps = 0;
  EXPECT_THAT(ErrorOf(conv, o), HasSubstr("fps"));
  o.fps = 1;
  o.cell_px = 0;
  EXPECT_THAT(ErrorOf(conv, o), HasSubstr("cell size"));
  o.cell_px = kDefaultCellPx;
  o.current_only = true;
  EXPECT_THAT(ErrorOf(conv, o), HasSubstr("png, svg, pdf or tikz"));
  o.current_only = false;
  o.out = "";
  EXPECT_THAT(ErrorOf(conv, o), HasSubstr("no output path"));
  EXPECT_TRUE(test::ListDir(dir.path()).empty());
}

TEST(ExportFailure, RemoveExportedUndoesABatch) {
  TempDir dir;
  ExportOptions o;
  o.format = ExportFormat::Svg;
  o.out = dir / "frames";
  const ExportResult r = Export(PresetComputation("fig2.1"), o);
  EXPECT_EQ(r.files.size(), 4u);
  RemoveExported(r);
  EXPECT_TRUE(test::ListDir(dir.path()).empty());
}

}  // namespace
}  // namespace convarith

namespace convarith {
namespace {

// The audit's cases: a failed export must leave every file that was there before exactly as it was.
void WriteText(const std::string& path, const std::string& text) {
  FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  std::fputs(text.c_str(), f);
  std::fclose(f);
}

std::string ReadText(const std::string& path) {
  const std::vector<uint8_t> bytes = test::ReadFile(path);
  return std::string(bytes.begin(), bytes.end());
}

TEST(ExportKeepsUserFiles, AFrameNameThatIsADirectoryKeepsTheOldFrames) {
  TempDir dir;
  WriteText(dir / "frame_000.png", "OLD 0");
  WriteText(dir / "frame_001.png", "OLD 1");
  ASSERT_EQ(::mkdir((dir / "frame_004.png").c_str(), 0755), 0);
  ExportOptions o;
  o.format = ExportFormat::Png;
  o.out = dir.path();
  const std::string message = ErrorOf(PresetComputation("fig2.6"), o);
  EXPECT_THAT(message, HasSubstr("frame_004.png: it is a directory"));
  EXPECT_EQ(ReadText(dir / "frame_000.png"), "OLD 0");  // not replaced, not removed
  EXPECT_EQ(ReadText(dir / "frame_001.png"), "OLD 1");
  EXPECT_EQ(test::ListDir(dir.path()), (std::vector<std::string>{"frame_000.png", "frame_001.png", "frame_004.png"}));
}

// A full file system, simulated by the atomic writer's test hook (ENOSPC after N bytes): the GIF or PDF already at the
// target stays, and no temporary file is left.
TEST(ExportKeepsUserFiles, AFullFileSystemKeepsTheFileAtTheTarget) {
  for (const ExportFormat format : {ExportFormat::Gif, ExportFormat::Pdf}) {
    TempDir dir;
    ExportOptions o;
    o.format = format;
    o.out = dir / (format == ExportFormat::Gif ? "a.gif" : "a.pdf");
    WriteText(o.out, "GOOD");
    FailWritesAfterBytesForTesting(1000);
    const std::string message = ErrorOf(PresetComputation("fig2.6"), o);
    FailWritesAfterBytesForTesting(-1);
    EXPECT_THAT(message, HasSubstr("No space left on device"));
    EXPECT_EQ(ReadText(o.out), "GOOD");
    EXPECT_EQ(test::ListDir(dir.path()).size(), 1u);
  }
}

TEST(ExportKeepsUserFiles, AFullFileSystemMidwayThroughFramesKeepsTheOldFrames) {
  TempDir dir;
  WriteText(dir / "frame_000.svg", "OLD");
  ExportOptions o;
  o.format = ExportFormat::Svg;
  o.out = dir.path();
  FailWritesAfterBytesForTesting(20000);  // a few frames fit, then the disk is full
  const std::string message = ErrorOf(PresetComputation("fig2.6"), o);
  FailWritesAfterBytesForTesting(-1);
  EXPECT_THAT(message, HasSubstr("No space left on device"));
  EXPECT_EQ(ReadText(dir / "frame_000.svg"), "OLD");
  EXPECT_EQ(test::ListDir(dir.path()), std::vector<std::string>{"frame_000.svg"});
}

// Several exports in one batch (as --all-presets): nothing is in place until the commit; an abandoned batch leaves the
// directory as it was.
TEST(ExportKeepsUserFiles, ABatchAppearsWholeOrNotAtAll) {
  TempDir dir;
  WriteText(dir / "fig2.6.gif", "GOOD");
  {
    FileBatch batch;
    ExportOptions o;
    o.batch = &batch;
    o.out = dir / "fig2.6.gif";
    Export(PresetComputation("fig2.6"), o);
    EXPECT_EQ(ReadText(dir / "fig2.6.gif"), "GOOD");  // staged, not yet renamed
    ASSERT_EQ(::mkdir((dir / "fig4.4.gif").c_str(), 0755), 0);
    o.out = dir / "fig4.4.gif";
    EXPECT_THAT(ErrorOf(PresetComputation("fig2.1"), o), HasSubstr("it is a directory"));
  }  // abandoned
  EXPECT_EQ(ReadText(dir / "fig2.6.gif"), "GOOD");
  EXPECT_EQ(test::ListDir(dir.path()), (std::vector<std::string>{"fig2.6.gif", "fig4.4.gif"}));

  FileBatch batch;
  ExportOptions o;
  o.batch = &batch;
  o.out = dir / "fig2.6.gif";
  Export(PresetComputation("fig2.6"), o);
  batch.Commit();
  EXPECT_NE(ReadText(dir / "fig2.6.gif"), "GOOD");
  EXPECT_EQ(ReadText(dir / "fig2.6.gif").substr(0, 6), "GIF89a");
  EXPECT_EQ(test::ListDir(dir.path()), (std::vector<std::string>{"fig2.6.gif", "fig4.4.gif"}));
}

}  // namespace
}  // namespace convarith

namespace convarith {
namespace {

// A process killed mid-export (SIGKILL) leaves its hidden staging directory; the next export into that directory
// removes it, and leaves alone a staging directory whose process still runs.
TEST(ExportKeepsUserFiles, TheNextExportRemovesAKilledExportsStagingDirectory) {
  TempDir dir;
  int gone = 4000000;
  while (::kill(gone, 0) == 0 || errno != ESRCH) --gone;  // a pid no process has
  const std::string stale = dir / (".convarith-staging-" + std::to_string(gone) + "-1");
  ASSERT_EQ(::mkdir(stale.c_str(), 0700), 0);
  WriteText(stale + "/frame_000.png.tmp1", "half a frame");
  const std::string alive = dir / (".convarith-staging-" + std::to_string(::getppid()) + "-1");
  ASSERT_EQ(::mkdir(alive.c_str(), 0700), 0);
  ExportOptions o;
  o.format = ExportFormat::Png;
  o.out = dir.path();
  EXPECT_EQ(ErrorOf(PresetComputation("fig2.1"), o), "");
  const std::vector<std::string> left = test::ListDir(dir.path());
  EXPECT_EQ(std::count(left.begin(), left.end(), ".convarith-staging-" + std::to_string(gone) + "-1"), 0);
  EXPECT_EQ(std::count(left.begin(), left.end(), ".convarith-staging-" + std::to_string(::getppid()) + "-1"), 1);
  EXPECT_EQ(std::count(left.begin(), left.end(), "frame_000.png"), 1);
}

}  // namespace
}  // namespace convarith
