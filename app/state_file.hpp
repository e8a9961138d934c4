// The app's state as one line of JSON in $CONVARITH_STATE_FILE, for tests that drive the real app.
#pragma once

#include <cstdint>
#include <string>

namespace convarith::app {

struct App;

// For tests driving the app with keys: the state as one line of JSON, written to $CONVARITH_STATE_FILE whenever it
// changes (via a temporary file and a rename, so a reader never sees half of it). Does nothing without the variable.
class StateFile {
 public:
  StateFile();
  void Update(const App& app, bool fullscreen);

 private:
  // The forward computation on screen as `convarith compute --json` prints it (one line; null while computing, for
  // the backward pass, or above kMaxComputationValues values), made again only for a new computation.
  const std::string& ComputationText(const App& app);

  std::string path_;
  std::string last_;
  std::string computation_ = "null";
  uint64_t computation_generation_ = UINT64_MAX;
};

}  // namespace convarith::app
