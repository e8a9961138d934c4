// Atomic file writing with errno-based messages: temporary files in a hidden staging directory next to the targets,
// checked writes and close, then renames.
#include "atomic_file.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <atomic>
#include <random>
#include <utility>

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

// FailWritesAfterBytesForTesting: the bytes still allowed (-1: no limit).
std::atomic<long long> g_fail_after_bytes{-1};

// Writes everything, retrying on EINTR and short writes; returns 0 or the errno of the failure.
int WriteAll(int fd, std::span<const uint8_t> data) {
  size_t done = 0;
  while (done < data.size()) {
    if (const long long left = g_fail_after_bytes.load(); left >= 0) {
      if (static_cast<unsigned long long>(left) < data.size() - done) {
        g_fail_after_bytes = 0;
        return ENOSPC;  // the test hook: a full file system
      }
      g_fail_after_bytes = left - static_cast<long long>(data.size() - done);
    }
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

// The target's directory, which must exist: its path, or ExportError naming `shown`.
std::string CheckedParent(const std::string& shown, const std::string& target) {
  const std::string dir = ParentOf(target);
  struct stat dir_st {};
  if (::stat(dir.c_str(), &dir_st) != 0) {
    const int err = errno;
    if (err == ENOENT) Fail(shown, "directory " + dir + " does not exist");
    Fail(shown, ErrnoText(err));
  }
  if (!S_ISDIR(dir_st.st_mode)) Fail(shown, dir + " is not a directory");
  return dir;
}

// A new file with a random name in the staging directory: "NAME.tmpNNN". O_EXCL never clobbers anything, and
// open()'s mode honours the umask.
std::pair<std::string, int> CreateTemporary(const std::string& shown, const std::string& staging, const std::string& base) {
  std::random_device random;
  for (int attempt = 0; attempt < 16; ++attempt) {
    const std::string temp = JoinPath(staging, base + ".tmp" + std::to_string(random() % 1000000000u));
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) return {temp, fd};
    if (errno != EEXIST) Fail(shown, ErrnoText(errno));
  }
  Fail(shown, "could not create a temporary file in " + staging);
}

// A hard link to the existing file in the staging directory ("" with errno set when linking fails).
std::string LinkAside(const std::string& target, const std::string& staging) {
  std::random_device random;
  for (int attempt = 0; attempt < 16; ++attempt) {
    const std::string backup = JoinPath(staging, BaseName(target) + ".old" + std::to_string(random() % 1000000000u));
    if (::link(target.c_str(), backup.c_str()) == 0) return backup;
    if (errno != EEXIST) return "";
  }
  return "";
}

constexpr std::string_view kStagingPrefix = ".convarith-staging-";

// Removes a staging directory and the files in it (only ever ours: temporaries and links to kept files).
void RemoveStaging(const std::string& staging) {
  if (DIR* d = ::opendir(staging.c_str())) {
    while (const dirent* e = ::readdir(d)) {
      const std::string name = e->d_name;
      if (name != "." && name != "..") ::unlink(JoinPath(staging, name).c_str());
    }
    ::closedir(d);
  }
  ::rmdir(staging.c_str());
}

// The staging directories of exports whose process is gone (killed with SIGKILL mid-export): removed, so a kill
// leaves one hidden directory only until the next export into the same directory.
void SweepStaleStaging(const std::string& dir) {
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return;
  std::vector<std::string> stale;
  while (const dirent* e = ::readdir(d)) {
    const std::string_view name = e->d_name;
    if (!name.starts_with(kStagingPrefix)) continue;
    const long pid = std::strtol(std::string(name.substr(kStagingPrefix.size())).c_str(), nullptr, 10);
    if (pid > 0 && pid != ::getpid() && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) {
      stale.push_back(JoinPath(dir, std::string(name)));
    }
  }
  ::closedir(d);
  for (const std::string& s : stale) RemoveStaging(s);
}

}  // namespace

