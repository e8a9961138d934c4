// Instanced grid panels: one quad per regular grid of frame cells; the fragment shader looks each cell up.
layout(location = 0) in vec2 a_corner;  // (0,0) (1,0) (0,1) (1,1)
layout(location = 1) in vec4 a_rect;    // x, y in cell units; columns, rows
layout(location = 2) in float a_texel_row;  // first row of this panel in the cell texture
uniform vec2 u_viewport;  // display size in pixels
uniform vec2 u_origin;    // pixel position of cell-unit (0, 0)
uniform float u_cell;     // pixels per cell unit
out vec2 v_cell;          // position in cells from the panel's top-left corner
flat out vec2 v_dims;
flat out float v_texel_row;
void main() {
  vec2 p = u_origin + (a_rect.xy + a_corner * a_rect.zw) * u_cell;
  v_cell = a_corner * a_rect.zw;
  v_dims = a_rect.zw;
  v_texel_row = a_texel_row;
  gl_Position = vec4(p.x / u_viewport.x * 2.0 - 1.0, 1.0 - p.y / u_viewport.y * 2.0, 0.0, 1.0);
}
