// `compute --op upsample | pixel-shuffle | max-unpool` and `--overlap` on transposed, through the real executable.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "run_cli.hpp"

namespace {

using cli_test::Result;
using cli_test::RunCli;

nlohmann::json Json(const std::string& args) {
  const Result r = RunCli(args);
  EXPECT_EQ(r.code, 0) << args << ": " << r.err;
  return r.code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json();
}

TEST(CliUpsample, NearestAndBilinearJson) {
  auto j = Json("compute --op upsample -s 2 -i 3 --dims 1 --json");
  EXPECT_EQ(j["op"], "upsample");
  EXPECT_EQ(j["mode"], "nearest");
  EXPECT_EQ(j["scale_factor"], 2);
  EXPECT_EQ(j["output_size"], nlohmann::json::array({6}));
  EXPECT_EQ(j["output"], nlohmann::json::parse("[1, 1, 2, 2, 3, 3]"));
  j = Json("compute --op upsample --mode bilinear -s 2 -i 3 --dims 1 --json");
  EXPECT_EQ(j["mode"], "linear");  // PyTorch's name for 1-D
  EXPECT_EQ(j["output"], nlohmann::json::parse("[1, 1.25, 1.75, 2.25, 2.75, 3]"));
  j = Json("compute --op upsample --mode bilinear -s 3 -i 2x4 --in-channels 2 --json");
  EXPECT_EQ(j["mode"], "bilinear");
  EXPECT_EQ(j["output_size"], nlohmann::json::array({6, 12}));
  EXPECT_EQ(j["output"].size(), 2u);  // the channel dimension kept
  EXPECT_EQ(j["output"][1].size(), 6u);
}

TEST(CliUpsample, ExplainWritesEachOutputAsItsWeightedCells) {
  const Result r = RunCli("compute --op upsample --mode bilinear -s 2 -i 2x2 --explain");
  ASSERT_EQ(r.code, 0) << r.err;
  // y[1,1]: 0.75·0.75 of x[0,0], 0.75·0.25 of x[0,1] and x[1,0], 0.25·0.25 of x[1,1]; the ramp is 1 2 / 3 4.
  EXPECT_NE(r.out.find("y[1,1] = 0.5625·x[0,0] + 0.1875·x[0,1] + 0.1875·x[1,0] + 0.0625·x[1,1] = 1.75"),
            std::string::npos)
      << r.out;
  const auto j = Json("compute --op upsample -s 2 -i 2x2 --explain --json");
  ASSERT_EQ(j["steps"].size(), 1u + 16u);  // the rule, then one line per output value
  EXPECT_EQ(j["steps"][2], "y[0,1] = x[0,0] = 1");
}

TEST(CliUpsample, PixelShuffleTakesChannelsToNeighbours) {
  const auto j = Json("compute --op pixel-shuffle -s 2 -i 1x1 --in-channels 4 --explain --json");
  EXPECT_EQ(j["upscale_factor"], 2);
  EXPECT_EQ(j["output_channels"], 1);
  EXPECT_EQ(j["output"], nlohmann::json::parse("[[[1, 2], [3, 4]]]"));
  EXPECT_EQ(j["steps"][4], "y0[1,1] = x3[0,0] = 4");
  EXPECT_EQ(j["torch"], "F.pixel_shuffle(x, 2)");
}

TEST(CliUpsample, MaxUnpoolPutsWinnersBack) {
  const auto j = Json("compute --op max-unpool -i 4 -k 2 -s 2 --json --explain");
  // The ramp 1..9 row-major: rows 1 2 3 4 / 5 6 7 8 / 9 1 2 3 / 4 5 6 7.
  EXPECT_EQ(j["pooled"], nlohmann::json::parse("[[6, 8], [9, 7]]"));
  EXPECT_EQ(j["indices"], nlohmann::json::parse("[[5, 7], [8, 15]]"));
  EXPECT_EQ(j["output"], nlohmann::json::parse("[[0,0,0,0],[0,6,0,8],[9,0,0,0],[0,0,0,7]]"));
  EXPECT_EQ(j["steps"][1], "pooled[0,0] = 6 at index 5 -> y[1,1]");
}

TEST(CliUpsample, OverlapOnTransposedCountsTapsPerAxis) {
  const auto j = Json("compute --op transposed -i 3 -k 3 -s 2 --overlap --json");
  EXPECT_EQ(j["overlap_per_axis"], nlohmann::json::parse("[[1,1,2,1,2,1,1],[1,1,2,1,2,1,1]]"));
  EXPECT_EQ(j["overlap"][2][2], 4.0);
  EXPECT_EQ(j["overlap"][1][1], 1.0);
  const Result r = RunCli("compute --op transposed -i 3 -k 3 -s 2 --overlap");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("overlap (kernel taps"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("width: [1,1,2,1,2,1,1]"), std::string::npos) << r.out;
}

TEST(CliUpsample, BadInputExitsTwoWithOneLine) {
  const std::pair<const char*, const char*> cases[] = {
      {"compute --op upsample -s 0 -i 3", "scale_factor"},
      {"compute --op upsample -i 3", "scale_factor (-s) is required"},
      {"compute --op upsample -s 2x3 -i 3x3", "one whole factor"},
      {"compute --op upsample --mode cubic -s 2 -i 3", "--mode"},
      {"compute --op upsample -k 3 -s 2 -i 3", "kernel_size (-k)"},
      {"compute --op upsample -s 2 -i 3 --matrix", "--matrix"},
      {"compute --op pixel-shuffle -s 2 -i 3 --in-channels 3", "divisible"},
      {"compute --op max-unpool -i 4 -k 2 -s 2 --mode nearest", "--mode"},
      {"compute --op max-unpool -i 6 -k 2 -s 2 -d 3", "output_size"},
      {"compute --op conv -i 5 -k 3 --overlap", "--overlap"},
      {"compute --op conv -i 5 -k 3 --mode bilinear", "--mode"},
      {"compute --op upsample -s 4096 -i 3", "4096"},
      {"compute --op upsample -s 8 -i 128 --explain --explain-limit 1", "(1048576 steps)"},
  };
  for (const auto& [args, words] : cases) {
    const Result r = RunCli(args);
    EXPECT_EQ(r.code, 2) << args;
    EXPECT_TRUE(r.out.empty()) << args;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << args << ": " << r.err;
    EXPECT_NE(r.err.find(words), std::string::npos) << args << ": " << r.err;
  }
}

}  // namespace

namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A PNG's width and height from its IHDR chunk.
std::pair<int, int> PngSize(const std::string& bytes) {
  auto be32 = [&](size_t at) {
    return (static_cast<unsigned char>(bytes[at]) << 24) | (static_cast<unsigned char>(bytes[at + 1]) << 16) |
           (static_cast<unsigned char>(bytes[at + 2]) << 8) | static_cast<unsigned char>(bytes[at + 3]);
  };
  return {be32(16), be32(20)};
}

TEST(CliCompareUpsampling, WritesPngSvgAndPdf) {
  const std::string dir = ::testing::TempDir();
  const std::string png = dir + "/compare_up.png", svg = dir + "/compare_up.svg", pdf = dir + "/compare_up.pdf";
  Result r = RunCli("export --compare-upsampling --fill ones -i 8 -k 3 -s 2 -p 1 --out " + png);
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string bytes = ReadAll(png);
  ASSERT_GT(bytes.size(), 24u);
  EXPECT_EQ(bytes.substr(1, 3), "PNG");
  const auto [w, h] = PngSize(bytes);
  EXPECT_GT(w, 1000);  // six columns of 8-cell pictures at 32 px a cell
  EXPECT_GT(h, 500);
  r = RunCli("export --compare-upsampling --compare-layers 3 -i 4 --out " + svg);
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string text = ReadAll(svg);
  EXPECT_NE(text.find("Transposed conv k=3, s=2, p=1, a=1"), std::string::npos);
  EXPECT_NE(text.find("3 stacked layers"), std::string::npos);
  EXPECT_NE(text.find("overlap: 1 to 25 taps per cell"), std::string::npos);
  r = RunCli("export --compare-upsampling --dims 1 -i 12 -s 3 --out " + pdf);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(ReadAll(pdf).substr(0, 5), "%PDF-");
  std::remove(png.c_str());
  std::remove(svg.c_str());
  std::remove(pdf.c_str());
}

TEST(CliCompareUpsampling, BadFlagsExitTwoAndLeaveTheFileAlone) {
  const std::string kept = ::testing::TempDir() + "/compare_kept.png";
  {
    std::ofstream out(kept);
    out << "mine";
  }
  const std::pair<std::string, const char*> cases[] = {
      {"--compare-layers 4", "--compare-layers"},
      {"-s 0", "scale_factor"},
      {"-p 20", "padding"},
      {"--op conv", "--op"},
      {"--fill random", "--fill"},
      {"-i 3x4x5", "input_size"},
  };
  for (const auto& [flags, words] : cases) {
    const Result r = RunCli("export --compare-upsampling " + flags + " --out " + kept);
    EXPECT_EQ(r.code, 2) << flags;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << flags << ": " << r.err;
    EXPECT_NE(r.err.find(words), std::string::npos) << flags << ": " << r.err;
    EXPECT_EQ(ReadAll(kept), "mine") << flags;
  }
  const Result gif = RunCli("export --compare-upsampling --out " + ::testing::TempDir() + "/compare.gif");
  EXPECT_EQ(gif.code, 2);
  EXPECT_NE(gif.err.find("one picture"), std::string::npos) << gif.err;
  std::remove(kept.c_str());
}

}  // namespace
