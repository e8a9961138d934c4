// A map drawn as a picture (core's FrameImage): one quad, one texel per cell.
layout(location = 0) in vec2 a_corner;  // (0,0) (1,0) (0,1) (1,1)
uniform vec2 u_viewport;  // display size in pixels
uniform vec2 u_origin;    // pixel position of cell-unit (0, 0)
uniform float u_cell;     // pixels per cell unit
uniform vec4 u_rect;      // x, y, columns, rows in cell units
out vec2 v_uv;
void main() {
  vec2 p = u_origin + (u_rect.xy + a_corner * u_rect.zw) * u_cell;
  v_uv = a_corner;
  gl_Position = vec4(p.x / u_viewport.x * 2.0 - 1.0, 1.0 - p.y / u_viewport.y * 2.0, 0.0, 1.0);
}
