// Runs the real convarith executable headless: JSON output, exit codes, one-line errors.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "run_cli.hpp"

namespace {

using cli_test::Result;
using cli_test::RunCli;

std::string Data(const char* name) { return std::string(CONVARITH_TEST_DATA) + "/" + name; }

int Lines(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

TEST(CliShape, JsonHasOutputSizeAndRelationshipPerAxis) {
  const Result r = RunCli("shape --op conv -i 5 -k 3 -s 2 -p 1 --json");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["output_size"], nlohmann::json::array({3, 3}));
  EXPECT_EQ(j["relationship"], nlohmann::json::array({6, 6}));
  EXPECT_EQ(j["axes"][0]["same_output_inputs"], nlohmann::json::array({5, 6}));
}

TEST(CliShape, NonSquareAndTransposedAssociatedConvolutions) {
  Result r = RunCli("shape -i 5x7 -k 3 -p 0x1 --json");
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["output_size"], nlohmann::json::array({3, 7}));
  EXPECT_EQ(j["relationship"], nlohmann::json::array({1, 3}));

  r = RunCli("shape --op transposed -i 3 -k 3 -s 2 -p 1 -a 1 --json");
  ASSERT_EQ(r.code, 0) << r.err;
  j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["output_size"], nlohmann::json::array({6, 6}));
  EXPECT_EQ(j["relationship"], nlohmann::json::array({14, 14}));
  EXPECT_EQ(j["transposed"]["stretched_input_size"], nlohmann::json::array({5, 5}));
  EXPECT_EQ(j["transposed"]["equivalent_padding"], nlohmann::json::array({1, 1}));
  EXPECT_EQ(j["transposed"]["same_output_inputs"][0], nlohmann::json::array({5, 6}));
}

TEST(CliShape, TextNamesTheRelationshipAndPresetsWork) {
  const Result r = RunCli("shape --preset fig2.7");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("Relationship 6"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("o = ⌊(6 + 2·1 - 3)/2⌋ + 1 = 3"), std::string::npos) << r.out;
  const Result t = RunCli("shape --preset fig4.6");
  EXPECT_NE(t.out.find("rotated 180°"), std::string::npos) << t.out;
}

TEST(CliShape, PoolingCeilModeMatchesPyTorch) {
  // PyTorch: MaxPool2d(3, stride=2, ceil_mode=True) on 6 -> 3 (floor: 2); on 5 -> 2 (last window would start in padding).
  auto size = [](const std::string& args) {
    const Result r = RunCli("shape " + args + " --json");
    return nlohmann::json::parse(r.out)["output_size"][0].get<int>();
  };
  EXPECT_EQ(size("--op maxpool -i 6 -k 3 -s 2"), 2);
  EXPECT_EQ(size("--op maxpool -i 6 -k 3 -s 2 --ceil-mode"), 3);
  EXPECT_EQ(size("--op maxpool -i 5 -k 2 -s 2 -p 1 --ceil-mode"), 3);
}

TEST(CliCompute, Figure11FromFiles) {
  const Result r = RunCli("compute -k 3 --input " + Data("fig11_input.json") + " --kernel " + Data("fig11_kernel.json") +
                       " --json");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["output_size"], nlohmann::json::array({3, 3}));
  EXPECT_EQ(j["output"], nlohmann::json::parse("[[12,12,17],[10,17,19],[9,6,14]]"));
}

TEST(CliCompute, TransposedChecksBothWaysAndPoolingIndices) {
  Result r = RunCli("compute --op transposed -i 3 -k 3 -s 2 -p 1 -a 1 --fill random --seed 4 --kernel-fill fig1.1 --json");
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["output_size"], nlohmann::json::array({6, 6}));
  EXPECT_TRUE(j["scatter_equals_equivalent"].get<bool>());
  EXPECT_EQ(j["output"], j["output_equivalent_convolution"]);

  r = RunCli("compute --op maxpool -k 3 --input " + Data("fig11_input.json") + " --json");
  ASSERT_EQ(r.code, 0) << r.err;
  j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["output"][0][0], 3);
  EXPECT_EQ(j["indices"][0][0], 0);  // shaped like the output, as PyTorch's return_indices

  r = RunCli("compute --op avgpool -i 3 -k 2 -s 2 -p 1 --fill ones --count-include-pad false --json");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["output"], nlohmann::json::parse("[[1,1],[1,1]]"));
  r = RunCli("compute --op avgpool -i 3 -k 2 -s 2 -p 1 --fill ones --json");
  EXPECT_EQ(nlohmann::json::parse(r.out)["output"], nlohmann::json::parse("[[0.25,0.5],[0.5,1]]"));
}

