// Transposed views linked by meaning: for every step of every transposed preset (and a grouped multi-channel one),
// what each view highlights at the linked moment is consistent with what the lead view computes.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

#include "convarith/scene/frame.hpp"
#include "convarith/scene/presets.hpp"

namespace convarith {
namespace {

std::vector<Computation> TransposedCases() {
  std::vector<Computation> out;
  for (const Preset& p : Presets())
    if (p.config.op == Op::Transposed) out.push_back(Recompute(p.config, p.input, p.weight, p.bias));
  Config c;
  c.op = Op::Transposed;
  c.axes[kHeight] = c.axes[kWidth] = AxisParams{3, 3, 2, 1, 1, 1, 1};
  c.in_channels = 4;
  c.out_channels = 2;
  c.groups = 2;
  out.push_back(Recompute(c, MakeTensor(CanonicalShape(c, TensorRole::Input), Fill::Ramp),
                          MakeTensor(CanonicalShape(c, TensorRole::Weight), Fill::Random, 3, -2, 2)));
  return out;
}

Frame LinkedFrame(const Computation& c, View other, const LinkedMoment& m) {
  FrameOptions o;
  o.view = other;
  o.step = m.step;
  o.pointer = Pointer{m.panel, m.cell.row, m.cell.col, m.cell.channel, m.cell.z};
  return BuildFrame(c, o);
}

std::set<int> Highlighted(const Frame& f, Panel panel) {
  std::set<int> out;
  for (const FrameCell& cell : f.cells)
    if (cell.panel == panel && cell.highlighted && cell.data_index >= 0) out.insert(cell.data_index);
  return out;
}

int InputIndex(const Computation& c, const CellRef& r) { return static_cast<int>(c.input.Index({r.channel, r.z, r.row, r.col})); }
int OutputIndex(const Computation& c, const CellRef& r) { return static_cast<int>(c.output.Index({r.channel, r.z, r.row, r.col})); }

TEST(LinkedViews, EquivalentLeadsScatterAndAssociatedShowTheSameOutput) {
  for (const Computation& c : TransposedCases()) {
    SCOPED_TRACE(Caption(c.config));
    for (int n = 0; n < StepCount(c, View::Equivalent); ++n) {
      const GatherStep g = Gather(c, View::Equivalent, n);
      // The input cells under the kernel window in the equivalent view (zeros excluded)...
      std::set<int> under;
      for (const Tap& t : g.taps)
        if (t.input_row >= 0) under.insert(InputIndex(c, {t.channel, t.input_z, t.input_row, t.input_col}));
      // ... are exactly the ones that stamp into y.
      std::set<int> feeding;
      for (const CellRef& x : InputsFeeding(c, g.out())) feeding.insert(InputIndex(c, x));
      ASSERT_EQ(under, feeding) << "step " << n;

      const LinkedMoment s = LinkStep(c, View::Equivalent, n, View::Scatter);
      const Frame sf = LinkedFrame(c, View::Scatter, s);
      EXPECT_EQ(Highlighted(sf, Panel::Output), std::set<int>{OutputIndex(c, g.out())}) << "step " << n;
      EXPECT_EQ(Highlighted(sf, Panel::Input), under) << "step " << n;
      // At the linked step y is complete: every input writing it has stamped.
      for (int x : under) EXPECT_LE(x, s.step) << "step " << n;
      for (const FrameCell& cell : sf.cells)
        if (cell.panel == Panel::Output && cell.data_index == OutputIndex(c, g.out()) && !under.empty()) {
          EXPECT_NE(cell.role, Role::OutputPending);
          EXPECT_DOUBLE_EQ(cell.value, c.output[static_cast<size_t>(cell.data_index)]);
        }

      const LinkedMoment a = LinkStep(c, View::Equivalent, n, View::Associated);
      EXPECT_EQ(a.step, s.step);
      const Frame af = LinkedFrame(c, View::Associated, a);
      // The direct convolution's outputs whose windows cover y are the transposed inputs that write y.
      EXPECT_EQ(Highlighted(af, Panel::Output), under) << "step " << n;
    }
  }
}

TEST(LinkedViews, ScatterLeadsEquivalentShowsEveryOutputTheInputWrites) {
  for (const Computation& c : TransposedCases()) {
    SCOPED_TRACE(Caption(c.config));
    for (View lead : {View::Scatter, View::Associated}) {
      for (int n = 0; n < StepCount(c, lead); ++n) {
        const ScatterStep sc = Scatter(c, n);
        std::set<int> written;
        for (const Stamp& st : sc.stamps) written.insert(OutputIndex(c, st.out()));
        const LinkedMoment e = LinkStep(c, lead, n, View::Equivalent);
        const Frame ef = LinkedFrame(c, View::Equivalent, e);
        EXPECT_EQ(Highlighted(ef, Panel::Output), written) << "step " << n;
        if (!written.empty()) {
          // The linked step computes one of those outputs, with x under the kernel window.
          const GatherStep g = Gather(c, View::Equivalent, e.step);
          EXPECT_TRUE(written.count(OutputIndex(c, g.out())));
          bool x_under = false;
          for (const Tap& t : g.taps)
            x_under |= t.input_row >= 0 && CellRef{t.channel, t.input_z, t.input_row, t.input_col} == sc.in();
          EXPECT_TRUE(x_under) << "step " << n;
        }
        const View other = lead == View::Scatter ? View::Associated : View::Scatter;
        const LinkedMoment o = LinkStep(c, lead, n, other);
        EXPECT_EQ(o.step, n);
        const Frame of = LinkedFrame(c, other, o);
        const Panel x_panel = other == View::Scatter ? Panel::Input : Panel::Output;
        EXPECT_TRUE(Highlighted(of, x_panel).count(InputIndex(c, sc.in()))) << "step " << n;
      }
    }
  }
}

// The cheap lookups against the steps themselves: CellOfStep is the cell Gather computes / Scatter stamps, and
// LinkStep's moments are the last stamp writing the output (from InputsFeeding) and the first output an input writes
// (from OutputsReading), over every step of every case and of random grouped, dilated, padded layers.
TEST(LinkedViews, CheapLookupsAgreeWithTheBuiltSteps) {
  std::vector<Computation> cases = TransposedCases();
  std::mt19937 rng(15);
  for (int n = 0; n < 40; ++n) {
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    Config c;
    c.op = Op::Transposed;
    c.rank = pick(1, 3);
    for (int a = 3 - c.rank; a < 3; ++a)
      c.axes[static_cast<size_t>(a)] = AxisParams{pick(1, 4), pick(1, 4), pick(1, 3), pick(0, 2), pick(0, 2), pick(1, 2), 0};
    c.groups = pick(1, 2);
    c.in_channels = c.groups * pick(1, 2);
    c.out_channels = c.groups * pick(1, 2);
    if (Validate(c)) continue;
    cases.push_back(Recompute(c, MakeTensor(CanonicalShape(c, TensorRole::Input), Fill::Ramp),
                              MakeTensor(CanonicalShape(c, TensorRole::Weight), Fill::Ones)));
  }
  ASSERT_GT(cases.size(), 20u);
  for (const Computation& c : cases) {
    for (int s = 0; s < StepCount(c, View::Equivalent); ++s) {
      ASSERT_EQ(CellOfStep(c, View::Equivalent, s), Gather(c, View::Equivalent, s).out());
      int last = 0;
      for (const CellRef& x : InputsFeeding(c, Gather(c, View::Equivalent, s).out()))
        last = std::max(last, StepOf(c, View::Scatter, x));
      for (View other : {View::Scatter, View::Associated})
        ASSERT_EQ(LinkStep(c, View::Equivalent, s, other).step, last) << Caption(c.config) << " step " << s;
    }
    for (int s = 0; s < StepCount(c, View::Scatter); ++s) {
      ASSERT_EQ(CellOfStep(c, View::Scatter, s), Scatter(c, s).in());
      ASSERT_EQ(CellOfStep(c, View::Associated, s), Scatter(c, s).in());
      const std::vector<CellRef> written = OutputsReading(c, View::Scatter, Scatter(c, s).in());
      int first = 0;
      if (!written.empty()) {
        first = StepCount(c, View::Equivalent);
        for (const CellRef& y : written) first = std::min(first, StepOf(c, View::Equivalent, y));
      }
      for (View lead : {View::Scatter, View::Associated})
        ASSERT_EQ(LinkStep(c, lead, s, View::Equivalent).step, first) << Caption(c.config) << " step " << s;
    }
    // Out of range: clamped like the steps.
    EXPECT_EQ(CellOfStep(c, View::Equivalent, -5), Gather(c, View::Equivalent, 0).out());
    EXPECT_EQ(CellOfStep(c, View::Scatter, 1 << 30), Scatter(c, StepCount(c, View::Scatter) - 1).in());
  }
}

TEST(Presets, NoFirstStepIsAnAllZeroSum) {
  for (const Preset& p : Presets()) {
    SCOPED_TRACE(p.name);
    const Computation c = Recompute(p.config, p.input, p.weight, p.bias);
    for (View v : ViewsOf(p.config.op)) {
      if (v == View::Scatter || v == View::Associated) {
        EXPECT_NE(Scatter(c, 0).value, 0.0);
        continue;
      }
      const GatherStep g = Gather(c, v, 0);
      bool nonzero = false;
      for (const Tap& t : g.taps) nonzero |= t.product != 0 || (p.config.pooling() && t.value != 0);
      EXPECT_TRUE(nonzero) << StepEquation(c, g);
    }
  }
}

TEST(Presets, TransposedKernelsShowTheirRotation) {
  for (const Preset& p : Presets()) {
    if (p.config.op != Op::Transposed) continue;
    SCOPED_TRACE(p.name);
    EXPECT_NE(Rotated180(p.weight), p.weight);
    const Computation c = Recompute(p.config, p.input, p.weight, p.bias);
    FrameOptions o;
    o.view = View::Equivalent;
    o.labels = false;
    bool said = false;
    for (const FrameText& t : BuildFrame(c, o).texts) said |= t.text.find("rotated 180°") != std::string::npos;
    EXPECT_TRUE(said) << "the equivalent view names the rotation even without labels";
  }
}

}  // namespace
}  // namespace convarith

