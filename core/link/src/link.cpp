// Links: the configuration in a URL fragment, parsed, written and turned into the app's flags.
#include "convarith/link/link.hpp"

#include <algorithm>
#include <array>
#include <charconv>

#include "convarith/base/error.hpp"

namespace convarith {
namespace {

struct KeyInfo {
  std::string_view key;
  std::string_view flag;
  bool switch_flag;  // a flag without a value: written key=1
};

// Every key, in the order links are written: what the layer is, then its data, then how it is shown.
constexpr std::array<KeyInfo, 28> kKeys{{
    {"preset", "--preset", false},
    {"op", "--op", false},
    {"dims", "--dims", false},
    {"i", "-i", false},
    {"k", "-k", false},
    {"s", "-s", false},
    {"p", "-p", false},
    {"pad_before", "--pad-before", false},
    {"pad_after", "--pad-after", false},
    {"d", "-d", false},
    {"a", "-a", false},
    {"in_channels", "--in-channels", false},
    {"out_channels", "--out-channels", false},
    {"groups", "--groups", false},
    {"padding_mode", "--padding-mode", false},
    {"ceil_mode", "--ceil-mode", true},
    {"count_include_pad", "--count-include-pad", false},
    {"fill", "--fill", false},
    {"kernel_fill", "--kernel-fill", false},
    {"seed", "--seed", false},
    {"view", "--view", false},
    {"pass", "--pass", false},
    {"gradient", "--gradient", false},
    {"colour_by", "--colour-by", false},
    {"channels", "--channels", false},
    {"symbols", "--symbols", true},
    {"presentation", "--presentation", true},
    {"step", "--step", false},
}};

const KeyInfo* Find(std::string_view key) {
  const auto it = std::find_if(kKeys.begin(), kKeys.end(), [&](const KeyInfo& k) { return k.key == key; });
  return it == kKeys.end() ? nullptr : &*it;
}

[[noreturn]] void Bad(const std::string& what) { throw Error(ErrorCode::InvalidLink, "link: " + what); }

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string Decode(std::string_view text, std::string_view key) {
  std::string out;
  for (size_t n = 0; n < text.size(); ++n) {
    if (text[n] != '%') {
      out += text[n];
      continue;
    }
    const int hi = n + 1 < text.size() ? HexDigit(text[n + 1]) : -1;
    const int lo = n + 2 < text.size() ? HexDigit(text[n + 2]) : -1;
    if (hi < 0 || lo < 0) Bad("'" + std::string(key) + "': a '%' must be followed by two hex digits");
    out += static_cast<char>(hi * 16 + lo);
    n += 2;
  }
  return out;
}

std::string Encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                       c == '_' || c == '.' || c == '~' || c == ',';
    if (plain) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string KnownKeys() {
  std::string out;
  for (const KeyInfo& k : kKeys) out += (out.empty() ? "" : ", ") + std::string(k.key);
  return out;
}

}  // namespace

const std::vector<std::string_view>& LinkKeys() {
  static const std::vector<std::string_view> keys = [] {
    std::vector<std::string_view> out;
    for (const KeyInfo& k : kKeys) out.push_back(k.key);
    return out;
  }();
  return keys;
}

std::vector<LinkEntry> ParseLink(std::string_view link) {
  const size_t hash = link.find('#');
  if (hash != std::string_view::npos) link.remove_prefix(hash + 1);
  std::vector<LinkEntry> out;
  while (!link.empty()) {
    const size_t amp = link.find('&');
    const std::string_view part = link.substr(0, amp);
    link = amp == std::string_view::npos ? std::string_view() : link.substr(amp + 1);
    if (part.empty()) continue;  // "a=1&&b=2", a trailing '&'
    const size_t eq = part.find('=');
    if (eq == std::string_view::npos) Bad("'" + std::string(part) + "' has no '=' (write key=value)");
    const std::string key = Decode(part.substr(0, eq), part.substr(0, eq));
    if (Find(key) == nullptr) Bad("unknown key '" + key + "' (known: " + KnownKeys() + ")");
    if (std::any_of(out.begin(), out.end(), [&](const LinkEntry& e) { return e.key == key; })) {
      Bad("'" + key + "' is given twice");
    }
    std::string value = Decode(part.substr(eq + 1), key);
    if (value.empty()) Bad("'" + key + "' has no value");
    out.push_back({key, std::move(value)});
  }
  return out;
}

std::string WriteLink(const std::vector<LinkEntry>& entries) {
  for (const LinkEntry& e : entries)
    if (Find(e.key) == nullptr) Bad("unknown key '" + e.key + "'");
  std::string out = "#";
  for (const KeyInfo& k : kKeys) {
    for (const LinkEntry& e : entries) {
      if (e.key != k.key) continue;
      if (out.size() > 1) out += '&';
      out += std::string(k.key) + "=" + Encode(e.value);
    }
  }
  return out;
}

namespace {

// One parameter over the spatial axes: "5" when they agree, else "4x6" (height x width) or "3x4x6".
std::string Sizes(const Config& c, int AxisParams::*field) {
  std::string out;
  bool same = true;
  for (const AxisParams& a : c.spatial()) same = same && a.*field == c.spatial()[0].*field;
  for (const AxisParams& a : c.spatial()) {
    if (!out.empty()) out += 'x';
    out += std::to_string(a.*field);
    if (same) break;
  }
  return out;
}

bool Any(const Config& c, int AxisParams::*field, int neutral) {
  return std::any_of(c.spatial().begin(), c.spatial().end(), [&](const AxisParams& a) { return a.*field != neutral; });
}

}  // namespace

std::vector<LinkEntry> ConfigLink(const Config& c) {
  std::vector<LinkEntry> out{{"op", std::string(OpName(c.op))}};
  if (c.rank != 2) out.push_back({"dims", std::to_string(c.rank)});
  out.push_back({"i", Sizes(c, &AxisParams::input)});
  out.push_back({"k", Sizes(c, &AxisParams::kernel)});
  // Pooling's stride defaults to its window on the command line: always written there.
  if (c.pooling() || Any(c, &AxisParams::stride, 1)) out.push_back({"s", Sizes(c, &AxisParams::stride)});
  const bool symmetric =
      std::all_of(c.spatial().begin(), c.spatial().end(), [](const AxisParams& a) { return a.symmetric(); });
  if (symmetric && Any(c, &AxisParams::pad_before, 0)) out.push_back({"p", Sizes(c, &AxisParams::pad_before)});
  if (!symmetric) {
    out.push_back({"pad_before", Sizes(c, &AxisParams::pad_before)});
    out.push_back({"pad_after", Sizes(c, &AxisParams::pad_after)});
  }
  if (Any(c, &AxisParams::dilation, 1)) out.push_back({"d", Sizes(c, &AxisParams::dilation)});
  if (Any(c, &AxisParams::output_padding, 0)) out.push_back({"a", Sizes(c, &AxisParams::output_padding)});
  if (c.in_channels != 1) out.push_back({"in_channels", std::to_string(c.in_channels)});
  // The command line's C_out follows C_in when not given: written whenever either is not 1.
  if (!c.pooling() && (c.out_channels != 1 || c.in_channels != 1)) out.push_back({"out_channels", std::to_string(c.out_channels)});
  if (c.groups != 1) out.push_back({"groups", std::to_string(c.groups)});
  if (c.padding_mode != PaddingMode::Zeros) out.push_back({"padding_mode", std::string(PaddingModeName(c.padding_mode))});
  if (c.ceil_mode) out.push_back({"ceil_mode", "1"});
  if (c.op == Op::AvgPool && !c.count_include_pad) out.push_back({"count_include_pad", "false"});
  return out;
}

std::vector<std::string> LinkFlags(const std::vector<LinkEntry>& entries) {
  std::vector<std::string> out;
  for (const LinkEntry& e : entries) {
    const KeyInfo* k = Find(e.key);
    if (k == nullptr) Bad("unknown key '" + e.key + "'");
    if (e.key == "step") {  // counted from 1 in links, as on screen ("step 4/9"); the flag counts from 0
      int step = 0;
      const auto [end, ec] = std::from_chars(e.value.data(), e.value.data() + e.value.size(), step);
      if (ec != std::errc() || end != e.value.data() + e.value.size() || step < 1) {
        Bad("'step' counts from 1 (the step on screen), got '" + e.value + "'");
      }
      out.push_back("--step");
      out.push_back(std::to_string(step - 1));
    } else if (!k->switch_flag) {
      out.push_back(std::string(k->flag));
      out.push_back(e.value);
    } else if (e.value == "1" || e.value == "true") {
      out.push_back(std::string(k->flag));
    } else if (e.value != "0" && e.value != "false") {
      Bad("'" + e.key + "' is 1 or 0, got '" + e.value + "'");
    }
  }
  return out;
}

}  // namespace convarith
