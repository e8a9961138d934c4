// PDF and TikZ exports checked with the tools a researcher would use: poppler's pdfinfo, pdftotext and pdffonts for
// the PDF (pages, page size in points, real text, the embedded font), pdflatex for the TikZ (it must compile in a
// minimal document). Each tool test is skipped, with a message, where the tool is not installed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "convarith/export.hpp"
#include "convarith/scene/presets.hpp"
#include "test_util.hpp"

namespace convarith {
namespace {

using test::TempDir;
using ::testing::HasSubstr;
using ::testing::Not;

Computation PresetComputation(const std::string& name) {
  const Preset* p = FindPreset(name);
  if (p == nullptr) throw std::runtime_error("no preset " + name);
  return Recompute(p->config, p->input, p->weight, p->bias);
}

struct Command {
  int exit_code = -1;
  std::string out;  // stdout and stderr
};

Command Shell(const std::string& command) {
  Command run;
  FILE* pipe = ::popen((command + " 2>&1 </dev/null").c_str(), "r");
  if (pipe == nullptr) return run;
  std::array<char, 4096> buffer{};
  size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) run.out.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

bool Have(const std::string& tool) { return Shell("command -v " + tool).exit_code == 0; }

#define REQUIRE_TOOL(tool) \
  if (!Have(tool)) GTEST_SKIP() << tool " is not on PATH (Debian: " << PackageOf(tool) << "), skipping"

const char* PackageOf(const std::string& tool) {
  return tool == "pdflatex" ? "texlive-latex-base texlive-latex-recommended texlive-pictures" : "poppler-utils";
}

// The page size the exporters use: the frame at cell_px units per cell, rounded up (PixelLayout).
std::string PageSize(const Frame& f, int cell_px) {
  const auto side = [cell_px](float v) {
    return std::to_string(static_cast<long long>(std::ceil(static_cast<double>(v) * cell_px - 0.01)));
  };
  return side(f.width) + " x " + side(f.height) + " pts";
}

Frame FrameOf(const Computation& c, int step) {
  FrameOptions o;
  o.view = ViewsOf(c.config.op).front();
  o.step = step;
  o.measure = ExportTextMeasure();  // laid out as the export lays it out (the embedded font)
  return BuildFrame(c, o);
}

TEST(Pdf, OnePagePerStepAtCellPxPointsPerCell) {
  REQUIRE_TOOL("pdfinfo");
  TempDir dir;
  const Computation c = PresetComputation("fig1.1");
  ExportOptions o;
  o.format = ExportFormat::Pdf;
  o.out = dir / "fig1.1.pdf";
  const ExportResult r = Export(c, o);
  EXPECT_EQ(r.files, std::vector<std::string>{o.out});
  EXPECT_EQ(r.frames, 9);
  EXPECT_EQ(test::ListDir(dir.path()), std::vector<std::string>{"fig1.1.pdf"});

  const Command info = Shell("pdfinfo -f 1 -l 9 '" + o.out + "'");
  ASSERT_EQ(info.exit_code, 0) << info.out;
  EXPECT_THAT(info.out, HasSubstr("Pages:           9"));
  EXPECT_THAT(info.out, HasSubstr("Page    1 size:  " + PageSize(FrameOf(c, 0), kDefaultCellPx)));
  EXPECT_THAT(info.out, HasSubstr("Page    9 size:  " + PageSize(FrameOf(c, 8), kDefaultCellPx)));
  EXPECT_THAT(info.out, HasSubstr("Title:           " + Caption(c.config)));
  EXPECT_THAT(info.out, HasSubstr("Creator:         convarith"));

  // Another cell size scales the page.
  o.cell_px = 20;
  o.out = dir / "small.pdf";
  Export(c, o);
  const Command small = Shell("pdfinfo '" + o.out + "'");
  EXPECT_THAT(small.out, HasSubstr("Page size:       " + PageSize(FrameOf(c, 0), 20)));
}

TEST(Pdf, NumbersAreRealTextInTheEmbeddedFont) {
  REQUIRE_TOOL("pdftotext");
  TempDir dir;
  ExportOptions o;
  o.format = ExportFormat::Pdf;
  o.out = dir / "fig1.1.pdf";
  Export(PresetComputation("fig1.1"), o);
  // The last page: Figure 1.1's outputs 12 12 17 / 10 17 19 / 9 6 14, and the step written out.
  const Command text = Shell("pdftotext -f 9 -l 9 -layout '" + o.out + "' -");
  ASSERT_EQ(text.exit_code, 0) << text.out;
  EXPECT_THAT(text.out, ::testing::ContainsRegex("12 +12 +17"));
  EXPECT_THAT(text.out, ::testing::ContainsRegex("10 +17 +19"));
  EXPECT_THAT(text.out, ::testing::ContainsRegex("9 +6 +14"));
  EXPECT_THAT(text.out, HasSubstr("step 9/9: 2·0 + 2·1"));
  EXPECT_THAT(text.out, HasSubstr("×2"));  // a kernel weight in the corner of a cell
  // Page 1: only the first output is computed, but every input value is there.
  const Command first = Shell("pdftotext -f 1 -l 1 '" + o.out + "' -");
  EXPECT_THAT(first.out, HasSubstr("step 1/9"));
  EXPECT_THAT(first.out, Not(HasSubstr("step 2/9")));

  if (Have("pdffonts")) {
    const Command fonts = Shell("pdffonts '" + o.out + "'");
    EXPECT_TRUE(std::regex_search(fonts.out, std::regex(R"(\+DejaVuSans\s+TrueType\s+\S+\s+yes\s+yes\s+yes)")))
        << "DejaVu Sans embedded (subset) with a Unicode map:\n"
        << fonts.out;
  }
}

TEST(Pdf, CurrentIsOnePageOfThatStep) {
  REQUIRE_TOOL("pdfinfo");
  TempDir dir;
  ExportOptions o;
  o.format = ExportFormat::Pdf;
  o.current_only = true;
  o.first_step = 4;
  o.frame.theme = DarkTheme();
  o.out = dir / "step.pdf";
  Export(PresetComputation("fig2.6"), o);
  EXPECT_THAT(Shell("pdfinfo '" + o.out + "'").out, HasSubstr("Pages:           1"));
  if (Have("pdftotext")) {
    EXPECT_THAT(Shell("pdftotext '" + o.out + "' -").out, HasSubstr("step 5/9"));
  }
}

TEST(Pdf, BadOutPathWritesNothing) {
  TempDir dir;
  const Computation c = PresetComputation("fig1.1");
  ExportOptions o;
  o.format = ExportFormat::Pdf;
  o.out = dir / "missing/a.pdf";
  try {
    Export(c, o);
    ADD_FAILURE() << "exported into a missing directory";
  } catch (const ExportError& e) {
    EXPECT_THAT(e.what(), HasSubstr(o.out));
    EXPECT_THAT(e.what(), HasSubstr("does not exist"));
  }
  o.out = dir.path();  // a directory, not a file
  EXPECT_THROW(Export(c, o), ExportError);
  o.out = dir / "a.pdf/";
  EXPECT_THROW(Export(c, o), ExportError);
  EXPECT_TRUE(test::ListDir(dir.path()).empty());
}

TEST(Pdf, DocumentOfHandMadeFrames) {
  Frame f;
  f.width = 3;
  f.height = 2;
  FrameCell cell;
  cell.x = 1, cell.y = 0.5f;
  cell.fill = {38, 139, 210, 255};
  cell.border = {0, 0, 0, 255};
  cell.dashed = true;
  cell.text = "7";
  f.cells.push_back(cell);
  f.texts.push_back({0.1f, 1.6f, 0.3f, "bad \x01 bytes \xff kept out", {0, 0, 0, 255}, Align::Left});
  const std::vector<uint8_t> pdf = PdfDocument({f, f}, 16, "a title");
  ASSERT_GT(pdf.size(), 100u);
  EXPECT_EQ(std::string(pdf.begin(), pdf.begin() + 5), "%PDF-");
  EXPECT_THROW(PdfDocument({}, 16), ExportError);
}

// --- TikZ ---

// The lines of a TikZ export that are not comments.
std::vector<std::string> CodeLines(const std::string& tex) {
  std::vector<std::string> lines;
  std::istringstream in(tex);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != '%') lines.push_back(line);
  }
  return lines;
}

