// A configuration as a link's fragment: "#op=transposed&i=3&k=3&s=2&p=1&a=1&view=all&step=7", "#preset=fig2.6&step=4".
// One reader and one writer, for the browser page (the address it opens on and keeps current) and the desktop app
// (`convarith --link`, Edit › Copy link).
#pragma once

#include <string>
#include <string_view>

namespace convarith {

// What a link says, as the command line's flags would say it (the app resolves and validates the configuration the
// same way). Empty strings and zeros: not in the link.
struct LinkFields {
  std::string preset;  // preset: a figure or example ("fig2.6"); the fields below change it
  std::string op;      // op: conv | maxpool | avgpool | transposed
  int dims = 0;        // dims: 1, 2 or 3 spatial dimensions (else from the sizes, as the command line's --dims)
  std::string input, kernel, stride, padding, dilation, output_padding;  // i, k, s, p, d, a: "5", "4x6" or "3x4x6"
  std::string pad_before, pad_after;                                     // pb, pa: per-side padding
  int in_channels = 0, out_channels = 0, groups = 0;                     // cin, cout, g
  std::string padding_mode;  // mode: zeros | reflect | replicate | circular
  std::string view;          // view: equivalent, scatter, associated (comma-separated) or all
  int step = 0;              // step: 1-based (the title's "step 4/9"); 0: not given
  bool operator==(const LinkFields&) const = default;
};

struct LinkParse {
  LinkFields fields;  // empty when the link is refused
  std::string error;  // "" or one line naming the key and what it must be
};

// Reads a whole URL (the part after '#') or a bare fragment, with or without its '#'. Percent escapes are decoded.
// Refuses an unknown or repeated key and a value that is not of its kind (a size, an operation, a known preset or
// view, a whole number 1 to 1000000000); the message names the key.
LinkParse ParseLink(std::string_view url_or_fragment);

// The fragment for the fields, with its '#': the given keys in the order of LinkFields. ParseLink reads it back to
// the same fields.
std::string WriteLink(const LinkFields& fields);

}  // namespace convarith
