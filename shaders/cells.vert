// Instanced frame quads: one instance per cell or rect of a core Frame, positioned in cell units and scaled here.
layout(location = 0) in vec2 a_corner;  // (0,0) (1,0) (0,1) (1,1)
layout(location = 1) in vec4 a_rect;    // x, y, w, h in cell units
layout(location = 2) in vec4 a_fill;    // RGBA, normalised
layout(location = 3) in vec4 a_stroke;  // RGBA, normalised
layout(location = 4) in vec4 a_style;   // stroke width (px at 32 px per cell, or fixed px), dashed, centred, scaled
uniform vec2 u_viewport;  // display size in pixels
uniform vec2 u_origin;    // pixel position of cell-unit (0, 0)
uniform float u_cell;     // pixels per cell unit
out vec4 v_fill;
out vec4 v_stroke;
out vec2 v_local;   // pixels from the quad's top-left corner
out vec2 v_size;    // quad size in pixels
flat out float v_width;
flat out float v_dashed;
flat out float v_dash;
void main() {
  float width = a_style.w > 0.5 ? max(1.0, a_style.x * u_cell / 32.0) : a_style.x;
  // Cell borders on cells a few pixels wide would hide their colour (i = 128 fits the canvas at ~3 px a cell).
  if (a_style.z < 0.5 && u_cell < 6.0) width = 0.0;
  vec2 pos = u_origin + a_rect.xy * u_cell;
  vec2 size = a_rect.zw * u_cell;
  if (a_style.z > 0.5) {  // rect strokes are centred on the edge: grow the quad by half the width
    pos -= vec2(width * 0.5);
    size += vec2(width);
  }
  vec2 p = pos + a_corner * size;
  v_fill = a_fill;
  v_stroke = a_stroke;
  v_local = a_corner * size;
  v_size = size;
  v_width = width;
  v_dashed = a_style.y;
  v_dash = max(3.0, u_cell / 8.0);
  gl_Position = vec4(p.x / u_viewport.x * 2.0 - 1.0, 1.0 - p.y / u_viewport.y * 2.0, 0.0, 1.0);
}