namespace convarith {
namespace {

TEST(Presets, Figure14KeepsEveryOtherOutputOfTheStrideOneConvolution) {
  // The kept outputs of s = 1 are exactly the outputs of s = 2 (the paper's Figure 1.4).
  const Preset* p = FindPreset("fig1.4");
  ASSERT_NE(p, nullptr);
  ASSERT_EQ(p->keep_every, 2);
  Config strided = p->config;
  strided.axes[kHeight].stride = strided.axes[kWidth].stride = 2;
  const Tensor dense = Convolve(p->config, p->input, p->weight, {});
  const Tensor sparse = Convolve(strided, p->input, p->weight, {});
  for (int r = 0; r < sparse.dim(2); ++r)
    for (int c = 0; c < sparse.dim(3); ++c) EXPECT_EQ(sparse.at({0, 0, r, c}), dense.at({0, 0, 2 * r, 2 * c}));
  // The frame draws the skipped outputs dropped and says why.
  FrameOptions o;
  o.keep_every = 2;
  const Frame f = BuildFrame(Recompute(p->config, p->input, p->weight), o);
  for (const FrameCell& cell : f.cells) {
    if (cell.panel == Panel::Output) {
      EXPECT_EQ(cell.dimmed, cell.row % 2 != 0 || cell.col % 2 != 0);
    }
  }
  bool named = false;
  for (const LegendEntry& e : f.legend) named |= e.name.find("keep 1 in 2") != std::string::npos;
  EXPECT_TRUE(named);
}

TEST(Presets, CheckerboardOverlapIsUnevenAndK2S2Tiles) {
  for (const char* name : {"checkerboard", "k2s2"}) {
    const Preset* p = FindPreset(name);
    ASSERT_NE(p, nullptr);
    EXPECT_TRUE(p->overlap_panel);
    const Tensor overlap = TransposedOverlap(p->config);
    const auto [lo, hi] = std::minmax_element(overlap.values().begin(), overlap.values().end());
    if (std::string(name) == "k2s2") {
      EXPECT_EQ(*lo, 1);
      EXPECT_EQ(*hi, 1);  // every output cell gets exactly one stamp
    } else {
      EXPECT_EQ(*lo, 1);
      EXPECT_EQ(*hi, 4);  // where two stamps overlap on both axes
    }
  }
}

// Texts of a frame that overlap one another (cell units, with the widths the layout measured): none may.
std::vector<std::string> OverlappingTexts(const Frame& f) {
  std::vector<std::string> out;
  for (size_t i = 0; i < f.texts.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      const FrameText &a = f.texts[i], &b = f.texts[j];
      auto x0 = [](const FrameText& t) {
        const float w = t.width;
        return t.align == Align::Left ? t.x : t.align == Align::Center ? t.x - w / 2 : t.x - w;
      };
      const float ix = std::min(x0(a) + a.width, x0(b) + b.width) -
                       std::max(x0(a), x0(b));
      const float iy = std::min(a.y + a.size, b.y + b.size) - std::max(a.y, b.y);
      if (ix > 0.02f && iy > 0.02f) out.push_back("'" + a.text + "' and '" + b.text + "'");
    }
  }
  return out;
}

TEST(Frame, ViewsSideBySideShareOneCaptionLegendAndStepBlock) {
  for (const char* name : {"fig4.6", "fig4.7", "k2s2", "checkerboard"}) {
    SCOPED_TRACE(name);
    const Preset* p = FindPreset(name);
    const Computation c = Recompute(p->config, p->input, p->weight);
    FrameOptions o;
    o.caption = true;
    o.title = FigureTitle(*p);
    const std::vector<View> all = ViewsOf(Op::Transposed);
    const std::vector<View> others(all.begin() + 1, all.end());
    const int steps = StepCount(c, all.front());
    float width = 0, height = 0;
    for (int step = 0; step < steps; ++step) {
      const Frame f = BuildViews(c, o, all.front(), others, step);
      if (step == 0) {
        width = f.width;
        height = f.height;
      }
      EXPECT_FLOAT_EQ(f.width, width) << "step " << step;  // one size for the whole animation
      EXPECT_FLOAT_EQ(f.height, height) << "step " << step;
      auto count = [&f](const std::string& text) {
        return std::count_if(f.texts.begin(), f.texts.end(), [&](const FrameText& t) { return t.text == text; });
      };
      EXPECT_EQ(count(o.title), 1);
      EXPECT_EQ(count(Caption(c.config)), 1);
      for (View v : all) EXPECT_EQ(count(ViewTitle(v, true)), 1) << ViewName(v);
      // One legend: every entry once, and every view's colours in it.
      std::set<std::string> names;
      for (const LegendEntry& e : f.legend) EXPECT_TRUE(names.insert(e.name).second) << e.name;
      for (const std::string& n : names) EXPECT_EQ(count(n), 1) << n;
      // Each view's step written out once, under all the grids, named by its view; the check once.
      for (View v : all) {
        const std::string prefix = ViewTitle(v, true) + "  ·  step ";
        const auto line = std::find_if(f.texts.begin(), f.texts.end(),
                                       [&](const FrameText& t) { return t.text.rfind(prefix, 0) == 0; });
        ASSERT_NE(line, f.texts.end()) << prefix;
        EXPECT_GE(line->y, f.grids_bottom);
      }
      EXPECT_EQ(count("check: scatter and equivalent convolution agree on all " + std::to_string(c.output.size()) +
                      " outputs"), 1);
      // The views side by side: every cell and text inside the picture, no text over another.
      for (const FrameCell& cell : f.cells) {
        EXPECT_LE(cell.x + cell.size, f.width + 1e-4f);
        EXPECT_LE(cell.y + cell.size, f.height + 1e-4f);
      }
      for (const FrameText& t : f.texts) EXPECT_LE(t.y + t.size, f.height + 1e-4f) << t.text;
      const std::vector<std::string> overlaps = OverlappingTexts(f);
      EXPECT_TRUE(overlaps.empty()) << overlaps.front();
    }
  }
}

TEST(Frame, ViewsSideBySidePlacesEachViewRightOfThePrevious) {
  const Preset* p = FindPreset("fig4.6");
  const Computation c = Recompute(p->config, p->input, p->weight);
  FrameOptions o;
  const Frame alone = BuildViews(c, o, View::Equivalent, {}, 6);
  const Frame both = BuildViews(c, o, View::Equivalent, {View::Scatter}, 6);
  FrameOptions scatter = o;
  scatter.view = View::Scatter;
  scatter.step = LinkStep(c, View::Equivalent, 6, View::Scatter).step;
  const Frame right = BuildFrame(c, scatter);
  // Alone, a view is BuildFrame's; beside another, its cells follow the first view's, all to its right.
  EXPECT_EQ(alone.cells.size(), BuildFrame(c, [&] { FrameOptions e = o; e.step = 6; return e; }()).cells.size());
  ASSERT_EQ(both.cells.size(), alone.cells.size() + right.cells.size());
  float first_right = 0;
  for (size_t n = 0; n < alone.cells.size(); ++n) first_right = std::max(first_right, both.cells[n].x + both.cells[n].size);
  for (size_t n = alone.cells.size(); n < both.cells.size(); ++n) EXPECT_GT(both.cells[n].x, first_right);
  // The same cell of the scatter view, shifted as a whole.
  const float dx = both.cells[alone.cells.size()].x - right.cells[0].x;
  const float dy = both.cells[alone.cells.size()].y - right.cells[0].y;
  for (size_t n = 0; n < right.cells.size(); ++n) {
    EXPECT_FLOAT_EQ(both.cells[alone.cells.size() + n].x, right.cells[n].x + dx);
    EXPECT_FLOAT_EQ(both.cells[alone.cells.size() + n].y, right.cells[n].y + dy);
    EXPECT_EQ(both.cells[alone.cells.size() + n].text, right.cells[n].text);
  }
  EXPECT_GT(dy, 0.0f);  // under the views' titles
}

TEST(Frame, TitleAndCompactStyle) {
  const Preset* p = FindPreset("fig2.6");
  const Computation c = Recompute(p->config, p->input, p->weight);
  FrameOptions o;
  o.caption = true;
  o.title = FigureTitle(*p);
  EXPECT_EQ(o.title, "Figure 2.6: Padding, strides");
  const Frame titled = BuildFrame(c, o);
  bool has_title = false;
  for (const FrameText& t : titled.texts) has_title |= t.text == "Figure 2.6: Padding, strides";
  EXPECT_TRUE(has_title);
  FrameOptions compact;
  compact.compact = true;
  const Frame small = BuildFrame(c, compact);
  EXPECT_TRUE(small.texts.empty());
  EXPECT_TRUE(small.rects.size() < BuildFrame(c, FrameOptions{}).rects.size());
  for (const FrameCell& cell : small.cells) EXPECT_TRUE(cell.text.empty());
  EXPECT_LT(small.height, BuildFrame(c, FrameOptions{}).height);
}

}  // namespace
}  // namespace convarith

