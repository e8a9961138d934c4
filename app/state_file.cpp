// The app's state as one line of JSON in $CONVARITH_STATE_FILE, for tests that drive the real app.
#include "state_file.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <imgui.h>

#include "app.hpp"
#include "convarith/computation_json.hpp"

namespace convarith::app {
namespace {

// A string's JSON escapes (without the quotes); UTF-8 passes through.
std::string JsonText(const std::string& text) {
  std::string out;
  for (char ch : text) {
    if (ch == '"' || ch == '\\') out += '\\';
    if (static_cast<unsigned char>(ch) < 0x20) continue;
    out += ch;
  }
  return out;
}

std::string Json(const std::array<float, 4>& r) {
  std::ostringstream out;
  out << "[" << r[0] << ", " << r[1] << ", " << r[2] << ", " << r[3] << "]";
  return out.str();
}

// Cells with a number on screen (every view's frame), and the maps drawn as pictures: level of detail, for tests.
int NumberedCells(const App& app) {
  int n = 0;
  for (const ViewCache& cache : app.canvas.cache) {
    if (!cache.built) continue;
    for (const FrameCell& cell : cache.frame.cells) n += cell.text.empty() ? 0 : 1;
  }
  return n;
}
size_t ImageCount(const App& app) {
  size_t n = 0;
  for (const ViewCache& cache : app.canvas.cache) n += cache.built ? cache.frame.images.size() : 0;
  return n;
}
size_t PolygonCount(const App& app) {
  size_t n = 0;
  for (const ViewCache& cache : app.canvas.cache) n += cache.built ? cache.frame.polygons.size() : 0;
  return n;
}

std::string ControlsJson(const std::map<std::string, std::array<float, 4>>& rects) {
  std::string out = "{";
  for (const auto& [name, rect] : rects) out += (out.size() > 1 ? ", \"" : "\"") + name + "\": " + Json(rect);
  return out + "}";
}

std::string TextRectsJson(const std::vector<std::array<float, 4>>& rects) {
  std::string out = "[";
  for (size_t i = 0; i < rects.size(); ++i) out += (i > 0 ? ", " : "") + Json(rects[i]);
  return out + "]";
}

constexpr size_t kMaxComputationValues = 4096;  // the input's and the output's: a few tens of KB a line

}  // namespace

const std::string& StateFile::ComputationText(const App& app) {
  const Computation* computation = app.derived.computation.get();
  if (computation == nullptr || app.Computing() || app.derived.backward) {
    computation_ = "null";
    computation_generation_ = UINT64_MAX;
  } else if (app.derived.generation != computation_generation_) {
    const Config& c = app.params.config;
    const bool channels = c.in_channels > 1 || c.out_channels > 1;  // as `compute` decides for the flags
    const bool small = computation->input.size() + computation->output.size() <= kMaxComputationValues;
    computation_ = small ? ComputationJson(c, *computation, channels).dump() : "null";
    computation_generation_ = app.derived.generation;
  }
  return computation_;
}

StateFile::StateFile() {
  const char* path = std::getenv("CONVARITH_STATE_FILE");
  if (path != nullptr && path[0] != '\0') path_ = path;
}

void StateFile::Update(const App& app, bool fullscreen) {
  if (path_.empty()) return;
  std::ostringstream out;
  // The Upsampling compared window first: tests that read a key with a greedy pattern find the canvas's "images",
  // "layers" or "error" after it.
  out << "{\"upsampling\": " << UpsampleStateJson(app)
      << ", \"upsampling_window\": " << (app.windows.upsampling ? "true" : "false")
      << ", \"upsampling_rect\": " << Json(app.upsampling.rect) << ", \"upsampling_cell_px\": " << app.upsampling.cell_px
      << ", \"step\": " << app.playback.step << ", \"steps\": " << app.StepCount()
      << ", \"playing\": " << (app.playback.playing ? "true" : "false")
      << ", \"loop\": " << (app.playback.loop ? "true" : "false")
      << ", \"dark\": " << (app.display.dark ? "true" : "false")
      << ", \"fullscreen\": " << (fullscreen ? "true" : "false") << ", \"zoom\": " << app.canvas.zoom
      << ", \"ui_scale\": " << app.display.ui_scale
      << ", \"presentation\": " << (app.display.presentation ? "true" : "false")
      << ", \"auto_fit\": " << (app.canvas.auto_fit ? "true" : "false")
      << ", \"panel_widths\": [" << app.layout.left << ", " << app.layout.right << "]"
      << ", \"display\": [" << ImGui::GetIO().DisplaySize.x << ", " << ImGui::GetIO().DisplaySize.y << "]"
      << ", \"parameters_rect\": " << Json(app.layout.parameters.rect)
      << ", \"arithmetic_rect\": " << Json(app.layout.arithmetic.rect)
      << ", \"playback_rect\": " << Json(app.layout.playback_rect) << ", \"picker_rect\": " << Json(app.layout.picker_rect)
      << ", \"parameters_drawer_rect\": " << Json(app.layout.parameters.drawer_rect)
      << ", \"arithmetic_drawer_rect\": " << Json(app.layout.arithmetic.drawer_rect)
      << ", \"strips\": [" << (app.layout.parameters.strip ? "true" : "false") << ", "
      << (app.layout.arithmetic.strip ? "true" : "false") << "]"
      << ", \"side_panels\": " << (app.windows.parameters || app.windows.arithmetic ? "true" : "false")
      << ", \"valid\": " << (app.computation() ? "true" : "false") << ", \"preset\": \"" << app.params.preset
      << "\", \"data\": {\"input\": \"" << JsonText(InputDescription(app.params)) << "\", \"kernels\": \""
      << JsonText(KernelDescription(app.params)) << "\"}"
      << ", \"overlap_panel\": " << (app.display.overlap_panel ? "true" : "false")
      << ", \"image\": \"" << JsonText(app.params.image_path) << "\", \"image_error\": \""
      << JsonText(app.image_error) << "\", \"input_size\": [" << app.params.config.axes[1].input << ", "
      << app.params.config.axes[2].input << "], \"in_channels\": " << app.params.config.in_channels
      << ", \"pictures\": " << (app.windows.pictures ? "true" : "false")
      << ", \"picture_output_rect\": " << Json(app.pictures.output_rect)
      << ", \"canvas_input_rect\": " << Json(app.canvas.input_rect)
      << ", \"colour_by\": \"" << ColourByName(app.CurrentColourBy()) << "\""
      << ", \"link\": \"" << JsonText(WriteLink(app.CurrentLink())) << "\""
      << ", \"link_error\": \"" << JsonText(app.link_error) << "\""
      << ", \"pass\": \"" << PassName(app.params.backward ? Pass::Backward : Pass::Forward) << "\""
      << ", \"pass_drawn\": \"" << PassName(app.CurrentPass()) << "\""
      << ", \"grad_fill\": \"" << FillName(app.params.grad_fill) << "\""
      << ", \"matrix_window\": " << (app.windows.matrix ? "true" : "false")
      << ", \"unfolded_tab\": " << (app.matrix.unfolded ? "true" : "false")
      << ", \"unfold_rect\": " << Json(app.matrix.unfold_rect) << ", \"unfold_drawn\": " << (app.matrix.unfold_drawn ? "true" : "false")
      << ", \"unfold_columns\": [" << (app.matrix.columns.rank() == 2 ? app.matrix.columns.dim(0) : 0) << ", "
      << (app.matrix.columns.rank() == 2 ? app.matrix.columns.dim(1) : 0) << "]"
      << ", \"grad\": \"" << GradTargetName(app.params.grad) << "\", \"grad_drawn\": \""
      << GradTargetName(app.DrawnGradient()) << "\""
      << ", \"drawn_op\": \"" << OpName(app.DrawnOp()) << "\""
      << ", \"pooling_gradient\": \"" << JsonText(app.PoolingGradientText()) << "\""
      << ", \"channels_in_focus\": " << (app.ChannelsInFocus() ? "true" : "false")
      << ", \"focus_channel\": " << app.display.focus_channel
      << ", \"channel_layout\": \"" << ChannelLayoutName(app.display.channel_layout) << "\""
      << ", \"polygons\": " << PolygonCount(app) << ", \"symbols\": " << (app.display.symbols ? "true" : "false")
      << ", \"hover_text\": \"" << JsonText(app.canvas.hover_text) << "\""
      << ", \"canvas_texts\": " << TextRectsJson(app.canvas.text_rects)
      << ", \"cell_px\": " << app.canvas.cell_px << ", \"numbered_cells\": " << NumberedCells(app)
      << ", \"images\": " << ImageCount(app)
      << ", \"keep_every\": " << app.BaseFrameOptions().keep_every << ", \"title\": \""
      << JsonText(app.BaseFrameOptions().title) << "\", \"network_window\": " << (app.windows.network ? "true" : "false")
      << ", \"network\": " << NetworkStateJson(app.network) << ", \"exercises_window\": "
      << (app.windows.exercises ? "true" : "false") << ", \"exercise\": " << ExerciseStateJson(app.exercise)
      << ", \"export_controls\": " << ControlsJson(app.export_window.ControlRects()) << ", \"export_message\": \""
      << JsonText(app.export_window.Message()) << "\", \"seed\": " << app.params.seed
      << ", \"computation\": " << ComputationText(app) << "}\n";
  if (out.str() == last_) return;
  last_ = out.str();
  const std::string temporary = path_ + ".tmp";
  {
    std::ofstream file(temporary, std::ios::trunc);
    file << last_;
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path_, ec);
}

}  // namespace convarith::app
