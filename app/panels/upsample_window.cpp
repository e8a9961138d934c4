// The "Upsampling compared" window: the ways to upsample by s side by side (core's CompareUpsampling and
// BuildComparisonFrame) for the current layer's k, s, p when they upsample (else the window's defaults, or its own),
// on a constant input, a ramp or the opened picture, 1-D or 2-D, 1 to 3 stacked layers, fitted to the window and drawn
// with the canvas's code (GL cell layers, cell values, frame texts). Invalid parameters: a message, never a frame.
#include "panels/upsample_window.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <iostream>
#include <sstream>
#include <string>

#include <imgui.h>

#include "app.hpp"
#include "convarith/cli/cli.hpp"
#include "convarith/tensor/image.hpp"
#include "frame_drawing.hpp"
#include "gl/frame_renderer.hpp"
#include "panels/canvas_parts.hpp"

namespace convarith::app {
namespace {

constexpr int kDefaultKernel = 3, kDefaultFactor = 2, kDefaultPadding = 1;

// k, s, p: the window's own, the current layer's when they upsample (a transposed convolution's, or the transposed
// convolution that undoes a strided convolution's shape), else the defaults with the reason.
void ResolveKsp(const App& app, UpsampleWindowState& st, CompareParams& p) {
  st.ksp_note.clear();
  if (st.own_ksp) {
    p.kernel = st.kernel, p.factor = st.factor, p.padding = st.padding;
    st.ksp_origin = "own";
    return;
  }
  const Config& c = app.params.config;
  const AxisParams& ax = c.axes[2];
  if (c.op == Op::MaxPool || c.op == Op::AvgPool) {
    st.ksp_note = "the current layer is pooling";
  } else if (ax.stride < 2) {
    st.ksp_note = "the current layer's s = " + std::to_string(ax.stride) + " does not upsample";
  } else if (ax.dilation != 1) {
    st.ksp_note = "the current layer is dilated";
  } else if (!ax.symmetric()) {
    st.ksp_note = "the current layer's padding is not the same on both sides";
  }
  if (st.ksp_note.empty()) {
    p.kernel = ax.kernel, p.factor = ax.stride, p.padding = ax.pad_before;
    st.ksp_origin = "layer";
  } else {
    p.kernel = kDefaultKernel, p.factor = kDefaultFactor, p.padding = kDefaultPadding;
    st.ksp_origin = "defaults";
  }
}

// input · s^layers, capped just past the window's limit (no overflow).
long long OutputSide(const CompareParams& p) {
  long long side = p.input[1];
  for (int l = 0; l < p.layers && side <= kMaxUpsampleWindowSide; ++l) side *= std::max(p.factor, 1);
  return side;
}

std::string KeyOf(const App& app, const CompareParams& p) {
  std::ostringstream key;
  key << p.rank << ' ' << p.input[0] << 'x' << p.input[1] << ' ' << p.factor << ' ' << p.kernel << ' ' << p.padding
      << ' ' << p.layers << ' ' << CompareSourceName(p.source) << ' ' << app.display.dark << ' '
      << (p.source == CompareSource::Picture ? app.params.image_path : std::string());
  return key.str();
}

// The comparison's frame, or the one-line reason there is none.
void Compute(const App& app, UpsampleWindowState& st, const CompareParams& p) {
  if (p.source == CompareSource::Picture && app.params.image_path.empty()) {
    throw std::runtime_error("source: no picture is open (File > Open image…); choose constant or ramp");
  }
  if (p.source == CompareSource::Picture && p.rank == 1) {
    throw std::runtime_error("source: the 1-D comparison takes a constant or a ramp");
  }
  CheckCompareParams(p);
  if (OutputSide(p) > kMaxUpsampleWindowSide) {
    throw std::runtime_error("scale_factor: the output (input · s^layers) would be over " +
                             std::to_string(kMaxUpsampleWindowSide) +
                             " cells a side; lower s, the layers or the input (convarith export "
                             "--compare-upsampling draws larger ones)");
  }
  if (p.source == CompareSource::Picture) {
    const Tensor shape = MakeCompareSource(p);
    ImageOptions read;
    read.height = shape.dim(2);
    read.width = shape.dim(3);
    const Tensor picture = LoadImageTensor(app.params.image_path, read);
    st.comparison = CompareUpsampling(p, &picture);
  } else {
    st.comparison = CompareUpsampling(p);
  }
}

// The frame for `avail` pixels: its texts at least `text_px` on screen (they wrap in their columns and the rows make
// room, so the fit is found again once: the frame's width does not change, its height does).
void BuildFrame(const App& app, UpsampleWindowState& st, ImVec2 avail, float text_px) {
  CompareFrameOptions o;
  o.theme = app.CurrentTheme();
  o.measure = CanvasTextMeasure(app.fonts);
  auto build = [&](float min_text) {
    if (st.built && std::abs(min_text - st.min_text) < 0.01f) return;
    o.min_text = min_text;
    st.frame = BuildComparisonFrame(st.comparison, o);
    st.min_text = min_text;
    st.upload = true;
  };
  build(std::max(st.min_text, 0.0f));
  st.built = true;
  for (int pass = 0; pass < 2; ++pass) {
    const float cell_px = std::min(avail.x / st.frame.width, avail.y / st.frame.height);
    build(std::round(text_px / std::max(cell_px, 1.0f) * 50) / 50);  // steps of 0.02: no rebuild per pixel
  }
}

void Refresh(const App& app, UpsampleWindowState& st) {
  CompareParams p;
  p.rank = st.rank;
  p.input = {st.rank == 1 ? 1 : st.input, st.input};
  p.layers = st.layers;
  p.source = st.source;
  ResolveKsp(app, st, p);
  const std::string key = KeyOf(app, p);
  if (key == st.key) return;
  st.key = key;
  st.params = p;
  st.error.clear();
  st.built = false;
  st.min_text = -1;
  try {
    Compute(app, st, p);
  } catch (const std::exception& e) {  // InvalidConfig, ImageError, the window's own limits
    st.error = e.what();
    st.frame = Frame{};
    st.comparison = UpsampleComparison{};
  }
}

// The next control on this line when `width` still fits, else on the next line.
void NextOnLine(float width) {
  ImGui::SameLine();
  if (ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
}

void DrawSourceControls(const App& app, UpsampleWindowState& st) {
  const float font = ImGui::GetFontSize();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Input");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(font * 6);
  if (ImGui::BeginCombo("##source", std::string(CompareSourceName(st.source)).c_str())) {
    for (CompareSource s : {CompareSource::Constant, CompareSource::Ramp, CompareSource::Picture}) {
      const bool usable = s != CompareSource::Picture || (!app.params.image_path.empty() && st.rank == 2);
      if (ImGui::Selectable(std::string(CompareSourceName(s)).c_str(), st.source == s,
                            usable ? 0 : ImGuiSelectableFlags_Disabled)) {
        st.source = s;
      }
    }
    ImGui::EndCombo();
  }
  NextOnLine(font * 6);
  ImGui::RadioButton("1-D", &st.rank, 1);
  ImGui::SameLine();
  ImGui::RadioButton("2-D", &st.rank, 2);
  NextOnLine(font * 9);
  ImGui::TextUnformatted("Layers");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(font * 5);
  ImGui::SliderInt("##layers", &st.layers, 1, 3);
  NextOnLine(font * 9);
  ImGui::TextUnformatted("i");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(font * 6);
  ImGui::InputInt("##input", &st.input);
}

void DrawKspControls(UpsampleWindowState& st) {
  const float font = ImGui::GetFontSize();
  ImGui::Checkbox("Own k, s, p", &st.own_ksp);
  if (st.own_ksp) {
    for (auto [label, value] : {std::pair{"k", &st.kernel}, std::pair{"s", &st.factor}, std::pair{"p", &st.padding}}) {
      NextOnLine(font * 7.5f);
      ImGui::TextUnformatted(label);
      ImGui::SameLine();
      ImGui::SetNextItemWidth(font * 6);
      ImGui::InputInt((std::string("##") + label).c_str(), value);
    }
    return;
  }
  const CompareParams& p = st.params;
  const std::string ksp = "k = " + std::to_string(p.kernel) + ", s = " + std::to_string(p.factor) +
                          ", p = " + std::to_string(p.padding);
  const std::string text = st.ksp_origin == "layer" ? ksp + " from the current layer"
                                                    : ksp + ": the window's defaults (" + st.ksp_note + ")";
  NextOnLine(ImGui::CalcTextSize(text.c_str()).x);
  ImGui::TextUnformatted(text.c_str());
}

// The frame fitted to what is left of the window, centred, drawn as the canvas draws a view.
void DrawFrame(App& app, gl::FrameRenderer& renderer, UpsampleWindowState& st) {
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(std::max(avail.x, 1.0f), std::max(avail.y, 1.0f)));
  if (avail.x < 8 || avail.y < 8) return;
  // Texts readable as the UI's labels (larger in presentation mode).
  const bool presenting = app.display.presentation;
  BuildFrame(app, st, avail, (presenting ? 0.8f : 0.62f) * app.fonts.ui_size);
  UploadFrameLayers(renderer, st.frame, st.cells_layer, st.rects_layer, st.upload);
  const Frame& f = st.frame;
  if (f.width <= 0 || f.height <= 0) return;
  const float cell_px = std::min(avail.x / f.width, avail.y / f.height);
  st.cell_px = cell_px;
  const FramePlacement at{ImVec2{std::round(p0.x + (avail.x - f.width * cell_px) * 0.5f),
                                 std::round(p0.y + (avail.y - f.height * cell_px) * 0.5f)},
                          cell_px};
  ImDrawList* list = ImGui::GetWindowDrawList();
  list->AddRectFilled(p0, {p0.x + avail.x, p0.y + avail.y}, ToImColor(f.background));
  renderer.Draw(list, st.cells_layer, at.origin, cell_px);
  if (cell_px * 0.25f >= canvas_parts::kMinTextPx) DrawCellTexts(list, f, at, app.fonts, presenting ? 0.5f : 0.0f);
  renderer.Draw(list, st.rects_layer, at.origin, cell_px);
  DrawMinimumOutlines(list, f, at, app.UiPixels());
  DrawFrameTexts(list, f, at, app.fonts, 1e9f, nullptr, canvas_parts::kMinTextPx);
}

}  // namespace

void DrawUpsampleWindow(App& app, gl::FrameRenderer& renderer, bool* open) {
  UpsampleWindowState& st = app.upsampling;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const bool presenting = app.display.presentation;
  // Presentation mode: the comparison is the screen; otherwise a large floating window.
  const ImGuiCond cond = presenting || st.was_presenting ? ImGuiCond_Always : ImGuiCond_Appearing;
  st.was_presenting = presenting;
  const float share = presenting ? 1.0f : 0.9f;
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f), cond,
                          ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(vp->WorkSize.x * share, vp->WorkSize.y * share), cond);
  const ImGuiWindowFlags flags = presenting ? ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize : 0;
  st.rect = {};
  if (!ImGui::Begin("Upsampling compared", open, flags | ImGuiWindowFlags_NoScrollbar)) {
    ImGui::End();
    return;
  }
  st.input = std::clamp(st.input, 1, 64);
  st.kernel = std::clamp(st.kernel, 1, 15);
  st.factor = std::clamp(st.factor, 1, 8);
  st.padding = std::clamp(st.padding, 0, 15);
  DrawSourceControls(app, st);
  DrawKspControls(st);
  Refresh(app, st);
  if (!st.error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.85f, 0.2f, 0.15f, 1.0f));
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(st.error.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    st.cell_px = 0;
  } else {
    DrawFrame(app, renderer, st);
  }
  const ImVec2 at = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
  st.rect = {at.x, at.y, at.x + size.x, at.y + size.y};
  ImGui::End();
}