namespace convarith {
namespace {

TEST(LevelOfDetail, LargeMapsBecomePicturesWithTheSameColours) {
  Config c;
  c.axes[kHeight] = c.axes[kWidth] = AxisParams{120, 5, 2, 2, 2, 1, 0};
  const Computation comp = Recompute(c, MakeTensor(CanonicalShape(c, TensorRole::Input), Fill::Random, 1),
                                     MakeTensor(CanonicalShape(c, TensorRole::Weight), Fill::Random, 2, -1, 2));
  FrameOptions full;
  full.step = 1000;
  const Frame cells = BuildFrame(comp, full);
  FrameOptions lod = full;
  lod.detail_limit = 50 * 50;
  const Frame pictures = BuildFrame(comp, lod);
  ASSERT_EQ(pictures.images.size(), 2u);  // the padded input (124 x 124) and the output (60 x 60); the kernel stays cells
  EXPECT_EQ(pictures.width, cells.width);
  EXPECT_EQ(pictures.height, cells.height);
  EXPECT_EQ(pictures.legend, cells.legend);
  size_t kernel_cells = 0;
  for (const FrameCell& cell : pictures.cells) kernel_cells += cell.panel == Panel::Kernel;
  EXPECT_EQ(kernel_cells, pictures.cells.size());  // nothing visible asked: only the small kernel grid as cells
  // Every pixel is the cell's own colour (outputs as computed); the step is drawn over the picture as rects.
  const Theme t = LightTheme();
  for (const FrameCell& cell : cells.cells) {
    if (cell.panel == Panel::Kernel) continue;
    const FrameImage& im = pictures.images[cell.panel == Panel::Input ? 0 : 1];
    ASSERT_TRUE(im.Contains(cell.x + 0.5f, cell.y + 0.5f));
    const Rgba px = (*im.pixels)[static_cast<size_t>(cell.row) * im.cols + cell.col];
    EXPECT_EQ(px, cell.panel == Panel::Input ? RoleFill(t, cell.role) : t.output_done) << cell.row << "," << cell.col;
  }
  int shade = 0, current = 0, pending = 0;
  for (const FrameRect& r : pictures.rects) {
    if (!pictures.images[0].Contains(r.x, r.y) && !pictures.images[1].Contains(r.x, r.y)) continue;  // the legend
    shade += r.fill == t.kernel_shade && r.w == 1 && r.h == 1;
    current += r.fill == t.output_current;
    pending += r.fill == t.output_pending;
  }
  EXPECT_EQ(shade, 25);  // one per kernel tap
  EXPECT_EQ(current, 1);
  EXPECT_EQ(pending, 2);  // the rest of the current row, the rows below
  // One picture serves every step: with a cache the pixels are shared until the computation changes.
  FrameCache cache;
  const Frame a = BuildFrame(comp, lod, cache);
  lod.step = 5;
  const Frame b = BuildFrame(comp, lod, cache);
  EXPECT_EQ(a.images[0].pixels, b.images[0].pixels);
  EXPECT_EQ(*a.images[1].pixels, *pictures.images[1].pixels);
  // A new computation of the same shapes (a kernel value edited) keeps them: they show what each cell is, not its
  // value, and are the pictures a fresh build draws.
  Tensor edited = comp.weight;
  edited[0] += 1;
  const Computation again = Recompute(comp.config, comp.input, edited);
  const Frame d = BuildFrame(again, lod, cache);
  ASSERT_EQ(d.images.size(), b.images.size());
  const Frame rebuilt = BuildFrame(again, lod);
  for (size_t n = 0; n < d.images.size(); ++n) {
    EXPECT_EQ(d.images[n].pixels, b.images[n].pixels);
    EXPECT_EQ(*d.images[n].pixels, *rebuilt.images[n].pixels);
  }
  // Another geometry or another theme draws them again.
  Config wider = comp.config;
  wider.axes[kWidth].input += 2;
  const Computation other = Recompute(wider, MakeTensor(CanonicalShape(wider, TensorRole::Input), Fill::Ramp),
                                      MakeTensor(CanonicalShape(wider, TensorRole::Weight), Fill::Ones));
  EXPECT_NE(BuildFrame(other, lod, cache).images[0].pixels, d.images[0].pixels);
  FrameOptions dark = lod;
  dark.theme = DarkTheme();
  const Frame dark_frame = BuildFrame(again, dark, cache);
  EXPECT_NE(dark_frame.images[0].pixels, BuildFrame(again, lod, cache).images[0].pixels);
  // Hover works on pictures: the point maps to the cell.
  const FrameImage& out = pictures.images[1];
  const auto ptr = PointerAt(pictures, out.x + 7.5f, out.y + 3.2f);
  ASSERT_TRUE(ptr);
  EXPECT_EQ(ptr->panel, Panel::Output);
  EXPECT_EQ(ptr->row, 3);
  EXPECT_EQ(ptr->col, 7);
}

TEST(LevelOfDetail, VisiblePartGetsNumberedCells) {
  Config c;
  c.axes[kHeight] = c.axes[kWidth] = AxisParams{200, 3, 1, 1, 1, 1, 0};
  const Computation comp = Recompute(c, MakeTensor(CanonicalShape(c, TensorRole::Input), Fill::Ramp),
                                     MakeWeight(KernelPreset::Ones, CanonicalShape(c, TensorRole::Weight)));
  FrameOptions o;
  o.detail_limit = 4096;
  o.step = 0;  // the window at the top-left corner
  const Frame overview = BuildFrame(comp, o);
  const FrameImage& in = overview.images[0];
  o.visible = std::array<float, 4>{in.x, in.y, 10.0f, 8.0f};  // zoomed in on the input's top-left corner
  const Frame zoomed = BuildFrame(comp, o);
  int input_cells = 0, corner_texts = 0;
  for (const FrameCell& cell : zoomed.cells) {
    if (cell.panel != Panel::Input) continue;
    ++input_cells;
    EXPECT_LT(cell.row, 8);
    EXPECT_LT(cell.col, 10);
    if (cell.data_row >= 0) {
      EXPECT_EQ(cell.text, FormatValue(comp.input.at({0, 0, cell.data_row, cell.data_col})));
    }
    corner_texts += !cell.corner_text.empty();
  }
  EXPECT_EQ(input_cells, 8 * 10);
  EXPECT_EQ(corner_texts, 9);  // the kernel window's weights, in view
  // Zoomed far out (more visible cells than visible_cells): the picture alone.
  o.visible = std::array<float, 4>{0, 0, overview.width, overview.height};
  const Frame far = BuildFrame(comp, o);
  for (const FrameCell& cell : far.cells) EXPECT_EQ(cell.panel, Panel::Kernel);
}

}  // namespace
}  // namespace convarith

