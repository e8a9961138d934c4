// `convarith compute --grad` and `--unfold`: the JSON they add, the sums --explain writes for them, and one-line
// refusals (exit 2) for bad values. The numbers themselves are compared with PyTorch in tests/torch.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "run_cli.hpp"

namespace {

using cli_test::Result;
using cli_test::RunCli;

void ExpectRefusal(const Result& r, const std::string& part) {
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find(part), std::string::npos) << r.err;
}

std::string WriteFile(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path) << text;
  return path;
}

TEST(CliGrad, JsonAddsTheGradientsInTheTensorsLayouts) {
  const Result r = RunCli("compute -i 5 -k 3 -s 2 -p 1 --in-channels 2 --out-channels 4 --groups 2 --bias-fill ramp "
                          "--grad-fill random --json");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["grad_output"].size(), 4u);      // (C_out, 3, 3)
  EXPECT_EQ(j["grad_output"][0].size(), 3u);
  EXPECT_EQ(j["grad_input"].size(), 2u);       // the input's (C_in, 5, 5)
  EXPECT_EQ(j["grad_input"][0].size(), 5u);
  EXPECT_EQ(j["grad_weight"].size(), 4u);      // PyTorch's (C_out, C_in/groups, 3, 3)
  EXPECT_EQ(j["grad_weight"][0].size(), 1u);
  EXPECT_EQ(j["grad_weight"][0][0].size(), 3u);
  ASSERT_EQ(j["grad_bias"].size(), 4u);
  for (int oc = 0; oc < 4; ++oc) {  // the output gradient summed per channel
    double sum = 0;
    for (const auto& row : j["grad_output"][oc])
      for (const auto& v : row) sum += v.get<double>();
    EXPECT_DOUBLE_EQ(j["grad_bias"][oc].get<double>(), sum);
  }
}

TEST(CliGrad, PoolingHasOnlyAnInputGradientAndOnesAreTheDefault) {
  const Result r = RunCli("compute --op avgpool -i 4 -k 2 -s 2 --grad --json");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_FALSE(j.contains("grad_weight"));
  EXPECT_FALSE(j.contains("grad_bias"));
  EXPECT_EQ(j["grad_output"], nlohmann::json::parse("[[1, 1], [1, 1]]"));
  // Each output spreads 1/4 over its own 2x2 window (they do not overlap).
  for (const auto& row : j["grad_input"])
    for (const auto& v : row) EXPECT_DOUBLE_EQ(v.get<double>(), 0.25);
}

TEST(CliGrad, ExplainWritesEveryGradientValueAsItsSum) {
  const Result r = RunCli("compute --dims 1 -i 5 -k 3 -s 2 -p 1 --grad --explain");
  ASSERT_EQ(r.code, 0) << r.err;
  // x[1] is read by output 0 (tap 2) and output 1 (tap 0): dL/dx[1] = gy[0]·w[2] + gy[1]·w[0].
  EXPECT_NE(r.out.find("dL/dx[1] = 1·1 + 1·1 = 2\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("dL/dw[0] = 2·1 + 4·1 = 6\n"), std::string::npos) << r.out;  // padded input 0 1 2 3 4 5 0
  const Result j = RunCli("compute --dims 1 -i 5 -k 3 -s 2 -p 1 --bias-fill ones --grad --explain --json");
  ASSERT_EQ(j.code, 0) << j.err;
  const auto steps = nlohmann::json::parse(j.out)["grad_steps"];
  EXPECT_EQ(steps["input"].size(), 5u);
  EXPECT_EQ(steps["weight"].size(), 3u);
  EXPECT_EQ(steps["bias"], nlohmann::json::parse(R"(["1 + 1 + 1 = 3"])"));
}

TEST(CliGrad, ExplainLimitCountsTheGradientSteps) {
  // 298² forward steps, 300² input and 9 weight gradient values.
  ExpectRefusal(RunCli("compute -i 300 -k 3 --grad --explain --explain-limit 1"), "(178813 steps)");
}

TEST(CliGrad, BadValuesAreRefusedInOneLine) {
  ExpectRefusal(RunCli("compute -i 5 -k 3 --grad-fill nope"), "--grad-fill: expected ramp, ones or random");
  const std::string small = WriteFile("grad_small.json", "[[1, 2], [3, 4]]");
  ExpectRefusal(RunCli("compute -i 5 -k 3 --grad-output " + small), "--grad-output: '" + small + "' has shape 2x2");
  ExpectRefusal(RunCli("compute -i 5 -k 3 --grad-output " + small + " --grad-fill ones"),
                "--grad-output and --grad-fill: give one of them");
  ExpectRefusal(RunCli("compute -i 5 -k 3 --grad-output /nonexistent/grad.json"), "--grad-output: cannot open");
  const std::string text = WriteFile("grad_text.json", "[[1, \"a\", 3]]");
  ExpectRefusal(RunCli("compute -i 3 -k 1 --grad-output " + text), "--grad-output");
  const std::string huge = WriteFile("grad_huge.json", "[1e308, 1e308, 1e308]");
  ExpectRefusal(RunCli("compute --dims 1 -i 3 -k 1 --kernel-fill ones --bias-fill ones --grad-output " + huge),
                "grad_weight overflows: value 0 is Infinity");
}

TEST(CliUnfold, JsonPrintsTheColumnsInFUnfoldsLayout) {
  const Result r = RunCli("compute -i 4x5 -k 3 -s 2 --in-channels 2 --out-channels 3 --unfold --json");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["columns"].size(), 18u);        // C_in·kH·kW
  EXPECT_EQ(j["columns"][0].size(), 2u);      // oH·oW = 1·2
  EXPECT_EQ(j["unfolded_kernels"].size(), 3u);
  EXPECT_EQ(j["unfolded_kernels"][0].size(), 18u);
  ExpectRefusal(RunCli("compute --op maxpool -i 4 -k 2 --unfold"), "--unfold: the unfolded matrix is for conv");
}

TEST(CliSymbols, FormulasForOutputsAndGradientsWithTheConventionSwitch) {
  Result r = RunCli("compute -i 3 -k 2 --symbols");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("  y₁₂ = w₁₁x₁₂ + w₁₂x₁₃ + w₂₁x₂₂ + w₂₂x₂₃\n"), std::string::npos) << r.out;
  r = RunCli("compute -i 3 -k 2 --symbols --convention convolution --grad --json");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["convention"], "convolution");
  EXPECT_EQ(j["formulas"][0], "y₁₁ = w₂₂x₁₁ + w₂₁x₁₂ + w₁₂x₂₁ + w₁₁x₂₂");
  EXPECT_EQ(j["grad_formulas"]["input"].size(), 9u);
  EXPECT_EQ(j["grad_formulas"]["input"][0], "∂L/∂x₁₁ = w₁₁ ∂L/∂y₁₁");
  ExpectRefusal(RunCli("compute -i 3 -k 2 --symbols --convention flipped"), "--convention: expected correlation or");
  ExpectRefusal(RunCli("compute -i 300 -k 3 --symbols --explain-limit 1"), "--explain would write more than 1 MiB");
}

}  // namespace