TEST(Tikz, AFilePerFrameOfOnlyTikz) {
  TempDir dir;
  ExportOptions o;
  o.format = ExportFormat::Tikz;
  o.out = dir / "frames";
  o.frame.caption = true;
  o.frame.labels = true;
  const Computation c = PresetComputation("fig2.6");
  const ExportResult r = Export(c, o);
  ASSERT_EQ(r.files.size(), 9u);
  EXPECT_EQ(test::ListDir(o.out).front(), "frame_000.tex");
  EXPECT_EQ(r.directories, std::vector<std::string>{o.out});

  const std::string tex = test::ReadText(dir / "frames/frame_004.tex");
  std::string code_text;
  for (const std::string& line : CodeLines(tex)) code_text += line + "\n";
  for (const char* banned : {"\\includegraphics", "\\usepackage", "\\documentclass", "\\begin{document}",
                             "\\usetikzlibrary", "\\pgfimage", "\\input"}) {
    EXPECT_EQ(code_text.find(banned), std::string::npos) << banned << ": an \\input-able TikZ picture only";
  }
  EXPECT_THAT(tex, HasSubstr("\\definecolor{cvInput}{RGB}{38,139,210}"));
  EXPECT_THAT(tex, HasSubstr("\\begin{tikzpicture}[scale=1, x=32pt, y=-32pt,"));
  EXPECT_THAT(tex, HasSubstr("  input/.style={cell, fill=cvInput, draw=cvBorder},"));
  EXPECT_THAT(tex, HasSubstr("  padding/.style={cell, fill=cvPadding, draw=cvBorder, dash pattern=on 4pt off 4pt"));
  EXPECT_THAT(tex, HasSubstr("\\sffamily"));
  // Step 4 computes the centre output: the ramp (1 to 9) under the window, 7+8+9 + 3+4+5 + 8+9+1 = 54.
  EXPECT_TRUE(std::regex_search(tex, std::regex(R"(\n\\node\[value[^\]]*\] at \([\d.]+,[\d.]+\) \{54\};\n)")))
      << "the current output, 54, as a node";
  EXPECT_THAT(tex, HasSubstr("{" + Caption(c.config) + "};"));
  EXPECT_THAT(tex, HasSubstr("$\\cdot$"));  // the step written out

  // Every line of code is a colour, the picture's options, or a path or node inside it.
  const std::vector<std::string> code = CodeLines(tex);
  ASSERT_GE(code.size(), 3u);
  EXPECT_EQ(code.back(), "\\end{tikzpicture}");
  const std::regex allowed(R"(^(\\definecolor\{cv[A-Za-z0-9]+\}\{RGB\}\{\d+,\d+,\d+\}|\\begin\{tikzpicture\}\[.*|  .*|\]|)"
                           R"(\\path\[.*\] \(.*\);|\\node\[.*\] at \(.*\) \{.*\};|\\end\{tikzpicture\})$)");
  for (const std::string& line : code) EXPECT_TRUE(std::regex_match(line, allowed)) << line;

  // A colour name means the same colour in every frame of the animation, so one restyle fits them all.
  std::map<std::string, std::string> meaning;
  const std::regex definition(R"(\\definecolor\{(\w+)\}\{RGB\}\{([\d,]+)\})");
  for (const std::string& file : test::ListDir(o.out)) {
    for (const std::string& line : CodeLines(test::ReadText(o.out + "/" + file))) {
      std::smatch m;
      if (!std::regex_match(line, m, definition)) continue;
      const auto [it, added] = meaning.emplace(m[1], m[2]);
      EXPECT_EQ(it->second, m[2].str()) << m[1] << " in " << file;
    }
  }
  EXPECT_EQ(meaning["cvValueLight"], "255,255,255");
  EXPECT_EQ(meaning["cvPadding"], "240,240,240");
}

