// The TikZ exporter: a frame as one tikzpicture a LaTeX author can \input and restyle. Colours are named with
// \definecolor, every kind of cell has its own style (input, padding, output done, ...), and texts use the styles
// value, weight and note; coordinates are in cell units (x = one cell, y pointing down), so the picture can be scaled
// as a whole. Only TikZ (and the xcolor it loads) is used: no \includegraphics, no other package.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "convarith/base/numbers.hpp"
#include "convarith/export.hpp"
#include "font.hpp"
#include "layout.hpp"

namespace convarith {
namespace {

// A number with at most `decimals` decimals and no trailing zeros ("2", "0.5", "-1.25").
std::string Num(double v, int decimals = 4) { return FormatFixed(v, decimals); }  // locale-free (to_chars)

std::string Pt(double v) {
  return Num(v, 2) + "pt";
}

// The role's style name (the SVG's class names, with spaces: TikZ style names read as words).
std::string RoleStyle(Role role) {
  switch (role) {
    case Role::Input: return "input";
    case Role::Padding: return "padding";
    case Role::InsertedZero: return "inserted zero";
    case Role::ExtraZero: return "extra zero";
    case Role::Uncovered: return "uncovered";
    case Role::Kernel: return "kernel";
    case Role::OutputDone: return "output done";
    case Role::OutputCurrent: return "output current";
    case Role::OutputPending: return "output pending";
    case Role::Overlap: return "overlap";
  }
  // A role added later: its legend name, letters and spaces only.
  std::string name;
  for (char ch : RoleName(role)) {
    if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'))
      name += ch;
    else if (!name.empty() && name.back() != ' ')
      name += ' ';
  }
  while (!name.empty() && name.back() == ' ') name.pop_back();
  return name.empty() ? "cell kind" : name;
}

// "input under kernel" -> "InputUnderKernel": a colour name of letters only, as xcolor accepts everywhere.
std::string Camel(const std::string& words) {
  std::string out;
  bool upper = true;
  for (char ch : words) {
    if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')) {
      out += upper && ch >= 'a' && ch <= 'z' ? static_cast<char>(ch - 'a' + 'A') : ch;
      upper = false;
    } else {
      upper = true;
    }
  }
  return out;
}

// Text for a TikZ node in pdflatex's default set-up: LaTeX's special characters escaped, the few non-ASCII characters
// convarith writes (·, ×, ĩ, °, ∞, ⌊⌋⌈⌉, −, ′, a combining circumflex) as LaTeX commands, a minus sign before a
// number as math, runs of spaces kept. Other characters become '?' rather than break the author's document.
std::string LatexText(std::string_view utf8) {
  const std::u32string text = DecodeUtf8(utf8);
  std::string out;
  bool after_space = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char32_t c = text[i];
    const char32_t next = i + 1 < text.size() ? text[i + 1] : 0;
    if ((next == 0x0302 || next == 0x0303) && c > 0x20 && c < 0x7f) {  // a combining circumflex / tilde: an accent
      const std::string base = c == 'i' ? "\\i" : c == 'j' ? "\\j" : LatexText(std::string(1, static_cast<char>(c)));
      out += std::string(next == 0x0302 ? "\\^{" : "\\~{") + base + "}";
      ++i;
      after_space = false;
      continue;
    }
    if (c == ' ') {
      out += after_space ? "\\ " : " ";
      after_space = true;
      continue;
    }
    after_space = false;
    switch (c) {
      case '\\': out += "\\textbackslash{}"; break;
      case '{': out += "\\{"; break;
      case '}': out += "\\}"; break;
      case '$': out += "\\$"; break;
      case '&': out += "\\&"; break;
      case '#': out += "\\#"; break;
      case '%': out += "\\%"; break;
      case '_': out += "\\_"; break;
      case '^': out += "\\textasciicircum{}"; break;
      case '~': out += "\\textasciitilde{}"; break;
      case '<': out += "\\textless{}"; break;
      case '>': out += "\\textgreater{}"; break;
      case '|': out += "\\textbar{}"; break;
      case '"': out += "''"; break;
      case '-':
        // A minus sign (before a digit, a point or ∞) rather than a hyphen.
        if ((next >= '0' && next <= '9') || next == '.' || next == 0x221e) {
          out += "$-$";
        } else {
          out += '-';
        }
        break;
      case 0x00b7: out += "$\\cdot$"; break;
      case 0x00d7: out += "$\\times$"; break;
      case 0x00b0: out += "$^\\circ$"; break;
      case 0x0129: out += "\\~{\\i}"; break;
      case 0x221e: out += "$\\infty$"; break;
      case 0x230a: out += "$\\lfloor$"; break;
      case 0x230b: out += "$\\rfloor$"; break;
      case 0x2308: out += "$\\lceil$"; break;
      case 0x2309: out += "$\\rceil$"; break;
      case 0x2212: out += "$-$"; break;
      case 0x2032: out += "$'$"; break;
      case 0x2019: out += "'"; break;
      case 0x2013: out += "--"; break;
      case 0x2014: out += "---"; break;
      default:
        if (c >= 0x20 && c < 0x7f) {
          out += static_cast<char>(c);
        } else if (c >= 0x80) {
          out += '?';
        }  // control characters are dropped
    }
  }
  return out;
}

