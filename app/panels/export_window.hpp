// The Export window: the CLI export's options, run on a worker thread with progress and cancel.
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <thread>

#include "convarith/export.hpp"

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

 private:
  void Start(App& app);
  void Collect(App& app);  // joins a finished worker and reports its result

  // The options as the user sets them.
  int format_ = 0;  // gif, png, svg
  std::string path_;
  bool current_only_ = false;
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
};

}  // namespace convarith::app
