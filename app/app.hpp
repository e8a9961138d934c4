// The one owner of the app's state: the parameters, what one recompute derives from them, and the open windows.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <imgui.h>

#include "convarith/shape/config.hpp"
#include "convarith/link/link.hpp"
#include "convarith/scene/frame.hpp"
#include "convarith/scene/presets.hpp"
#include "convarith/tensor/tensor.hpp"
#include "convarith/scene/timeline.hpp"
#include "convarith/scene/value_colours.hpp"
#include "panels/canvas.hpp"
#include "panels/export_window.hpp"
#include "panels/matrix_panel.hpp"
#include "image_input.hpp"
#include "panels/open_image.hpp"
#include "panels/pictures.hpp"
#include "panels/network_panel.hpp"
#include "panels/exercise_window.hpp"
#include "panels/upsample_window.hpp"
#include "recompute_worker.hpp"


namespace convarith::app {

// The largest input or output per axis the app draws (the command line computes larger ones): maps of more than
// 64 x 64 cells are drawn as pictures, with numbered cells where the canvas is zoomed in.
inline constexpr int kMaxAppCells = 1024;
// The most channels (input or output) the app draws as maps, and the most cells one frame may hold in all (every
// input map with its padding, every output map, every kernel): beyond them the canvas would be unreadable and slow.
inline constexpr int kMaxAppChannels = 256;  // many channels are drawn in focus (ChannelLayout)
inline constexpr long long kMaxAppDrawnCells = 6'500'000;

// What the user sets: the operation and the data it works on. The tensors are canonical (see compute.hpp): input
// (C_in, D, H, W), weight (C_out, C_in/g, kD, kH, kW) or, transposed, (C_in, C_out/g, kD, kH, kW), bias (C_out).
struct Params {
  Config config;
  bool link_axes = true;   // one value for every axis (depth, height, width)
  bool asymmetric = false;  // padding before and after set separately
  Fill fill = Fill::Ramp;
  uint32_t seed = 1;
  KernelPreset kernel_preset = KernelPreset::Ones;
  Tensor input = MakeTensor({1, 1, 5, 5}, Fill::Ramp);
  Tensor weight = Tensor({1, 1, 1, 3, 3}, 1.0);
  Tensor bias;  // (C_out) once the bias is on; kept (and resized) while it is off
  std::string preset;  // the figure loaded last ("fig2.6"); cleared when a parameter changes
  // Whether the tensors hold values someone chose (edited cells, a figure's numbers): resizing keeps those where the
  // tensor still has them; a plain fill is simply made again at the new size.
  bool input_custom = false;
  bool kernel_custom = false;
  // What the Data section names (it always says what is on screen): where custom values came from ("Figure 1.1's
  // input"; empty: the fill or kernel preset, edited), whether a value was edited, and whether a change of shape cut
  // or extended them.
  std::string input_source;
  std::string kernel_source;
  bool input_edited = false;
  bool kernel_edited = false;
  bool input_resized = false;
  bool kernel_resized = false;
  // The picture the input was read from last (File › Open, drag and drop, --image): its path and how it was read
  // (gray or R, G, B; resized to height x width, 0 keeping the file's size). The Data section reads it again.
  std::string image_path;
  ImageRead image;
  // The pass drawn (B; remembered): Backward draws a convolution's input gradient as the transposed convolution of the
  // output gradient with the same kernel (a transposed convolution's as a direct one); pooling says what its gradient
  // does. The output gradient: ones (L = the sum of the outputs) or random.
  bool backward = false;
  Fill grad_fill = Fill::Ones;
  // Which gradient the backward pass draws (G; remembered): ∂L/∂x, ∂L/∂w (WeightGradProblem: the input correlated with
  // ∂L/∂y) or ∂L/∂b (BiasGradProblem: each map of ∂L/∂y summed). Pooling and a layer without bias draw ∂L/∂x.
  GradTarget grad = GradTarget::Input;
};

// The Data section's names for what is shown: "ramp 1…9", "random 0…4, seed 2", "Figure 1.1's input, edited",
// "Figure 1.1", "Sobel x", ...
std::string FillText(Fill fill, uint32_t seed);
std::string KernelPresetTitle(KernelPreset preset);
std::string InputDescription(const Params& params);
std::string KernelDescription(const Params& params);

// How the canvas shows it.
struct DisplayOptions {
  bool numbers = true;
  bool labels = true;
  bool legend = true;
  bool equation = true;
  bool caption = false;
  bool kernel_panel = true;
  bool overlap_panel = false;  // transposed: the checkerboard map
  bool overlap_from_preset = false;  // a figure turned the overlap map on (the next figure without the hint turns it off)
  bool show_equivalent = true;  // transposed views shown side by side
  bool show_scatter = false;
  bool show_associated = false;
  View lead_view = View::Equivalent;  // transposed: the view whose steps the timeline counts
  bool dark = false;
  // Cell colours (V): the user's choice once made (remembered); until then the default for what is open (core's
  // DefaultColourBy: values for a picture or maps too large for numbers, the paper's role colours otherwise). Loading
  // a figure or a picture goes back to the default.
  ColourBy colour_by = ColourBy::Role;
  bool colour_chosen = false;
  ChannelLayout channel_layout = ChannelLayout::Auto;  // remembered; C switches focus / all
  int focus_channel = -1;                              // a thumbnail clicked: the channel drawn large
  bool symbols = false;                                // S: x₁₂, w₁₁, y₁₁ instead of numbers (remembered)
  float ui_scale = 1.0f;
  // For a classroom: full screen, the canvas alone, the step text large, the hovered cell and its links outlined
  // thick enough to follow from the back of the room; playback by keys (P toggles it; remembered).
  bool presentation = false;
};

struct Playback {
  int step = 0;  // in the lead view
  bool playing = false;
  float speed = 1.0f;  // steps per second (the paper's animations: 1)
  bool loop = true;
  double carry = 0;  // seconds accumulated towards the next step
};

struct OpenWindows {
  bool parameters = true;
  bool arithmetic = true;
  bool matrix = false;
  bool network = false;  // the Network window (Ctrl+N)
  bool exercises = false;  // the Exercises window (X)
  bool upsampling = false;  // Upsampling compared (U)
  bool export_window = false;
  bool shortcuts = false;
  bool about = false;
  bool pictures = false;    // the input and output maps as pictures (opens with an image)
  bool open_image = false;  // File › Open: the image file browser
  // Tab hides both side panels (the canvas alone, for a projector) and brings back the ones that were open.
  bool hidden_parameters = true;
  bool hidden_arithmetic = true;
};

// Everything derived from Params by a recompute; never changed elsewhere. The computation is immutable and shared:
// the canvas, the panels and an export running in the background hold the same one, replaced whole by the next.
struct Derived {
  std::shared_ptr<const Computation> computation;  // empty while the configuration is invalid
  std::optional<ConfigError> error;                // why, shown next to the offending control
  bool backward = false;                           // the computation is the input gradient's (Pass::Backward)
  GradTarget grad = GradTarget::Input;             // backward: which gradient's computation it is
  std::optional<Config> layer;                     // backward: the layer it is the gradient of
  std::shared_ptr<const BackwardPass> pooling_backward;  // Backward on pooling (PoolingGradientText)
  uint64_t generation = 0;                         // of the recompute shown (caches key on it)
  uint64_t requested = 0;                          // of the latest recompute asked for (> generation: computing)
  std::vector<double> milliseconds;                // each computation's time, kept for the frame-time benchmark
};

// A key pressed (or repeated) since the last frame, as GLFW reports it. The app keeps its own queue because Dear
// ImGui 1.86 polls key state once per frame and loses a press and release that arrive within one frame.
struct KeyPress {
  int key = 0;   // GLFW_KEY_*
  int mods = 0;  // GLFW_MOD_*
  bool repeat = false;
};

// Things the run loop does between frames on the panels' behalf.
struct Requests {
  bool quit = false;
  bool toggle_fullscreen = false;
  bool screenshot = false;  // F12: save the window as PNG
  bool rebuild_fonts = false;
  bool presentation_changed = false;  // enter / leave full screen with presentation mode
  bool reset_layout = false;
  float rescale_panels = 1.0f;  // the UI scale changed by this factor: side panels widen or narrow with it
  // Set with rebuild_fonts, applied (to rescale_panels / reset_layout) once the fonts have their new size.
  float pending_rescale = 1.0f;
  bool pending_reset = false;
  int redraw = 0;  // frames to render without waiting for input (something settles over a frame or two)
};

struct Fonts {
  ImFont* ui = nullptr;
  ImFont* heading = nullptr;
  ImFont* canvas_small = nullptr;  // cell text up to ~24 px
  ImFont* canvas_large = nullptr;  // larger cell text (projectors, zoom)
  float ui_size = 17;    // the UI font's pixel size (grows with the UI scale)
  float base_size = 17;  // the UI font's pixel size at 100 % on this display (spacings that must not grow)
  ImVector<ImWchar> canvas_ranges;  // the canvas fonts' glyphs (the atlas reads them when it builds)
};

// A side panel as drawn last frame: docked, or folded into a strip (too narrow for the UI scale) with its drawer.
struct SideState {
  std::array<float, 4> rect{};         // the docked panel or the strip, x0 y0 x1 y1 in window pixels; 0 when closed
  std::array<float, 4> drawer_rect{};  // the open drawer over the canvas
  bool strip = false;
  bool drawer = false;
  // Folded to its strip to give the canvas room for the values (set by the canvas, see FoldForValues), although the
  // window is wide enough for it docked.
  bool folded_for_values = false;
};

// The side panels' widths as drawn last frame (ImGui's imgui.ini remembers them between runs).
struct PanelWidths {
  float left = 0;
  float right = 0;
  // Where things were drawn last frame, x0 y0 x1 y1 in window pixels (all 0 when not drawn): tests check that
  // nothing is cut off at a projector's size ($CONVARITH_STATE_FILE).
  SideState parameters;
  SideState arithmetic;
  std::array<float, 4> playback_rect{};  // from the first button to the last control (Fit)
  std::array<float, 4> picker_rect{};    // the browser's "Choose a picture..." in File › Open image (when drawn)
};

struct App {
  Params params;
  DisplayOptions display;
  Playback playback;
  OpenWindows windows;
  Derived derived;
  CanvasState canvas;
  MatrixPanelState matrix;
  PicturesState pictures;
  OpenImageState open_image;
  NetworkPanelState network;
  ExerciseState exercise;
  UpsampleWindowState upsampling;
  ExportWindow export_window;
  Requests requests;
  PanelWidths layout;
  Fonts fonts;
  std::string status;       // a one-line message at the bottom (saved screenshot, export done)
  double status_until = 0;  // ImGui time when the status disappears
  std::string link_error;   // the --link the app could not open (it opened without it), for the state file
  bool dirty = true;        // parameters changed: recompute before drawing
  bool fullscreen = false;  // mirrors the window (Esc leaves full screen)
  bool automation = false;  // --screenshot / --bench-frames: the pointer is not the user's (no hover, no hints)
  bool presentation_fullscreen = false;  // presentation mode made the window full screen (and undoes it on leaving)