// Named colours: \definecolor lines in the order they were first needed, and a name per (group, value), so one colour
// used by several roles gets one name per role group but legend swatches reuse the cells' names.
class Colors {
 public:
  // The name of `c` in `group` (e.g. "Border"), defining "cv<base>" (or "cv<base>2", ...) on first use.
  std::string Name(const std::string& group, const std::string& base, Rgba c) {
    const auto key = std::make_pair(group, Key(c));
    const auto found = by_group_.find(key);
    if (found != by_group_.end()) return found->second;
    std::string name = "cv" + base;
    for (int n = 2; used_.count(name) != 0; ++n) name = "cv" + base + std::to_string(n);
    used_[name] = true;
    by_group_[key] = name;
    char line[128];
    std::snprintf(line, sizeof line, "\\definecolor{%s}{RGB}{%d,%d,%d}\n", name.c_str(), c.r, c.g, c.b);
    defs_ += line;
    return name;
  }
  // A name already given to `c` in `group`, or empty.
  std::string Find(const std::string& group, Rgba c) const {
    const auto found = by_group_.find(std::make_pair(group, Key(c)));
    return found == by_group_.end() ? "" : found->second;
  }
  const std::string& Definitions() const { return defs_; }

 private:
  static uint32_t Key(Rgba c) { return (uint32_t{c.r} << 16) | (uint32_t{c.g} << 8) | c.b; }
  std::map<std::pair<std::string, uint32_t>, std::string> by_group_;
  std::map<std::string, bool> used_;
  std::string defs_;
};

// ", fill opacity=0.5"-style options for a translucent colour; empty when opaque.
std::string Opacity(const char* what, Rgba c) {
  if (c.a == 255 || c.a == 0) return "";
  return std::string(", ") + what + " opacity=" + Num(c.a / 255.0, 3);
}

// A dash pattern for a square-ish box of `side` points: dashes and gaps of side / 8, shifted by half a dash so that a
// dash sits on every corner of a rectangle path and four more along each side, as the other exporters draw them.
std::string DashPattern(double side_pt) {
  const double d = side_pt / 8;
  return "dash pattern=on " + Pt(d) + " off " + Pt(d) + ", dash phase=" + Pt(d / 2);
}

// The style name of a cell: its role, and its state when that changes its colours.
std::string CellStyle(const FrameCell& cell) {
  std::string style = RoleStyle(cell.role);
  if (cell.under_kernel) style += " under kernel";
  if (cell.winner) style += " winner";
  if (cell.highlighted) style += " highlighted";
  return style;
}

struct CellStyleDef {
  std::string name;
  std::string fill, border;  // colour names, or "none"
  Rgba fill_rgba, border_rgba;
  bool dashed = false;
};

// A text style (value, weight, note): its first colour and size; nodes that differ say so.
struct TextStyleDef {
  std::string color;
  double font_pt = 0;
  bool used = false;
};

std::string FontOption(double em_pt) {
  return "typeface=" + Pt(em_pt);
}


// A frame's TikZ picture, built in the order the colours get their names: the background's, the legend's, then each
// cell's (its style, fill, border and texts), the overlays' and the notes'.
class TikzDrawing {
 public:
  TikzDrawing(const Frame& frame, int cell_px)
      : frame_(frame),
        layout_(frame, cell_px),  // checks the size, and strokes as the other exporters draw them
        unit_(cell_px),           // points per cell unit
        border_pt_(layout_.StrokeWidth(1.0f)),
        ascent_(font_.Ascent(1.0f)) {
    background_ = frame.background.a == 0 ? "none" : colors_.Name("Fill", "Background", frame.background);
  }

