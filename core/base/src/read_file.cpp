// BoundedFile: open without blocking, fstat before reading, read at most the limit (plus one byte to detect growth).
#include "convarith/base/read_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <algorithm>
#include <cstring>
#include <streambuf>

namespace convarith {

namespace {

std::string Quoted(const std::string& path) { return "'" + path + "'"; }

std::string KindOf(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

// read() retrying on EINTR; returns the count or -1 with errno set.
ssize_t ReadSome(int fd, char* into, size_t n) {
  while (true) {
    const ssize_t got = ::read(fd, into, n);
    if (got >= 0 || errno != EINTR) return got;
  }
}

}  // namespace

std::string ByteSizeText(size_t bytes) {
  if (bytes >= (size_t{1} << 20) && bytes % (size_t{1} << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  if (bytes >= (size_t{1} << 10) && bytes % (size_t{1} << 10) == 0) return std::to_string(bytes >> 10) + " KiB";
  return std::to_string(bytes) + " bytes";
}

// A streambuf reading the descriptor in blocks, never more than `cap` bytes in all.
struct BoundedFile::Buffer : std::streambuf {
  Buffer(int fd, size_t cap) : fd_(fd), cap_(cap) {}
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    const size_t want = std::min(block_.size(), cap_ - total_);
    if (want == 0) return traits_type::eof();
    const ssize_t got = ReadSome(fd_, block_.data(), want);
    if (got <= 0) {
      failed_ = got < 0;
      return traits_type::eof();
    }
    total_ += static_cast<size_t>(got);
    setg(block_.data(), block_.data(), block_.data() + got);
    return traits_type::to_int_type(*gptr());
  }
  int fd_;
  size_t cap_;
  size_t total_ = 0;
  bool failed_ = false;
  std::array<char, 1 << 16> block_{};
};

BoundedFile::BoundedFile(const std::string& path, const ReadLimits& limits)
    : path_(path), limits_(limits), what_(limits.what) {
  if (path.empty()) throw ReadError(Prefix() + "no file name given");
  // O_NONBLOCK: opening a FIFO with no writer returns at once (and is then refused below) instead of waiting.
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd_ < 0) throw ReadError(Prefix() + "cannot open " + Quoted(path) + ": " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd_, &st) != 0) {
    const int err = errno;
    ::close(fd_);
    throw ReadError(Prefix() + "cannot read " + Quoted(path) + ": " + std::strerror(err));
  }
  std::string problem;
  if (!S_ISREG(st.st_mode)) {
    problem = " is " + KindOf(st.st_mode) + ", not a file";
  } else if (static_cast<unsigned long long>(st.st_size) > limits.max_bytes) {
    problem = " is larger than " + ByteSizeText(limits.max_bytes) + " (" + std::to_string(st.st_size) + " bytes)";
  } else if (st.st_size == 0 && !limits.allow_empty) {
    problem = " is empty";
  }
  if (!problem.empty()) {
    ::close(fd_);
    throw ReadError(Prefix() + Quoted(path) + problem);
  }
  size_ = static_cast<size_t>(st.st_size);
  // Regular files never block; reading them in blocking mode keeps read() simple.
  ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) & ~O_NONBLOCK);
}

BoundedFile::~BoundedFile() {
  stream_.reset();
  buffer_.reset();
  if (fd_ >= 0) ::close(fd_);
}

std::string BoundedFile::Prefix() const { return what_.empty() ? std::string() : what_ + ": "; }

std::string BoundedFile::ReadAll() {
  // Up to the limit and one byte more: a file that grew past the limit since fstat is refused, never read whole.
  std::string out;
  out.reserve(size_ + 1);
  std::array<char, 1 << 16> block{};
  while (out.size() <= limits_.max_bytes) {
    const size_t room = limits_.max_bytes + 1 - out.size();
    const ssize_t got = ReadSome(fd_, block.data(), std::min(block.size(), room));
    if (got < 0) throw ReadError(Prefix() + "cannot read " + Quoted(path_) + ": " + std::strerror(errno));
    if (got == 0) break;
    out.append(block.data(), static_cast<size_t>(got));
  }
  if (out.size() > limits_.max_bytes) {
    throw ReadError(Prefix() + Quoted(path_) + " grew past " + ByteSizeText(limits_.max_bytes) + " while being read");
  }
  return out;
}

std::istream& BoundedFile::Stream() {
  if (!stream_) {
    buffer_ = std::make_unique<Buffer>(fd_, limits_.max_bytes + 1);
    stream_ = std::make_unique<std::istream>(buffer_.get());
  }
  return *stream_;
}

void BoundedFile::CheckStreamWithinLimit() const {
  if (!buffer_) return;
  if (buffer_->failed_) throw ReadError(Prefix() + "cannot read " + Quoted(path_) + ": read error");
  if (buffer_->total_ > limits_.max_bytes) {
    throw ReadError(Prefix() + Quoted(path_) + " grew past " + ByteSizeText(limits_.max_bytes) + " while being read");
  }
}

std::string ReadFileBounded(const std::string& path, const ReadLimits& limits) {
  BoundedFile file(path, limits);
  return file.ReadAll();
}

}  // namespace convarith
