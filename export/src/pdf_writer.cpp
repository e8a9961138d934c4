// The PDF exporter: cairo's PDF surface draws each frame as a page of vector boxes and real text (the embedded DejaVu
// Sans, loaded through FreeType, so the PDF never depends on the fonts installed where it is made). Geometry comes from
// PixelLayout, as for the PNG and SVG, with one PDF point per pixel.
#include "pdf_writer.hpp"

#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <ft2build.h>
#include FT_FREETYPE_H

#include <algorithm>
#include <string>

#include "font.hpp"
#include "layout.hpp"

extern const unsigned char kEmbeddedFont[];  // generated at build time by export/cmake/EmbedBinary.cmake
extern const unsigned long kEmbeddedFont_size;

namespace convarith {
namespace {

[[noreturn]] void Fail(cairo_status_t status) {
  throw ExportError(std::string("cannot draw the PDF: ") + cairo_status_to_string(status));
}

// The FreeType library and face behind a cairo font face; freed by cairo when it releases the face (it may keep the
// face in its cache after the writer is gone, so the writer cannot free them itself).
struct FtFont {
  FT_Library library = nullptr;
  FT_Face face = nullptr;
};
cairo_user_data_key_t kFtFontKey;

void DestroyFtFont(void* data) {
  auto* font = static_cast<FtFont*>(data);
  if (font->face != nullptr) FT_Done_Face(font->face);
  if (font->library != nullptr) FT_Done_FreeType(font->library);
  delete font;
}

cairo_font_face_t* CreateEmbeddedFace() {
  auto* font = new FtFont;
  if (FT_Init_FreeType(&font->library) != 0 ||
      FT_New_Memory_Face(font->library, kEmbeddedFont, static_cast<FT_Long>(kEmbeddedFont_size), 0, &font->face) != 0) {
    DestroyFtFont(font);
    throw ExportError("cannot draw the PDF: the embedded font does not load");
  }
  cairo_font_face_t* face = cairo_ft_font_face_create_for_ft_face(font->face, 0);
  const cairo_status_t status = cairo_font_face_set_user_data(face, &kFtFontKey, font, DestroyFtFont);
  if (status != CAIRO_STATUS_SUCCESS) {
    cairo_font_face_destroy(face);
    DestroyFtFont(font);
    Fail(status);
  }
  return face;
}

// Text cairo can show: valid UTF-8 (malformed bytes become U+FFFD) without control characters.
std::string CleanUtf8(std::string_view text) {
  std::string out;
  for (char32_t cp : DecodeUtf8(text)) {
    if (cp < 0x20 || cp == 0x7f) continue;
    AppendUtf8(out, cp);
  }
  return out;
}

void SetColor(cairo_t* cr, Rgba c) {
  cairo_set_source_rgba(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0, c.a / 255.0);
}

// A polygon of the 3-D tensor view, filled then stroked along its edges (a degenerate one is a line).
void Polygon(cairo_t* cr, const PixelLayout& layout, const FramePolygon& poly) {
  const auto& q = poly.xy;
  const bool line = q[0] == q[6] && q[1] == q[7] && q[2] == q[4] && q[3] == q[5];
  cairo_new_path(cr);
  for (size_t n = 0; n < (line ? 2u : 4u); ++n) cairo_line_to(cr, layout.PxExact(q[2 * n]), layout.PxExact(q[2 * n + 1]));
  if (!line) cairo_close_path(cr);
  if (poly.fill.a != 0 && !line) {
    SetColor(cr, poly.fill);
    cairo_fill_preserve(cr);
  }
  if (poly.stroke.a != 0) {
    const int w = layout.StrokeWidth(poly.stroke_width);
    SetColor(cr, poly.stroke);
    cairo_set_line_width(cr, w);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    const double pattern[1] = {3.0 * w};
    cairo_set_dash(cr, pattern, poly.dashed ? 1 : 0, 0);
    cairo_stroke_preserve(cr);
    cairo_set_dash(cr, nullptr, 0, 0);
  }
  cairo_new_path(cr);
}

// A box filled, then its border `width` wide inside it, as the rasterizer draws it (frame.hpp): a dashed border is
// stroked side by side from corner to corner, so each side starts and ends with a dash.
void Box(cairo_t* cr, const PixelBox& b, Rgba fill, Rgba stroke, int width, bool dashed) {
  if (b.x1 <= b.x0 || b.y1 <= b.y0) return;
  if (fill.a != 0) {
    SetColor(cr, fill);
    cairo_rectangle(cr, b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0);
    cairo_fill(cr);
  }
  if (stroke.a == 0) return;
  const int w = std::min({width, (b.x1 - b.x0 + 1) / 2, (b.y1 - b.y0 + 1) / 2});
  const double h = w / 2.0;
  SetColor(cr, stroke);
  cairo_set_line_width(cr, w);
  const std::optional<Dashes> dashes = dashed ? DashesFor(b) : std::nullopt;
  if (dashes) {
    const double pattern[2] = {static_cast<double>(dashes->dash), dashes->gap};
    cairo_set_dash(cr, pattern, 2, 0);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    cairo_move_to(cr, b.x0, b.y0 + h);
    cairo_line_to(cr, b.x1, b.y0 + h);
    cairo_move_to(cr, b.x0, b.y1 - h);
    cairo_line_to(cr, b.x1, b.y1 - h);
    cairo_move_to(cr, b.x0 + h, b.y0);
    cairo_line_to(cr, b.x0 + h, b.y1);
    cairo_move_to(cr, b.x1 - h, b.y0);
    cairo_line_to(cr, b.x1 - h, b.y1);
    cairo_stroke(cr);
    cairo_set_dash(cr, nullptr, 0, 0);
  } else {
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
    cairo_rectangle(cr, b.x0 + h, b.y0 + h, b.x1 - b.x0 - 2 * h, b.y1 - b.y0 - 2 * h);
    cairo_stroke(cr);
  }
}

// A line of text at its placement; cairo measures it for centred and right-aligned text.
void Text(cairo_t* cr, const Font& font, const TextPlacement& at, Rgba color, std::string_view text) {
  if (color.a == 0 || text.empty() || at.line_px <= 0) return;
  const std::string utf8 = CleanUtf8(text);
  if (utf8.empty()) return;
  cairo_set_font_size(cr, font.EmSize(at.line_px));
  double x = at.anchor;
  if (at.align != Align::Left) {
    cairo_text_extents_t extents;
    cairo_text_extents(cr, utf8.c_str(), &extents);
    x -= at.align == Align::Center ? 0.5 * extents.x_advance : extents.x_advance;
  }
  SetColor(cr, color);
  cairo_move_to(cr, x, at.baseline);
  cairo_show_text(cr, utf8.c_str());
  cairo_new_path(cr);
}

cairo_status_t AppendBytes(void* closure, const unsigned char* data, unsigned int length) {
  auto* out = static_cast<std::vector<uint8_t>*>(closure);
  out->insert(out->end(), data, data + length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

struct PdfDocumentWriter::State {
  int cell_px = kDefaultCellPx;
  Font font;  // metrics shared with PixelLayout (line heights, ascent, em size)
  std::vector<uint8_t> bytes;
  cairo_surface_t* surface = nullptr;
  cairo_font_face_t* face = nullptr;
  cairo_font_options_t* options = nullptr;
  bool finished = false;

  ~State() {
    if (options != nullptr) cairo_font_options_destroy(options);
    if (face != nullptr) cairo_font_face_destroy(face);
    if (surface != nullptr) cairo_surface_destroy(surface);
  }
};

PdfDocumentWriter::PdfDocumentWriter(int cell_px, const std::string& title) : state_(std::make_unique<State>()) {
  state_->cell_px = cell_px;
  // The page size is set again for each page; cairo needs one to start with.
  state_->surface = cairo_pdf_surface_create_for_stream(AppendBytes, &state_->bytes, 1, 1);
  if (cairo_surface_status(state_->surface) != CAIRO_STATUS_SUCCESS) Fail(cairo_surface_status(state_->surface));
#if CAIRO_VERSION >= CAIRO_VERSION_ENCODE(1, 16, 0)
  cairo_pdf_surface_set_metadata(state_->surface, CAIRO_PDF_METADATA_CREATOR, "convarith");
  if (!title.empty()) {
    cairo_pdf_surface_set_metadata(state_->surface, CAIRO_PDF_METADATA_TITLE, CleanUtf8(title).c_str());
  }
#else
  (void)title;
#endif
  state_->face = CreateEmbeddedFace();
  // Outlines as the font draws them, advances unrounded: text is vector, there is no pixel grid to fit.
  state_->options = cairo_font_options_create();
  cairo_font_options_set_hint_style(state_->options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics(state_->options, CAIRO_HINT_METRICS_OFF);
}

PdfDocumentWriter::~PdfDocumentWriter() = default;

void PdfDocumentWriter::AddPage(const Frame& frame, const std::string& label) {
  State& s = *state_;
  if (s.finished) throw ExportError("cannot draw the PDF: the document is already finished");
  const PixelLayout layout(frame, s.cell_px);
  cairo_pdf_surface_set_size(s.surface, layout.width, layout.height);
#if CAIRO_VERSION >= CAIRO_VERSION_ENCODE(1, 16, 0)
  if (!label.empty()) cairo_pdf_surface_set_page_label(s.surface, CleanUtf8(label).c_str());
#else
  (void)label;
#endif
  cairo_t* cr = cairo_create(s.surface);
  cairo_set_font_face(cr, s.face);
  cairo_set_font_options(cr, s.options);

  SetColor(cr, frame.background);
  cairo_paint(cr);
  const int cell_border = layout.StrokeWidth(1.0f);
  for (const FrameCell& cell : frame.cells) {
    Box(cr, layout.Box(cell.x, cell.y, cell.size, cell.size), cell.fill, cell.border, cell_border, cell.dashed);
    if (!cell.text.empty()) {
      Text(cr, s.font, layout.CellText(s.font, cell, DecodeUtf8(cell.text)), cell.text_color, cell.text);
    }
    if (!cell.corner_text.empty()) {
      Text(cr, s.font, layout.CornerText(s.font, cell, DecodeUtf8(cell.corner_text)), cell.corner_color,
           cell.corner_text);
    }
  }
  for (const FramePolygon& poly : frame.polygons) Polygon(cr, layout, poly);
  for (const FrameRect& rect : frame.rects) {
    Box(cr, layout.RectBox(rect), rect.fill, rect.stroke, layout.StrokeWidth(rect.stroke_width),
        rect.dashed);
  }
  for (const FrameText& t : frame.texts) {
    Text(cr, s.font, layout.FreeText(s.font, t, DecodeUtf8(t.text)), t.color, t.text);
  }
  cairo_show_page(cr);
  const cairo_status_t status = cairo_status(cr);
  cairo_destroy(cr);
  if (status != CAIRO_STATUS_SUCCESS) Fail(status);
  if (cairo_surface_status(s.surface) != CAIRO_STATUS_SUCCESS) Fail(cairo_surface_status(s.surface));
}

std::vector<uint8_t> PdfDocumentWriter::Finish() {
  State& s = *state_;
  if (s.finished) throw ExportError("cannot draw the PDF: the document is already finished");
  s.finished = true;
  cairo_surface_finish(s.surface);
  const cairo_status_t status = cairo_surface_status(s.surface);
  if (status != CAIRO_STATUS_SUCCESS) Fail(status);
  return std::move(s.bytes);
}

}  // namespace convarith

namespace convarith {

std::vector<uint8_t> PdfDocument(const std::vector<Frame>& frames, int cell_px, const std::string& title) {
  if (frames.empty()) throw ExportError("cannot draw the PDF: no frames");
  PdfDocumentWriter writer(cell_px, title);
  for (const Frame& frame : frames) writer.AddPage(frame);
  return writer.Finish();
}

}  // namespace convarith