TEST(CliCompute, MatrixAndExplain) {
  const Result r = RunCli("compute -i 4 -k 3 --kernel-fill fig1.1 --matrix --explain");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("C (4x16, 36 stored entries)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("step 3 -> y[1,1]"), std::string::npos) << r.out;
}

struct BadCase {
  const char* name;
  const char* args;
  const char* fragment;
};

class CliErrors : public ::testing::TestWithParam<BadCase> {};

TEST_P(CliErrors, ExitTwoWithOneClearLine) {
  const BadCase c = GetParam();
  const Result r = RunCli(c.args);
  EXPECT_EQ(r.code, 2) << c.args << "\n" << r.out << r.err;
  EXPECT_EQ(Lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find(c.fragment), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

INSTANTIATE_TEST_SUITE_P(
    Bad, CliErrors,
    ::testing::Values(BadCase{"kernel_too_large", "shape -i 5 -k 7", "kernel_size"}, BadCase{"stride_zero", "shape -i 5 -k 3 -s 0", "stride"},
                      BadCase{"input_zero", "shape -i 0 -k 3", "input_size"}, BadCase{"input_too_large", "shape -i 99999 -k 3", "4096"},
                      BadCase{"input_not_a_number", "shape -i five -k 3", "input_size (-i)"}, BadCase{"input_missing", "shape -k 3", "input_size (-i) is required"},
                      BadCase{"pool_padding", "shape --op maxpool -i 5 -k 3 -p 2", "at most half"},
                      BadCase{"output_padding", "shape --op transposed -i 3 -k 3 -s 2 -a 2", "output_padding"},
                      BadCase{"output_padding_not_transposed", "shape -i 5 -k 3 -a 1", "output_padding (-a): output_padding applies only to transposed"},
                      BadCase{"unknown_op", "shape --op blur -i 5 -k 3", "unknown operation"},
                      BadCase{"unknown_preset", "shape --preset fig9.9", "unknown figure"},
                      BadCase{"unknown_flag", "shape -i 5 -k 3 --bogus", "--bogus"},
                      BadCase{"missing_file", "compute -i 4 -k 3 --input /nonexistent.json", "cannot open"},
                      BadCase{"ragged_rows", "compute -k 3 --input " CONVARITH_TEST_DATA "/ragged.json", "rectangular"},
                      BadCase{"broken_json", "compute -k 3 --input " CONVARITH_TEST_DATA "/broken.json", "not valid JSON"},
                      BadCase{"not_numbers", "compute -k 1 --input " CONVARITH_TEST_DATA "/not_numbers.json", "not a number"},
                      BadCase{"input_disagrees", "compute -i 4 -k 3 --input " CONVARITH_TEST_DATA "/fig11_input.json", "disagrees"},
                      BadCase{"kernel_file_size", "compute -i 5 -k 2 --kernel " CONVARITH_TEST_DATA "/fig11_kernel.json", "kernel_size"},
                      BadCase{"unknown_fill", "compute -i 5 -k 3 --fill zebra", "--fill"},
                      BadCase{"count_include_pad_value", "compute --op avgpool -i 5 -k 3 --count-include-pad maybe", "true or false"},
                      BadCase{"work_limit", "compute -i 4096 -k 1000", "multiply-adds"},
                      BadCase{"step_limit", "shape -i 4096 -k 2048", "one output would read"},
                      BadCase{"groups_divide", "shape --in-channels 4 --out-channels 2 --groups 3 -i 5 -k 3", "divisible by groups"},
                      BadCase{"reflect_too_wide", "shape --dims 1 -i 3 -k 1 -p 3 --padding-mode reflect", "reflect padding"},
                      BadCase{"circular_too_wide", "shape -i 3 -k 1 -p 4 --padding-mode circular", "circular padding"},
                      BadCase{"mode_for_transposed", "shape --op transposed -i 3 -k 3 --padding-mode reflect", "padding_mode"},
                      BadCase{"unknown_mode", "shape -i 5 -k 3 --padding-mode mirror", "--padding-mode"},
                      BadCase{"sizes_vs_dims", "shape --dims 2 -i 5 -k 3x3x3", "spatial dimensions"},
                      BadCase{"four_sizes", "shape -i 2x3x4x5 -k 1", "at most 3"},
                      BadCase{"dims_out_of_range", "shape --dims 4 -i 5 -k 3", "--dims"},
                      BadCase{"p_and_pad_before", "shape -i 5 -k 3 -p 1 --pad-before 2", "not both"},
                      BadCase{"groups_for_pooling", "shape --op maxpool -i 5 -k 3 --groups 2", "pooling"},
                      BadCase{"input_rank", "compute --dims 1 -k 1 --input " CONVARITH_TEST_DATA "/fig11_input.json --in-channels 3", "disagrees"},
                      BadCase{"bias_shape", "compute -i 3 -k 1 --out-channels 2 --bias " CONVARITH_TEST_DATA "/signal3.json", "one value per output channel"},
                      BadCase{"bias_for_pooling", "compute --op maxpool -i 3 -k 1 --bias-fill ones", "pooling has no bias"},
                      BadCase{"channels_too_many", "shape -i 512 -k 3 --in-channels 4096", "limit"}),
    [](const ::testing::TestParamInfo<BadCase>& param_info) { return std::string(param_info.param.name); });

nlohmann::json Json(const std::string& args) {
  const Result r = RunCli(args + " --json");
  EXPECT_EQ(r.code, 0) << args << "\n" << r.err;
  return r.code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json();
}

TEST(CliChannels, Figure13OutputHasChannelsAndHandWorkedValues) {
  const auto j = Json("compute --preset fig1.3");
  // (C_out, H, W) = (3, 2, 2); y0[0,0] = x0[0,0] + x0[1,1] + x0[2,2] (diagonal kernel) + x1[1,1] (centre) = 1+1+0+2.
  ASSERT_EQ(j["output"].size(), 3u);
  ASSERT_EQ(j["output"][0].size(), 2u);
  EXPECT_EQ(j["output"][0][0][0], 4);
  // y2[0,0] = row 0 of x0's window (1+0+2) + 2·(row 2 of x1's window: 1+1+2) = 3 + 8 = 11.
  EXPECT_EQ(j["output"][2][0][0], 11);
  EXPECT_EQ(j["output_size"], nlohmann::json::array({2, 2}));
  EXPECT_EQ(j["kernel"].size(), 3u);
  EXPECT_EQ(j["kernel"][0].size(), 2u);
}

TEST(CliChannels, ExplainListsPerChannelParts) {
  const Result r = RunCli("compute --preset fig1.3 --explain");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("step 0 -> y0[0,0]: ch 0: 2 + ch 1: 2 = 4"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("    ch 0: 1·1 + 0·0"), std::string::npos) << r.out;
}

TEST(CliChannels, GroupsBiasAndPoolingIndicesPerChannel) {
  // Depthwise (groups = channels) with an identity kernel and a bias of ones: every map is its input plus one.
  auto j = Json("compute --in-channels 3 --groups 3 -i 4 -k 3 -p 1 --kernel-fill identity --bias-fill ones --fill ramp");
  ASSERT_EQ(j["output"].size(), 3u);
  for (int c = 0; c < 3; ++c)
    for (int r = 0; r < 4; ++r)
      for (int col = 0; col < 4; ++col)
        EXPECT_EQ(j["output"][c][r][col].get<double>(), j["input"][c][r][col].get<double>() + 1) << c << r << col;
  // Max pooling on two channels: indices are flat within each channel's map, as PyTorch returns them.
  j = Json("compute --op maxpool --in-channels 2 -i 4 -k 2 -s 2 --fill random --seed 3");
  ASSERT_EQ(j["indices"].size(), 2u);
  for (int c = 0; c < 2; ++c)
    for (int r = 0; r < 2; ++r)
      for (int col = 0; col < 2; ++col) {
        const int at = j["indices"][c][r][col].get<int>();
        EXPECT_EQ(j["input"][c][at / 4][at % 4], j["output"][c][r][col]);
        EXPECT_EQ(at / 4 / 2, r);
        EXPECT_EQ(at % 4 / 2, col);
      }
}

TEST(CliChannels, PaddingModesRanksAndPerSidePadding) {
  // Reflect of [1, 2, 3] by 2 on each side: 3 2 | 1 2 3 | 2 1; a 1-wide ones kernel copies it.
  auto j = Json("compute --dims 1 -k 1 -p 2 --padding-mode reflect --input " + Data("signal3.json"));
  EXPECT_EQ(j["output"], nlohmann::json::parse("[3, 2, 1, 2, 3, 2, 1]"));
  j = Json("compute --dims 1 -k 1 -p 2 --padding-mode replicate --input " + Data("signal3.json"));
  EXPECT_EQ(j["output"], nlohmann::json::parse("[1, 1, 1, 2, 3, 3, 3]"));
  j = Json("compute --dims 1 -k 1 -p 2 --padding-mode circular --input " + Data("signal3.json"));
  EXPECT_EQ(j["output"], nlohmann::json::parse("[2, 3, 1, 2, 3, 1, 2]"));
  // Causal: padding d(k - 1) before only keeps the length.
  j = Json("shape --dims 1 -i 12 -k 2 -d 4 --pad-before 4 --pad-after 0");
  EXPECT_EQ(j["output_size"], nlohmann::json::array({12}));
  j = Json("shape -i 4x5x6 -k 3");
  EXPECT_EQ(j["output_size"], nlohmann::json::array({2, 3, 4}));
  EXPECT_EQ(j["relationship"], nlohmann::json::array({1, 1, 1}));
  EXPECT_EQ(j["dims"], 3);
  j = Json("shape --op transposed --dims 3 -i 2 -k 3 -s 2 --in-channels 4 --out-channels 6 --groups 2");
  EXPECT_EQ(j["output_shape"], nlohmann::json::array({6, 5, 5, 5}));
  EXPECT_EQ(j["weight_shape"], nlohmann::json::array({4, 3, 3, 3, 3}));
}

TEST(Cli, HelpOnEverySubcommandExitsZero) {
  for (const char* sub : {"", "shape ", "compute ", "export "}) {
    const Result r = RunCli(std::string(sub) + "--help");
    EXPECT_EQ(r.code, 0) << sub;
    EXPECT_NE(r.out.find("--"), std::string::npos) << sub;
  }
}

}  // namespace

namespace {

TEST(CliNet, LayersSpecJsonHasOneEntryPerLayer) {
  const Result r = RunCli("net --layers 'conv k=3 s=2 p=1 c=16; maxpool k=2; convT k=4 s=2 p=1 a=0' -i 32 --json");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["layers"].size(), 3u);
  EXPECT_EQ(j["layers"][0]["output_size"], nlohmann::json::array({16, 16}));
  EXPECT_EQ(j["layers"][1]["output_size"], nlohmann::json::array({8, 8}));
  EXPECT_EQ(j["layers"][2]["output_size"], nlohmann::json::array({16, 16}));
  EXPECT_EQ(j["layers"][0]["receptive_field"], nlohmann::json::array({3, 3}));
  EXPECT_EQ(j["layers"][1]["receptive_field"], nlohmann::json::array({5, 5}));
  EXPECT_EQ(j["layers"][1]["jump"], nlohmann::json::array({4.0, 4.0}));
  EXPECT_EQ(j["layers"][2]["jump"], nlohmann::json::array({2.0, 2.0}));
  EXPECT_EQ(j["layers"][0]["start"], nlohmann::json::array({0.0, 0.0}));
  EXPECT_FALSE(j.contains("decoder"));
}

TEST(CliNet, TextTableAndMirror) {
  const Result r = RunCli("net --layers 'conv k=3 s=2 p=1; conv k=3 s=2 p=1' -i 6 --mirror");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("receptive field"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("mirror decoder"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("5 (a=0), 6 (a=1)"), std::string::npos) << r.out;  // the paper's ambiguity, resolved
  // ceil_mode pooling: its last window hangs over the end (8 -> 4), so the decoder crops one more cell (9 -> 8).
  const Result j = RunCli("net --layers 'conv k=3 s=2 p=1; maxpool k=3 s=2 ceil=1' --dims 1 -i 15 --mirror --json");
  ASSERT_EQ(j.code, 0) << j.err;
  const auto d = nlohmann::json::parse(j.out)["decoder"];
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0]["output_size"], nlohmann::json::array({8}));
  EXPECT_EQ(d[0]["pad_after"], nlohmann::json::array({1}));
  EXPECT_EQ(d[1]["output_size"], nlohmann::json::array({15}));
  EXPECT_EQ(d[1]["output_padding"], nlohmann::json::array({0}));
}

TEST(CliNet, ReadsPyTorchAndKerasFilesAndWritesCode) {
  Result r = RunCli("net --pytorch " + Data("net_model.py") + " -i 32 --json");
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["in_channels"], 3);
  ASSERT_EQ(j["layers"].size(), 3u);
  EXPECT_EQ(j["layers"][2]["output_size"], nlohmann::json::array({8, 8}));
  EXPECT_EQ(j["layers"][2]["output_channels"], 32);
  EXPECT_EQ(j["passed_through"].size(), 2u);
  r = RunCli("net --keras " + Data("net_keras.py") + " --json");
  ASSERT_EQ(r.code, 0) << r.err;
  j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["layers"][2]["output_size"], nlohmann::json::array({14, 14}));
  r = RunCli("net --keras " + Data("net_keras.py") + " --code pytorch");
  ASSERT_EQ(r.code, 0) << r.err;
  // Keras' 'same' crops the one extra cell at the end: PyTorch needs a crop layer for that.
  EXPECT_NE(r.out.find("nn.ConvTranspose2d(32, 8, kernel_size=3, stride=2),\n    nn.ConstantPad2d((0, -1, 0, -1), 0)"),
            std::string::npos) << r.out;
  r = RunCli("net --pytorch " + Data("net_model.py") + " -i 32 --code keras");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("keras.Input(shape=(32, 32, 3))"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("layers.Conv2D(32, 3, padding='same')"), std::string::npos) << r.out;
}