  // Derives everything from the parameters on this thread (tensors resized to the configuration first): startup and
  // screenshots. Never throws.
  void Recompute();
  // The same off the UI thread: the tensors are resized here and copied into the request, the worker computes, and
  // the previous computation stays on screen until TakeRecomputed() installs the new one. The latest request wins.
  void RequestRecompute();
  // Installs the newest computation the worker finished, when it is newer than the one shown; true when it did.
  bool TakeRecomputed();
  // Waits for the worker, then installs its result (automation runs that need the final picture).
  void FinishRecompute();
  bool Computing() const { return derived.requested > derived.generation; }
  // Marks a parameter change: the figure name no longer applies; recompute before the next draw.
  void Changed();

  // Loads a figure of the paper (config, input and kernel), resets the step.
  void LoadPreset(const std::string& name);
  // Reads a picture as the input (2-D, one channel or R, G, B; i and C_in follow it) and recomputes. On a bad file or
  // a size the app cannot draw, returns the one-line message (also kept in image_error) and changes nothing.
  std::string OpenImage(const std::string& path, const ImageRead& options);
  std::string image_error;  // the last image that could not be opened, shown in the Data section

  const Computation* computation() const { return derived.computation.get(); }
  // The views on screen, left to right (Direct for conv and pooling).
  std::vector<View> VisibleViews() const;
  View LeadView() const;
  int StepCount() const;  // of the lead view; 0 while invalid
  // What a view shows while the lead view is at the playback step: the lead's own step, or for the other transposed
  // views the step linked to it by meaning (core's LinkStep) and the cell that shows the link (marked as a pointer
  // while the user points at nothing).
  struct Moment {
    int step = 0;
    std::optional<Pointer> link;
  };
  Moment MomentIn(View view) const;
  int StepIn(View view) const { return MomentIn(view).step; }
  // The figure loaded last, while its parameters are unchanged (nullptr otherwise).
  const Preset* LoadedPreset() const;

