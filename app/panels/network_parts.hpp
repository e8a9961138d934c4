// The Network window's parts (the layer table, the stack drawing) and the small helpers they share: internal to
// app/panels/network_*.cpp.
#pragma once

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <imgui.h>

#include "convarith/network/network.hpp"
#include "convarith/scene/frame.hpp"
#include "panels/network_panel.hpp"

namespace convarith::app {

struct App;

namespace network_parts {

inline ImU32 Colour(Rgba c) { return IM_COL32(c.r, c.g, c.b, c.a); }
inline Rgba Lerp(Rgba a, Rgba b, float t) {
  auto ch = [t](uint8_t x, uint8_t y) { return static_cast<uint8_t>(std::lround(x + (y - x) * t)); };
  return {ch(a.r, b.r), ch(a.g, b.g), ch(a.b, b.b), 255};
}
inline const ImVec4 kErrorColour{0.86f, 0.16f, 0.12f, 1.0f};

inline std::string Join(const std::vector<int>& v, const char* sep = "x") {
  std::string s;
  for (int x : v) s += (s.empty() ? "" : sep) + std::to_string(x);
  return s;
}

// "32x32x16": the spatial sizes and the channels.
inline std::string ShapeText(const std::vector<int>& spatial, int channels) {
  return Join(spatial) + "x" + std::to_string(channels);
}

inline std::string Number(double x) {
  char b[32];
  std::snprintf(b, sizeof b, "%.6g", x);
  return b;
}

// "3" when every axis agrees, else "3,5".
template <typename T, typename F>
std::string PerAxis(const std::vector<T>& v, F text) {
  bool same = true;
  for (const T& x : v) same &= text(x) == text(v.front());
  if (same || v.empty()) return v.empty() ? "" : text(v.front());
  std::string s;
  for (const T& x : v) s += (s.empty() ? "" : ",") + text(x);
  return s;
}

// The input's sizes on its spatial axes.
inline std::vector<int> InputSpatial(const Network& n) {
  std::vector<int> v;
  for (int a = 3 - n.rank; a < 3; ++a) v.push_back(n.input[static_cast<size_t>(a)]);
  return v;
}

// The layer editor (network_table.cpp): the input row, the shapes down the stack, the table of layers, the buttons
// (add, mirror, copy code) and the paste box.
void DrawInputRow(NetworkPanelState& s);
void DrawShapes(const NetworkPanelState& s);
void DrawTable(App& app, NetworkPanelState& s);
void DrawButtons(App& app, NetworkPanelState& s);
void DrawImport(NetworkPanelState& s);

// The stack drawing (network_stack.cpp).
void DrawStack(App& app, NetworkPanelState& s);

}  // namespace network_parts
}  // namespace convarith::app