namespace convarith {
namespace {

// Labels never run into each other or into the next grid (the "a = 0output o' = 4" with k = 2, s = 2, i' = 2).
TEST(Frame, LabelsNeverOverlap) {
  std::vector<Config> configs;
  Config t;
  t.op = Op::Transposed;
  t.axes[kHeight] = t.axes[kWidth] = AxisParams{2, 2, 2, 0, 0, 1, 0};
  configs.push_back(t);
  for (const Preset& p : Presets()) configs.push_back(p.config);
  for (const Config& c : configs) {
    SCOPED_TRACE(Caption(c));
    const Computation comp = Recompute(c, MakeTensor(CanonicalShape(c, TensorRole::Input), Fill::Ramp),
                                       MakeTensor(CanonicalShape(c, TensorRole::Weight), Fill::Ramp),
                                       MakeTensor(CanonicalShape(c, TensorRole::Bias), Fill::Ones));
    for (View v : ViewsOf(c.op)) {
      FrameOptions o;
      o.view = v;
      o.labels = true;
      o.overlap_panel = true;
      const Frame f = BuildFrame(comp, o);
      // The big labels (input / kernel / output): on one line they must not overlap horizontally.
      std::vector<const FrameText*> labels;
      for (const FrameText& text : f.texts)
        if (text.size > 0.41f && text.size < 0.43f) labels.push_back(&text);
      for (size_t a = 0; a < labels.size(); ++a)
        for (size_t b = a + 1; b < labels.size(); ++b) {
          if (std::abs(labels[a]->y - labels[b]->y) > 0.3f) continue;
          const FrameText* l = labels[a]->x < labels[b]->x ? labels[a] : labels[b];
          const FrameText* r = l == labels[a] ? labels[b] : labels[a];
          EXPECT_LE(l->x + l->width, r->x + 0.05f) << l->text << " | " << r->text;
        }
      // No label overlaps a cell.
      for (const FrameText* text : labels)
        for (const FrameCell& cell : f.cells) {
          const bool x_overlap = cell.x < text->x + text->width && cell.x + 1 > text->x;
          const bool y_overlap = cell.y < text->y + text->size && cell.y + 1 > text->y;
          EXPECT_FALSE(x_overlap && y_overlap) << text->text;
        }
    }
  }
}

}  // namespace
}  // namespace convarith