std::optional<int> ApplyUpsampleCommandLine(App& app, const cli::AppArgs& args, bool automation) {
  UpsampleWindowState& st = app.upsampling;
  if (args.upsampling) app.windows.upsampling = true;
  if (!args.upsampling_source.empty()) {
    const auto source = ParseCompareSource(args.upsampling_source);
    if (!source) {
      std::cerr << "convarith: --upsampling-source: expected constant, ramp or picture, got '"
                << args.upsampling_source << "'\n";
      if (automation) return cli::kExitUsage;
    } else {
      st.source = *source;
    }
    app.windows.upsampling = true;
  }
  if (args.upsampling_dims != 0) st.rank = args.upsampling_dims, app.windows.upsampling = true;
  if (args.upsampling_layers != 0) st.layers = args.upsampling_layers, app.windows.upsampling = true;
  return std::nullopt;
}

std::string UpsampleStateJson(const App& app) {
  const UpsampleWindowState& st = app.upsampling;
  const CompareParams& p = st.params;
  std::ostringstream out;
  std::string error;
  for (char ch : st.error) {
    if (ch == '"' || ch == '\\') error += '\\';
    if (static_cast<unsigned char>(ch) >= 0x20) error += ch;
  }
  out << "{\"source\": \"" << CompareSourceName(p.source) << "\", \"dims\": " << p.rank << ", \"layers\": "
      << p.layers << ", \"input\": [" << p.input[0] << ", " << p.input[1] << "], \"kernel_size\": " << p.kernel
      << ", \"scale_factor\": " << p.factor << ", \"padding\": " << p.padding << ", \"ksp\": \"" << st.ksp_origin
      << "\", \"error\": \"" << error << "\", \"drawn\": " << (st.built && st.error.empty() ? "true" : "false")
      << ", \"min_text\": " << st.min_text
      << ", \"frame\": [" << st.frame.width << ", " << st.frame.height << "], \"cells\": " << st.frame.cells.size()
      << ", \"images\": " << st.frame.images.size() << ", \"texts\": " << st.frame.texts.size() << "}";
  return out.str();
}

}  // namespace convarith::app
