// Checks an app screenshot's pixels: counts the pixels of each role's theme colour and compares them with bounds.
//
//   app_screenshot_check FILE.png [--dark] CHECK...
//   CHECK: ROLE>=N | ROLE<=N | ROLE=N, with ROLE one of the names below; prints every count it was asked about.
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include <stb_image.h>

#include "convarith/frame.hpp"

namespace {

// The fill under the kernel: the role's colour with the theme's kernel shade blended over it (as core does).
convarith::Rgba Blend(convarith::Rgba under, convarith::Rgba over) {
  const float a = over.a / 255.0f;
  auto ch = [a](uint8_t u, uint8_t o) { return static_cast<uint8_t>(u * (1 - a) + o * a + 0.5f); };
  return {ch(under.r, over.r), ch(under.g, over.g), ch(under.b, over.b), 255};
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
  };
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
  stbi_image_free(pixels);
  std::printf("%s: %dx%d\n", argv[1], w, h);
  bool ok = true;
  for (int a = first; a < argc; ++a) {
    const std::string check = argv[a];
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
