// The Export window: the CLI export's options, run on a worker thread with progress and cancel.
#pragma once

#include <array>
#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "convarith/export.hpp"
#include "platform/threads.hpp"

namespace convarith::app {

struct App;

class ExportWindow {
 public:
  ExportWindow() = default;
  ~ExportWindow();  // cancels and joins a running export
  ExportWindow(const ExportWindow&) = delete;
  ExportWindow& operator=(const ExportWindow&) = delete;

  void Draw(App& app, bool* open);
  bool Running() const { return running_.load(); }
  void Cancel() { cancel_.store(true); }
  // For tests that drive the app (the state file): where the window's controls were last drawn (x0, y0, x1, y1 by
  // name: "format", its items "gif", "png", "svg" while the list is open, "current", "zip", "export"; none while the
  // window is closed) and the last export's message.
  const std::map<std::string, std::array<float, 4>>& ControlRects() const { return rects_; }
  const std::string& Message() const { return message_; }

 private:
  void Start(App& app);
  void Collect(App& app);  // joins a finished worker and reports its result
  void FormatCombo();
  void DrawTarget(const App& app);
  void Mark(const char* name);  // the last item's rectangle, under this name

  // The options as the user sets them.
  int format_ = 0;  // gif, png, svg
  std::string path_;
  bool current_only_ = false;
  bool zip_ = !kHasThreads;  // the frames in one .zip: the browser's default (one download, not one per frame)
  float fps_ = 1.0f;
  float hold_ = 1.0f;
  int cell_px_ = kDefaultCellPx;
  int first_step_ = 1;  // 1-based in the window
  int last_step_ = 0;   // 0: the last step
  bool numbers_ = true, labels_ = true, legend_ = true, caption_ = true, equation_ = true;
  int view_ = 0;   // index into ViewsOf(op)
  int theme_ = 0;  // 0 light, 1 dark
  bool edited_path_ = false;

  // The running export.
  std::thread worker_;
  std::atomic<bool> running_{false};
  std::atomic<bool> finished_{false};
  std::atomic<bool> cancel_{false};
  std::atomic<int> done_{0};
  std::atomic<int> total_{0};
  std::mutex mutex_;
  std::string result_;  // guarded by mutex_
  bool failed_ = false; // guarded by mutex_
  std::string message_;  // shown in the window (UI thread only)
  bool message_is_error_ = false;
  std::map<std::string, std::array<float, 4>> rects_;
};

}  // namespace convarith::app