// A frame with every kind of awkward text: LaTeX's specials, the non-ASCII characters convarith writes, a negative
// number, runs of spaces.
Frame AwkwardFrame() {
  Frame f;
  f.width = 12;
  f.height = 4;
  FrameCell cell;
  cell.fill = {38, 139, 210, 255};
  cell.border = {90, 98, 106, 255};
  cell.text_color = {255, 255, 255, 255};
  cell.text = "-3.5";
  cell.corner_text = "×2";
  f.cells.push_back(cell);
  cell.x = 1;
  cell.role = Role::Padding;
  cell.dashed = true;
  cell.fill = {238, 238, 238, 128};
  cell.text = "-∞";
  f.cells.push_back(cell);
  const Rgba black{0, 0, 0, 255};
  f.texts.push_back({0.2f, 1.5f, 0.4f, "50% a_b & {x} #1 $y$ ^ ~ \\ <|> \"q\"", black, Align::Left});
  f.texts.push_back({6, 2.2f, 0.4f, "stretched input  ĩ' = 7, kernel rotated 180°, ⌊x⌋·⌈y⌉ × 2 − 1", black,
                     Align::Center});
  f.texts.push_back({11.8f, 3, 0.3f, "x\xff\x01y", black, Align::Right});
  f.rects.push_back({0, 0, 3, 1, {0, 0, 0, 0}, {33, 37, 41, 255}, 3, false});
  f.rects.push_back({4, 0, 0.42f, 0.42f, {238, 238, 238, 255}, {90, 98, 106, 255}, 1, true});
  return f;
}

