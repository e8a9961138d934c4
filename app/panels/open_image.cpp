// File › Open: a small ImGui file browser for pictures, and the Data section's picture controls.
#include "panels/open_image.hpp"

#include <algorithm>
#include <filesystem>
#include <string>
#include <system_error>

#include <imgui.h>

#include "app.hpp"
#ifdef __EMSCRIPTEN__
#include "platform/page.hpp"
#endif

namespace convarith::app {
namespace {

const ImVec4 kErrorColor{0.90f, 0.25f, 0.20f, 1.0f};

void List(OpenImageState& st) {
  namespace fs = std::filesystem;
  st.listed = st.folder;
  st.folders.clear();
  st.files.clear();
  st.listing_error.clear();
  std::error_code ec;
  fs::directory_iterator it(st.folder, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    st.listing_error = "cannot list " + st.folder + ": " + ec.message();
    return;
  }
  for (const fs::directory_entry& entry : it) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    std::error_code type_error;
    if (entry.is_directory(type_error)) {
      st.folders.push_back(name);
    } else if (LooksLikeImage(name)) {
      st.files.push_back(name);
    }
    if (st.folders.size() + st.files.size() > 5000) break;  // a huge folder: the first ones
  }
  std::sort(st.folders.begin(), st.folders.end());
  std::sort(st.files.begin(), st.files.end());
}

void ModeAndSize(App& app) {
  ImageRead& how = app.params.image;
  int mode = how.rgb ? 1 : 0;
  ImGui::TextUnformatted("as");
  ImGui::SameLine();
  if (ImGui::RadioButton("gray", &mode, 0)) how.rgb = false;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("One channel: ITU-R 601-2 luma, 0 … 255 (as Pillow's convert('L'))");
  ImGui::SameLine();
  if (ImGui::RadioButton("R, G, B", &mode, 1)) how.rgb = true;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Three input channels (C_in = 3), 0 … 255");
  int size[2] = {how.height, how.width};
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
  if (ImGui::InputInt2("size (H, W; 0: the file's)", size)) {
    how.height = std::clamp(size[0], 0, kMaxAppCells);
    how.width = std::clamp(size[1], 0, kMaxAppCells);
    if (how.height == 0 || how.width == 0) how.height = how.width = 0;
    how.longer = 0;
  }
}

void Open(App& app, const std::string& path) {
  const std::string error = app.OpenImage(path, app.params.image);
  if (error.empty()) {
    app.windows.open_image = false;
    app.ShowStatus("Opened " + path, ImGui::GetTime());
  } else {
    app.ShowStatus(error, ImGui::GetTime(), 6.0);
  }
}

}  // namespace

void DrawOpenImageWindow(App& app) {
  app.layout.picker_rect = {};
  if (!app.windows.open_image) return;
  OpenImageState& st = app.open_image;
  namespace fs = std::filesystem;
  if (st.folder.empty()) {
    std::error_code ec;
    st.folder = app.params.image_path.empty() ? fs::current_path(ec).string()
                                              : fs::path(app.params.image_path).parent_path().string();
    if (st.folder.empty()) st.folder = "/";
  }
  if (st.listed != st.folder) List(st);
  const float font = ImGui::GetFontSize();
  ImGui::SetNextWindowSize(ImVec2(font * 34, font * 28), ImGuiCond_FirstUseEver);
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.45f),
                          ImGuiCond_FirstUseEver, ImVec2(0.5f, 0.5f));
  if (!ImGui::Begin("Open image", &app.windows.open_image)) {
    ImGui::End();
    return;
  }
#ifdef __EMSCRIPTEN__
  // The page cannot list the computer's folders: a browser hands files over through its own picker or a drop.
  ImGui::TextWrapped("In the browser, choose a picture (PNG, JPEG, BMP, GIF, ...) or drop one onto the page: it "
                     "becomes the input. The folders below are the page's own memory, not your computer's.");
  if (ImGui::Button("Choose a picture...")) PickPageFile();
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  app.layout.picker_rect = {a.x, a.y, b.x, b.y};
#else
  ImGui::TextWrapped("A picture as the input (PNG, JPEG, BMP, GIF, ...): type or paste a path, or pick one below. "
                     "You can also drop a file onto the window.");
#endif
  char buffer[4096] = {};
  st.path.copy(buffer, sizeof buffer - 1);
  ImGui::SetNextItemWidth(-font * 5);
  const bool enter = ImGui::InputText("##path", buffer, sizeof buffer, ImGuiInputTextFlags_EnterReturnsTrue);
  st.path = buffer;
  ImGui::SameLine();
  if ((ImGui::Button("Open") || enter) && !st.path.empty()) {
    std::error_code ec;
    if (fs::is_directory(st.path, ec)) {
      st.folder = st.path;
    } else {
      Open(app, st.path);
    }
  }
  ModeAndSize(app);
  if (!app.image_error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
    ImGui::TextWrapped("%s", app.image_error.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::Separator();
  ImGui::TextDisabled("%s", st.folder.c_str());
  if (ImGui::BeginChild("listing", ImVec2(0, 0), true)) {
    if (!st.listing_error.empty()) ImGui::TextWrapped("%s", st.listing_error.c_str());
    const fs::path here(st.folder);
    if (here.has_parent_path() && here.parent_path() != here && ImGui::Selectable("../")) {
      st.folder = here.parent_path().string();
    }
    for (const std::string& name : st.folders) {
      if (ImGui::Selectable((name + "/").c_str())) st.folder = (here / name).string();
    }
    for (const std::string& name : st.files) {
      const std::string full = (here / name).string();
      if (ImGui::Selectable(name.c_str(), st.path == full, ImGuiSelectableFlags_AllowDoubleClick)) {
        st.path = full;
        if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) Open(app, full);
      }
    }
  }
  ImGui::EndChild();
  ImGui::End();
}

void DrawImageControls(App& app) {
  if (ImGui::Button("Open image…")) app.windows.open_image = true;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("A picture as the input (also File › Open, or drop a file on the window)");
  if (!app.params.image_path.empty()) {
    ModeAndSize(app);
    if (ImGui::Button("Read the picture again")) {
      const std::string error = app.OpenImage(app.params.image_path, app.params.image);
      if (!error.empty()) app.ShowStatus(error, ImGui::GetTime(), 6.0);
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s, with the mode and size above", app.params.image_path.c_str());
    ImGui::SameLine();
    ImGui::Checkbox("pictures", &app.windows.pictures);
  }
  if (!app.image_error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(app.image_error.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
  }
}

}  // namespace convarith::app
