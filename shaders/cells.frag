#version 330 core
// Fills a cell and strokes its 1-pixel border (the app's placeholder until the drawing layer lands).
in vec4 v_fill;
in vec4 v_border;
in vec2 v_local;
in vec2 v_size;
out vec4 frag;
void main() {
  bool edge = v_local.x < 1.0 || v_local.y < 1.0 || v_local.x > v_size.x - 1.0 || v_local.y > v_size.y - 1.0;
  frag = edge ? v_border : v_fill;
}
