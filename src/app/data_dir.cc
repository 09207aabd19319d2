#include "app/data_dir.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/crypto.h"

namespace freshet::app {
namespace {

ApiError io_error(const std::string& what, const std::string& path) {
    return ApiError::internal(fmt::format("{} {}: {}", what, path, std::strerror(errno)));
}

}  // namespace

Result<void> write_file_atomic(const std::string& path, const std::string& content, int mode) {
    std::string tmp = path + ".tmp";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0) return io_error("cannot create", tmp);
    ::fchmod(fd, mode);
    size_t done = 0;
    while (done < content.size()) {
        ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            ::close(fd);
            return io_error("cannot write", tmp);
        }
        done += static_cast<size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) return io_error("cannot sync", tmp);
    if (::rename(tmp.c_str(), path.c_str()) != 0) return io_error("cannot rename to", path);
    return Ok{};
}

Result<std::unique_ptr<DataDir>> DataDir::open(const std::string& path) {
    std::error_code ec;
    std::filesystem::create_directories(path, ec);
    if (ec) {
        return ApiError::internal(
            fmt::format("cannot create the data directory {}: {}", path, ec.message()));
    }
    // Only the server's user may look inside: it holds the root keys and every stored byte.
    std::filesystem::permissions(path, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, ec);
    if (ec) {
        return ApiError::internal(
            fmt::format("cannot restrict the data directory {}: {}", path, ec.message()));
    }
    std::string lock_path = path + "/freshet.lock";
    int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return io_error("cannot open", lock_path);
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        char pid[32] = {0};
        ssize_t n = ::pread(fd, pid, sizeof(pid) - 1, 0);
        ::close(fd);
        std::string owner = n > 0 ? fmt::format(" (pid {})", std::string(pid, n)) : "";
        return ApiError::internal(fmt::format(
            "the data directory {} is in use by another Freshet server{}; stop it or choose "
            "another --data-dir",
            path, owner));
    }
    std::string pid = std::to_string(::getpid());
    if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) < 0) {
        ::close(fd);
        return io_error("cannot write", lock_path);
    }
    return std::unique_ptr<DataDir>(new DataDir(path, fd));
}

DataDir::~DataDir() {
    if (lock_fd_ >= 0) ::close(lock_fd_);  // closing releases the flock
}

Result<std::string> DataDir::server_key() const {
    std::string key_path = path_ + "/server.key";
    std::ifstream in(key_path, std::ios::binary);
    if (in) {
        std::string key((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (key.size() != 32) {
            return ApiError::internal(fmt::format("{} is damaged: expected 32 bytes", key_path));
        }
        return key;
    }
    std::string key = crypto::random_bytes(32);
    FRESHET_CHECK(write_file_atomic(key_path, key, 0600));
    return key;
}

Result<void> DataDir::write_secret(const std::string& name, const std::string& content) const {
    return write_file_atomic(path_ + "/" + name, content, 0600);
}

Result<void> DataDir::write_profile(const std::string& access_key_id, const std::string& secret,
                                    const std::string& region, const std::string& endpoint) const {
    FRESHET_CHECK(write_file_atomic(
        credentials_path(),
        fmt::format("[freshet]\naws_access_key_id = {}\naws_secret_access_key = {}\n",
                    access_key_id, secret),
        0600));
    return write_file_atomic(
        config_path(),
        fmt::format("[profile freshet]\nregion = {}\nendpoint_url = {}\n", region, endpoint), 0600);
}

}  // namespace freshet::app
