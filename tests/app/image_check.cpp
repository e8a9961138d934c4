// Pictures for the app's image tests, and checks of what the app drew from them.
//   image_check make PATH W H            a W x H RGB PNG: a dark background with a bright square in the middle third
//   image_check edges SHOT.png X0 Y0 X1 Y1  the rectangle (window pixels) holds an edge picture: mostly mid gray (no
//                                           edge), with white and black bands (Sobel's two signs at the square's sides)
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <stb_image.h>
#include <stb_image_write.h>

namespace {

int Make(const char* path, int w, int h) {
  std::vector<unsigned char> rgb(static_cast<size_t>(w) * h * 3);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      const bool inside = x >= w / 3 && x < 2 * w / 3 && y >= h / 3 && y < 2 * h / 3;
      unsigned char* p = &rgb[(static_cast<size_t>(y) * w + x) * 3];
      p[0] = inside ? 240 : 30;
      p[1] = inside ? 220 : 40;
      p[2] = inside ? 160 : 60;
    }
  }
  return stbi_write_png(path, w, h, 3, rgb.data(), w * 3) != 0 ? 0 : 1;
}

int Edges(const char* path, int x0, int y0, int x1, int y1) {
  int w = 0, h = 0, n = 0;
  unsigned char* px = stbi_load(path, &w, &h, &n, 3);
  if (px == nullptr) {
    std::printf("cannot read %s\n", path);
    return 1;
  }
  long white = 0, black = 0, mid = 0, total = 0;
  for (int y = std::max(y0, 0); y < std::min(y1, h); ++y) {
    for (int x = std::max(x0, 0); x < std::min(x1, w); ++x) {
      const unsigned char* p = &px[(static_cast<size_t>(y) * w + x) * 3];
      const bool gray = std::abs(p[0] - p[1]) < 8 && std::abs(p[1] - p[2]) < 8;
      ++total;
      if (!gray) continue;
      if (p[0] >= 225) ++white;
      if (p[0] <= 30) ++black;
      if (p[0] >= 100 && p[0] <= 156) ++mid;
    }
  }
  stbi_image_free(px);
  std::printf("edges: %ld pixels, %ld white, %ld black, %ld mid gray\n", total, white, black, mid);
  const bool ok = total >= 1000 && white * 100 >= total && black * 100 >= total && mid * 2 >= total;
  std::printf("%s\n", ok ? "ok" : "FAILED: not an edge picture");
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string what = argc > 1 ? argv[1] : "";
  if (what == "make" && argc == 5) return Make(argv[2], std::atoi(argv[3]), std::atoi(argv[4]));
  if (what == "edges" && argc == 7) {
    return Edges(argv[2], std::atoi(argv[3]), std::atoi(argv[4]), std::atoi(argv[5]), std::atoi(argv[6]));
  }
  std::fprintf(stderr, "usage: image_check make PATH W H | edges SHOT.png X0 Y0 X1 Y1\n");
  return 2;
}
