// The Export window: the CLI export's options, run on a worker thread with progress and cancel.
#include "panels/export_window.hpp"

#include <algorithm>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

#include <imgui.h>

#include "app.hpp"
#include "platform/threads.hpp"
#ifdef __EMSCRIPTEN__
#include "platform/page.hpp"
#endif

namespace convarith::app {
namespace {

constexpr const char* kFormats[] = {"GIF (animation)", "PNG (frames)", "SVG (frames)"};
constexpr const char* kExtensions[] = {".gif", ".png", ".svg"};

std::string DefaultPath(const App& app, int format, bool current_only, bool zip) {
  const char* home = std::getenv("HOME");
  const std::string dir = home != nullptr ? home : ".";
  std::string stem = "convarith_" + (app.params.preset.empty() ? std::string(OpName(app.params.config.op))
                                                               : app.params.preset);
  std::replace(stem.begin(), stem.end(), '.', '_');
  if (format == 0 || current_only) return dir + "/" + stem + kExtensions[format];
  return dir + "/" + stem + "_frames" + (zip ? ".zip" : "");
}

bool InputPath(const char* label, std::string* path) {
  char buffer[1024] = {};
  path->copy(buffer, sizeof buffer - 1);
  if (!ImGui::InputText(label, buffer, sizeof buffer)) return false;
  *path = buffer;
  return true;
}

}  // namespace

ExportWindow::~ExportWindow() {
  cancel_.store(true);
  if (worker_.joinable()) worker_.join();
}

void ExportWindow::Start(App& app) {
  const Computation* c = app.computation();
  if (c == nullptr || running_.load()) return;
  const std::vector<View> views = ViewsOf(c->config.op);
  ExportOptions options;
  options.format = format_ == 0 ? ExportFormat::Gif : format_ == 1 ? ExportFormat::Png : ExportFormat::Svg;
  options.out = path_;
  options.view = views[static_cast<size_t>(std::clamp(view_, 0, static_cast<int>(views.size()) - 1))];
  options.fps = fps_;
  options.hold_seconds = hold_;
  options.cell_px = cell_px_;
  options.first_step = std::max(first_step_ - 1, 0);
  options.last_step = last_step_ > 0 ? last_step_ - 1 : -1;
  options.current_only = format_ != 0 && current_only_;
  options.zip = zip_;
  // The current step: the one on screen in that view, linked to the lead view's step as the canvas links it (with the
  // cells that show the link marked).
  const App::Moment moment = app.MomentIn(*options.view);
  if (options.current_only) options.first_step = moment.step;
  options.frame = app.BaseFrameOptions();
  options.frame.numbers = numbers_;
  options.frame.labels = labels_;
  options.frame.legend = legend_;
  options.frame.caption = caption_;
  options.frame.equation = equation_;
  options.frame.pointer.reset();
  if (options.current_only) options.frame.pointer = moment.link;
  const Preset* preset = app.LoadedPreset();
  options.frame.title = caption_ && preset != nullptr ? FigureTitle(*preset) : std::string();
  options.frame.theme = theme_ == 0 ? LightTheme() : DarkTheme();

  if (worker_.joinable()) worker_.join();
  cancel_.store(false);
  finished_.store(false);
  done_.store(0);
  total_.store(0);
  running_.store(true);
  message_.clear();
  // The worker shares the computation (immutable): the user keeps editing, and a recompute replaces the app's
  // pointer, not the computation this export reads.
  auto job = [this, computation = app.derived.computation, options] {
    std::string result;
    bool failed = false;
    try {
      const ExportResult r = Export(*computation, options, [this](int done, int total) {
        done_.store(done);
        total_.store(total);
        return !cancel_.load();
      });
#ifdef __EMSCRIPTEN__
      for (const std::string& file : r.files) OfferDownload(file);  // the page's files live in its memory
#endif
      result = "Wrote " + std::to_string(r.frames) + " frame" + (r.frames == 1 ? "" : "s") + ", " +
               std::to_string((r.bytes + 1023) / 1024) + " KB: " + (r.files.size() == 1 ? r.files[0] : options.out);
    } catch (const std::exception& e) {  // ExportError, or (the thread's last net) std::bad_alloc
      result = e.what();
      failed = true;
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      result_ = result;
      failed_ = failed;
    }
    finished_.store(true);
  };
  if constexpr (kHasThreads) {
    worker_ = std::thread(std::move(job));
  } else {
    job();  // the browser build: the page waits for the export (no threads there); Collect reports it
  }
}

void ExportWindow::Collect(App& app) {
  if (!finished_.load()) return;
  if (worker_.joinable()) worker_.join();
  finished_.store(false);
  running_.store(false);
  std::lock_guard<std::mutex> lock(mutex_);
  message_ = cancel_.load() && failed_ ? "Cancelled: nothing was written." : result_;
  message_is_error_ = failed_;
  app.ShowStatus(message_, ImGui::GetTime());
}

namespace {

// What the browser build does differently: no threads (the page waits for the export), files as downloads.
void DrawBrowserNote() {
  ImGui::TextDisabled("In the browser the export runs on the page's one thread: the page waits until it is done,");
  ImGui::TextDisabled("then your browser downloads the files.");
}

}  // namespace

void ExportWindow::Mark(const char* name) {
  const ImVec2 lo = ImGui::GetItemRectMin(), hi = ImGui::GetItemRectMax();
  rects_[name] = {lo.x, lo.y, hi.x, hi.y};
}

void ExportWindow::FormatCombo() {
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
  if (!ImGui::BeginCombo("format", kFormats[format_])) {
    Mark("format");  // (while the list is open, the last item is the list's window)
    return;
  }
  for (int n = 0; n < 3; ++n) {
    if (ImGui::Selectable(kFormats[n], n == format_)) format_ = n;
    Mark(kExtensions[n] + 1);
  }
  ImGui::EndCombo();
}

// What is written and where: the format, one step or all (in one .zip or a directory), the file or directory.
void ExportWindow::DrawTarget(const App& app) {
  if (!edited_path_) path_ = DefaultPath(app, format_, current_only_, zip_);
  FormatCombo();
  if (format_ != 0) {
    ImGui::SameLine();
    ImGui::Checkbox("current step only", &current_only_);
    Mark("current");
    if (!current_only_) {
      ImGui::SameLine();
      ImGui::Checkbox("one .zip", &zip_);
      Mark("zip");
    }
  }
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 24);
  if (InputPath(format_ == 0 || current_only_ || zip_ ? "file" : "directory", &path_)) edited_path_ = true;
  if (edited_path_) {
    ImGui::SameLine();
    if (ImGui::SmallButton("default")) edited_path_ = false;
  }
}

