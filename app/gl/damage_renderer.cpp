// Renders ImGui's draw data into a persistent offscreen image, re-drawing only the region whose draw lists changed
// since the last frame, then copies it to the window.
#include "gl/damage_renderer.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <vector>

#include "gl/gl.hpp"

namespace convarith::app::gl {
namespace {

// 64-bit FNV-1a over 8-byte words (the draw data is a few hundred kilobytes at most).
struct Hasher {
  uint64_t h = 1469598103934665603ull;
  void Bytes(const void* data, size_t size) {
    const auto* p = static_cast<const unsigned char*>(data);
    size_t n = 0;
    for (; n + 8 <= size; n += 8) {
      uint64_t word = 0;
      std::memcpy(&word, p + n, 8);
      h = (h ^ word) * 1099511628211ull;
    }
    for (; n < size; ++n) h = (h ^ p[n]) * 1099511628211ull;
  }
  template <typename T>
  void Value(const T& v) {
    Bytes(&v, sizeof v);
  }
};

ImVec4 Empty() { return ImVec4(FLT_MAX, FLT_MAX, -FLT_MAX, -FLT_MAX); }
bool IsEmpty(const ImVec4& r) { return r.x >= r.z || r.y >= r.w; }
ImVec4 Union(const ImVec4& a, const ImVec4& b) {
  return ImVec4(std::min(a.x, b.x), std::min(a.y, b.y), std::max(a.z, b.z), std::max(a.w, b.w));
}
ImVec4 Intersect(const ImVec4& a, const ImVec4& b) {
  return ImVec4(std::max(a.x, b.x), std::max(a.y, b.y), std::min(a.z, b.z), std::min(a.w, b.w));
}

// What a list draws, and where: its vertices' bounds plus the clip rectangles of its callbacks.
void Describe(const ImDrawList* list, uint64_t callback_key, uint64_t* hash, ImVec4* rect) {
  Hasher h;
  h.Bytes(list->VtxBuffer.Data, static_cast<size_t>(list->VtxBuffer.Size) * sizeof(ImDrawVert));
  h.Bytes(list->IdxBuffer.Data, static_cast<size_t>(list->IdxBuffer.Size) * sizeof(ImDrawIdx));
  ImVec4 bounds = Empty();
  ImVec4 clips = Empty();
  bool has_callback = false;
  for (const ImDrawCmd& cmd : list->CmdBuffer) {
    h.Value(cmd.ClipRect);
    h.Value(cmd.TextureId);
    h.Value(cmd.VtxOffset);
    h.Value(cmd.IdxOffset);
    h.Value(cmd.ElemCount);
    h.Value(cmd.UserCallback);
    if (cmd.UserCallback != nullptr && cmd.UserCallback != ImDrawCallback_ResetRenderState) {
      has_callback = true;
      bounds = Union(bounds, cmd.ClipRect);
    }
    if (cmd.UserCallback == nullptr && cmd.ElemCount > 0) clips = Union(clips, cmd.ClipRect);
  }
  if (has_callback) h.Value(callback_key);
  ImVec4 vertices = Empty();
  for (const ImDrawVert& v : list->VtxBuffer) {
    vertices = Union(vertices, ImVec4(v.pos.x, v.pos.y, v.pos.x, v.pos.y));
  }
  if (!IsEmpty(ImVec4(vertices.x, vertices.y, vertices.z + 1, vertices.w + 1))) {
    bounds = Union(bounds, Intersect(ImVec4(vertices.x - 1, vertices.y - 1, vertices.z + 1, vertices.w + 1), clips));
  }
  *hash = h.h;
  *rect = bounds;
}

}  // namespace

constexpr int kGiveUpAfter = 3;
constexpr uint8_t kSentinelGrey = 128;

bool DamageRenderer::BackBufferKept() {
  if (!sentinel_written_ || mismatches_ >= kGiveUpAfter) return false;
  uint8_t pixel[4] = {0, 0, 0, 0};
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(width_ - 1, 0, 1, 1, GL_RGBA, GL_UNSIGNED_BYTE, pixel);
  const bool kept = pixel[0] == kSentinelGrey && pixel[1] == kSentinelGrey &&
                    pixel[2] == kSentinelGrey + (sentinel_parity_ ? 1 : 0);
  mismatches_ = kept ? 0 : mismatches_ + 1;
  return kept;
}

void DamageRenderer::LeaveSentinel() {
  if (mismatches_ >= kGiveUpAfter) return;
  sentinel_parity_ = !sentinel_parity_;
  glEnable(GL_SCISSOR_TEST);
  glScissor(width_ - 1, 0, 1, 1);
  const float grey = kSentinelGrey / 255.0f;
  glClearColor(grey, grey, (kSentinelGrey + (sentinel_parity_ ? 1 : 0)) / 255.0f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  glDisable(GL_SCISSOR_TEST);
  sentinel_written_ = true;
}

void DamageRenderer::Render(ImDrawData* data, uint64_t callback_key, const float clear_rgb[3],
                            const std::function<void(ImDrawData*)>& draw) {
  const int width = static_cast<int>(data->DisplaySize.x * data->FramebufferScale.x);
  const int height = static_cast<int>(data->DisplaySize.y * data->FramebufferScale.y);
  if (width <= 0 || height <= 0) return;
  if (width != width_ || height != height_) full_ = true;
  width_ = width;
  height_ = height;
  if (clear_rgb[0] != clear_[0] || clear_rgb[1] != clear_[1] || clear_rgb[2] != clear_[2]) full_ = true;
  std::copy(clear_rgb, clear_rgb + 3, clear_);

  // What changed: lists that are new, different, or gone, at their old and new places.
  ImVec4 damage = Empty();
  for (auto& [list, state] : lists_) state.seen = false;
  std::vector<ImVec4> rects(static_cast<size_t>(data->CmdListsCount));
  for (int n = 0; n < data->CmdListsCount; ++n) {
    const ImDrawList* list = data->CmdLists[n];
    uint64_t hash = 0;
    Describe(list, callback_key, &hash, &rects[static_cast<size_t>(n)]);
    const ImVec4& rect = rects[static_cast<size_t>(n)];
    auto it = lists_.find(list);
    if (it == lists_.end()) {
      damage = Union(damage, rect);
      it = lists_.emplace(list, ListState{}).first;
    } else if (it->second.hash != hash || it->second.rect.x != rect.x || it->second.rect.y != rect.y ||
               it->second.rect.z != rect.z || it->second.rect.w != rect.w) {
      damage = Union(Union(damage, rect), it->second.rect);
    }
    it->second = ListState{hash, rect, true};
  }
  for (auto it = lists_.begin(); it != lists_.end();) {
    if (!it->second.seen) {
      damage = Union(damage, it->second.rect);
      it = lists_.erase(it);
    } else {
      ++it;
    }
  }
  const ImVec2 origin = data->DisplayPos;
  const ImVec4 screen(origin.x, origin.y, origin.x + data->DisplaySize.x, origin.y + data->DisplaySize.y);
  preserved_ = !full_ && !always_full_ && BackBufferKept();
  if (!preserved_) damage = screen;
  full_ = false;
  damage = Intersect(damage, screen);
  // Whole pixels, so that nothing half-covered is left stale.
  damage = ImVec4(std::floor(damage.x), std::floor(damage.y), std::ceil(damage.z), std::ceil(damage.w));

  if (!IsEmpty(damage)) {
    const ImVec2 scale = data->FramebufferScale;
    const int x0 = static_cast<int>((damage.x - origin.x) * scale.x);
    const int y0 = static_cast<int>((damage.y - origin.y) * scale.y);
    const int x1 = static_cast<int>((damage.z - origin.x) * scale.x);
    const int y1 = static_cast<int>((damage.w - origin.y) * scale.y);
    last_damage_ = ImVec4(static_cast<float>(x0), static_cast<float>(y0), static_cast<float>(x1),
                          static_cast<float>(y1));
    glViewport(0, 0, width, height);
    glEnable(GL_SCISSOR_TEST);
    glScissor(x0, height - y1, x1 - x0, y1 - y0);
    glClearColor(clear_rgb[0], clear_rgb[1], clear_rgb[2], 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    // Only the lists that reach the damaged region, each command clipped to it.
    visible_.resize(0);
    for (int n = 0; n < data->CmdListsCount; ++n) {
      ImDrawList* list = data->CmdLists[n];
      if (IsEmpty(Intersect(rects[static_cast<size_t>(n)], damage))) continue;
      for (ImDrawCmd& cmd : list->CmdBuffer) cmd.ClipRect = Intersect(cmd.ClipRect, damage);
      visible_.push_back(list);
    }
    ImDrawData partial = *data;
    partial.CmdLists = visible_.Data;
    partial.CmdListsCount = visible_.Size;
    draw(&partial);
  } else {
    last_damage_ = ImVec4(0, 0, 0, 0);
  }
  LeaveSentinel();
}

}  // namespace convarith::app::gl
