// File › Open: a small file browser for pictures (Debian ships no native file dialog library the app could use):
// a path to type or paste, the folder's sub-folders and pictures to click, gray or R, G, B, and an optional size.
#pragma once

#include <string>
#include <vector>

namespace convarith::app {

struct App;

struct OpenImageState {
  std::string folder;        // listed folder (empty: the working directory, on first open)
  std::string path;          // the path field
  std::vector<std::string> folders, files;  // the listing of `folder`
  std::string listed;        // the folder the listing is of
  std::string listing_error;
};

// The window (while app.windows.open_image); opening a picture closes it, a bad one leaves its message inline.
void DrawOpenImageWindow(App& app);
// The Data section's picture controls: open, gray / R, G, B, size, read again; the last error inline.
void DrawImageControls(App& app);

}  // namespace convarith::app
