// The canvas's layout: the views' arrangement with the largest cells, their extents, and where the notes go.
#include <algorithm>
#include <array>
#include <cfloat>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "app.hpp"
#include "frame_drawing.hpp"
#include "panels/canvas_parts.hpp"
#include "panels/panels.hpp"

namespace convarith::app::canvas_parts {
namespace {

constexpr float kMaxCellPx = 400;
// Tries every number of columns and keeps the one with the largest cells. `min_px`: the narrowest each view's column
// may be, in pixels (its title at the smallest size it shrinks to), so that a title is never cut off by the next
// view when the cells are small; when the titles alone do not fit, they are left to clip.
Layout Arrange(const std::vector<Bounds>& bounds, const std::vector<float>& min_px, float avail_w, float avail_h,
               float title_h, float zoom, float gap_px) {
  const size_t n = bounds.size();
  struct Grid {
    std::vector<float> w, min, h;  // per column (cells, pixels), per row (cells)
  };
  auto grid_of = [&](size_t cols) {
    const size_t rows = (n + cols - 1) / cols;
    Grid g{std::vector<float>(cols, 0), std::vector<float>(cols, 0), std::vector<float>(rows, 0)};
    for (size_t k = 0; k < n; ++k) {
      g.w[k % cols] = std::max(g.w[k % cols], bounds[k].w());
      g.min[k % cols] = std::max(g.min[k % cols], k < min_px.size() ? min_px[k] : 0.0f);
      g.h[k / cols] = std::max(g.h[k / cols], bounds[k].h());
    }
    return g;
  };
  auto width_at = [&](const Grid& g, float cell, bool titles) {
    float w = gap_px * static_cast<float>(g.w.size() - 1);
    for (size_t c = 0; c < g.w.size(); ++c) w += titles ? std::max(g.w[c] * cell, g.min[c]) : g.w[c] * cell;
    return w;
  };
  Grid best_grid;
  float best_fit = -1;
  bool best_titles = true;
  for (size_t cols = 1; cols <= n; ++cols) {
    const Grid g = grid_of(cols);
    const auto rows = static_cast<float>(g.h.size());
    float sum_h = 0;
    for (float h : g.h) sum_h += h;
    const float fit_h = (avail_h - (title_h + gap_px) * rows + gap_px) / std::max(sum_h, 1.0f);
    // The largest cell whose columns (each at least its title's width) fit the width: the width grows with it.
    bool titles = width_at(g, 0.0f, true) <= avail_w;
    float lo = 0, hi = std::max(fit_h, 0.0f);
    if (width_at(g, hi, titles) <= avail_w) {
      lo = hi;
    } else {
      for (int it = 0; it < 40; ++it) {
        const float mid = 0.5f * (lo + hi);
        (width_at(g, mid, titles) <= avail_w ? lo : hi) = mid;
      }
    }
    if (lo > best_fit * 1.02f) {
      best_fit = lo;
      best_grid = g;
      best_titles = titles;
    }
  }
  Layout best;
  const size_t cols = best_grid.w.size(), rows = best_grid.h.size();
  // No floor of a pixel: a 512x512 map in several channels fits a 1024x768 window only below one pixel a cell (its
  // picture carries the values then).
  best.cell_px = std::clamp(best_fit * zoom, kMinCellPx, kMaxCellPx);
  std::vector<float> col_x(cols + 1, 0), row_y(rows + 1, 0), col_w(cols, 0);
  for (size_t c = 0; c < cols; ++c) {
    col_w[c] = best_titles ? std::max(best_grid.w[c] * best.cell_px, best_grid.min[c]) : best_grid.w[c] * best.cell_px;
    col_x[c + 1] = col_x[c] + col_w[c] + gap_px;
  }
  for (size_t r = 0; r < rows; ++r) row_y[r + 1] = row_y[r] + title_h + best_grid.h[r] * best.cell_px + gap_px;
  for (size_t k = 0; k < n; ++k) {
    best.slots.push_back({col_x[k % cols], row_y[k / cols]});
    best.column_px.push_back(col_w[k % cols]);
  }
  best.width = col_x[cols] - gap_px;
  best.height = row_y[rows] - gap_px;
  return best;
}

Bounds ShapeBounds(const Frame& frame) {
  Bounds b{FLT_MAX, FLT_MAX, -FLT_MAX, -FLT_MAX};
  auto add = [&b](float x0, float y0, float x1, float y1) {
    b.x0 = std::min(b.x0, x0);
    b.y0 = std::min(b.y0, y0);
    b.x1 = std::max(b.x1, x1);
    b.y1 = std::max(b.y1, y1);
  };
  for (const FrameImage& im : frame.images) {
    add(im.x, im.y, im.x + im.Width(), im.y + im.Height());
  }
  for (const FrameCell& c : frame.cells) add(c.x, c.y, c.x + c.size, c.y + c.size);
  for (const FrameRect& r : frame.rects) add(r.x, r.y, r.x + r.w, r.y + r.h);
  for (const FramePolygon& p : frame.polygons)  // the 3-D boxes' faces
    for (size_t n = 0; n < 4; ++n) add(p.xy[2 * n], p.xy[2 * n + 1], p.xy[2 * n], p.xy[2 * n + 1]);
  return b;
}

// The frame's extent in cell units: cells, rects and the texts drawn with it (those above `max_y`), as the frame laid
// them out (FrameOptions::min_text). `shapes`: the cells' and rects' extent (ShapeBounds).
Bounds ContentBounds(const Frame& frame, const Bounds& shapes, float max_y) {
  Bounds b = shapes;
  for (const FrameText& t : frame.texts) {
    if (t.text.empty() || t.y >= max_y) continue;
    const float x0 = t.align == Align::Left ? t.x : t.align == Align::Center ? t.x - t.width * 0.5f : t.x - t.width;
    b.x0 = std::min(b.x0, x0);
    b.y0 = std::min(b.y0, t.y);
    b.x1 = std::max(b.x1, x0 + t.width);
    b.y1 = std::max(b.y1, t.y + t.size);
  }
  if (b.x0 > b.x1) return Bounds{};
  return b;
}

// Fits the views in an area with their texts as the frames laid them out; texts too small to draw keep no room.
class ViewFitter {
 public:
  ViewFitter(const App& app, const std::vector<View>& views, const ViewFrames& frames, float title_h, float gap)
      : app_(app), title_h_(title_h), gap_(gap) {
    const bool several = views.size() > 1;
    ImFont* heading = HeadingFont(app);
    // Each view's title may shrink to 70 % of the heading font, and its column is never narrower than that.
    title_min_.assign(frames.frames.size(), 0.0f);
    if (title_h > 0) {
      for (size_t n = 0; n < frames.frames.size(); ++n) {
        const std::string title = ViewTitle(views[n], several, app_.CurrentPass());
        title_min_[n] = 0.7f * heading->CalcTextSizeA(heading->FontSize, FLT_MAX, 0, title.c_str()).x;
      }
    }
    for (size_t n = 0; n < frames.frames.size(); ++n) {
      shapes_.push_back(ShapeBounds(*frames.frames[n]));
      contents_.push_back(app.display.labels ? ContentBounds(*frames.frames[n], shapes_[n], frames.heights[n])
                                             : shapes_[n]);
    }
  }

