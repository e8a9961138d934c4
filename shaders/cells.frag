// Fills a frame quad and strokes its border (solid or dashed), following the drawing rules in core's frame.hpp.
in vec4 v_fill;
in vec4 v_stroke;
in vec2 v_local;
in vec2 v_size;
flat in float v_width;
flat in float v_dashed;
flat in float v_dash;
out vec4 frag;
void main() {
  vec2 from_far = v_size - v_local;
  float dx = min(v_local.x, from_far.x);
  float dy = min(v_local.y, from_far.y);
  bool edge = min(dx, dy) < v_width && v_stroke.a > 0.0;
  if (edge && v_dashed > 0.5) {
    // Along a horizontal edge the dash pattern runs over x, along a vertical one over y.
    float along = dy < dx ? v_local.x : v_local.y;
    edge = mod(along, 2.0 * v_dash) < v_dash;
  }
  vec4 color = edge ? v_stroke : v_fill;
  if (color.a <= 0.0) discard;
  frag = color;
}
