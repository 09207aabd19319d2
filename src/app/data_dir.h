// The data directory: the RocksDB files, the server's key, the root credentials profile, and
// the lock that keeps a second server out.
//
//   <dir>/db/           RocksDB
//   <dir>/server.key    32 random bytes sealing secrets at rest (mode 0600)
//   <dir>/credentials   the root user as an AWS CLI profile named "freshet" (mode 0600)
//   <dir>/config        that profile's region and endpoint
//   <dir>/freshet.lock  held (flock) while a server runs; holds its pid
#pragma once

#include <memory>
#include <string>

#include "core/result.h"

namespace freshet::app {

class DataDir {
  public:
    // Creates the directory if needed and takes the lock. Fails with a clear message when
    // another server holds it.
    static Result<std::unique_ptr<DataDir>> open(const std::string& path);
    ~DataDir();  // releases the lock

    const std::string& path() const { return path_; }
    std::string db_path() const { return path_ + "/db"; }
    std::string credentials_path() const { return path_ + "/credentials"; }
    std::string config_path() const { return path_ + "/config"; }

    // The 32-byte key, created on first use.
    Result<std::string> server_key() const;

    // Writes the "freshet" profile (credentials and config files), readable by the owner only.
    // Writes <dir>/<name> (mode 0600), replacing it atomically.
    Result<void> write_secret(const std::string& name, const std::string& content) const;
    Result<void> write_profile(const std::string& access_key_id, const std::string& secret,
                               const std::string& region, const std::string& endpoint) const;

  private:
    DataDir(std::string path, int lock_fd) : path_(std::move(path)), lock_fd_(lock_fd) {}
    std::string path_;
    int lock_fd_;
};

// Writes `content` to `path` atomically (temporary file, fsync, rename) with mode `mode`.
Result<void> write_file_atomic(const std::string& path, const std::string& content, int mode);

}  // namespace freshet::app
