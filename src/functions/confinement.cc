#include "functions/confinement.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "core/crypto.h"

namespace freshet::functions {
namespace {

namespace fs = std::filesystem;

// Whether a user other than the owner can reach `path`: every folder on the way searchable,
// the path itself readable.
bool reachable_by_others(const std::string& path) {
    fs::path p = fs::absolute(path);
    fs::path walked = p.root_path();
    for (const auto& part : p.relative_path()) {
        struct stat st {};
        if (::stat(walked.c_str(), &st) != 0 || !(st.st_mode & S_IXOTH)) return false;
        walked /= part;
    }
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0 && (st.st_mode & S_IROTH) &&
           (!S_ISDIR(st.st_mode) || (st.st_mode & S_IXOTH));
}

// Whether user ids from kFirstUid on exist in this process's user namespace.
bool uids_mapped() {
    std::ifstream map("/proc/self/uid_map");
    unsigned long long inside, outside, count;
    while (map >> inside >> outside >> count)
        if (inside <= kFirstUid && kFirstUid + 1000000ULL <= inside + count) return true;
    return false;
}

Result<void> make_dir(const std::string& path, mode_t mode, uid_t uid, gid_t gid) {
    if (::mkdir(path.c_str(), mode) != 0 && errno != EEXIST)
        return ApiError::internal(fmt::format("cannot create {}: {}", path, strerror(errno)));
    if (::chown(path.c_str(), uid, gid) != 0 || ::chmod(path.c_str(), mode) != 0)
        return ApiError::internal(fmt::format("cannot set up {}: {}", path, strerror(errno)));
    return Ok{};
}

std::mutex copy_mu;  // two environments of one function starting at once copy its code once

// The file in a run folder that names its data directory.
constexpr const char* kOwner = "/.data-dir";

// Removes the run folders of servers killed before they could remove theirs, once their data
// directory is gone too (a deleted temporary directory, most often).
void sweep_orphans(const fs::path& tmp) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(tmp, ec)) {
        if (entry.path().filename().string().rfind("freshet-functions-", 0) != 0) continue;
        struct stat st {};
        if (::lstat(entry.path().c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != 0)
            continue;
        std::string owner;
        std::getline(std::ifstream(entry.path().string() + kOwner), owner);
        if (!owner.empty() && !fs::exists(owner, ec)) fs::remove_all(entry.path(), ec);
    }
}

}  // namespace

Result<Confinement> Confinement::prepare(const std::string& data_dir,
                                         const std::vector<std::string>& needed) {
    if (::geteuid() != 0) return ApiError::internal("the server does not run as root");
    if (!uids_mapped()) {
        return ApiError::internal(
            fmt::format("user ids {} and above are not mapped in this user namespace", kFirstUid));
    }
    for (const auto& path : needed) {
        if (!reachable_by_others(path))
            return ApiError::internal(path + " (a runtime) is not readable by other users");
    }
    // Outside the data directory, which stays 0700 and may lie below folders others cannot
    // enter (/root): one folder per data directory in the temporary folder, rebuilt each start.
    std::error_code ec;
    std::string canonical = fs::weakly_canonical(data_dir, ec).string();
    fs::path tmp = fs::temp_directory_path(ec);
    sweep_orphans(tmp);
    std::string run =
        (tmp / ("freshet-functions-" + crypto::sha256_hex(canonical).substr(0, 16))).string();
    fs::remove_all(run, ec);  // a link is removed, not followed
    if (::mkdir(run.c_str(), 0711) != 0)
        return ApiError::internal(fmt::format("cannot create {}: {}", run, strerror(errno)));
    struct stat st {};
    if (::lstat(run.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != 0 ||
        ::chmod(run.c_str(), 0711) != 0)
        return ApiError::internal(run + " is not a folder of root's");
    std::ofstream(run + kOwner) << canonical << "\n";
    return Confinement(run);
}

std::pair<uid_t, gid_t> Confinement::user(int64_t number) const {
    uid_t id = kFirstUid + static_cast<uid_t>(number);
    return {id, static_cast<gid_t>(id)};
}

Result<Confinement::TaskDirs> Confinement::task_dirs(int64_t number, const std::string& code_dir,
                                                     const std::string& code_name) const {
    auto [uid, gid] = user(number);
    std::string base = fmt::format("{}/{}", run_root_, uid);
    TaskDirs dirs{base + "/" + code_name, base + "/tmp"};
    std::lock_guard lock(copy_mu);
    std::error_code ec;
    if (fs::exists(dirs.code_dir + ".complete", ec)) return dirs;
    FRESHET_CHECK(make_dir(base, 0750, 0, gid));
    FRESHET_CHECK(make_dir(dirs.tmp_dir, 0700, uid, gid));
    std::string staging = dirs.code_dir + ".copying";
    fs::remove_all(staging, ec);
    fs::copy(code_dir, staging, fs::copy_options::recursive, ec);
    if (ec) return ApiError::internal("cannot copy the code to " + staging + ": " + ec.message());
    fs::remove(staging + "/.complete", ec);  // the unpacker's marker, not the function's
    // Read-only for the function, as Lambda's /var/task: owned by root, readable by its group.
    auto restrict = [&](const fs::path& p) -> Result<void> {
        struct stat st {};
        if (::lstat(p.c_str(), &st) != 0) return Ok{};
        mode_t mode = S_ISDIR(st.st_mode) ? 0750 : (st.st_mode & S_IXUSR) ? 0750 : 0640;
        if (::lchown(p.c_str(), 0, gid) != 0 || (!S_ISLNK(st.st_mode) && ::chmod(p.c_str(), mode)))
            return ApiError::internal(
                fmt::format("cannot set up {}: {}", p.string(), strerror(errno)));
        return Ok{};
    };
    FRESHET_CHECK(restrict(staging));
    for (auto it = fs::recursive_directory_iterator(staging, ec); !ec && it != fs::end(it);
         it.increment(ec))
        FRESHET_CHECK(restrict(it->path()));
    fs::remove_all(dirs.code_dir, ec);
    fs::rename(staging, dirs.code_dir, ec);
    if (ec) return ApiError::internal("cannot place the code copy: " + ec.message());
    std::ofstream(dirs.code_dir + ".complete").flush();
    return dirs;
}

void Confinement::forget(int64_t number) const {
    std::error_code ec;
    fs::remove_all(fmt::format("{}/{}", run_root_, user(number).first), ec);
}

}  // namespace freshet::functions
