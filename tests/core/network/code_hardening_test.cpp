// Malformed and hostile code: nesting refused at a fixed depth however it is built (calls, brackets, method chains),
// code files through the bounded reader, numbers parsed without the locale, the --layers spec refusing what the
// flags refuse.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "../locale_guard.hpp"
#include "convarith/base/read_file.hpp"
#include "convarith/network/code_io.hpp"
#include "convarith/network/network.hpp"

namespace convarith {
namespace {

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

std::string NetworkErrorOf(const std::string& code, bool keras) {
  try {
    keras ? ReadKeras(code) : ReadPyTorch(code);
  } catch (const NetworkError& e) {
    return e.what();
  }
  return "";
}

// The audit's crash: the depth restarted at every call, so 10,000 nested calls overflowed the stack (exit 139).
TEST(CodeHardening, TenThousandNestedCallsAreRefusedNotACrash) {
  const std::string calls = "model = nn.Sequential(" + Repeat("f(", 10000) + Repeat(")", 10000) + ")";
  EXPECT_NE(NetworkErrorOf(calls, false).find("nested deeper than 64 levels"), std::string::npos);
  const std::string keras = "model = keras.Sequential([" + Repeat("layers.f(", 10000) + Repeat(")", 10000) + "])";
  EXPECT_NE(NetworkErrorOf(keras, true).find("nested deeper than 64 levels"), std::string::npos);
  // Calls inside brackets inside calls count every level alike.
  const std::string mixed = "model = nn.Sequential(" + Repeat("f([(", 5000) + Repeat(")])", 5000) + ")";
  EXPECT_NE(NetworkErrorOf(mixed, false).find("nested deeper than 64 levels"), std::string::npos);
  const std::string brackets = "model = nn.Sequential(" + Repeat("(", 100000) + Repeat(")", 100000) + ")";
  EXPECT_NE(NetworkErrorOf(brackets, false).find("nested deeper than 64 levels"), std::string::npos);
}

TEST(CodeHardening, NestingUpToTheLimitStillReads) {
  // 60 levels of tuples around a kernel size: read (and refused for its meaning, not for its depth).
  const std::string code = "model = nn.Sequential(nn.Conv2d(1, 1, " + Repeat("(", 60) + "3" + Repeat(")", 60) + "))";
  const std::string error = NetworkErrorOf(code, false);
  EXPECT_EQ(error, "");  // (3) is 3, however many brackets
}

TEST(CodeHardening, LongMethodChainsAreALoopNotARecursion) {
  const std::string code = "model = nn.Sequential(nn.Conv2d(1, 2, 3))" + Repeat(".to(device)", 20000);
  const Network n = ReadPyTorch(code);
  ASSERT_EQ(n.layers.size(), 1u);
  EXPECT_EQ(n.layers[0].config.out_channels, 2);
}

TEST(CodeHardening, DropoutReadsUnderACommaDecimalLocale) {
  test::CommaLocale locale;
  if (!locale.active()) GTEST_SKIP() << "de_DE.UTF-8 is not installed (scripts/setup.sh generates it)";
  const Network n = ReadPyTorch("model = nn.Sequential(nn.Conv2d(1, 1, 3), nn.Dropout(0.5), nn.LeakyReLU(1e-2))");
  EXPECT_EQ(n.layers.size(), 1u);
  EXPECT_EQ(n.passed_through.size(), 2u);
  // A float in a message is written with a point as well.
  EXPECT_NE(NetworkErrorOf("model = nn.Sequential(nn.Conv2d(1, 1, 2.5))", false).find("2.5"), std::string::npos);
}

std::string ReadErrorOf(const std::string& path) {
  try {
    ReadCodeFile(path, "--pytorch");
  } catch (const ReadError& e) {
    return e.what();
  }
  return "";
}

TEST(CodeHardening, CodeFilesGoThroughTheBoundedReader) {
  EXPECT_EQ(ReadErrorOf("/dev/zero"), "--pytorch: '/dev/zero' is a character device, not a file");
  const std::string big = ::testing::TempDir() + "/convarith_big_code.py";
  {
    std::ofstream out(big, std::ios::binary);
    out << std::string(kMaxCodeBytes + 1, '#');
  }
  EXPECT_EQ(ReadErrorOf(big), "--pytorch: '" + big + "' is larger than 4 MiB (4194305 bytes)");
  const std::string nul = ::testing::TempDir() + "/convarith_nul_code.py";
  std::ofstream(nul, std::ios::binary) << std::string("model\0x", 7);
  EXPECT_EQ(ReadErrorOf(nul), "--pytorch: '" + nul + "' is not a text file (it holds NUL bytes)");
}

std::string SpecErrorOf(const std::string& spec) {
  try {
    ParseLayerSpec(spec, 2);
  } catch (const NetworkError& e) {
    return e.what();
  }
  return "";
}

// --layers follows the flags: booleans as true/false, and what an operation does not take is refused.
TEST(CodeHardening, LayerSpecBooleansAndTheFlagsRules) {
  EXPECT_TRUE(ParseLayerSpec("maxpool k=2 ceil=true", 2).layers[0].config.ceil_mode);
  EXPECT_FALSE(ParseLayerSpec("conv k=3 bias=false", 2).layers[0].config.bias);
  EXPECT_FALSE(ParseLayerSpec("avgpool k=3 cip=False", 2).layers[0].config.count_include_pad);
  EXPECT_TRUE(ParseLayerSpec("maxpool k=3 s=2 ceil=1", 2).layers[0].config.ceil_mode);  // 1/0 as before
  EXPECT_EQ(SpecErrorOf("maxpool k=2 ceil=maybe"), "layer 1 (maxpool): ceil expects true or false, got 'maybe'");
  EXPECT_EQ(SpecErrorOf("conv k=3 ceil=1"), "layer 1 (conv): ceil_mode applies only to maxpool and avgpool");
  EXPECT_EQ(SpecErrorOf("convT k=3 mode=reflect"),
            "layer 1 (transposed): padding_mode applies only to conv (PyTorch's transposed convolutions and poolings "
            "pad with zeros)");
  EXPECT_EQ(SpecErrorOf("maxpool k=2 cip=true"), "layer 1 (maxpool): count_include_pad applies only to avgpool");
  EXPECT_EQ(SpecErrorOf("avgpool k=2 bias=true"),
            "layer 1 (avgpool): bias applies to conv and transposed; pooling has no bias");
  EXPECT_EQ(SpecErrorOf("maxpool k=2 c=4"),
            "layer 1 (maxpool): out_channels and groups apply to conv and transposed; pooling works on each input "
            "channel");
  EXPECT_EQ(SpecErrorOf("conv k=3 a=1"), "layer 1 (conv): output_padding applies only to transposed");
  EXPECT_EQ(SpecErrorOf("conv k=3 mode=zeros; maxpool k=2 mode=zeros"), "");  // the default is no error
}

}  // namespace
}  // namespace convarith
