// `convarith exercises`: JSON with the layers as `net --json` writes them, answers that `shape` and `net` agree with,
// the same sheet for the same seed, the text answer key, the PDF sheet written whole, and bad input refused (exit 2).
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "run_cli.hpp"

namespace {

using cli_test::RunCli;
using nlohmann::json;

json Sheet(const std::string& args) {
  const auto r = RunCli("exercises --json " + args);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  return json::parse(r.out);
}

std::string Sizes(const json& list) {
  std::string s;
  for (const auto& v : list) s += (s.empty() ? "" : "x") + std::to_string(v.get<int>());
  return s;
}

// The answer as a list whatever its form (a number or a per-axis list).
std::vector<int> AnswerList(const json& e) {
  if (e["answer"].is_number()) return {e["answer"].get<int>()};
  return e["answer"].get<std::vector<int>>();
}

// The `shape` flags of a layer from its JSON (the keys `net --json` uses).
std::string ShapeFlags(const json& l) {
  std::string f = "--op " + l["op"].get<std::string>() + " --dims " + std::to_string(l["dims"].get<int>()) + " -i " +
                  Sizes(l["input_size"]) + " -k " + Sizes(l["kernel_size"]) + " -s " + Sizes(l["stride"]) +
                  " --pad-before " + Sizes(l["pad_before"]) + " --pad-after " + Sizes(l["pad_after"]) + " -d " +
                  Sizes(l["dilation"]);
  if (l.contains("output_padding")) f += " -a " + Sizes(l["output_padding"]);
  if (l.value("ceil_mode", false)) f += " --ceil-mode";
  return f;
}

TEST(CliExercises, JsonListsKindQuestionLayersAndAnswer) {
  const json sheet = Sheet("--count 10 --seed 4");
  ASSERT_EQ(sheet.size(), 10u);
  const std::vector<std::string> kinds = {"output_size", "same_padding", "output_padding", "same_output_inputs",
                                          "receptive_field"};
  for (size_t n = 0; n < sheet.size(); ++n) {
    const json& e = sheet[n];
    EXPECT_EQ(e["kind"], kinds[n % 5]);
    EXPECT_TRUE(e["question"].is_string());
    EXPECT_TRUE(e["answer"].is_number() || e["answer"].is_array());
    ASSERT_TRUE(e["layers"].is_array());
    ASSERT_FALSE(e["layers"].empty());
    for (const json& l : e["layers"]) {
      const int dims = l["dims"].get<int>();
      // As `net --json`: padding when both sides agree, pad_before and pad_after always.
      EXPECT_EQ(l.contains("padding"), l["pad_before"] == l["pad_after"]);
      for (const char* key : {"input_size", "kernel_size", "stride", "pad_before", "pad_after", "dilation"}) {
        ASSERT_TRUE(l.contains(key)) << key << " in " << l.dump();
        EXPECT_EQ(l[key].size(), static_cast<size_t>(dims)) << key;
      }
      EXPECT_EQ(l.contains("output_padding"), l["op"] == "transposed");
      EXPECT_EQ(l.contains("ceil_mode"), l["op"] == "maxpool" || l["op"] == "avgpool");
    }
  }
  // The same seed gives the same sheet; another seed another one; --kinds takes turns among the kinds given.
  EXPECT_EQ(Sheet("--count 10 --seed 4"), sheet);
  EXPECT_NE(Sheet("--count 10 --seed 5"), sheet);
  const json some = Sheet("--count 4 --seed 4 --kinds receptive_field,output_padding");
  EXPECT_EQ(some[0]["kind"], "receptive_field");
  EXPECT_EQ(some[1]["kind"], "output_padding");
  EXPECT_EQ(some[2]["kind"], "receptive_field");
}

TEST(CliExercises, AnswersAgreeWithShapeAndNet) {
  const json sheet = Sheet("--count 30 --seed 11");
  for (const json& e : sheet) {
    SCOPED_TRACE(e.dump());
    const std::vector<int> answer = AnswerList(e);
    const json& first = e["layers"][0];
    const auto shape = RunCli("shape --json " + ShapeFlags(first));
    ASSERT_EQ(shape.code, 0) << shape.err;
    const json s = json::parse(shape.out);
    if (e["kind"] == "output_size") {
      EXPECT_EQ(s["output_size"].get<std::vector<int>>(), answer);
    } else if (e["kind"] == "same_output_inputs") {
      EXPECT_EQ(s["axes"][0]["same_output_inputs"].get<std::vector<int>>(), answer);
    } else if (e["kind"] == "same_padding") {
      // The layer has the answer in place: 'same' keeps ⌈i/s⌉ outputs.
      std::vector<int> want;
      for (size_t a = 0; a < first["input_size"].size(); ++a) {
        const int i = first["input_size"][a], st = first["stride"][a];
        want.push_back((i + st - 1) / st);
        const int total = first["pad_before"][a].get<int>() + first["pad_after"][a].get<int>();
        EXPECT_EQ(answer[a], st == 1 ? first["pad_before"][a].get<int>() : total);
      }
      EXPECT_EQ(s["output_size"].get<std::vector<int>>(), want);
    } else if (e["kind"] == "output_padding") {
      EXPECT_EQ(first["output_padding"].get<std::vector<int>>(), answer);
    } else {
      std::string spec;
      for (const json& l : e["layers"]) {
        spec += (spec.empty() ? "" : "; ") + std::string(l["op"] == "conv" ? "conv" : l["op"].get<std::string>()) +
                " k=" + Sizes(l["kernel_size"]) + " s=" + Sizes(l["stride"]) + " p=" + Sizes(l["padding"]) +
                (l["op"] == "conv" ? " d=" + Sizes(l["dilation"]) : "");
      }
      const auto net = RunCli("net --json --dims " + std::to_string(first["dims"].get<int>()) + " -i " +
                              Sizes(first["input_size"]) + " --layers '" + spec + "'");
      ASSERT_EQ(net.code, 0) << net.err;
      const json n = json::parse(net.out);
      EXPECT_EQ(n["layers"].back()["receptive_field"].get<std::vector<int>>(), answer);
    }
  }
}

TEST(CliExercises, TextHasQuestionsThenTheAnswerKey) {
  const auto r = RunCli("exercises --count 5 --seed 2");
  ASSERT_EQ(r.code, 0) << r.err;
  const size_t key = r.out.find("\nAnswer key\n");
  ASSERT_NE(key, std::string::npos);
  const json sheet = Sheet("--count 5 --seed 2");
  for (size_t n = 0; n < sheet.size(); ++n) {
    const std::string q = sheet[n]["question"];
    const size_t at = r.out.find(q);
    EXPECT_LT(at, key) << q;
    const std::vector<int> a = AnswerList(sheet[n]);
    const std::string line = "\n" + std::to_string(n + 1) + ". " + std::to_string(a[0]);
    EXPECT_NE(r.out.find(line, key), std::string::npos) << line;
  }
}

TEST(CliExercises, PdfSheetWithAnAnswerKey) {
  const std::string dir = ::testing::TempDir() + "/exercises_pdf";
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/sheet.pdf";
  const auto r = RunCli("exercises --count 12 --seed 3 --out " + path);
  ASSERT_EQ(r.code, 0) << r.err;
  std::ifstream in(path, std::ios::binary);
  std::string head(5, '\0');
  in.read(head.data(), 5);
  EXPECT_EQ(head, "%PDF-");
  const auto text = RunCli("--version && pdftotext -layout " + path + " -");  // the sheet's own text
  EXPECT_NE(text.out.find("Answer key"), std::string::npos);
  EXPECT_NE(text.out.find("1. Output size"), std::string::npos);
  EXPECT_NE(text.out.find("page 1 of"), std::string::npos);
  // Only the sheet in the directory: written under a temporary name, then renamed.
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) files += entry.is_regular_file();
  EXPECT_EQ(files, 1u);
}

