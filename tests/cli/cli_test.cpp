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

namespace {

struct Result {
  int code = -1;
  std::string out, err;
};

Result RunCli(const std::string& args) {
  // A file of its own: ctest runs these tests in parallel processes.
  std::string err_path = ::testing::TempDir() + "/convarith_cli_stderr_XXXXXX";
  const int fd = mkstemp(err_path.data());
  if (fd < 0) return {};
  close(fd);
  const std::string cmd = std::string(CONVARITH_EXE) + " " + args + " 2>" + err_path;
  Result r;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), n);
  const int status = pclose(pipe);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream e(err_path);
  std::stringstream ss;
  ss << e.rdbuf();
  r.err = ss.str();
  std::remove(err_path.c_str());
  return r;
}

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
  EXPECT_EQ(j["indices"][0], 0);

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
                      BadCase{"output_padding_not_transposed", "shape -i 5 -k 3 -a 1", "applies only to --op transposed"},
                      BadCase{"unknown_op", "shape --op blur -i 5 -k 3", "unknown operation"},
                      BadCase{"unknown_preset", "shape --preset fig9.9", "unknown figure"},
                      BadCase{"unknown_flag", "shape -i 5 -k 3 --bogus", "--bogus"},
                      BadCase{"missing_file", "compute -i 4 -k 3 --input /nonexistent.json", "cannot open"},
                      BadCase{"ragged_rows", "compute -k 3 --input " CONVARITH_TEST_DATA "/ragged.json", "equal length"},
                      BadCase{"broken_json", "compute -k 3 --input " CONVARITH_TEST_DATA "/broken.json", "not valid JSON"},
                      BadCase{"not_numbers", "compute -k 1 --input " CONVARITH_TEST_DATA "/not_numbers.json", "not a number"},
                      BadCase{"input_disagrees", "compute -i 4 -k 3 --input " CONVARITH_TEST_DATA "/fig11_input.json", "disagrees"},
                      BadCase{"kernel_file_size", "compute -i 5 -k 2 --kernel " CONVARITH_TEST_DATA "/fig11_kernel.json", "kernel_size"},
                      BadCase{"unknown_fill", "compute -i 5 -k 3 --fill zebra", "--fill"},
                      BadCase{"count_include_pad_value", "compute --op avgpool -i 5 -k 3 --count-include-pad maybe", "true or false"},
                      BadCase{"work_limit", "compute -i 4096 -k 2048", "multiply-adds"}),
    [](const ::testing::TestParamInfo<BadCase>& param_info) { return std::string(param_info.param.name); });

TEST(Cli, HelpOnEverySubcommandExitsZero) {
  for (const char* sub : {"", "shape ", "compute ", "export "}) {
    const Result r = RunCli(std::string(sub) + "--help");
    EXPECT_EQ(r.code, 0) << sub;
    EXPECT_NE(r.out.find("--"), std::string::npos) << sub;
  }
}

}  // namespace
