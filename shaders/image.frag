// Nearest filtering (set on the texture): each cell keeps its own colour at every zoom.
uniform sampler2D u_image;
in vec2 v_uv;
out vec4 frag;
void main() {
  vec4 color = texture(u_image, v_uv);
  if (color.a <= 0.0) discard;
  frag = color;
}
