// The SVG exporter: the same boxes and text positions as the rasterizer (PixelLayout), as vector elements.
#include <cstdio>
#include <string>

#include "convarith/base/numbers.hpp"
#include "convarith/export.hpp"
#include "font.hpp"
#include "layout.hpp"

namespace convarith {
namespace {

void AppendEscaped(std::string& out, std::string_view text) {
  for (char ch : text) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // XML 1.0 forbids most control characters; drop them rather than write an unreadable file.
        if (static_cast<unsigned char>(ch) >= 0x20 || ch == '\t' || ch == '\n') out += ch;
    }
  }
}

std::string Number(double v) { return FormatFixed(v, 2); }  // locale-free: SVG stays valid under any setlocale()

std::string Hex(Rgba c) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "#%02x%02x%02x", c.r, c.g, c.b);
  return buffer;
}

// fill="..." (and fill-opacity) or fill="none".
std::string Paint(const char* what, Rgba c) {
  if (c.a == 0) return std::string(" ") + what + "=\"none\"";
  std::string s = std::string(" ") + what + "=\"" + Hex(c) + "\"";
  if (c.a != 255) s += std::string(" ") + what + "-opacity=\"" + Number(c.a / 255.0) + "\"";
  return s;
}

std::string_view RoleClass(Role role) {
  switch (role) {
    case Role::Input: return "input";
    case Role::Padding: return "padding";
    case Role::InsertedZero: return "inserted-zero";
    case Role::ExtraZero: return "extra-zero";
    case Role::Uncovered: return "uncovered";
    case Role::Kernel: return "kernel";
    case Role::OutputDone: return "output-done";
    case Role::OutputCurrent: return "output-current";
    case Role::OutputPending: return "output-pending";
    case Role::Overlap: return "overlap";
  }
  return "cell";
}

// The rasterizer's dashes (layout.hpp's DashesFor); empty when the side is too short to dash.
std::string DashArray(const PixelBox& b) {
  const std::optional<Dashes> d = DashesFor(b);
  if (!d) return "";
  return " stroke-dasharray=\"" + std::to_string(d->dash) + " " + Number(d->gap) + "\"";
}

// A box with a border inside it: SVG strokes straddle the path, so the path is inset by half the width. With an
// opaque (or no) border one element does it; a translucent border over the fill needs the fill drawn separately.
void AppendBox(std::string& out, const char* cls, const PixelBox& b, Rgba fill, Rgba stroke, int width, bool dashed) {
  auto attrs = [&](double inset) {
    return " x=\"" + Number(b.x0 + inset) + "\" y=\"" + Number(b.y0 + inset) + "\" width=\"" +
           Number(b.x1 - b.x0 - 2 * inset) + "\" height=\"" + Number(b.y1 - b.y0 - 2 * inset) + "\"";
  };
  if (fill.a == 0 && stroke.a == 0) return;
  const std::string stroke_attrs =
      Paint("stroke", stroke) + " stroke-width=\"" + std::to_string(width) + "\"" +
      (dashed ? DashArray(b) : "");
  out += "<rect class=\"";
  out += cls;
  if (stroke.a == 0) {
    out += "\"" + attrs(0) + Paint("fill", fill) + "/>\n";
  } else if (stroke.a == 255) {
    out += "\"" + attrs(width / 2.0) + Paint("fill", fill) + stroke_attrs + "/>\n";
  } else {
    out += "\"" + attrs(0) + Paint("fill", fill) + "/>\n";
    out += "<rect class=\"border\"" + attrs(width / 2.0) + " fill=\"none\"" + stroke_attrs + "/>\n";
  }
}

void AppendText(std::string& out, const char* cls, const Font& font, const TextPlacement& at, Rgba color,
                std::string_view text) {
  if (color.a == 0 || text.empty()) return;
  const char* anchor = at.align == Align::Left ? "start" : at.align == Align::Center ? "middle" : "end";
  out += "<text class=\"" + std::string(cls) + "\" x=\"" + Number(at.anchor) + "\" y=\"" +
         std::to_string(at.baseline) + "\" font-size=\"" + Number(font.EmSize(at.line_px)) + "\" text-anchor=\"" +
         anchor + "\"" + Paint("fill", color) + ">";
  AppendEscaped(out, text);
  out += "</text>\n";
}

// A polygon of the 3-D tensor view (a degenerate one as a line).
void AppendPolygon(std::string& out, const PixelLayout& layout, const FramePolygon& poly) {
  const auto& q = poly.xy;
  const bool line = q[0] == q[6] && q[1] == q[7] && q[2] == q[4] && q[3] == q[5];
  std::string points;
  for (size_t n = 0; n < (line ? 2u : 4u); ++n) {
    points += (n ? " " : "") + Number(layout.PxExact(q[2 * n])) + "," + Number(layout.PxExact(q[2 * n + 1]));
  }
  std::string stroke = Paint("stroke", poly.stroke);
  if (poly.stroke.a != 0) {
    const int width = layout.StrokeWidth(poly.stroke_width);
    stroke += " stroke-width=\"" + std::to_string(width) + "\" stroke-linejoin=\"round\"";
    if (poly.dashed) stroke += " stroke-dasharray=\"" + std::to_string(3 * width) + "\"";
  }
  out += std::string(line ? "<polyline class=\"depth\" fill=\"none\"" : "<polygon class=\"depth\"") +
         (line ? "" : Paint("fill", poly.fill)) + " points=\"" + points + "\"" + stroke + "/>\n";
}

}  // namespace

std::string SvgDocument(const Frame& frame, int cell_px) {
  const PixelLayout layout(frame, cell_px);
  const Font font;
  const std::string w = std::to_string(layout.width), h = std::to_string(layout.height);
  std::string out;
  out.reserve(256 + frame.cells.size() * 200);
  out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w + "\" height=\"" + h + "\" viewBox=\"0 0 " + w +
         " " + h + "\">\n";
  // white-space: pre keeps runs of spaces in equations, as the rasterizer does.
  out += "<g font-family=\"DejaVu Sans, Verdana, sans-serif\" style=\"white-space:pre\">\n";
  out += "<rect class=\"background\" width=\"" + w + "\" height=\"" + h + "\"" + Paint("fill", frame.background) +
         "/>\n";

  const int cell_border = layout.StrokeWidth(1.0f);
  for (const FrameCell& cell : frame.cells) {
    const std::string cls = "cell " + std::string(RoleClass(cell.role));
    AppendBox(out, cls.c_str(), layout.Box(cell.x, cell.y, cell.size, cell.size), cell.fill, cell.border, cell_border,
              cell.dashed);
    if (!cell.text.empty()) {
      AppendText(out, "value", font, layout.CellText(font, cell, DecodeUtf8(cell.text)), cell.text_color, cell.text);
    }
    if (!cell.corner_text.empty()) {
      AppendText(out, "weight", font, layout.CornerText(font, cell, DecodeUtf8(cell.corner_text)), cell.corner_color,
                 cell.corner_text);
    }
  }
  for (const FramePolygon& poly : frame.polygons) AppendPolygon(out, layout, poly);
  for (const FrameRect& rect : frame.rects) {
    AppendBox(out, "overlay", layout.RectBox(rect), rect.fill, rect.stroke,
              layout.StrokeWidth(rect.stroke_width), rect.dashed);
  }
  for (const FrameText& t : frame.texts) {
    AppendText(out, "label", font, layout.FreeText(font, t, DecodeUtf8(t.text)), t.color, t.text);
  }
  out += "</g>\n</svg>\n";
  return out;
}

}  // namespace convarith