  // Playback actions shared by the buttons, the menus and the keyboard.
  void TogglePlay();
  void StepBy(int delta);
  void FirstStep();
  void LastStep();
  void SetStep(int step);
  void Advance(double seconds);  // while playing

  void ToggleSidePanels();
  void TogglePresentation();
  // The UI scale (fonts rebuilt between frames); side panels follow it, back to their default widths at 100 %.
  void SetUiScale(float scale);
  // The browser's devicePixelRatio (the browser build draws in device pixels; 1 on the desktop): the UI's sizes are
  // the UI scale times this. SetPixelRatio rebuilds the fonts when it changes (a window moved to another screen).
  float pixel_ratio = 1.0f;
  float UiPixels() const { return display.ui_scale * pixel_ratio; }
  void SetPixelRatio(float ratio);
  void ShowStatus(std::string message, double now, double seconds = 4.0);
  FrameOptions BaseFrameOptions() const;  // display options and theme; view, step and pointer set per view
  Theme CurrentTheme() const { return display.dark ? DarkTheme() : LightTheme(); }
  // The cell colours on screen: the user's choice, or the default for what is open.
  ColourBy CurrentColourBy() const;
  void ToggleColourBy();
  // The pass on screen: Backward once the gradient's computation is shown (conv and transposed), and the switch (B).
  Pass CurrentPass() const { return derived.computation && derived.backward ? Pass::Backward : Pass::Forward; }
  // The operation of what the canvas draws (the gradient's: transposed for a conv, direct for a transposed conv).
  Op DrawnOp() const { return derived.computation ? derived.computation->config.op : params.config.op; }
  void ToggleBackward();
  // The configuration on screen as link entries (convarith/link/link.hpp), and Edit › Copy link (Ctrl+L).
  std::vector<LinkEntry> CurrentLink() const;
  void CopyLink();
  // G: the next gradient (∂L/∂x, ∂L/∂w, ∂L/∂b, the ones the layer has), the backward pass turned on.
  void NextGradient();
  void SetGradient(GradTarget grad);
  // The gradient drawn on the canvas (Input unless Backward shows the weight's or the bias's).
  GradTarget DrawnGradient() const { return CurrentPass() == Pass::Backward ? derived.grad : GradTarget::Input; }
  // Backward on a pooling layer: what its gradient does at the playback step, one line (GradientStep); else "".
  std::string PoolingGradientText() const;
  // Many channels: whether the focus layout is drawn (ChannelLayout, Auto by the channel count), and the switch.
  bool ChannelsInFocus() const;
  void ToggleChannelLayout();
  // The 3-D tensor view (ChannelLayout::Depth) and its switch (back to Auto).
  bool TensorsIn3d() const { return display.channel_layout == ChannelLayout::Depth; }
  void ToggleTensors3d();

