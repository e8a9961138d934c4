#version 330 core
// Instanced cell quads: one instance per frame cell (position and size in pixels, fill colour, dashed flag).
layout(location = 0) in vec2 a_corner;
layout(location = 1) in vec4 a_rect;
layout(location = 2) in vec4 a_fill;
layout(location = 3) in vec4 a_border;
uniform vec2 u_viewport;
out vec4 v_fill;
out vec4 v_border;
out vec2 v_local;
out vec2 v_size;
void main() {
  vec2 pos = a_rect.xy + a_corner * a_rect.zw;
  v_fill = a_fill;
  v_border = a_border;
  v_local = a_corner * a_rect.zw;
  v_size = a_rect.zw;
  gl_Position = vec4(pos.x / u_viewport.x * 2.0 - 1.0, 1.0 - pos.y / u_viewport.y * 2.0, 0.0, 1.0);
}