TEST(CliExercises, BadInputNamesTheParameter) {
  const std::string dir = ::testing::TempDir() + "/exercises_bad";
  std::filesystem::create_directories(dir);
  const std::string kept = dir + "/kept.pdf";
  { std::ofstream(kept) << "mine"; }
  const std::pair<std::string, std::string> cases[] = {
      {"--count 0", "--count: must be between 1 and 1000"},
      {"--count 1001", "--count: must be between 1 and 1000"},
      {"--seed -1", "--seed: must be between 0 and 4294967295"},
      {"--seed 4294967296", "--seed: must be between 0 and 4294967295"},
      {"--kinds output_size,nope", "--kinds: unknown kind 'nope'"},
      {"--kinds ''", "--kinds: expected a comma-separated list"},
      {"--json --out " + kept, "--json and --out: give one of them"},
      {"--out " + dir + "/sheet.png", "--out: the sheet is a PDF"},
      {"--count 0 --out " + kept, "--count"},
      {"--out " + dir + "/missing/sheet.pdf", "--out: cannot write"},
      {"--out " + dir, "--out: the sheet is a PDF"},
  };
  for (const auto& [args, message] : cases) {
    const auto r = RunCli("exercises " + args);
    EXPECT_EQ(r.code, 2) << args;
    EXPECT_EQ(r.out, "") << args;
    EXPECT_NE(r.err.find(message), std::string::npos) << args << ": " << r.err;
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << args << ": " << r.err;
  }
  std::ifstream in(kept);
  std::string content;
  std::getline(in, content);
  EXPECT_EQ(content, "mine");
  // A directory where the sheet should go is refused, and stays a directory.
  std::filesystem::create_directories(dir + "/taken.pdf");
  const auto r = RunCli("exercises --out " + dir + "/taken.pdf");
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(std::filesystem::is_directory(dir + "/taken.pdf"));
  // Output lost on a full stdout is an error, not exit 0.
  EXPECT_NE(RunCli("exercises --count 3", "/dev/full").code, 0);
}

}  // namespace
