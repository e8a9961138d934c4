// PDF export in the browser build, where cairo is not built for WebAssembly: every PDF request fails with one message
// that says so (the Export window and the Exercises window show it), never a partial file.
#include "pdf_writer.hpp"

namespace convarith {

namespace {
[[noreturn]] void Unavailable() {
  throw ExportError("PDF export is not in the browser build (cairo is not built for WebAssembly): use SVG, PNG or "
                    "GIF here, or the desktop app for PDF");
}
}  // namespace

struct PdfDocumentWriter::State {};

PdfDocumentWriter::PdfDocumentWriter(int, const std::string&) { Unavailable(); }
PdfDocumentWriter::~PdfDocumentWriter() = default;
void PdfDocumentWriter::AddPage(const Frame&, const std::string&) { Unavailable(); }
std::vector<uint8_t> PdfDocumentWriter::Finish() { Unavailable(); }

std::vector<uint8_t> PdfDocument(const std::vector<Frame>&, int, const std::string&) { Unavailable(); }

}  // namespace convarith