  // Last: destroyed first, so the worker stops before the state it reports to.
  RecomputeWorker recompute_worker;

 private:
  std::optional<RecomputeRequest> PrepareRecompute();
  void Install(RecomputeResult result);
};

// The app's limits on top of core's Validate: sizes it can draw interactively.
std::optional<ConfigError> ValidateForApp(const Config& config);

// Which control an error belongs to, by the core's parameter enum: Input, Kernel, Stride, Padding, Dilation,
// OutputPadding, CeilMode, CountIncludePad, Dims, InChannels, OutChannels, Groups, PaddingMode, or None (general: the
// message goes under the parameters).
Param ControlOf(const ConfigError& error);

// The tensor shapes the configuration asks for (canonical), for a valid configuration.
struct TensorShapes {
  std::vector<int> input, weight, bias;
};
TensorShapes ShapesFor(const Config& config);

// The tensors follow the configuration's shapes; values the user set stay where both shapes have them.
void SyncTensors(Params& params);
// What a recompute of `params` needs (its tensors synced to the configuration first, then copied), or why the app
// refuses it (a result holding the error, to install as it is). The app's Recompute and RequestRecompute, and the
// benchmark of a frame, go through it.
std::variant<RecomputeRequest, RecomputeResult> PrepareRequest(Params& params, uint64_t generation);


// The index of every dimension of flat index `index` in a tensor of `shape`.
std::vector<int> Unflatten(const std::vector<int>& shape, size_t index);
// A position written for people: "[r, c]", "[c]" (1-D) or "[z, r, c]" (3-D), from the three spatial indices.
std::string PositionText(int rank, int z, int row, int col);

}  // namespace convarith::app