namespace convarith {
namespace {

// Views side by side stand in the app's order whoever leads: the direct convolution it is the transpose of, the
// equivalent convolution, the scatter view (exports once put the lead first).
TEST(Views, SideBySideInTheAppsOrderWhicheverLeads) {
  const Preset& fig = *FindPreset("fig4.6");
  const Computation c = Recompute(fig.config, fig.input, fig.weight, fig.bias);
  for (View lead : {View::Scatter, View::Equivalent, View::Associated}) {
    std::vector<View> others;
    for (View v : {View::Scatter, View::Equivalent, View::Associated})
      if (v != lead) others.push_back(v);
    const Frame f = BuildViews(c, FrameOptions{}, lead, others, 2);
    std::vector<float> x;
    for (View v : {View::Associated, View::Equivalent, View::Scatter}) {
      const std::string title = ViewTitle(v, true);
      const auto it = std::find_if(f.texts.begin(), f.texts.end(), [&](const FrameText& t) { return t.text == title; });
      ASSERT_NE(it, f.texts.end()) << title;
      x.push_back(it->x);
    }
    EXPECT_LT(x[0], x[1]) << "lead " << ViewName(lead);
    EXPECT_LT(x[1], x[2]) << "lead " << ViewName(lead);
  }
  EXPECT_LT(DisplayRank(View::Associated), DisplayRank(View::Equivalent));
  EXPECT_LT(DisplayRank(View::Equivalent), DisplayRank(View::Scatter));
}

}  // namespace
}  // namespace convarith
