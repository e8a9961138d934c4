// The PDF exporter: frames as vector pages through cairo's PDF surface, with real (selectable, searchable) text in
// the embedded DejaVu Sans. The PDF is built in memory; the caller writes it atomically.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "convarith/export.hpp"

namespace convarith {

// One PDF document, one page per AddPage. A page is the frame at cell_px points per cell unit (the same numbers as
// the PNG's pixels and the SVG's user units: every box and baseline lands where PixelLayout puts it). Throws
// ExportError when cairo fails.
class PdfDocumentWriter {
 public:
  // `title` goes into the document's metadata (the configuration's caption, say); may be empty.
  PdfDocumentWriter(int cell_px, const std::string& title);
  ~PdfDocumentWriter();
  PdfDocumentWriter(const PdfDocumentWriter&) = delete;
  PdfDocumentWriter& operator=(const PdfDocumentWriter&) = delete;

  // Adds the frame as the next page; `label` is the page label a viewer shows (e.g. "step 3"), may be empty.
  void AddPage(const Frame& frame, const std::string& label = {});
  // Ends the document and returns its bytes; the writer is spent afterwards.
  std::vector<uint8_t> Finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace convarith
