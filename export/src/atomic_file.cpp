// Atomic file writing with errno-based messages: temporary file, checked writes and close, rename.
#include "atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <random>

#include "convarith/export.hpp"

namespace convarith {
namespace {

[[noreturn]] void Fail(const std::string& path, const std::string& reason) {
  throw ExportError("cannot write " + path + ": " + reason);
}

std::string ErrnoText(int err) { return std::strerror(err); }

std::string ParentOf(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string BaseName(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Writes everything, retrying on EINTR and short writes; returns 0 or the errno of the failure.
int WriteAll(int fd, std::span<const uint8_t> data) {
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (n == 0) return ENOSPC;  // no progress: treat as a full device rather than loop forever
    done += static_cast<size_t>(n);
  }
  return 0;
}

// A device or FIFO: it cannot be replaced by a rename, so write straight into it.
void WriteDirect(const std::string& shown, const std::string& target, std::span<const uint8_t> data) {
  const int fd = ::open(target.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) Fail(shown, ErrnoText(errno));
  const int err = WriteAll(fd, data);
  const int close_err = ::close(fd) == 0 ? 0 : errno;
  if (err != 0) Fail(shown, ErrnoText(err));
  if (close_err != 0) Fail(shown, ErrnoText(close_err));
}

}  // namespace

std::string JoinPath(const std::string& dir, const std::string& name) {
  if (dir.empty()) return name;
  return dir.back() == '/' ? dir + name : dir + "/" + name;
}

void WriteFileAtomically(const std::string& path, std::span<const uint8_t> data) {
  if (path.empty()) throw ExportError("no output path given");
  if (path.back() == '/') Fail(path, "the path names a directory, not a file");

  // Write through a symlink to the file it names, as an editor would, instead of replacing the link.
  std::string target = path;
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) {
    char resolved[PATH_MAX];
    if (::realpath(path.c_str(), resolved) != nullptr) target = resolved;
  }
  if (::stat(target.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) Fail(path, "it is a directory");
    if (!S_ISREG(st.st_mode)) return WriteDirect(path, target, data);
  }

  const std::string dir = ParentOf(target);
  struct stat dir_st {};
  if (::stat(dir.c_str(), &dir_st) != 0) {
    const int err = errno;
    if (err == ENOENT) Fail(path, "directory " + dir + " does not exist");
    Fail(path, ErrnoText(err));
  }
  if (!S_ISDIR(dir_st.st_mode)) Fail(path, dir + " is not a directory");

  // A hidden, random temporary name; O_EXCL never clobbers anything, and open()'s mode honours the umask.
  std::random_device random;
  std::string temp;
  int fd = -1;
  for (int attempt = 0; attempt < 16 && fd < 0; ++attempt) {
    temp = JoinPath(dir, "." + BaseName(target) + ".tmp" + std::to_string(random() % 1000000000u));
    fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && errno != EEXIST) Fail(path, ErrnoText(errno));
  }
  if (fd < 0) Fail(path, "could not create a temporary file in " + dir);

  int err = WriteAll(fd, data);
  // close() reports delayed write errors (NFS, quota, a full disk); its result matters.
  if (::close(fd) != 0 && err == 0) err = errno;
  if (err == 0 && ::rename(temp.c_str(), target.c_str()) != 0) err = errno;
  if (err != 0) {
    ::unlink(temp.c_str());
    Fail(path, ErrnoText(err));
  }
}

bool EnsureDirectory(const std::string& given) {
  if (given.empty()) throw ExportError("no output directory given");
  std::string path = given;
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) return false;
    throw ExportError("cannot create directory " + path + ": a file of that name exists");
  }
  if (::mkdir(path.c_str(), 0777) == 0) return true;
  const int err = errno;
  if (err == ENOENT) {
    throw ExportError("cannot create directory " + path + ": its parent " + ParentOf(path) + " does not exist");
  }
  throw ExportError("cannot create directory " + path + ": " + ErrnoText(err));
}

}  // namespace convarith
