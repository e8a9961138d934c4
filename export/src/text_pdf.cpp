// Text documents as PDF (the exercise sheet): paragraphs wrapped with the embedded font's advances, flowed onto A4
// pages as frames of text, and drawn by the same cairo PDF writer as every other PDF export.
#include <string>
#include <vector>

#include "convarith/export.hpp"
#include "font.hpp"
#include "pdf_writer.hpp"

namespace convarith {

namespace {

constexpr float kPageWidth = 595, kPageHeight = 842, kMargin = 50, kFooter = 9;
constexpr float kLineSpacing = 1.25f;  // baseline to baseline, in line heights

// UTF-8 of a run of code points (the wrapper works on code points so a line never splits a character).
std::string Utf8(std::u32string_view text) {
  std::string out;
  for (char32_t cp : text) AppendUtf8(out, cp);
  return out;
}

// One line of the paragraph broken at spaces to fit `width` points; a word wider than a line breaks anywhere. Lines
// after the first of a wrapped line keep its leading spaces as an indent.
std::vector<std::string> Wrap(const Font& font, std::u32string_view line, float size, float width) {
  std::vector<std::string> out;
  size_t lead = 0;
  while (lead < line.size() && line[lead] == U' ') ++lead;
  const std::u32string indent(line.substr(0, lead));
  std::u32string current = indent;
  size_t at = lead;
  auto fits = [&](const std::u32string& s) { return font.TextWidth(s, size) <= width; };
  while (at < line.size()) {
    size_t end = line.find(U' ', at);
    if (end == std::u32string::npos) end = line.size();
    const std::u32string word(line.substr(at, end - at));
    const std::u32string joined = current.size() > indent.size() ? current + U" " + word : current + word;
    if (fits(joined) || current.size() == indent.size()) {
      current = joined;
      // A single word wider than the line: cut it where it stops fitting.
      while (!fits(current) && current.size() > indent.size() + 1) {
        size_t cut = current.size() - 1;
        while (cut > indent.size() + 1 && !fits(current.substr(0, cut))) --cut;
        out.push_back(Utf8(current.substr(0, cut)));
        current = indent + current.substr(cut);
      }
    } else {
      out.push_back(Utf8(current));
      current = indent + word;
    }
    at = end + 1;
  }
  out.push_back(Utf8(current));
  return out;
}

Frame BlankPage() {
  Frame page;
  page.width = kPageWidth;
  page.height = kPageHeight;
  return page;
}

// Flows the paragraphs onto pages: each wrapped line at its baseline, a new page when the next line would cross
// the bottom margin or a paragraph asks for one.
std::vector<Frame> Flow(const std::vector<TextParagraph>& paragraphs) {
  const Font font;
  std::vector<Frame> pages{BlankPage()};
  float y = kMargin;
  for (const TextParagraph& p : paragraphs) {
    const float bottom = kPageHeight - kMargin - 2 * kFooter;
    if ((p.new_page || y + p.space_before + p.keep > bottom) && !pages.back().texts.empty()) {
      pages.push_back(BlankPage());
      y = kMargin;
    }
    if (y > kMargin) y += p.space_before;
    const float width = kPageWidth - 2 * kMargin - p.indent;
    std::u32string text = DecodeUtf8(p.text);
    size_t start = 0;
    while (start <= text.size()) {
      size_t end = text.find(U'\n', start);
      if (end == std::u32string::npos) end = text.size();
      for (const std::string& line : Wrap(font, std::u32string_view(text).substr(start, end - start), p.size, width)) {
        if (y + p.size > bottom) {
          pages.push_back(BlankPage());
          y = kMargin;
        }
        pages.back().texts.push_back(FrameText{kMargin + p.indent, y, p.size, line, p.color, Align::Left});
        y += p.size * kLineSpacing;
      }
      start = end + 1;
    }
  }
  return pages;
}

}  // namespace

std::vector<uint8_t> TextDocumentPdf(const std::vector<TextParagraph>& paragraphs, const std::string& title) {
  std::vector<Frame> pages = Flow(paragraphs);
  PdfDocumentWriter writer(1, title);
  const Rgba muted{110, 110, 110, 255};
  for (size_t n = 0; n < pages.size(); ++n) {
    const std::string number = "page " + std::to_string(n + 1) + " of " + std::to_string(pages.size());
    pages[n].texts.push_back(
        FrameText{kPageWidth / 2, kPageHeight - kMargin + kFooter / 2, kFooter, number, muted, Align::Center});
    writer.AddPage(pages[n], std::to_string(n + 1));
  }
  return writer.Finish();
}

}  // namespace convarith
