// The configuration on screen as a link (Edit › Copy link, the state file): the entries `convarith --link` and the
// browser page read back to the same picture.
#include <imgui.h>

#include "app.hpp"
#include "convarith/link/link.hpp"
#include "convarith/scene/value_colours.hpp"
#ifdef __EMSCRIPTEN__
#include "platform/page.hpp"
#endif

namespace convarith::app {
namespace {

// The views shown side by side, as --view names them ("all" for every view of the drawn operation).
std::string ViewsText(const App& app) {
  const std::vector<View> shown = app.VisibleViews();
  if (shown.size() <= 1 && app.DrawnOp() != Op::Transposed) return "";
  if (shown.size() == ViewsOf(app.DrawnOp()).size() && shown.size() > 1) return "all";
  std::string out;
  for (View v : shown) out += (out.empty() ? "" : ",") + std::string(ViewName(v));
  return out;
}

}  // namespace

std::vector<LinkEntry> App::CurrentLink() const {
  std::vector<LinkEntry> out;
  if (!params.preset.empty()) {
    out.push_back({"preset", params.preset});
  } else {
    out = ConfigLink(params.config);
    if (params.fill != Fill::Ramp) out.push_back({"fill", std::string(FillName(params.fill))});
    // A random fill's seed always (the command line's default differs from the one the app remembers).
    if (params.fill == Fill::Random) out.push_back({"seed", std::to_string(params.seed)});
    if (params.kernel_preset != KernelPreset::Ones) {
      out.push_back({"kernel_fill", std::string(KernelPresetName(params.kernel_preset))});
    }
  }
  if (params.backward) out.push_back({"pass", "backward"});
  if (params.backward && params.grad != GradTarget::Input) {
    out.push_back({"gradient", std::string(GradTargetName(params.grad))});
  }
  if (const std::string views = ViewsText(*this); !views.empty()) out.push_back({"view", views});
  if (display.colour_chosen) out.push_back({"colour_by", std::string(ColourByName(display.colour_by))});
  if (display.channel_layout != ChannelLayout::Auto) {
    out.push_back({"channels", std::string(ChannelLayoutName(display.channel_layout))});
  }
  if (display.symbols) out.push_back({"symbols", "1"});
  if (display.presentation) out.push_back({"presentation", "1"});
  if (playback.step != 0) out.push_back({"step", std::to_string(playback.step + 1)});  // counted from 1, as on screen
  return out;
}

void App::CopyLink() {
  const std::string link = WriteLink(CurrentLink());
#ifdef __EMSCRIPTEN__
  CopyPageLink(link);  // the page's address with this fragment, through the browser's clipboard
#else
  ImGui::SetClipboardText(link.c_str());
#endif
  const bool partial = params.input_edited || params.kernel_edited || !params.image_path.empty();
  ShowStatus(partial ? "Link copied (edited values and pictures are not in links): " + link : "Link copied: " + link,
             ImGui::GetTime(), 6.0);
}

}  // namespace convarith::app