TEST(Tikz, EscapesLatexSpecialsAndSpellsOutUnicode) {
  const std::string tex = TikzDocument(AwkwardFrame(), 32, "a title with 100% & _");
  EXPECT_THAT(tex, HasSubstr("% Drawn by convarith: a title with 100\\% \\& \\_\n"));
  EXPECT_THAT(tex, HasSubstr("{50\\% a\\_b \\& \\{x\\} \\#1 \\$y\\$ \\textasciicircum{} \\textasciitilde{} "
                             "\\textbackslash{} \\textless{}\\textbar{}\\textgreater{} ''q''}"));
  EXPECT_THAT(tex, HasSubstr("stretched input \\ \\~{\\i}' = 7, kernel rotated 180$^\\circ$, "
                             "$\\lfloor$x$\\rfloor$$\\cdot$$\\lceil$y$\\rceil$ $\\times$ 2 $-$ 1"));
  EXPECT_THAT(tex, HasSubstr("{$-$3.5}"));
  EXPECT_THAT(tex, HasSubstr("{$-$$\\infty$}"));
  EXPECT_THAT(tex, HasSubstr("{$\\times$2}"));
  EXPECT_THAT(tex, HasSubstr("{x?y}"));              // a malformed byte shows, a control character goes
  EXPECT_THAT(tex, HasSubstr("fill opacity=0.502"));  // the translucent padding
  EXPECT_THAT(tex, HasSubstr("anchor=base east"));
}

TEST(Tikz, BadOutPathWritesNothing) {
  TempDir dir;
  ExportOptions o;
  o.format = ExportFormat::Tikz;
  o.current_only = true;
  o.out = dir / "missing/a.tex";
  EXPECT_THROW(Export(PresetComputation("fig1.1"), o), ExportError);
  o.current_only = false;
  o.out = dir / "missing/frames";
  EXPECT_THROW(Export(PresetComputation("fig1.1"), o), ExportError);
  EXPECT_TRUE(test::ListDir(dir.path()).empty());
}

// The exports \input into a minimal document (article + tikz, as a paper's preamble would have) must compile with
// pdflatex: every figure of the paper (at a middle step, with labels, caption and the written-out step, one in the dark
// theme) and the awkward frame above.
TEST(Tikz, CompilesWithPdflatex) {
  REQUIRE_TOOL("pdflatex");
  TempDir dir;
  std::string body;
  int n = 0;
  for (const Preset& p : Presets()) {
    const Computation c = PresetComputation(p.name);
    ExportOptions o;
    o.format = ExportFormat::Tikz;
    o.current_only = true;
    o.first_step = p.name == "fig1.1" ? 8 : StepCount(c, ViewsOf(c.config.op).front()) / 2;
    o.frame.labels = o.frame.caption = true;
    if (n++ == 3) o.frame.theme = DarkTheme();
    o.out = dir / (p.name + ".tex");
    Export(c, o);
    body += "\\noindent\\input{" + p.name + ".tex}\\newpage\n";
  }
  {
    std::ofstream awkward(dir / "awkward.tex");
    awkward << TikzDocument(AwkwardFrame(), 24, "awkward");
  }
  body += "\\input{awkward.tex}\n";
  {
    std::ofstream doc(dir / "doc.tex");
    doc << "\\documentclass{article}\n\\usepackage{tikz}\n\\pagestyle{empty}\n\\begin{document}\n"
        << body << "\\end{document}\n";
  }
  const Command latex =
      Shell("cd '" + dir.path() + "' && pdflatex -interaction=nonstopmode -halt-on-error -no-shell-escape doc.tex");
  ASSERT_EQ(latex.exit_code, 0) << latex.out.substr(latex.out.size() > 3000 ? latex.out.size() - 3000 : 0);
  ASSERT_TRUE(test::Exists(dir / "doc.pdf"));
  if (Have("pdfinfo")) {
    EXPECT_THAT(Shell("pdfinfo '" + (dir / "doc.pdf") + "'").out,
                HasSubstr("Pages:           " + std::to_string(Presets().size() + 1)));
  }
  if (Have("pdftotext")) {
    const Command text = Shell("pdftotext -f 1 -l 1 -layout '" + (dir / "doc.pdf") + "' -");
    EXPECT_THAT(text.out, HasSubstr("12"));
    EXPECT_THAT(text.out, HasSubstr("17"));
    EXPECT_THAT(text.out, HasSubstr("19"));
  }
}

}  // namespace
}  // namespace convarith