  // The legend's colours first, named after what they stand for: every frame of an animation then defines the same
  // names, and a cell and its legend swatch share one.
  void NameLegendColours() {
    for (const LegendEntry& e : frame_.legend) {
      if (e.outline || e.fill.a == 0) continue;
      std::string base = Camel(e.name);
      for (Role role : {Role::Input, Role::Padding, Role::InsertedZero, Role::ExtraZero, Role::Uncovered, Role::Kernel,
                        Role::OutputDone, Role::OutputCurrent, Role::OutputPending, Role::Overlap}) {
        if (e.name == RoleName(role)) base = Camel(RoleStyle(role));
      }
      if (!base.empty()) colors_.Name("Fill", base, e.fill);
    }
  }

  // A cell: its style (in order of first appearance), its fill and border with options where they differ from the
  // style, its value and its corner weight. Fills first, then borders: a cell's fill never covers its neighbour's
  // border.
  void AddCell(const FrameCell& cell) {
    const std::string name = CellStyle(cell);
    auto [it, added] = style_index_.emplace(name, styles_.size());
    if (added) {
      styles_.push_back({name, ColorOrNone("Fill", Camel(name), cell.fill),
                         ColorOrNone("Border", "Border", cell.border), cell.fill, cell.border, cell.dashed});
    }
    const CellStyleDef& def = styles_[it->second];
    const std::string at =
        "(" + Num(cell.x) + "," + Num(cell.y) + ") rectangle +(" + Num(cell.size) + "," + Num(cell.size) + ")";
    AddCellFill(cell, name, def, at);
    AddCellBorder(cell, name, def, at);
    if (!cell.text.empty()) {
      AddTextNode(value_, "value", "Value", cell.text_color, cell.text_size, "", cell.x + 0.5 * cell.size,
                  cell.y + 0.5 * cell.size, cell.text, value_nodes_);
    }
    if (!cell.corner_text.empty()) {
      const double inset = std::max(2.0, 0.08 * cell.size * unit_) / unit_;
      AddTextNode(weight_, "weight", "Weight", cell.corner_color, cell.corner_size, "", cell.x + cell.size - inset,
                  cell.y + cell.size - inset, cell.corner_text, weight_nodes_);
    }
  }

  // An overlay (the kernel window's outline, a legend swatch); strokes inside the rectangle, as the rasterizer draws
  // them.
  void AddOutline(FrameRect r) {
    if (r.fill.a == 0 && r.stroke.a == 0) return;
    // An outline kept visible on tiny cells (FrameRect::min_px), grown about its centre as the other exporters do.
    const float min_units = r.min_px / static_cast<float>(unit_);
    if (r.w < min_units) r.x -= (min_units - r.w) / 2, r.w = min_units;
    if (r.h < min_units) r.y -= (min_units - r.h) / 2, r.h = min_units;
    const double width_pt = layout_.StrokeWidth(r.stroke_width);
    const double inset = r.stroke.a == 0 ? 0 : width_pt / 2 / unit_;
    std::string options = "outline";
    if (r.fill.a != 0) {
      std::string name = colors_.Find("Fill", r.fill);
      if (name.empty()) name = colors_.Name("Fill", "Swatch", r.fill);
      options += ", fill=" + name + Opacity("fill", r.fill);
    }
    if (r.stroke.a != 0) {
      std::string name = colors_.Find("Border", r.stroke);
      if (name.empty()) name = colors_.Name("Outline", "Outline", r.stroke);
      options += ", draw=" + name + ", line width=" + Pt(width_pt) + Opacity("draw", r.stroke);
      if (r.dashed) options += ", " + DashPattern(std::max(r.w, r.h) * unit_);
    }
    outlines_ += "\\path[" + options + "] (" + Num(r.x + inset) + "," + Num(r.y + inset) + ") rectangle (" +
                 Num(r.x + r.w - inset) + "," + Num(r.y + r.h - inset) + ");\n";
  }

