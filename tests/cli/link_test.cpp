// Links through the command line: a random layer written as a link (ConfigLink) and read back by the app's own flags
// (LinkFlags, then the parser every subcommand uses) is the same layer; `--link` in the executable.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "convarith/cli/cli.hpp"
#include "convarith/link/link.hpp"
#include "run_cli.hpp"

namespace convarith {
namespace {

Config RandomConfig(std::mt19937& rng) {
  auto pick = [&](int lo, int hi) { return lo + static_cast<int>(rng() % static_cast<unsigned>(hi - lo + 1)); };
  Config c;
  c.op = static_cast<Op>(pick(0, 3));
  c.rank = pick(1, 3);
  const bool same = rng() % 2 == 0, asymmetric = rng() % 4 == 0;
  for (int a = 0; a < 3; ++a) c.axes[static_cast<size_t>(a)] = kNeutralAxis;
  for (AxisParams& ax : c.spatial()) {
    const AxisParams& first = c.spatial()[0];
    if (same && &ax != &first) {
      ax = first;
      continue;
    }
    ax.input = pick(4, 12);
    ax.kernel = pick(1, 3);
    ax.stride = pick(1, 3);
    ax.dilation = c.op == Op::AvgPool ? 1 : pick(1, 2);
    ax.pad_before = pick(0, 1);
    ax.pad_after = asymmetric ? pick(0, 1) : ax.pad_before;
    ax.output_padding = c.op == Op::Transposed ? pick(0, std::max(ax.stride, ax.dilation) - 1) : 0;
  }
  if (c.op == Op::MaxPool || c.op == Op::AvgPool) {
    c.in_channels = c.out_channels = pick(1, 3);
    c.ceil_mode = rng() % 2 == 0;
    c.count_include_pad = c.op == Op::MaxPool || rng() % 2 == 0;
  } else {
    c.groups = pick(1, 2);
    c.in_channels = c.groups * pick(1, 2);
    c.out_channels = c.groups * pick(1, 2);
    if (c.op == Op::Conv && rng() % 3 == 0) c.padding_mode = static_cast<PaddingMode>(pick(0, 3));
  }
  return c;
}

Config ThroughTheFlags(const std::vector<LinkEntry>& link) {
  CLI::App app;
  cli::ConfigFlags flags;
  cli::AddConfigFlags(app, flags, true);
  std::vector<std::string> args = LinkFlags(link);
  std::reverse(args.begin(), args.end());  // CLI11 takes a vector of arguments last first
  app.parse(args);
  return cli::ResolveConfig(flags);
}

TEST(LinkFlags, RandomLayersComeBackFromTheirLinks) {
  std::mt19937 rng(11);
  int checked = 0;
  for (int trial = 0; trial < 3000 && checked < 300; ++trial) {
    const Config c = RandomConfig(rng);
    if (Validate(c)) continue;  // only layers the app would draw
    const std::string link = WriteLink(ConfigLink(c));
    Config back;
    ASSERT_NO_THROW(back = ThroughTheFlags(ParseLink(link))) << link;
    EXPECT_EQ(back, c) << link;
    ++checked;
  }
  EXPECT_EQ(checked, 300);
}

TEST(LinkFlags, TheExecutableOpensALinkAndRefusesABadOne) {
  const cli_test::Result ok = cli_test::RunCli("shape --link 'https://example.org/c/#op=transposed&i=3&k=3&s=2&p=1&a=1'");
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_NE(ok.out.find("o'=6"), std::string::npos) << ok.out;
  const cli_test::Result unknown = cli_test::RunCli("shape --link '#op=conv&stride=2'");
  EXPECT_EQ(unknown.code, 2);
  EXPECT_NE(unknown.err.find("--link: unknown key 'stride'"), std::string::npos) << unknown.err;
  const cli_test::Result bad_value = cli_test::RunCli("shape '--link=#i=5&k=9'");
  EXPECT_EQ(bad_value.code, 2);
  EXPECT_NE(bad_value.err.find("kernel_size"), std::string::npos) << bad_value.err;
}

// A random fill's seed in a link is `compute --seed`'s: the same values as the flags, another seed other values.
TEST(LinkFlags, ARandomFillsSeedComesWithTheLink) {
  const cli_test::Result flags = cli_test::RunCli("compute -i 6 -k 3 --fill random --seed 7 --json");
  const cli_test::Result link = cli_test::RunCli("compute --link '#op=conv&i=6&k=3&fill=random&seed=7' --json");
  const cli_test::Result other = cli_test::RunCli("compute --link '#op=conv&i=6&k=3&fill=random&seed=8' --json");
  ASSERT_EQ(flags.code, 0) << flags.err;
  ASSERT_EQ(link.code, 0) << link.err;
  ASSERT_EQ(other.code, 0) << other.err;
  EXPECT_EQ(link.out, flags.out);
  EXPECT_NE(other.out, flags.out);
  // The app takes the seed too (checked before any window opens).
  const cli_test::Result bad = cli_test::RunCli("--link '#fill=random&seed=-3' --screenshot /tmp/convarith-link-never.png");
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("--seed"), std::string::npos) << bad.err;
}

// Automation runs (no person to read a message in the app): a link that cannot open exits 2 before any window, one
// line naming the key or the flag it stands for, as the flag would.
TEST(LinkFlags, AutomationRunsRefuseABadLinkLikeItsFlag) {
  const cli_test::Result key = cli_test::RunCli("--link 'zoom=2' --bench-frames 1");
  EXPECT_EQ(key.code, 2);
  EXPECT_NE(key.err.find("--link: unknown key 'zoom' (known: preset, op, dims, i, k, s, p"), std::string::npos) << key.err;
  const cli_test::Result flags = cli_test::RunCli("-i 3 -k 7 --screenshot /tmp/convarith-link-never.png");
  const cli_test::Result link =
      cli_test::RunCli("--link 'https://example.org/convarith/#i=3&k=7' --screenshot /tmp/convarith-link-never.png");
  ASSERT_EQ(flags.code, 2);
  EXPECT_EQ(link.code, 2);
  EXPECT_EQ(link.err, flags.err);
  const cli_test::Result value = cli_test::RunCli("--link '#i=5&k=three' --screenshot /tmp/convarith-link-never.png");
  EXPECT_EQ(value.code, 2);
  EXPECT_NE(value.err.find("three"), std::string::npos) << value.err;
  const cli_test::Result step = cli_test::RunCli("--link '#preset=fig2.6&step=0' --screenshot /tmp/convarith-link-never.png");
  EXPECT_EQ(step.code, 2);
  EXPECT_NE(step.err.find("'step' counts from 1"), std::string::npos) << step.err;
}

}  // namespace
}  // namespace convarith
