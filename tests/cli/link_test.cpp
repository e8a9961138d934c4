// `convarith --link`: a link that cannot open is refused in one line naming the key or rule (exit 2 in automation
// runs, before any window opens: no display needed here).
#include "run_cli.hpp"

namespace {

using cli_test::RunCli;

TEST(Link, ABadKeyIsNamedAndAutomationExits2) {
  const auto r = RunCli("--link '#i=5&k=three' --screenshot /tmp/convarith-link-never.png");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "convarith: link: 'k' must be a size like 5, 4x6 or 3x4x6, got 'three'\n");
}

TEST(Link, AConfigurationTheRulesRefuseIsNamedLikeItsFlag) {
  // Parsed, but k = 7 does not fit i = 3 without padding: the same message as the flags would give, after "link: ".
  const auto flags = RunCli("-i 3 -k 7 --screenshot /tmp/convarith-link-never.png");
  const auto link = RunCli("--link 'https://example.org/convarith/#i=3&k=7' --screenshot /tmp/convarith-link-never.png");
  EXPECT_EQ(link.code, 2);
  ASSERT_EQ(flags.code, 2);
  EXPECT_EQ(link.err, "convarith: link: " + flags.err.substr(std::string("convarith: ").size()));
}

TEST(Link, AnUnknownKeyListsTheKeys) {
  const auto r = RunCli("--link 'zoom=2' --bench-frames 1");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("unknown key 'zoom' (the keys: preset, op, dims, i, k, s, p"), std::string::npos) << r.err;
}

}  // namespace
