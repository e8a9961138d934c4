// Links: a configuration in a URL fragment, parsed and written back, and the flags it stands for.
#include <gtest/gtest.h>

#include <random>

#include "convarith/base/error.hpp"
#include "convarith/link/link.hpp"

namespace convarith {
namespace {

std::string ErrorOf(std::string_view link) {
  try {
    ParseLink(link);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidLink);
    return e.what();
  }
  return "";
}

TEST(Link, TheIssuesExampleFromAUrlAFragmentOrBareText) {
  const std::vector<LinkEntry> want{{"op", "transposed"}, {"i", "3"}, {"k", "3"}, {"s", "2"},
                                    {"p", "1"},           {"a", "1"}, {"view", "all"}, {"step", "7"}};
  const std::string fragment = "op=transposed&i=3&k=3&s=2&p=1&a=1&view=all&step=7";
  EXPECT_EQ(ParseLink("https://example.org/convarith/index.html#" + fragment), want);
  EXPECT_EQ(ParseLink("#" + fragment), want);
  EXPECT_EQ(ParseLink(fragment), want);
  EXPECT_EQ(WriteLink(want), "#" + fragment);
  EXPECT_TRUE(ParseLink("").empty());
  EXPECT_TRUE(ParseLink("https://example.org/#").empty());
}

TEST(Link, FlagsAreTheCommandLinesOwn) {
  const std::vector<std::string> flags =
      LinkFlags(ParseLink("#preset=fig2.6&in_channels=3&padding_mode=reflect&symbols=1&presentation=0&step=4"));
  EXPECT_EQ(flags, (std::vector<std::string>{"--preset", "fig2.6", "--in-channels", "3", "--padding-mode", "reflect",
                                             "--symbols", "--step", "3"}));  // links count steps from 1
}

// Fills and their seed (issue 18): a random input's seed is the command line's --seed.
TEST(Link, ARandomFillCarriesItsSeed) {
  const std::vector<LinkEntry> entries{{"seed", "4294967295"}, {"fill", "random"}, {"op", "conv"}, {"i", "5"}};
  const std::string link = WriteLink(entries);
  EXPECT_EQ(link, "#op=conv&i=5&fill=random&seed=4294967295");
  EXPECT_EQ(LinkFlags(ParseLink(link)),
            (std::vector<std::string>{"--op", "conv", "-i", "5", "--fill", "random", "--seed", "4294967295"}));
}

TEST(Link, WrittenInOneOrderWhateverTheOrderGiven) {
  EXPECT_EQ(WriteLink({{"step", "4"}, {"preset", "fig2.6"}}), "#preset=fig2.6&step=4");
}

TEST(Link, ValuesArePercentEncodedAndDecoded) {
  const std::vector<LinkEntry> odd{{"view", "equivalent,scatter"}, {"i", "5x7"}, {"preset", "a b&c=d#e%"}};
  const std::string link = WriteLink(odd);
  EXPECT_EQ(link.find(' '), std::string::npos);
  EXPECT_EQ(link.find('#', 1), std::string::npos);
  EXPECT_NE(link.find("view=equivalent,scatter"), std::string::npos);  // commas stay readable
  std::vector<LinkEntry> back = ParseLink(link);
  std::vector<LinkEntry> sorted = odd;
  std::sort(sorted.begin(), sorted.end(), [](const LinkEntry& a, const LinkEntry& b) { return a.key < b.key; });
  std::sort(back.begin(), back.end(), [](const LinkEntry& a, const LinkEntry& b) { return a.key < b.key; });
  EXPECT_EQ(back, sorted);
  EXPECT_EQ(ParseLink("#i=5%78%37")[0].value, "5x7");
}

TEST(Link, RandomEntriesSurviveTheRoundTrip) {
  std::mt19937 rng(7);
  const std::vector<std::string_view>& keys = LinkKeys();
  const std::string alphabet = "abcXYZ019 -_.,~%&=#+/?é";
  for (int trial = 0; trial < 500; ++trial) {
    std::vector<LinkEntry> entries;
    for (std::string_view key : keys) {
      if (rng() % 3 != 0) continue;
      std::string value;
      const size_t length = 1 + rng() % 8;
      for (size_t n = 0; n < length; ++n) value += alphabet[rng() % alphabet.size()];
      entries.push_back({std::string(key), value});
    }
    const std::vector<LinkEntry> back = ParseLink(WriteLink(entries));
    ASSERT_EQ(back, entries) << WriteLink(entries);  // keys were taken in LinkKeys() order: the written order
  }
}

TEST(Link, BadLinksNameTheKeyOrThePart) {
  EXPECT_NE(ErrorOf("#op=conv&stride=2").find("unknown key 'stride'"), std::string::npos);
  EXPECT_NE(ErrorOf("#op=conv&stride=2").find("known: preset, op"), std::string::npos);
  EXPECT_NE(ErrorOf("#i=3&i=4").find("'i' is given twice"), std::string::npos);
  EXPECT_NE(ErrorOf("#i").find("'i' has no '='"), std::string::npos);
  EXPECT_NE(ErrorOf("#i=").find("'i' has no value"), std::string::npos);
  EXPECT_NE(ErrorOf("#i=3%4").find("'i': a '%' must be followed by two hex digits"), std::string::npos);
  EXPECT_NE(ErrorOf("#i=3%").find("two hex digits"), std::string::npos);
  EXPECT_THROW(LinkFlags({{"symbols", "yes"}}), Error);
  EXPECT_THROW(LinkFlags({{"step", "0"}}), Error);
  EXPECT_THROW(LinkFlags({{"step", "four"}}), Error);
  EXPECT_THROW(WriteLink({{"nope", "1"}}), Error);
}

}  // namespace
}  // namespace convarith
