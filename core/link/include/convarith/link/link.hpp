// Links: a whole configuration in a URL's fragment (`#op=transposed&i=3&k=3&s=2&p=1&a=1&view=all&step=7`, or
// `#preset=fig2.6&step=4`), the same for the desktop app (`convarith --link`, Edit › Copy link) and the browser page.
//
// A link's keys are the app's own command-line flags without their dashes (i, k, s, p, d, a for the short ones,
// underscores for the long ones' dashes), so a link is checked by exactly the checks the command line has: LinkFlags
// turns it into those flags. Flags that take no value (symbols, presentation, ceil_mode) are written `=1` (or `=0`).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "convarith/shape/config.hpp"

namespace convarith {

struct LinkEntry {
  std::string key;
  std::string value;
  bool operator==(const LinkEntry&) const = default;
};

// The keys a link may hold, in the order WriteLink writes them.
const std::vector<std::string_view>& LinkKeys();

// The entries of a link: a whole URL (what follows its '#'), a fragment with or without its '#', or empty (no
// entries). Values are percent-decoded ('+' stays a plus). Throws Error(InvalidLink) naming the key or the part
// that is wrong: an unknown key, a key given twice, a part without '=', an empty value, a bad percent escape.
std::vector<LinkEntry> ParseLink(std::string_view link);

// The fragment for `entries`, '#' first, keys in LinkKeys() order, values percent-encoded where a URL needs it.
// Throws Error(InvalidLink) for an unknown key.
std::string WriteLink(const std::vector<LinkEntry>& entries);

// A layer's parameters as link entries, the command line's defaults left out (op, i and k always written; sizes as N
// when every axis has it, else HxW or DxHxW): the flags they stand for give this Config back. The bias has no flag
// and is not in links.
std::vector<LinkEntry> ConfigLink(const Config& config);

// The command-line flags the entries stand for: {"--op", "transposed", "-i", "3", "--presentation", ...}.
std::vector<std::string> LinkFlags(const std::vector<LinkEntry>& entries);

}  // namespace convarith
