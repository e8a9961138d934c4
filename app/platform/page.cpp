// The browser page around the app (browser build only): the canvas fitted to the page, the page's title, the state
// element, the settings in the browser's storage.
#include "platform/page.hpp"

#include <string>
#include <vector>

#include <emscripten.h>

#include "app.hpp"
#include "convarith/base/read_file.hpp"
#include "convarith/computation_json.hpp"
#include "convarith/scene/presets.hpp"
#include "convarith/link/link.hpp"
#include "platform/window.hpp"
#include "settings.hpp"

// clang-format off
EM_JS(int, PageWidthPixels, (), { return Math.max(1, Math.round(window.innerWidth * (window.devicePixelRatio || 1))); });
EM_JS(int, PageHeightPixels, (), { return Math.max(1, Math.round(window.innerHeight * (window.devicePixelRatio || 1))); });
EM_JS(double, PagePixelRatio, (), { return window.devicePixelRatio || 1; });
EM_JS(void, SetPageTitle, (const char* title), { document.title = UTF8ToString(title); });
EM_JS(void, SetPageState, (const char* json), {
  var element = document.getElementById('convarith-state');
  if (!element) {
    element = document.createElement('script');
    element.type = 'application/json';
    element.id = 'convarith-state';
    document.body.appendChild(element);
  }
  element.textContent = UTF8ToString(json);
});
EM_JS(void, SyncStorage, (), {
  FS.syncfs(false, function (e) { if (e) err('convarith: the settings were not written to the browser storage: ' + e); });
});
EM_JS(void, DownloadFile, (const char* path), {
  var name = UTF8ToString(path);
  var bytes = FS.readFile(name);
  var link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([bytes]));
  link.download = name.split('/').pop();
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
});
EM_JS(void, CopyLinkJs, (const char* fragment), {
  var link = location.href.split('#')[0] + UTF8ToString(fragment);
  if (navigator.clipboard) navigator.clipboard.writeText(link).catch(function (e) { err('convarith: ' + e); });
});
// The address shows the link: a new configuration is a new history entry (Back returns to the previous one), a new
// step replaces the current entry.
EM_JS(void, SetPageFragment, (const char* fragment, int push), {
  var url = location.href.split('#')[0] + UTF8ToString(fragment);
  if (url === location.href) return;
  if (push) history.pushState(null, document.title, url); else history.replaceState(null, document.title, url);
});
// The time from the start of the page's navigation to the end of the app's first frame (performance.now()), kept in
// window.convarithFirstFrameMs for scripts/bench_web.sh and the browser tests.
EM_JS(void, MarkFirstFrame, (), { if (!window.convarithFirstFrameMs) window.convarithFirstFrameMs = performance.now(); });
// clang-format on

namespace convarith::app {
namespace {

constexpr int kSaveEveryFrames = 120;  // about two seconds at 60 frames a second

// "Figure 2.6 · step 4/9 — convarith"; the operation's title when no figure is loaded.
std::string PageTitle(const App& app) {
  const Preset* preset = app.LoadedPreset();
  std::string title = preset != nullptr ? FigureTitle(*preset) : std::string(OpTitle(app.params.config.op));
  if (const size_t colon = title.find(':'); preset != nullptr && colon != std::string::npos) title.resize(colon);
  if (app.StepCount() > 0) {
    title += " \u00b7 step " + std::to_string(app.playback.step + 1) + "/" + std::to_string(app.StepCount());
  }
  return title + " \u2014 convarith";
}

}  // namespace

void OfferDownload(const std::string& path) { DownloadFile(path.c_str()); }

void CopyPageLink(const std::string& fragment) { CopyLinkJs(fragment.c_str()); }

void Page::FitCanvas(Window& window, App& app) {
  app.SetPixelRatio(static_cast<float>(PagePixelRatio()));
  const int width = PageWidthPixels(), height = PageHeightPixels();
  const auto [w, h] = window.WindowSize();
  if (w != width || h != height) window.SetSize(width, height);
}

void Page::Show(const App& app) {
  if (frames_ == 0) MarkFirstFrame();
  if (const std::string title = PageTitle(app); title != title_) {
    SetPageTitle(title.c_str());
    title_ = title;
  }
  // The forward computation of the parameters on screen (not while a new one is on its way, not the backward pass).
  const Computation* computation = app.derived.computation.get();
  if (computation != nullptr && !app.Computing() && !app.derived.backward &&
      app.derived.generation != state_generation_) {
    const Config& c = app.params.config;
    const bool channels = c.in_channels > 1 || c.out_channels > 1;  // as `compute` decides for the flags
    SetPageState(ComputationJson(c, *computation, channels).dump(2).c_str());
    state_generation_ = app.derived.generation;
  }
  ShowLink(app);
  if (++frames_ % kSaveEveryFrames == 0) SaveSettings(app);
}

void Page::ShowLink(const App& app) {
  if (app.Computing()) return;  // the link of what is on screen
  std::vector<LinkEntry> entries = app.CurrentLink();
  const std::string link = WriteLink(entries);
  if (link == link_) return;
  std::erase_if(entries, [](const LinkEntry& e) { return e.key == "step"; });
  const std::string configuration = WriteLink(entries);
  SetPageFragment(link.c_str(), !link_.empty() && configuration != configuration_ ? 1 : 0);
  link_ = link;
  configuration_ = configuration;
}

void Page::SaveSettings(const App& app) {
  if (settings_.empty()) return;
  if (!app::SaveSettings(settings_, app, StoredWindow{}).empty()) return;
  std::string text;
  try {
    text = ReadFileBounded(settings_.string(), {"settings", kMaxSettingsBytes, true});
  } catch (const ReadError&) {
    return;
  }
  if (text == saved_) return;
  saved_ = std::move(text);
  SyncStorage();
}

}  // namespace convarith::app
