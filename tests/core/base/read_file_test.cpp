// The bounded reader and the streamed JSON numbers: non-regular files refused at once (a FIFO never blocks), the size
// limit checked before reading, the value limit while parsing, messages naming the option.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "convarith/base/json_numbers.hpp"
#include "convarith/base/read_file.hpp"

namespace convarith {
namespace {

// Per process: CTest runs these tests in parallel, each in its own process, and two of them writing one file raced
// (one read the other's ragged array).
std::string TempPath(const std::string& name) {
  return ::testing::TempDir() + "/convarith_base_" + std::to_string(::getpid()) + "_" + name;
}

std::string Write(const std::string& name, const std::string& text) {
  const std::string path = TempPath(name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::string ErrorOf(const std::string& path, const ReadLimits& limits) {
  try {
    ReadFileBounded(path, limits);
  } catch (const ReadError& e) {
    return e.what();
  }
  return "";
}

TEST(BoundedReader, ReadsARegularFileWhole) {
  const std::string path = Write("ok.txt", "hello\nworld");
  EXPECT_EQ(ReadFileBounded(path, {"--input", 100, true}), "hello\nworld");
  EXPECT_EQ(ReadFileBounded(path, {"--input", 11, true}), "hello\nworld");  // exactly the limit
}

TEST(BoundedReader, RefusesDevicesDirectoriesAndFifosNamingTheOption) {
  EXPECT_EQ(ErrorOf("/dev/zero", {"--pytorch", 1 << 20, true}),
            "--pytorch: '/dev/zero' is a character device, not a file");
  EXPECT_EQ(ErrorOf("/dev/urandom", {"--image", 1 << 20, false}),
            "--image: '/dev/urandom' is a character device, not a file");
  EXPECT_EQ(ErrorOf(::testing::TempDir(), {"--input", 1 << 20, true}),
            "--input: '" + ::testing::TempDir() + "' is a directory, not a file");
  // A FIFO with no writer: open() with O_NONBLOCK returns at once and fstat refuses it (a plain open would hang).
  const std::string fifo = TempPath("fifo");
  ::unlink(fifo.c_str());
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_EQ(ErrorOf(fifo, {"--keras", 1 << 20, true}), "--keras: '" + fifo + "' is a FIFO (named pipe), not a file");
  ::unlink(fifo.c_str());
}

TEST(BoundedReader, ChecksTheSizeBeforeReadingAndRefusesEmptyWhenAsked) {
  const std::string path = Write("big.txt", std::string(2000, 'x'));
  EXPECT_EQ(ErrorOf(path, {"--pytorch", 1024, true}), "--pytorch: '" + path + "' is larger than 1 KiB (2000 bytes)");
  const std::string empty = Write("empty.txt", "");
  EXPECT_EQ(ErrorOf(empty, {"--image", 1024, false}), "--image: '" + empty + "' is empty");
  EXPECT_EQ(ReadFileBounded(empty, {"--input", 1024, true}), "");
  EXPECT_EQ(ErrorOf(TempPath("missing"), {"--input", 10, true}),
            "--input: cannot open '" + TempPath("missing") + "': No such file or directory");
}

NestedNumbers Read(const std::string& json, long long max_values = 1000) {
  return ReadNestedNumbers(Write("n.json", json), {{"--input", 1 << 20, true}, max_values, 6});
}

std::string JsonError(const std::string& json, long long max_values = 1000) {
  try {
    Read(json, max_values);
  } catch (const ReadError& e) {
    const std::string what = e.what();
    return what.substr(what.find("' ") + 2);  // after the path
  }
  return "";
}

TEST(JsonNumbers, ReadsShapeAndValuesInOrder) {
  const NestedNumbers n = Read("[[1, 2.5, -3], [4e2, 0, 6]]");
  EXPECT_EQ(n.shape, (std::vector<int>{2, 3}));
  EXPECT_EQ(n.values, (std::vector<double>{1, 2.5, -3, 400, 0, 6}));
  EXPECT_EQ(Read("[[[1]], [[2]]]").shape, (std::vector<int>{2, 1, 1}));
  EXPECT_EQ(Read("[7, 8]").shape, (std::vector<int>{2}));
}

TEST(JsonNumbers, RefusesRaggedNonNumericAndScalarsAtThePlace) {
  EXPECT_EQ(JsonError("[[1, 2], [3]]"),
            "must hold nested arrays of numbers; entry [1] has 1 values, but the entries before it have 2 (every level "
            "must be rectangular)");
  EXPECT_EQ(JsonError("[[1, \"x\"]]"), "must hold nested arrays of numbers; entry [0][1] is not a number");
  EXPECT_EQ(JsonError("[[1], 2]"),
            "must hold nested arrays of numbers; entry [1] is a number where an array was expected (every level must "
            "be rectangular)");
  EXPECT_EQ(JsonError("[1, [2]]"),
            "must hold nested arrays of numbers; entry [1] is an array where a number was expected (every level must "
            "be rectangular)");
  EXPECT_EQ(JsonError("5"), "must hold nested arrays of numbers; it is a single number, not an array");
  EXPECT_EQ(JsonError("[]"), "must hold nested arrays of numbers; it is an empty array");
  EXPECT_EQ(JsonError("[[[[[[[1]]]]]]]"), "must hold nested arrays of numbers; it nests deeper than 6 levels");
  EXPECT_NE(JsonError("[1e400]").find("number overflow parsing '1e400'"), std::string::npos);
  EXPECT_NE(JsonError("[1, 2").find("is not valid JSON"), std::string::npos);
}

TEST(JsonNumbers, TheValueLimitStopsTheParserAtOnce) {
  EXPECT_EQ(JsonError("[1, 2, 3, 4]", 3), "must hold nested arrays of numbers; it holds more than 3 values");
  // Deep nesting never reaches the recursion of a document tree: 100,000 brackets are refused at the seventh.
  EXPECT_EQ(JsonError(std::string(100000, '[') + std::string(100000, ']')),
            "must hold nested arrays of numbers; it nests deeper than 6 levels");
}

}  // namespace
}  // namespace convarith
