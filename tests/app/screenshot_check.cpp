// Checks an app screenshot's pixels: counts the pixels of each role's theme colour and compares them with bounds.
//
//   app_screenshot_check FILE.png [--dark] CHECK...
//   CHECK: ROLE>=N | ROLE<=N | ROLE=N, with ROLE one of the names below; prints every count it was asked about.
//          maps:FAMILY>=N (<=, =): the number of maps drawn in a family's colours, FAMILY input (input, padding, zeros,
//          under the kernel, dimmed), output (computed, current, to come) or kernel: blocks of non-background pixels
//          at least 24 px on each side, most of whose pixels are the family's (a map's cells with their borders, numbers
//          and outlines form one block; the gaps between maps are background).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include <stb_image.h>

#include "convarith/scene/frame.hpp"

namespace {

// The fill under the kernel: the role's colour with the theme's kernel shade blended over it (as core does).
convarith::Rgba Blend(convarith::Rgba under, convarith::Rgba over) {
  const float a = over.a / 255.0f;
  auto ch = [a](uint8_t u, uint8_t o) { return static_cast<uint8_t>(u * (1 - a) + o * a + 0.5f); };
  return {ch(under.r, over.r), ch(under.g, over.g), ch(under.b, over.b), 255};
}

// Linear mix from a to b, as core's Mix (dimmed maps: Mix(fill, background, 0.6)).
convarith::Rgba Mix(convarith::Rgba a, convarith::Rgba b, float t) {
  auto ch = [t](uint8_t x, uint8_t y) { return static_cast<uint8_t>(std::lround(x + (y - x) * t)); };
  return {ch(a.r, b.r), ch(a.g, b.g), ch(a.b, b.b), 255};
}

std::map<std::string, convarith::Rgba> RoleColours(const convarith::Theme& t) {
  return {
      {"background", t.background},       {"input", t.input},
      {"padding", t.padding},             {"inserted_zero", t.inserted_zero},
      {"extra_zero", t.extra_zero},       {"uncovered", t.uncovered},
      {"kernel", t.kernel},               {"output_done", t.output_done},
      {"output_current", t.output_current}, {"output_pending", t.output_pending},
      {"highlight", t.highlight},         {"winner", t.winner},
      {"under_kernel", Blend(t.input, t.kernel_shade)},
      {"padding_under_kernel", Blend(t.padding, t.kernel_shade)},
      {"overlap_high", t.overlap_high},
      {"output_dropped", Mix(t.output_done, t.background, 0.6f)},  // Figure 1.4: an output the stride skips
  };
}

uint32_t Key(convarith::Rgba c) { return (uint32_t{c.r} << 16) | (uint32_t{c.g} << 8) | c.b; }

// Each family's colours, with their versions under the kernel's shade and dimmed.
std::map<uint32_t, int> FamilyColours(const convarith::Theme& t) {
  std::map<uint32_t, int> out;
  auto add = [&](convarith::Rgba c, int family) {
    out[Key(c)] = family;
    out[Key(Blend(c, t.kernel_shade))] = family;
    out[Key(Mix(c, t.background, 0.6f))] = family;
  };
  for (auto c : {t.input, t.padding, t.inserted_zero, t.extra_zero, t.uncovered}) add(c, 0);
  for (auto c : {t.output_done, t.output_current, t.output_pending}) out[Key(c)] = 1;
  out[Key(t.kernel)] = 2;
  out[Key(Mix(t.kernel, t.background, 0.6f))] = 2;
  return out;
}

// Maps per family (input, output, kernel): see the banner.
std::array<long, 3> CountMaps(const unsigned char* pixels, int w, int h, const convarith::Theme& t) {
  const auto families = FamilyColours(t);
  const uint32_t background = Key(t.background);
  auto key_at = [&](long i) {
    const unsigned char* p = pixels + i * 4;
    return (uint32_t{p[0]} << 16) | (uint32_t{p[1]} << 8) | p[2];
  };
  std::vector<uint8_t> seen(static_cast<size_t>(w) * h, 0);
  std::array<long, 3> maps{0, 0, 0};
  std::vector<long> stack;
  for (long start = 0; start < static_cast<long>(w) * h; ++start) {
    if (seen[static_cast<size_t>(start)] || key_at(start) == background) continue;
    long count = 0;
    std::array<long, 3> in_family{0, 0, 0};
    int x0 = w, y0 = h, x1 = -1, y1 = -1;
    stack.assign(1, start);
    seen[static_cast<size_t>(start)] = 1;
    while (!stack.empty()) {
      const long i = stack.back();
      stack.pop_back();
      ++count;
      const int x = static_cast<int>(i % w), y = static_cast<int>(i / w);
      x0 = std::min(x0, x), x1 = std::max(x1, x), y0 = std::min(y0, y), y1 = std::max(y1, y);
      if (const auto f = families.find(key_at(i)); f != families.end()) ++in_family[static_cast<size_t>(f->second)];
      const long next[4] = {x > 0 ? i - 1 : -1, x + 1 < w ? i + 1 : -1, y > 0 ? i - w : -1, y + 1 < h ? i + w : -1};
      for (long n : next) {
        if (n < 0 || seen[static_cast<size_t>(n)] || key_at(n) == background) continue;
        seen[static_cast<size_t>(n)] = 1;
        stack.push_back(n);
      }
    }
    if (x1 - x0 + 1 < 24 || y1 - y0 + 1 < 24) continue;
    const auto best = std::max_element(in_family.begin(), in_family.end());
    if (*best * 10 >= count * 4) ++maps[static_cast<size_t>(best - in_family.begin())];
  }
  return maps;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: app_screenshot_check FILE.png [--dark] ROLE>=N ...\n");
    return 2;
  }
  int w = 0, h = 0, n = 0;
  unsigned char* pixels = stbi_load(argv[1], &w, &h, &n, 4);
  if (pixels == nullptr) {
    std::fprintf(stderr, "cannot read %s: %s\n", argv[1], stbi_failure_reason());
    return 1;
  }
  int first = 2;
  bool dark = false;
  if (std::string(argv[2]) == "--dark") {
    dark = true;
    first = 3;
  }
  const auto colours = RoleColours(dark ? convarith::DarkTheme() : convarith::LightTheme());
  std::map<std::string, long> counts;
  for (const auto& [name, c] : colours) counts[name] = 0;
  for (long i = 0; i < static_cast<long>(w) * h; ++i) {
    const unsigned char* p = pixels + i * 4;
    for (const auto& [name, c] : colours) {
      if (p[0] == c.r && p[1] == c.g && p[2] == c.b) ++counts[name];
    }
  }
  bool wants_maps = false;
  for (int a = first; a < argc; ++a) wants_maps = wants_maps || std::string(argv[a]).rfind("maps:", 0) == 0;
  const std::array<long, 3> maps =
      wants_maps ? CountMaps(pixels, w, h, dark ? convarith::DarkTheme() : convarith::LightTheme())
                 : std::array<long, 3>{0, 0, 0};
  stbi_image_free(pixels);
  std::printf("%s: %dx%d\n", argv[1], w, h);
  bool ok = true;
  for (int a = first; a < argc; ++a) {
    std::string check = argv[a];
    if (check.rfind("maps:", 0) == 0) {
      const std::string rest = check.substr(5);
      const size_t op = rest.find_first_of("<>=");
      const std::string family = rest.substr(0, op == std::string::npos ? 0 : op);
      const int index = family == "input" ? 0 : family == "output" ? 1 : family == "kernel" ? 2 : -1;
      if (op == std::string::npos || index < 0) {
        std::fprintf(stderr, "bad check '%s'\n", check.c_str());
        return 2;
      }
      const bool at_least = rest.compare(op, 2, ">=") == 0;
      const bool at_most = rest.compare(op, 2, "<=") == 0;
      const long bound = std::atol(rest.c_str() + op + (at_least || at_most ? 2 : 1));
      const long count = maps[static_cast<size_t>(index)];
      const bool pass = at_least ? count >= bound : at_most ? count <= bound : count == bound;
      std::printf("  %-22s %8ld maps    %s %s\n", check.substr(0, 5 + op).c_str(), count, rest.c_str() + op,
                  pass ? "ok" : "FAILED");
      ok = ok && pass;
      continue;
    }
    const size_t op = check.find_first_of("<>=");
    if (op == std::string::npos || !colours.count(check.substr(0, op))) {
      std::fprintf(stderr, "bad check '%s'\n", check.c_str());
      return 2;
    }
    const std::string role = check.substr(0, op);
    const bool at_least = check.compare(op, 2, ">=") == 0;
    const bool at_most = check.compare(op, 2, "<=") == 0;
    const long bound = std::atol(check.c_str() + op + (at_least || at_most ? 2 : 1));
    const long count = counts[role];
    const bool pass = at_least ? count >= bound : at_most ? count <= bound : count == bound;
    std::printf("  %-22s %8ld pixels  %s %s\n", role.c_str(), count, check.c_str() + op, pass ? "ok" : "FAILED");
    ok = ok && pass;
  }
  return ok ? 0 : 1;
}