  size_t Views() const { return shapes_.size(); }

  // The grids alone (what the texts cannot make larger).
  Layout FitShapes(float avail_w, float avail_h, std::vector<Bounds>& out) const {
    out = shapes_;
    Layout l = Arrange(out, title_min_, avail_w, avail_h, title_h_, app_.canvas.zoom, gap_);
    l.texts = false;
    return l;
  }

  // Texts too small to draw keep no room: then the grids alone fill the area, without their texts.
  Layout Fit(float avail_w, float avail_h, std::vector<Bounds>& out) const {
    out = contents_;
    Layout l = Arrange(out, title_min_, avail_w, avail_h, title_h_, app_.canvas.zoom, gap_);
    if (l.cell_px * 0.3f < kMinTextPx) l = FitShapes(avail_w, avail_h, out);
    return l;
  }

 private:
  const App& app_;
  float title_h_, gap_;
  std::vector<float> title_min_;
  std::vector<Bounds> shapes_, contents_;
};

// The labels' size for the next frames (CanvasState::text_cell_px): the UI's label size at the cell size this layout
// gives. Capped by the cell (cells first) in presentation mode, or where labels at the UI's size leave the cells too
// small for any text or for the values, until the cap no longer binds (then the sizes are the same either way). The
// frames are built again when the cell size moved by more than 3 %. Smaller labels (in cell units) never give smaller
// cells, so the sizes move one way and settle in a few frames.
// Returns whether they moved (the frames on screen were built for another size).
bool SettleTextSize(App& app, const ViewFitter& fitter, const Layout& l) {
  CanvasState& st = app.canvas;
  if (!l.texts) return false;  // cells too small for any text (large maps): nothing to size, nothing to rebuild
  // Sizes that settle from below may stop at a layout with smaller cells than they could have (labels the same size on
  // screen, the views in fewer columns): after a new width, configuration or set of views they start from above, at
  // the size the grids have without texts, and come down to the largest that holds.
  const CanvasState::SettleKey key{st.area.x, app.fonts.ui_size, app.derived.generation, fitter.Views()};
  if (key != st.settle_key) {
    st.settle_key = key;
    std::vector<Bounds> scratch(fitter.Views());
    const float bare = fitter.FitShapes(st.area.x, st.area.y, scratch).cell_px;
    if (bare > l.cell_px * 1.03f && app.display.labels) {
      st.text_cell_px = bare;
      app.requests.redraw = std::max(app.requests.redraw, 2);
      return true;
    }
  }
  bool cells_first = st.text_cells_first;
  if (app.display.presentation) {
    cells_first = true;
  } else if (!cells_first && (l.cell_px * 0.3f < kMinTextPx || l.cell_px < kMinNumberCellPx)) {
    cells_first = true;  // too small for any text, or for the values: the grids come first
  } else if (cells_first && LabelPx(app.fonts, l.cell_px, false) <= 0.6f * l.cell_px && l.cell_px * 0.3f >= kMinTextPx) {
    cells_first = false;  // the cap no longer binds: the same sizes either way
  }
  const bool moved = st.text_cell_px <= 0 || std::abs(std::log(l.cell_px / st.text_cell_px)) > std::log(1.03f);
  if (cells_first == st.text_cells_first && !moved) return false;
  st.text_cell_px = l.cell_px;
  st.text_cells_first = cells_first;
  app.requests.redraw = std::max(app.requests.redraw, 2);
  return true;
}

// The notes under the grids: there the grids come first, so on a small canvas (or a large UI scale) the notes give up
// the legend (also when it wraps to more than two rows), then all but the lead view's step, then the per-channel parts, rather than squeeze the drawing.
CanvasNotes NotesBelow(const App& app, const std::vector<View>& views, const CanvasNotes& notes, float width,
                       float canvas_h, float* height) {
  CanvasNotes below = notes;
  float below_h = NotesHeight(below, width, app.fonts);
  // A legend of more than two rows (a large UI scale) goes too: growing the UI must not shrink the grids.
  if ((below_h > 0.25f * canvas_h || LegendRows(below.legend, width, app.fonts) > 2) && !below.legend.empty()) {
    below.legend.clear();
    below_h = NotesHeight(below, width, app.fonts);
  }
  if (below_h > 0.35f * canvas_h && below.equations.size() > 1) {
    const auto lead = std::find(views.begin(), views.end(), app.LeadView()) - views.begin();
    below.equations = {below.equations[static_cast<size_t>(lead)]};
    below.parts = {below.parts[static_cast<size_t>(lead)]};
    below.check.clear();
    below_h = NotesHeight(below, width, app.fonts);
  }
  if (below_h > 0.35f * canvas_h) {  // then the per-channel parts (the equation still names every part's sum)
    for (std::vector<std::string>& parts : below.parts) parts.clear();
    below_h = NotesHeight(below, width, app.fonts);
  }
  *height = below_h;
  return below;
}

// The cells the views would get on an area `width` wide, their texts sized for those cells: from the grids' size
// without texts, a few rounds of frames built for the last round's cells (as SettleTextSize settles them).
float CellsAtWidth(const App& app, const std::vector<View>& views, const ViewFrames& frames, const ViewFitter& now,
                   float title_h, float gap, float width, float height) {
  std::vector<Bounds> scratch(views.size());
  float cell = now.FitShapes(width, height, scratch).cell_px;  // from above: the largest size they settle at
  for (int round = 0; round < 4 && frames.built_for; ++round) {
    const std::vector<Frame> built = frames.built_for(cell);
    ViewFrames trial;
    for (const Frame& f : built) {
      trial.frames.push_back(&f);
      trial.heights.push_back(f.grids_bottom + 0.15f);  // as TakeNotes
    }
    const float next = ViewFitter(app, views, trial, title_h, gap).Fit(width, height, scratch).cell_px;
    const bool settled = std::abs(next - cell) <= 0.01f * cell;
    cell = next;
    if (settled) break;
  }
  return cell;
}

// The Arithmetic panel folds to its strip when that is what lets the cells hold their values (Figure 4.6's three
// views at 1280x720 and 150 % with both panels open: 17 px cells docked, 24 px folded), and docks again once the
// canvas would hold them with it docked; the 3 % between the two keeps it from going back and forth. Judged once per
// area, configuration and text size (the frames are built again for it).
void FoldForValues(App& app, const std::vector<View>& views, const ViewFrames& frames, const ViewFitter& fitter,
                   const CanvasArrangement& out, ImVec2 area, const std::function<float(float)>& height_at) {
  SideState& side = app.layout.arithmetic;
  CanvasState::FoldCheck& checked = app.canvas.fold_check;
  const bool wanted = app.windows.arithmetic && app.display.numbers && !app.display.presentation;
  const float gain = app.layout.right - StripWidth();  // docked width less the strip's
  if (!wanted || gain <= 0 || (side.strip && !side.folded_for_values)) {
    side.folded_for_values = false;
    return;
  }
  const CanvasState::FoldCheck now{area.x, area.y, app.canvas.text_cell_px, app.derived.generation, views.size()};
  if (now == checked) return;
  checked = now;
  constexpr float kMargin = 1.03f;
  const float cell_px = out.layout.cell_px;
  std::vector<Bounds> scratch(views.size());
  if (!side.folded_for_values) {
    if (cell_px >= kMinNumberCellPx) return;  // the values show
    const float wide = area.x + gain, wide_h = height_at(wide);
    if (fitter.FitShapes(wide, wide_h, scratch).cell_px < kMinNumberCellPx * kMargin) return;  // not even bare
    if (CellsAtWidth(app, views, frames, fitter, out.title_h, out.gap, wide, wide_h) <
        kMinNumberCellPx * kMargin) {
      return;
    }
    side.folded_for_values = true;
    side.drawer = false;
    app.ShowStatus("Arithmetic folded to its strip: the grids need the room to show their values", ImGui::GetTime());
  } else if (CellsAtWidth(app, views, frames, fitter, out.title_h, out.gap, area.x - gain, height_at(area.x - gain)) >=
             kMinNumberCellPx * kMargin) {
    side.folded_for_values = false;
  }
  app.requests.redraw = std::max(app.requests.redraw, 2);
}

}  // namespace

ImFont* HeadingFont(const App& app) { return app.fonts.heading != nullptr ? app.fonts.heading : ImGui::GetFont(); }

float LabelPx(const Fonts& fonts, float cell_px, bool cells_first) {
  // Cells first (presentation mode, or wherever labels at the UI's size would leave the grids too small to draw any
  // text): a label is never taller than 0.6 of a cell there, so that long labels over small maps (the transposed
  // views side by side, a small canvas at a large UI scale) do not shrink the grids.
  const float ui_label_px = 0.8f * fonts.ui_size;
  return cells_first ? std::min(ui_label_px, 0.6f * cell_px) : ui_label_px;
}

// The part of a view the canvas shows (cell units, from where it was drawn last frame), snapped outwards with a
// margin: numbered cells of large maps are made for it alone. None while the cells are too small for numbers.
std::optional<std::array<float, 4>> VisibleRect(const ViewPlacement& at, ImVec2 p0, ImVec2 p1) {
  if (!at.shown || at.cell_px < kMinNumberCellPx) return std::nullopt;
  const float x0 = std::floor((p0.x - at.origin.x) / at.cell_px / kVisibleSnap) * kVisibleSnap - kVisibleSnap;
  const float y0 = std::floor((p0.y - at.origin.y) / at.cell_px / kVisibleSnap) * kVisibleSnap - kVisibleSnap;
  const float x1 = std::ceil((p1.x - at.origin.x) / at.cell_px / kVisibleSnap) * kVisibleSnap + kVisibleSnap;
  const float y1 = std::ceil((p1.y - at.origin.y) / at.cell_px / kVisibleSnap) * kVisibleSnap + kVisibleSnap;
  return std::array<float, 4>{x0, y0, x1 - x0, y1 - y0};
}

// Lays the views out in the arrangement (columns x rows) that gives the largest cells, with the notes under the grids
// or beside them when that gives larger cells (a wide canvas, few views).
CanvasArrangement ArrangeCanvas(App& app, const std::vector<View>& views, const ViewFrames& frames,
                                const CanvasRect& rect) {
  const CanvasNotes& notes = frames.notes;
  CanvasState& st = app.canvas;
  const ImVec2 p0 = rect.p0, p1 = rect.p1, size = rect.size;
  const bool several = views.size() > 1;
  const bool transposed = app.DrawnOp() == Op::Transposed;
  CanvasArrangement out;
  out.title_h = several || transposed ? HeadingFont(app)->FontSize * 1.5f : 0.0f;
  // Fixed in (device) pixels: a larger UI scale grows the texts, not the empty border (the grids would shrink for
  // nothing).
  const float margin = 12 * app.pixel_ratio;
  out.gap = kViewGapPx * app.UiPixels();
  const ViewFitter fitter(app, views, frames, out.title_h, out.gap);
  out.bounds.resize(frames.frames.size());

  const float below_w = size.x - 2 * margin;
  float below_h = 0;
  CanvasNotes below = NotesBelow(app, views, notes, below_w, size.y, &below_h);
  // The legend given up for the grids comes back when they keep their size with it (their width limits them).
  if (below.legend.empty() && !notes.legend.empty()) {
    CanvasNotes with = below;
    with.legend = notes.legend;
    const float with_h = NotesHeight(with, below_w, app.fonts);
    std::vector<Bounds> a(frames.frames.size()), b(frames.frames.size());
    if (fitter.Fit(below_w, size.y - 2 * margin - with_h, a).cell_px >=
        0.99f * fitter.Fit(below_w, size.y - 2 * margin - below_h, b).cell_px) {
      below = with;
      below_h = with_h;
    }
  }
  const float below_area_h = size.y - 2 * margin - below_h;
  // The next frame's choice of stack_rows: from the area the grids have with the notes under them (the same whatever
  // that choice, so that the two never chase each other).
  const ImVec2 area(below_w, below_area_h);
  if (std::abs(area.x - st.area.x) > 0.5f || std::abs(area.y - st.area.y) > 0.5f) {
    st.area = area;
    app.requests.redraw = std::max(app.requests.redraw, 1);
  }
  out.layout = fitter.Fit(below_w, below_area_h, out.bounds);
  ImVec2 area0{p0.x + margin, p0.y + margin};
  ImVec2 area1{p1.x - margin, p0.y + margin + below_area_h};
  out.notes_at = ImVec2{p0.x + margin, p1.y - margin - below_h};
  out.notes_w = below_w;
  const float side_w = std::clamp(size.x * 0.32f, app.fonts.ui_size * 12, app.fonts.ui_size * 24);
  const float side_h = NotesHeight(notes, side_w, app.fonts);
  const float side_area_w = size.x - 2 * margin - side_w - out.gap;
  bool beside = false;
  if (side_h > 0 && side_h <= size.y - 2 * margin && side_area_w > side_w) {
    std::vector<Bounds> side_bounds(frames.frames.size());
    const Layout side = fitter.Fit(side_area_w, size.y - 2 * margin, side_bounds);
    if (side.cell_px > out.layout.cell_px * 1.08f) {
      beside = true;
      out.layout = side;
      out.bounds = side_bounds;
      area1 = ImVec2{p0.x + margin + side_area_w, p1.y - margin};
    }
  }
  out.notes = beside ? notes : below;
  const float cell_px = out.layout.cell_px;
  if ((cell_px >= kMinNumberCellPx) != (st.cell_px >= kMinNumberCellPx)) app.requests.redraw = 2;
  st.cell_px = cell_px;
  // Whether to fold the Arithmetic panel: judged on frames whose texts were sized for these cells.
  if (!SettleTextSize(app, fitter, out.layout)) {
    // The grids' height under the notes at another width (the step line and legend wrap less on a wider canvas).
    const auto height_at = [&](float width) {
      float h = 0;
      NotesBelow(app, views, notes, width, size.y, &h);
      return size.y - 2 * margin - h;
    };
    FoldForValues(app, views, frames, fitter, out, area, height_at);
  }

  // Centred in the area left for the grids (zooming keeps the point under the mouse still, see HandleMouse).
  st.block_centre = ImVec2((area0.x + area1.x) * 0.5f, (area0.y + area1.y) * 0.5f);
  if (beside) {  // the notes start right of the (unpanned) drawing, centred on its height
    const float needed = NotesWidth(notes, side_w, app.fonts);
    out.notes_w = side_w;
    out.notes_at = ImVec2{std::min(st.block_centre.x + out.layout.width * 0.5f + 2 * out.gap, p1.x - margin - needed),
                          std::max(p0.y + margin, st.block_centre.y - side_h * 0.5f)};
  }
  out.right = p1.x - margin;
  out.block_origin = ImVec2{st.block_centre.x - out.layout.width * 0.5f + st.pan.x,
                            st.block_centre.y - out.layout.height * 0.5f + st.pan.y};
  return out;
}

}  // namespace convarith::app::canvas_parts