  // A polygon of the 3-D tensor view (a degenerate one as a line), between the cells and the outlines.
  void AddPolygon(const FramePolygon& poly) {
    if (poly.fill.a == 0 && poly.stroke.a == 0) return;
    const auto& q = poly.xy;
    const bool line = q[0] == q[6] && q[1] == q[7] && q[2] == q[4] && q[3] == q[5];
    std::string options = "line join=round";
    if (poly.fill.a != 0 && !line) {
      std::string name = colors_.Find("Fill", poly.fill);
      if (name.empty()) name = colors_.Name("Fill", "Face", poly.fill);
      options += ", fill=" + name + Opacity("fill", poly.fill);
    }
    if (poly.stroke.a != 0) {
      std::string name = colors_.Find("Border", poly.stroke);
      if (name.empty()) name = colors_.Name("Outline", "Edge", poly.stroke);
      const double width_pt = layout_.StrokeWidth(poly.stroke_width);
      options += ", draw=" + name + ", line width=" + Pt(width_pt) + Opacity("draw", poly.stroke);
      if (poly.dashed) options += ", dash pattern=on " + Pt(3 * width_pt) + " off " + Pt(3 * width_pt);
    }
    polygons_ += "\\path[" + options + "] ";
    for (size_t n = 0; n < (line ? 2u : 4u); ++n)
      polygons_ += std::string(n ? " -- " : "") + "(" + Num(q[2 * n]) + "," + Num(q[2 * n + 1]) + ")";
    polygons_ += line ? ";\n" : " -- cycle;\n";
  }

  // A text of the frame (labels, caption, legend names).
  void AddNote(const FrameText& t) {
    const char* anchor = t.align == Align::Left ? "base west" : t.align == Align::Center ? "base" : "base east";
    AddTextNode(note_, "note", "Text", t.color, t.size, anchor, t.x, t.y + ascent_ * t.size, t.text, note_nodes_);
  }

  // The document: a comment on how to use it, the colours, the picture with its styles, then the drawing.
  std::string Document(const std::string& title) const {
    std::string out;
    out.reserve(4096 + fills_.size() + borders_.size() + value_nodes_.size() * 2);
    out += Comment(title);
    out += colors_.Definitions();
    out += "\\begin{tikzpicture}[scale=1, x=" + Pt(unit_) + ", y=-" + Pt(unit_) + ",\n";
    out += Styles();
    out += "]\n";
    out += "\\path[background] (0,0) rectangle (" + Num(layout_.width / unit_) + "," + Num(layout_.height / unit_) +
           ");\n";
    out += fills_;
    out += borders_;
    out += polygons_;
    out += outlines_;
    out += value_nodes_;
    out += weight_nodes_;
    out += note_nodes_;
    out += "\\end{tikzpicture}\n";
    return out;
  }

 private:
  double EmPt(float size) const { return static_cast<double>(font_.EmSize(size * static_cast<float>(unit_))); }

  std::string ColorOrNone(const std::string& group, const std::string& base, Rgba c) {
    return c.a == 0 ? std::string("none") : colors_.Name(group, base, c);
  }

  void AddCellFill(const FrameCell& cell, const std::string& name, const CellStyleDef& def, const std::string& at) {
    std::string fill_options = name + ", draw=none";
    if (!(cell.fill == def.fill_rgba)) {
      const std::string existing = cell.fill.a == 0 ? "none" : colors_.Find("Fill", cell.fill);
      fill_options += ", fill=" + (existing.empty() ? colors_.Name("Fill", Camel(name), cell.fill) : existing);
    }
    fill_options += Opacity("fill", cell.fill);
    if (cell.fill.a != 0) fills_ += "\\path[" + fill_options + "] " + at + ";\n";
  }

  void AddCellBorder(const FrameCell& cell, const std::string& name, const CellStyleDef& def, const std::string& at) {
    if (cell.border.a == 0) return;
    std::string border_options = name + ", fill=none";
    if (!(cell.border == def.border_rgba)) border_options += ", draw=" + colors_.Name("Border", "Border", cell.border);
    if (cell.dashed != def.dashed) {
      border_options += cell.dashed ? ", " + DashPattern(cell.size * unit_) : std::string(", solid");
    } else if (cell.dashed && std::abs(cell.size - 1.0f) > 1e-4f) {
      border_options += ", " + DashPattern(cell.size * unit_);
    }
    border_options += Opacity("draw", cell.border);
    borders_ += "\\path[" + border_options + "] " + at + ";\n";
  }

