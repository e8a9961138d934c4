// Links: the fragment reader and writer the browser page and `convarith --link` share.
#include <gtest/gtest.h>

#include "convarith/scene/fragment.hpp"

namespace convarith {
namespace {

TEST(Fragment, ReadsTheIssuesExample) {
  const LinkParse p = ParseLink("#op=transposed&i=3&k=3&s=2&p=1&a=1&view=all&step=7");
  ASSERT_EQ(p.error, "");
  EXPECT_EQ(p.fields.op, "transposed");
  EXPECT_EQ(p.fields.input, "3");
  EXPECT_EQ(p.fields.kernel, "3");
  EXPECT_EQ(p.fields.stride, "2");
  EXPECT_EQ(p.fields.padding, "1");
  EXPECT_EQ(p.fields.output_padding, "1");
  EXPECT_EQ(p.fields.view, "all");
  EXPECT_EQ(p.fields.step, 7);
}

TEST(Fragment, ReadsAWholeUrlAndPercentEscapes) {
  const LinkParse p = ParseLink("https://example.org/convarith/index.html?x=1#preset=fig2.6&view=equivalent%2Cscatter&step=4");
  ASSERT_EQ(p.error, "");
  EXPECT_EQ(p.fields.preset, "fig2.6");
  EXPECT_EQ(p.fields.view, "equivalent,scatter");
  EXPECT_EQ(p.fields.step, 4);
  EXPECT_EQ(ParseLink("preset=fig2.6").fields.preset, "fig2.6");  // without '#'
}

TEST(Fragment, WritesWhatItReadsBack) {
  LinkFields f;
  f.op = "conv";
  f.dims = 3;
  f.input = "3x4x6";
  f.kernel = "2";
  f.stride = "1x2x2";
  f.pad_before = "0x1x1";
  f.pad_after = "1";
  f.dilation = "2";
  f.in_channels = 4;
  f.out_channels = 6;
  f.groups = 2;
  f.padding_mode = "circular";
  f.step = 12;
  const std::string link = WriteLink(f);
  EXPECT_EQ(link, "#op=conv&dims=3&i=3x4x6&k=2&s=1x2x2&pb=0x1x1&pa=1&d=2&cin=4&cout=6&g=2&mode=circular&step=12");
  const LinkParse back = ParseLink(link);
  ASSERT_EQ(back.error, "");
  EXPECT_EQ(back.fields, f);
  LinkFields preset;
  preset.preset = "fig2.6";
  preset.step = 4;
  EXPECT_EQ(WriteLink(preset), "#preset=fig2.6&step=4");
  EXPECT_EQ(ParseLink(WriteLink(preset)).fields, preset);
}

TEST(Fragment, RefusesWithTheKeyNamed) {
  EXPECT_EQ(ParseLink("#i=5&k=three").error, "link: 'k' must be a size like 5, 4x6 or 3x4x6, got 'three'");
  EXPECT_EQ(ParseLink("#op=fft").error, "link: 'op' must be conv, maxpool, avgpool or transposed, got 'fft'");
  EXPECT_EQ(ParseLink("#preset=fig9.9").error,
            "link: 'preset' must be a figure like fig2.6 or an example, got 'fig9.9'");
  EXPECT_EQ(ParseLink("#step=0").error, "link: 'step' must be a step, counted from 1 (1 to 1000000000), got '0'");
  EXPECT_EQ(ParseLink("#i=5&i=6").error, "link: 'i' is given twice");
  EXPECT_EQ(ParseLink("#zoom=2").error,
            "link: unknown key 'zoom' (the keys: preset, op, dims, i, k, s, p, pb, pa, d, a, cin, cout, g, mode, view, "
            "step)");
  EXPECT_EQ(ParseLink("#view=sideways").error,
            "link: 'view' must be equivalent, scatter, associated (comma-separated) or all, got 'sideways'");
  EXPECT_EQ(ParseLink("#i=1x2x3x4").error, "link: 'i' must be a size like 5, 4x6 or 3x4x6, got '1x2x3x4'");
  EXPECT_EQ(ParseLink("#k").error, "link: 'k' has no value (write k=...)");
  EXPECT_EQ(ParseLink("#dims=4").error, "link: 'dims' must be 1, 2 or 3, got '4'");
  EXPECT_TRUE(ParseLink("#i=5&k=three").fields == LinkFields{});  // nothing half-read
}

TEST(Fragment, AnEmptyLinkSaysNothing) {
  EXPECT_EQ(ParseLink("").error, "");
  EXPECT_EQ(ParseLink("#").fields, LinkFields{});
  EXPECT_EQ(WriteLink(LinkFields{}), "#");
}

}  // namespace
}  // namespace convarith