TEST(CliNet, BadInputIsOneLineNamingLayerLineAndParameter) {
  Result r = RunCli("net --pytorch " + Data("net_bad.py") + " -i 32");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(Lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("line 5"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("nn.Flatten"), std::string::npos) << r.err;
  r = RunCli("net --layers 'conv k=3 s=2; conv k=9' -i 8");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(Lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("layer 2"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("kernel_size"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
  r = RunCli("net --layers 'conv k=3 wat=1' -i 8");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("unknown parameter 'wat'"), std::string::npos) << r.err;
  r = RunCli("net --layers 'conv k=3' --keras x.py -i 8");
  EXPECT_EQ(r.code, 2);
  r = RunCli("net --pytorch /nonexistent.py -i 8");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(Lines(r.err), 1) << r.err;
  r = RunCli("net --layers 'conv k=3'");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("-i SIZE"), std::string::npos) << r.err;
}

TEST(CliNet, ShapeAndComputeWriteTheLayerAsCode) {
  Result r = RunCli("shape -i 5 -k 3 -s 2 -p 1 --in-channels 3 --out-channels 8 --code pytorch");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "nn.Conv2d(3, 8, kernel_size=3, stride=2, padding=1, bias=False)\n");
  r = RunCli("shape --op transposed -i 4 -k 3 -s 2 -p 1 -a 1 --code keras");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "layers.Conv2DTranspose(1, 3, strides=2, output_padding=1, use_bias=False)\n"
                   "layers.Cropping2D(cropping=((1, 1), (1, 1)))\n");
  r = RunCli("shape --op transposed -i 4 -k 4 -s 2 -p 1 --code keras");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "layers.Conv2DTranspose(1, 4, strides=2, padding='same', use_bias=False)\n");
  r = RunCli("compute --dims 1 -i 12 -k 2 -d 4 --pad-before 4 --pad-after 0 --code keras --json");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["code"], "layers.Conv1D(1, 2, padding='causal', dilation_rate=4, use_bias=False)");
}

}  // namespace