  // A text node with its style's options where it differs from the style's first use.
  void AddTextNode(TextStyleDef& def, const char* style, const std::string& group, Rgba color, float size,
                   const std::string& anchor, double x, double y, const std::string& text, std::string& out) {
    if (color.a == 0 || text.empty()) return;
    // Values and weights are light on dark cells and dark on light ones: named so, the same in every frame.
    const bool by_lightness = group != "Text";
    const bool light = 299 * color.r + 587 * color.g + 114 * color.b >= 128000;
    const std::string name = colors_.Name(group, by_lightness ? group + (light ? "Light" : "Dark") : group, color);
    const double em = EmPt(size);
    if (!def.used) {
      def = {name, em, true};
    }
    std::string options = style;
    if (name != def.color) options += ", text=" + name;
    if (std::abs(em - def.font_pt) > 0.005) options += ", " + FontOption(em);
    if (!anchor.empty()) options += ", anchor=" + anchor;
    options += Opacity("text", color);
    out += "\\node[" + options + "] at (" + Num(x) + "," + Num(y) + ") {" + LatexText(text) + "};\n";
  }

  std::string Comment(const std::string& title) const {
    std::string out = "% Drawn by convarith";
    if (!title.empty()) out += ": " + LatexText(title);
    out += "\n";
    out += "% Only TikZ: put \\usepackage{tikz} in the preamble and \\input this file (in a figure environment, say).\n";
    out += "% Restyle it: the colours are defined below; each kind of cell has a style (input, padding, output done,\n";
    out += "% ...), `cell' sets every border, `value', `weight' and `note' set the texts, `typeface' their font.\n";
    out += "% Resize it: scale=0.8 in the tikzpicture's options scales everything, text included (one cell is " +
           Pt(unit_) + ").\n";
    out += "% Text sizes are exact with scalable fonts (\\RequirePackage{fix-cm} before \\documentclass, or lmodern);\n";
    out += "% otherwise LaTeX picks the nearest size it has.\n";
    return out;
  }

  // The picture's styles: the typeface, the background, every kind of cell, the overlays and the three texts.
  std::string Styles() const {
    std::string out;
    out += "  typeface/.style={font=\\sffamily\\fontsize{#1}{#1}\\selectfont},\n";
    out += "  background/.style={fill=" + background_ + "},\n";
    out += "  cell/.style={line width=" + Pt(border_pt_) + "},\n";
    for (const CellStyleDef& s : styles_) {
      out += "  " + s.name + "/.style={cell, fill=" + s.fill + ", draw=" + s.border;
      if (s.dashed) out += ", " + DashPattern(unit_);
      out += "},\n";
    }
    out += "  outline/.style={},\n";
    const auto text_style = [&](const char* name, const TextStyleDef& def, const char* anchor) {
      out += std::string("  ") + name + "/.style={transform shape, inner sep=0pt, anchor=" + anchor;
      if (def.used) out += ", text=" + def.color + ", " + FontOption(def.font_pt);
      out += "},\n";
    };
    text_style("value", value_, "center");
    text_style("weight", weight_, "base east");
    text_style("note", note_, "base west");
    return out;
  }

  const Frame& frame_;
  const PixelLayout layout_;
  const Font font_;
  const double unit_;
  const double border_pt_;
  const double ascent_;
  Colors colors_;
  std::string background_;
  std::vector<CellStyleDef> styles_;
  std::map<std::string, size_t> style_index_;
  std::string fills_, borders_, polygons_, outlines_;
  TextStyleDef value_, weight_, note_;
  std::string value_nodes_, weight_nodes_, note_nodes_;
};

}  // namespace

std::string TikzDocument(const Frame& frame, int cell_px, const std::string& title) {
  TikzDrawing drawing(frame, cell_px);
  drawing.NameLegendColours();
  for (const FrameCell& cell : frame.cells) drawing.AddCell(cell);
  for (const FramePolygon& poly : frame.polygons) drawing.AddPolygon(poly);
  for (const FrameRect& r : frame.rects) drawing.AddOutline(r);
  for (const FrameText& t : frame.texts) drawing.AddNote(t);
  return drawing.Document(title);
}

}  // namespace convarith
