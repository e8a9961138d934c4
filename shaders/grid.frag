// Draws the cell under the fragment exactly as cells.frag draws one cell quad: fill, 1 px border, dashed or solid.
// The cell texture holds three texels per cell: fill, border, flags (r: dashed).
uniform sampler2D u_cells;
uniform float u_cell;  // pixels per cell unit
in vec2 v_cell;
flat in vec2 v_dims;
flat in float v_texel_row;
out vec4 frag;
void main() {
  ivec2 cell = ivec2(clamp(floor(v_cell), vec2(0.0), v_dims - 1.0));
  ivec2 texel = ivec2(cell.x * 3, cell.y + int(v_texel_row));
  vec4 fill = texelFetch(u_cells, texel, 0);
  vec4 stroke = texelFetch(u_cells, texel + ivec2(1, 0), 0);
  float dashed = texelFetch(u_cells, texel + ivec2(2, 0), 0).r;
  vec2 local = (v_cell - vec2(cell)) * u_cell;  // pixels from the cell's top-left corner
  vec2 from_far = vec2(u_cell) - local;
  float dx = min(local.x, from_far.x);
  float dy = min(local.y, from_far.y);
  // Borders on cells a few pixels wide would hide their colour (as cells.vert).
  bool edge = u_cell >= 6.0 && min(dx, dy) < 1.0 && stroke.a > 0.0;
  if (edge && dashed > 0.5) {
    float dash = max(3.0, u_cell / 8.0);
    float along = dy < dx ? local.x : local.y;
    edge = mod(along, 2.0 * dash) < dash;
  }
  vec4 color = edge ? stroke : fill;
  if (color.a <= 0.0) discard;
  frag = color;
}
