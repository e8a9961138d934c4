// A configuration as a link's fragment: one reader and one writer for the browser page and the desktop app.
#include "convarith/scene/fragment.hpp"

#include <array>
#include <charconv>
#include <cstddef>

#include "convarith/scene/presets.hpp"
#include "convarith/scene/timeline.hpp"
#include "convarith/shape/config.hpp"

namespace convarith {
namespace {

constexpr int kMaxLinkNumber = 1000000000;
constexpr size_t kMaxLinkLength = 4096;
constexpr const char* kKeys = "preset, op, dims, i, k, s, p, pb, pa, d, a, cin, cout, g, mode, view, step";

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// %2C -> ','; '+' stays (no value uses it). A broken escape is kept as typed (the value check then refuses it).
std::string Decode(std::string_view text) {
  std::string out;
  for (size_t n = 0; n < text.size(); ++n) {
    if (text[n] == '%' && n + 2 < text.size() && HexDigit(text[n + 1]) >= 0 && HexDigit(text[n + 2]) >= 0) {
      out += static_cast<char>(HexDigit(text[n + 1]) * 16 + HexDigit(text[n + 2]));
      n += 2;
    } else {
      out += text[n];
    }
  }
  return out;
}

bool WholeNumber(std::string_view text, int& out) {
  if (text.empty() || text.size() > 10) return false;
  int value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value < 1 || value > kMaxLinkNumber) return false;
  out = value;
  return true;
}

// "5", "4x6" or "3x4x6": one to three whole numbers, 0 allowed (padding, output padding).
bool Sizes(std::string_view text) {
  int parts = 0;
  size_t start = 0;
  while (true) {
    const size_t x = text.find('x', start);
    const std::string_view part = text.substr(start, x == std::string_view::npos ? std::string_view::npos : x - start);
    int value = 0;
    if (part != "0" && !WholeNumber(part, value)) return false;
    if (++parts > 3) return false;
    if (x == std::string_view::npos) return true;
    start = x + 1;
  }
}

bool ViewList(std::string_view text) {
  if (text == "all") return true;
  size_t start = 0;
  while (true) {
    const size_t comma = text.find(',', start);
    const std::string_view name = text.substr(start, comma == std::string_view::npos ? comma : comma - start);
    if (!ParseView(name)) return false;
    if (comma == std::string_view::npos) return true;
    start = comma + 1;
  }
}

// Stores one key's value; returns what is wrong with it ("" when it fits).
std::string Take(LinkFields& f, std::string_view key, const std::string& value) {
  const auto sizes = [&](std::string& field) {
    if (!Sizes(value)) return "'" + std::string(key) + "' must be a size like 5, 4x6 or 3x4x6, got '" + value + "'";
    field = value;
    return std::string();
  };
  const auto number = [&](int& field, const char* what) {
    if (!WholeNumber(value, field)) {
      return "'" + std::string(key) + "' must be " + what + " (1 to 1000000000), got '" + value + "'";
    }
    return std::string();
  };
  if (key == "preset") {
    if (FindPreset(value) == nullptr) return "'preset' must be a figure like fig2.6 or an example, got '" + value + "'";
    f.preset = value;
  } else if (key == "op") {
    if (!ParseOp(value)) return "'op' must be conv, maxpool, avgpool or transposed, got '" + value + "'";
    f.op = value;
  } else if (key == "mode") {
    if (!ParsePaddingMode(value)) return "'mode' must be zeros, reflect, replicate or circular, got '" + value + "'";
    f.padding_mode = value;
  } else if (key == "view") {
    if (!ViewList(value)) return "'view' must be equivalent, scatter, associated (comma-separated) or all, got '" + value + "'";
    f.view = value;
  } else if (key == "i") {
    return sizes(f.input);
  } else if (key == "k") {
    return sizes(f.kernel);
  } else if (key == "s") {
    return sizes(f.stride);
  } else if (key == "p") {
    return sizes(f.padding);
  } else if (key == "pb") {
    return sizes(f.pad_before);
  } else if (key == "pa") {
    return sizes(f.pad_after);
  } else if (key == "dims") {
    if (value != "1" && value != "2" && value != "3") return "'dims' must be 1, 2 or 3, got '" + value + "'";
    f.dims = value[0] - '0';
  } else if (key == "d") {
    return sizes(f.dilation);
  } else if (key == "a") {
    return sizes(f.output_padding);
  } else if (key == "cin") {
    return number(f.in_channels, "a number of channels");
  } else if (key == "cout") {
    return number(f.out_channels, "a number of channels");
  } else if (key == "g") {
    return number(f.groups, "a number of groups");
  } else if (key == "step") {
    return number(f.step, "a step, counted from 1");
  } else {
    return "unknown key '" + std::string(key) + "' (the keys: " + kKeys + ")";
  }
  return "";
}

}  // namespace

LinkParse ParseLink(std::string_view text) {
  if (text.size() > kMaxLinkLength) return {{}, "link: longer than 4096 characters"};
  if (const size_t hash = text.find('#'); hash != std::string_view::npos) text.remove_prefix(hash + 1);
  LinkFields fields;
  std::string seen = "&";
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('&', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view pair = text.substr(start, end - start);
    start = end + 1;
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    const std::string key = Decode(pair.substr(0, eq));
    if (eq == std::string_view::npos) return {{}, "link: '" + key + "' has no value (write " + key + "=...)"};
    if (seen.find("&" + key + "&") != std::string::npos) return {{}, "link: '" + key + "' is given twice"};
    seen += key + "&";
    if (const std::string error = Take(fields, key, Decode(pair.substr(eq + 1))); !error.empty()) {
      return {{}, "link: " + error};
    }
  }
  return {fields, ""};
}

std::string WriteLink(const LinkFields& f) {
  std::string out;
  const auto add = [&](const char* key, const std::string& value) {
    if (value.empty()) return;
    out += (out.empty() ? "#" : "&") + std::string(key) + "=" + value;
  };
  const auto number = [](int v) { return v > 0 ? std::to_string(v) : std::string(); };
  add("preset", f.preset);
  add("op", f.op);
  add("dims", number(f.dims));
  add("i", f.input);
  add("k", f.kernel);
  add("s", f.stride);
  add("p", f.padding);
  add("pb", f.pad_before);
  add("pa", f.pad_after);
  add("d", f.dilation);
  add("a", f.output_padding);
  add("cin", number(f.in_channels));
  add("cout", number(f.out_channels));
  add("g", number(f.groups));
  add("mode", f.padding_mode);
  add("view", f.view);
  add("step", number(f.step));
  return out.empty() ? "#" : out;
}

}  // namespace convarith
