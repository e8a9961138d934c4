// Files that appear whole or not at all: write to a temporary name in the same directory, then rename.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace convarith {

// Writes `data` to `path` through a temporary file in the same directory and a rename, so readers never see a partial
// file and a failure leaves none. An existing non-regular target (a device such as /dev/full, a FIFO) is written
// directly, since it cannot be replaced. Throws ExportError("cannot write PATH: reason") on any failure, including a
// short write or a failing close (a full disk).
void WriteFileAtomically(const std::string& path, std::span<const uint8_t> data);

// EnsureDirectory() is declared in convarith/export.hpp (the CLI needs it for --all-presets).

// "path/name" without doubling the separator.
std::string JoinPath(const std::string& dir, const std::string& name);

}  // namespace convarith
