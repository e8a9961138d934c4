// Views side by side: several views' frames combined into one picture under one caption, steps and legend.
#include <algorithm>

#include "frame_build.hpp"
#include "frame_style.hpp"

namespace convarith {

using detail::AddSteps;
using detail::AddLegend;
using detail::AddText;
using detail::kMargin;

namespace {

// The caption band, once, over the views: the y under it, and its width with the margins (the picture makes room
// for a caption wider than the views side by side).
float AddCaption(Frame& out, const FrameOptions& o, const Config& config, float* width) {
  if (!o.caption) return 0;
  const bool figure_title = !o.title.empty();
  AddText(out, kMargin, kMargin, 0.55f, figure_title ? o.title : Caption(config), o.theme.foreground);
  if (figure_title) AddText(out, kMargin, kMargin + 0.7f, 0.42f, Caption(config), o.theme.muted);
  for (const FrameText& text : out.texts) *width = std::max(*width, o.measure.Width(text.text, text.size) + 2 * kMargin);
  return kMargin + (figure_title ? 1.3f : 0.7f);
}

}  // namespace

Frame CombineViews(const std::vector<Frame>& frames, const std::vector<View>& views, const Config& config,
                   const FrameOptions& requested) {
  FrameOptions o = requested;
  if (o.compact) {
    o.labels = o.legend = o.equation = false;
    o.numbers = o.numbers && o.compact_numbers;
  }
  const Theme& t = o.theme;
  Frame out;
  out.background = t.background;
  if (frames.empty()) return out;
  const bool several = frames.size() > 1;
  const bool titled = several && !o.compact;
  float caption_w = 0;
  const float top = AddCaption(out, o, config, &caption_w);
  const float title_size = 0.5f, title_h = titled ? 0.8f : 0.0f;
  constexpr float kViewGap = 1.5f;
  float x = 0, grids_bottom = 0;
  for (size_t n = 0; n < frames.size(); ++n) {
    const Frame& f = frames[n];
    if (n) x += kViewGap;
    const float y = top + title_h;
    float width = f.width;
    if (titled) {
      const std::string title = ViewTitle(views[n], true, o.pass);
      AddText(out, x + kMargin, top + kMargin, title_size, title, t.foreground);
      width = std::max(width, o.measure.Width(title, title_size) + 2 * kMargin);
    }
    for (FrameImage im : f.images) {
      im.x += x;
      im.y += y;
      out.images.push_back(std::move(im));
    }
    for (FrameCell cell : f.cells) {
      cell.x += x;
      cell.y += y;
      out.cells.push_back(std::move(cell));
    }
    for (FrameRect r : f.rects) {
      r.x += x;
      r.y += y;
      out.rects.push_back(r);
    }
    for (FrameText text : f.texts) {
      text.x += x;
      text.y += y;
      out.texts.push_back(std::move(text));
    }
    grids_bottom = std::max(grids_bottom, y + f.grids_bottom);
    out.height = std::max(out.height, y + f.height);
    for (const LegendEntry& e : f.legend) {
      if (std::find(out.legend.begin(), out.legend.end(), e) != out.legend.end()) continue;
      // One colour, one entry: a look another view names differently ("under the kernel", "current stamp") is
      // named once with both names.
      const auto same = std::find_if(out.legend.begin(), out.legend.end(), [&](const LegendEntry& had) {
        return had.bar.empty() && e.bar.empty() && had.fill == e.fill && had.stroke == e.stroke &&
               had.dashed == e.dashed && had.outline == e.outline && had.kind == e.kind;
      });
      if (same != out.legend.end()) {
        same->name += " / " + e.name;
      } else {
        out.legend.push_back(e);
      }
    }
    if (out.check.empty()) {
      out.check = f.check;
      out.check_failed = f.check_failed;
    }
    out.equation += (n ? "  |  " : "") + (several ? ViewTitle(views[n], true, o.pass) + "  ·  " : std::string()) + f.equation;
    x += width;
  }
  out.width = std::max(x, caption_w);
  out.grids_bottom = grids_bottom;
  if (!o.equation && !o.legend) {
    detail::MeasureTexts(out, o.measure);
    return out;
  }
  // Under all the views: each one's step, the check, the legend (the whole picture's width).
  float below = grids_bottom + 0.35f;
  if (o.equation) {
    std::vector<std::pair<std::string, std::vector<std::string>>> steps;
    for (size_t n = 0; n < frames.size(); ++n) {
      steps.push_back({(several ? ViewTitle(views[n], true, o.pass) + "  ·  " : std::string()) + frames[n].equation,
                       frames[n].equation_parts});
    }
    below = AddSteps(out, t, o.measure, below, steps, out.check, out.check_failed);
  }
  out.height = std::max(out.height, below + kMargin);
  if (o.legend) AddLegend(out, t, o.measure, below);
  detail::MeasureTexts(out, o.measure);
  return out;
}

namespace {

Frame Views(const Computation& c, const FrameOptions& options, View lead, const std::vector<View>& others, int step,
            FrameCache* cache) {
  auto build = [&](const FrameOptions& o) { return cache ? BuildFrame(c, o, *cache) : BuildFrame(c, o); };
  FrameOptions first = options;
  first.view = lead;
  first.step = step;
  if (others.empty()) return build(first);
  // Each view alone, without what the picture shows once for all of them (caption, steps, check, legend).
  first.caption = first.legend = first.equation = false;
  std::vector<Frame> frames{build(first)};
  std::vector<View> views{lead};
  for (View v : others) {
    if (v == lead) continue;
    const LinkedMoment m = LinkStep(c, lead, step, v);
    FrameOptions other = first;
    other.view = v;
    other.step = m.step;
    other.pointer = Pointer{m.panel, m.cell.row, m.cell.col, m.cell.channel, m.cell.z};
    frames.push_back(build(other));
    views.push_back(v);
  }
  // Left to right as the app shows them, whichever leads.
  std::vector<size_t> order(views.size());
  for (size_t n = 0; n < order.size(); ++n) order[n] = n;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return DisplayRank(views[a]) < DisplayRank(views[b]); });
  std::vector<Frame> sorted_frames;
  std::vector<View> sorted_views;
  for (size_t n : order) {
    sorted_frames.push_back(std::move(frames[n]));
    sorted_views.push_back(views[n]);
  }
  return CombineViews(sorted_frames, sorted_views, c.config, options);
}

}  // namespace

int DisplayRank(View view) {
  switch (view) {
    case View::Direct:
    case View::Associated: return 0;
    case View::Equivalent: return 1;
    case View::Scatter: return 2;
  }
  return 3;
}

Frame BuildViews(const Computation& c, const FrameOptions& options, View lead, const std::vector<View>& others,
                 int step) {
  return Views(c, options, lead, others, step, nullptr);
}
Frame BuildViews(const Computation& c, const FrameOptions& options, View lead, const std::vector<View>& others,
                 int step, FrameCache& cache) {
  return Views(c, options, lead, others, step, &cache);
}

}  // namespace convarith
