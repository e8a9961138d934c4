// The one way convarith reads a file: regular files only, the size limit checked before reading, one-line errors.
#pragma once

#include <cstddef>
#include <istream>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "convarith/base/error.hpp"

namespace convarith {

// A file that can't be read, or is not what the caller accepts; what() is one line naming the option or parameter.
// An Error with code ErrorCode::UnreadableFile.
class ReadError : public Error {
 public:
  explicit ReadError(const std::string& message) : Error(ErrorCode::UnreadableFile, message) {}
};

// What is being read, for messages: "--input", "--pytorch", "settings file" (messages start "WHAT: "; with no name
// they start with the quoted path).
struct ReadLimits {
  std::string_view what;
  size_t max_bytes = 0;      // larger files are refused before a byte is read
  bool allow_empty = true;   // an empty file is refused with "is empty" when false
};

// An open regular file of at most `max_bytes` bytes, checked before a byte is read: the path is opened with
// O_NONBLOCK (a FIFO never blocks), then fstat refuses anything that is not a regular file (directories, devices,
// FIFOs, sockets) and any file above the limit. Throws ReadError naming `limits.what` and the path.
class BoundedFile {
 public:
  BoundedFile(const std::string& path, const ReadLimits& limits);
  ~BoundedFile();
  BoundedFile(const BoundedFile&) = delete;
  BoundedFile& operator=(const BoundedFile&) = delete;

  size_t size() const { return size_; }  // as fstat reported it
  // The whole file (at most the limit: a file that grew past it since fstat is refused). Throws ReadError.
  std::string ReadAll();
  // A stream over the file for streaming parsers: it ends after the limit (and one byte more, so that a file that grew
  // past the limit since fstat can be told apart; CheckStreamWithinLimit() then throws).
  std::istream& Stream();
  void CheckStreamWithinLimit() const;

 private:
  std::string Prefix() const;  // "WHAT: ", or nothing when no name was given
  std::string path_;
  ReadLimits limits_;
  std::string what_;
  int fd_ = -1;
  struct Buffer;
  std::unique_ptr<Buffer> buffer_;
  std::unique_ptr<std::istream> stream_;
  size_t size_ = 0;
};

// Reads a whole regular file through BoundedFile. Throws ReadError.
std::string ReadFileBounded(const std::string& path, const ReadLimits& limits);

// "1.5 MiB", "4 MiB", "512 bytes": a size for messages.
std::string ByteSizeText(size_t bytes);

}  // namespace convarith
