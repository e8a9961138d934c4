// `convarith export --backward`: the input gradient's animation through the same exporters. One frame per value of
// the gradient's computation, the grids labelled as gradients, and each step's sum equal to `compute --grad --json`'s
// grad_input; one-line refusals for what has no such animation.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "run_cli.hpp"

namespace {

using cli_test::Result;
using cli_test::RunCli;

std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The value a frame's step text ends with ("step 4/25:  ... = 3" -> 3; "(-1)" as -1).
double StepResult(const std::string& svg) {
  const size_t step = svg.find(">step ");
  EXPECT_NE(step, std::string::npos);
  const size_t end = svg.find('<', step);
  const std::string line = svg.substr(step + 1, end - step - 1);
  const size_t eq = line.rfind("= ");
  std::string number = line.substr(eq + 2);
  number.erase(std::remove_if(number.begin(), number.end(), [](char c) { return c == '(' || c == ')'; }),
               number.end());
  return std::stod(number);
}

TEST(CliExportBackward, FramesAreTheInputGradientsValues) {
  // Figure 2.6's arithmetic (i = 5, k = 3, s = 2, p = 1) on random data: its input gradient is a transposed
  // convolution whose output has the input's size, so its steps are the gradient's 25 values, row by row.
  const std::string data = "-i 5 -k 3 -s 2 -p 1 --fill random --kernel-fill random --grad-fill random --seed 4";
  const Result grad = RunCli("compute " + data + " --json");
  ASSERT_EQ(grad.code, 0) << grad.err;
  std::vector<double> expected;
  const auto j = nlohmann::json::parse(grad.out);
  for (const auto& row : j["grad_input"])
    for (const auto& v : row) expected.push_back(v.get<double>());
  ASSERT_EQ(expected.size(), 25u);

  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / "convarith_export_backward";
  std::filesystem::remove_all(dir);
  const Result r = RunCli("export " + data + " --backward --format svg --out " + dir.string());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.rfind(dir.string() + ": 25 frames, 25 files", 0), 0u) << r.out;
  for (size_t n = 0; n < expected.size(); ++n) {
    char name[32];
    std::snprintf(name, sizeof name, "frame_%03zu.svg", n);
    const std::string svg = ReadAll(dir / name);
    EXPECT_DOUBLE_EQ(StepResult(svg), expected[n]) << name;
    if (n == 0) {
      EXPECT_NE(svg.find("output gradient ∂L/∂y"), std::string::npos);
      EXPECT_NE(svg.find("input gradient ∂L/∂x"), std::string::npos);
      EXPECT_NE(svg.find("kernel, rotated 180°"), std::string::npos);
    }
  }
  // Without --backward the same data draws the forward pass: 9 outputs, no gradient.
  std::filesystem::remove_all(dir);
  const Result forward = RunCli("export -i 5 -k 3 -s 2 -p 1 --labels --format svg --current --out " + dir.string() + ".svg");
  ASSERT_EQ(forward.code, 0) << forward.err;
  EXPECT_EQ(ReadAll(dir.string() + ".svg").find("gradient"), std::string::npos);
}

TEST(CliExportBackward, TransposedDrawsADirectConvolutionAndPoolingIsRefused) {
  const std::filesystem::path out = std::filesystem::path(::testing::TempDir()) / "convarith_backward_tr.svg";
  const Result r = RunCli("export --preset fig4.6 --backward --current --format svg --out " + out.string());
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string svg = ReadAll(out);
  EXPECT_NE(svg.find("input gradient ∂L/∂x"), std::string::npos);
  EXPECT_EQ(svg.find("rotated"), std::string::npos);  // a direct convolution: the kernel as it is
  for (const char* args : {"export --op maxpool -i 4 -k 2 --backward --out /tmp/never.gif",
                           "export -i 4 -k 3 --grad-fill ones --out /tmp/never.gif"}) {
    const Result bad = RunCli(args);
    EXPECT_EQ(bad.code, 2) << args;
    EXPECT_EQ(std::count(bad.err.begin(), bad.err.end(), '\n'), 1) << bad.err;
    EXPECT_FALSE(std::filesystem::exists("/tmp/never.gif"));
  }
}

}  // namespace

// --gradient weight: one frame per weight-gradient value (Figure 2.6's 3x3 kernel: 9), ∂L/∂y sliding over the input,
// each frame's step named as the value it computes and equal to `compute --grad --json`'s grad_weight (which the torch
// check compares with autograd); --gradient bias: one frame per output channel, its map summed.
TEST(CliExportBackward, WeightAndBiasGradientFramesAreTheirValues) {
  const std::string data = "-i 5 -k 3 -s 2 -p 1 --out-channels 2 --bias-fill ramp --fill random --kernel-fill random "
                           "--grad-fill random --seed 5";
  const Result grad = RunCli("compute " + data + " --grad --json");
  ASSERT_EQ(grad.code, 0) << grad.err;
  const auto j = nlohmann::json::parse(grad.out);
  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / "convarith_export_wgrad";
  std::filesystem::remove_all(dir);
  const Result r = RunCli("export " + data + " --gradient weight --format svg --out " + dir.string());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.rfind(dir.string() + ": 18 frames, 18 files", 0), 0u) << r.out;  // (2, 1, 3, 3)
  for (int co = 0; co < 2; ++co)
    for (int u = 0; u < 3; ++u)
      for (int v = 0; v < 3; ++v) {
        char name[32];
        std::snprintf(name, sizeof name, "frame_%03d.svg", co * 9 + u * 3 + v);
        const std::string svg = ReadAll(dir / name);
        EXPECT_DOUBLE_EQ(StepResult(svg), j["grad_weight"][co][0][u][v].get<double>()) << name;
        const std::string step = "∂L/∂w[" + std::to_string(co) + ", 0, " + std::to_string(u) + ", " + std::to_string(v) + "] =";
        EXPECT_NE(svg.find(step), std::string::npos) << name;
      }
  const std::string first = ReadAll(dir / "frame_000.svg");
  EXPECT_NE(first.find("weight gradient ∂L/∂w"), std::string::npos);
  EXPECT_NE(first.find("∂L/∂y slides,"), std::string::npos);  // the kernel's label, wrapped at its commas
  EXPECT_NE(first.find("dilation s = 2"), std::string::npos);

  std::filesystem::remove_all(dir);
  const Result b = RunCli("export " + data + " --gradient bias --format svg --out " + dir.string());
  ASSERT_EQ(b.code, 0) << b.err;
  EXPECT_EQ(b.out.rfind(dir.string() + ": 2 frames, 2 files", 0), 0u) << b.out;
  for (int co = 0; co < 2; ++co) {
    const std::string svg = ReadAll(dir / ("frame_00" + std::to_string(co) + ".svg"));
    EXPECT_DOUBLE_EQ(StepResult(svg), j["grad_bias"][co].get<double>());
    EXPECT_NE(svg.find("∂L/∂b[" + std::to_string(co) + "] ="), std::string::npos);
  }
  // A layer without bias has no bias gradient, pooling no weight gradient: one line, exit 2, no file.
  std::filesystem::remove_all(dir);
  const Result no_bias = RunCli("export -i 5 -k 3 --gradient bias --format svg --out " + dir.string());
  EXPECT_EQ(no_bias.code, 2);
  EXPECT_NE(no_bias.err.find("--gradient bias"), std::string::npos) << no_bias.err;
  const Result pool = RunCli("export --op maxpool -i 4 -k 2 -s 2 --gradient weight --format svg --out " + dir.string());
  EXPECT_EQ(pool.code, 2);
  EXPECT_FALSE(std::filesystem::exists(dir));
}
