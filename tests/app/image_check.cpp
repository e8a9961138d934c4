// Pictures for the app's image tests, and checks of what the app drew from them.
//   image_check make PATH W H            a W x H RGB PNG: a dark background with a bright square in the middle third
//   image_check edges SHOT.png X0 Y0 X1 Y1  the rectangle (window pixels) holds an edge picture: mostly mid gray (no
//                                           edge), with white and black bands (Sobel's two signs at the square's sides)
//   image_check scene PATH W H           a W x H picture with structure at every scale: a diagonal gradient, a bright
//                                           disc, dark stripes
//   image_check correlate SHOT.png PICTURE X0 Y0 X1 Y1 MIN_R  the rectangle shows the picture: the brightness of
//                                           64 x 64 points of it and of the picture correlate (Pearson r >= MIN_R)
#include <algorithm>
#include <cmath>
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

int Scene(const char* path, int w, int h) {
  std::vector<unsigned char> rgb(static_cast<size_t>(w) * h * 3);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      const double u = (x + 0.5) / w, v = (y + 0.5) / h;
      double level = 40 + 120 * (u + v) / 2;
      if ((u - 0.62) * (u - 0.62) + (v - 0.4) * (v - 0.4) < 0.04) level = 245;
      if (u < 0.3 && static_cast<int>(v * 10) % 2 == 0) level = 10;
      unsigned char* p = &rgb[(static_cast<size_t>(y) * w + x) * 3];
      p[0] = p[1] = p[2] = static_cast<unsigned char>(level);
    }
  }
  return stbi_write_png(path, w, h, 3, rgb.data(), w * 3) != 0 ? 0 : 1;
}

double Brightness(const unsigned char* p) { return 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2]; }

int Correlate(const char* shot_path, const char* picture_path, double x0, double y0, double x1, double y1,
              double min_r) {
  int sw = 0, sh = 0, pw = 0, ph = 0, n = 0;
  unsigned char* shot = stbi_load(shot_path, &sw, &sh, &n, 3);
  unsigned char* pic = stbi_load(picture_path, &pw, &ph, &n, 3);
  if (shot == nullptr || pic == nullptr || x1 - x0 < 16 || y1 - y0 < 16) {
    std::printf("cannot read %s or %s, or the rectangle is under 16 pixels\n", shot_path, picture_path);
    return 1;
  }
  constexpr int kSamples = 64;
  double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
  int count = 0;
  for (int j = 0; j < kSamples; ++j) {
    for (int i = 0; i < kSamples; ++i) {
      const double fx = (i + 0.5) / kSamples, fy = (j + 0.5) / kSamples;
      const int sx = static_cast<int>(x0 + fx * (x1 - x0)), sy = static_cast<int>(y0 + fy * (y1 - y0));
      const int px = static_cast<int>(fx * pw), py = static_cast<int>(fy * ph);
      if (sx < 0 || sy < 0 || sx >= sw || sy >= sh) continue;
      const double a = Brightness(&shot[(static_cast<size_t>(sy) * sw + sx) * 3]);
      const double b = Brightness(&pic[(static_cast<size_t>(py) * pw + px) * 3]);
      sa += a, sb += b, saa += a * a, sbb += b * b, sab += a * b;
      ++count;
    }
  }
  stbi_image_free(shot);
  stbi_image_free(pic);
  const double cov = sab / count - (sa / count) * (sb / count);
  const double va = saa / count - (sa / count) * (sa / count), vb = sbb / count - (sb / count) * (sb / count);
  const double r = va > 1e-9 && vb > 1e-9 ? cov / std::sqrt(va * vb) : 0.0;
  std::printf("correlate: %d points, r = %.3f (at least %.2f)\n", count, r, min_r);
  return count >= kSamples * kSamples / 2 && r >= min_r ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string what = argc > 1 ? argv[1] : "";
  if (what == "make" && argc == 5) return Make(argv[2], std::atoi(argv[3]), std::atoi(argv[4]));
  if (what == "scene" && argc == 5) return Scene(argv[2], std::atoi(argv[3]), std::atoi(argv[4]));
  if (what == "correlate" && argc == 9) {
    return Correlate(argv[2], argv[3], std::atof(argv[4]), std::atof(argv[5]), std::atof(argv[6]), std::atof(argv[7]),
                     std::atof(argv[8]));
  }
  if (what == "edges" && argc == 7) {
    return Edges(argv[2], std::atoi(argv[3]), std::atoi(argv[4]), std::atoi(argv[5]), std::atoi(argv[6]));
  }
  std::fprintf(stderr,
               "usage: image_check make|scene PATH W H | edges SHOT.png X0 Y0 X1 Y1 | correlate SHOT.png PICTURE X0 Y0 "
               "X1 Y1 MIN_R\n");
  return 2;
}