void ExportWindow::Draw(App& app, bool* open) {
  Collect(app);
  rects_.clear();
  if (!*open) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.4f),
                          ImGuiCond_FirstUseEver, ImVec2(0.5f, 0.5f));
  if (!ImGui::Begin("Export", open, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::End();
    return;
  }
  const Computation* c = app.computation();
  const bool running = running_.load();
  ImGui::BeginDisabled(running);
  DrawTarget(app);
  if (c != nullptr) {
    const std::vector<View> views = ViewsOf(c->config.op);
    if (views.size() > 1) {
      std::vector<std::string> names;
      for (View v : views) names.emplace_back(ViewName(v));
      view_ = std::clamp(view_, 0, static_cast<int>(views.size()) - 1);
      ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
      if (ImGui::BeginCombo("view", names[static_cast<size_t>(view_)].c_str())) {
        for (size_t n = 0; n < names.size(); ++n) {
          if (ImGui::Selectable(names[n].c_str(), static_cast<int>(n) == view_)) view_ = static_cast<int>(n);
        }
        ImGui::EndCombo();
      }
    }
  }
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
  ImGui::SliderInt("cell px", &cell_px_, 8, 160);
  if (format_ == 0) {
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
    ImGui::SliderFloat("fps", &fps_, 0.25f, 30.0f, "%.2g", ImGuiSliderFlags_Logarithmic);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
    ImGui::SliderFloat("hold last (s)", &hold_, 0.0f, 5.0f, "%.1f");
  }
  if (!(format_ != 0 && current_only_)) {
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5);
    ImGui::InputInt("first step", &first_step_, 0);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5);
    ImGui::InputInt("last step (0: the end)", &last_step_, 0);
    first_step_ = std::max(first_step_, 1);
    last_step_ = std::max(last_step_, 0);
  }
  ImGui::Checkbox("numbers", &numbers_);
  ImGui::SameLine();
  ImGui::Checkbox("labels", &labels_);
  ImGui::SameLine();
  ImGui::Checkbox("legend", &legend_);
  ImGui::SameLine();
  ImGui::Checkbox("equation", &equation_);
  ImGui::SameLine();
  ImGui::Checkbox("caption", &caption_);
  ImGui::RadioButton("light", &theme_, 0);
  ImGui::SameLine();
  ImGui::RadioButton("dark", &theme_, 1);
  ImGui::EndDisabled();

  ImGui::Separator();
  if constexpr (!kHasThreads) DrawBrowserNote();
  if (running) {
    const int total = std::max(total_.load(), 1);
    const int done = done_.load();
    const std::string overlay = std::to_string(done) + " / " + std::to_string(total_.load()) + " frames";
    ImGui::ProgressBar(static_cast<float>(done) / static_cast<float>(total), ImVec2(ImGui::GetFontSize() * 24, 0),
                       overlay.c_str());
    if (ImGui::Button("Cancel")) Cancel();
  } else {
    ImGui::BeginDisabled(c == nullptr || path_.empty());
    if (ImGui::Button("Export")) Start(app);
    Mark("export");
    ImGui::EndDisabled();
    if (c == nullptr) {
      ImGui::SameLine();
      ImGui::TextDisabled("(fix the configuration first)");
    }
  }
  if (!message_.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, message_is_error_ ? ImVec4(0.9f, 0.25f, 0.2f, 1)
                                                           : ImGui::GetStyleColorVec4(ImGuiCol_Text));
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + ImGui::GetFontSize() * 30);
    ImGui::TextUnformatted(message_.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
  }
  ImGui::End();
}

}  // namespace convarith::app