std::string JoinPath(const std::string& dir, const std::string& name) {
  if (dir.empty()) return name;
  return dir.back() == '/' ? dir + name : dir + "/" + name;
}

void FailWritesAfterBytesForTesting(long long bytes) { g_fail_after_bytes = bytes; }

FileBatch::~FileBatch() {
  if (!committed_) Abandon();
}

void FileBatch::Abandon() {
  for (const Entry& e : entries_) {
    if (!e.temp.empty()) ::unlink(e.temp.c_str());
  }
  entries_.clear();
  for (const auto& [dir, staging] : staging_) RemoveStaging(staging);
  staging_.clear();
  for (auto it = directories_.rbegin(); it != directories_.rend(); ++it) ::rmdir(it->c_str());
  directories_.clear();
}

void FileBatch::AddCreatedDirectory(const std::string& path) { directories_.push_back(path); }

std::string FileBatch::Staging(const std::string& shown, const std::string& dir) {
  if (const auto it = staging_.find(dir); it != staging_.end()) return it->second;
  SweepStaleStaging(dir);
  std::random_device random;
  for (int attempt = 0; attempt < 16; ++attempt) {
    const std::string staging = JoinPath(dir, std::string(kStagingPrefix) + std::to_string(::getpid()) + "-" +
                                                  std::to_string(random() % 1000000000u));
    if (::mkdir(staging.c_str(), 0700) == 0) return staging_[dir] = staging;
    if (errno != EEXIST) Fail(shown, ErrnoText(errno));
  }
  Fail(shown, "could not create a staging directory in " + dir);
}

void FileBatch::Stage(const std::string& path, std::span<const uint8_t> data) {
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
    if (!S_ISREG(st.st_mode)) {
      WriteDirect(path, target, data);
      entries_.push_back({path, target, ""});
      return;
    }
  }
  const std::string staging = Staging(path, CheckedParent(path, target));
  const auto [temp, fd] = CreateTemporary(path, staging, BaseName(target));
  int err = WriteAll(fd, data);
  // close() reports delayed write errors (NFS, quota, a full disk); its result matters.
  if (::close(fd) != 0 && err == 0) err = errno;
  if (err != 0) {
    ::unlink(temp.c_str());
    Fail(path, ErrnoText(err));
  }
  entries_.push_back({path, target, temp});
}

void FileBatch::Commit() {
  // Each target that exists is first linked to a backup name, so that a failing rename can put it back.
  struct Done {
    const Entry* entry;
    bool existed;        // a file was at the target
    std::string backup;  // where it was linked aside (empty: a file system without hard links)
  };
  std::vector<Done> done;
  auto undo = [&]() {
    for (auto it = done.rbegin(); it != done.rend(); ++it) {
      if (!it->existed) {
        ::unlink(it->entry->target.c_str());
      } else if (!it->backup.empty()) {
        ::rename(it->backup.c_str(), it->entry->target.c_str());
      }  // else: replaced without a backup; the new file stays rather than leaving nothing
    }
  };
  for (const Entry& e : entries_) {
    if (e.temp.empty()) continue;  // written directly into a device
    struct stat st {};
    const bool existed = ::stat(e.target.c_str(), &st) == 0 && S_ISREG(st.st_mode);
    const std::string backup = existed ? LinkAside(e.target, staging_[ParentOf(e.target)]) : "";
    if (::rename(e.temp.c_str(), e.target.c_str()) != 0) {
      const int err = errno;
      if (!backup.empty()) ::unlink(backup.c_str());
      undo();
      Abandon();
      Fail(e.shown, ErrnoText(err));
    }
    done.push_back({&e, existed, backup});
  }
  committed_ = true;
  entries_.clear();
  directories_.clear();
  for (const auto& [dir, staging] : staging_) RemoveStaging(staging);  // the backups, no longer needed
  staging_.clear();
}

void WriteFileAtomically(const std::string& path, std::span<const uint8_t> data) {
  FileBatch batch;
  batch.Stage(path, data);
  batch.Commit();
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
