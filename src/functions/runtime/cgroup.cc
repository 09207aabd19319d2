#include "functions/runtime/cgroup.h"

#include <fmt/format.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

namespace freshet::functions::runtime {
namespace {

namespace fs = std::filesystem;

bool write_file(const std::string& path, const std::string& value) {
    std::ofstream f(path);
    if (!f) return false;
    f << value;
    f.flush();
    return static_cast<bool>(f);
}

std::string read_file(const std::string& path) {
    std::ifstream f(path);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

// The value after `key ` in a "key value" per line file (memory.events, memory.oom_control).
long long field(const std::string& text, std::string_view key) {
    std::istringstream in(text);
    std::string k;
    long long v = 0;
    while (in >> k >> v)
        if (k == key) return v;
    return -1;
}

struct Hierarchy {
    std::string dir;  // this process's cgroup in it
    bool v2 = false;
};

// This process's cgroup directory in the hierarchy that has the memory controller: from
// /proc/self/cgroup (its path) and /proc/self/mountinfo (where that hierarchy is mounted).
std::vector<Hierarchy> memory_hierarchies() {
    std::string v1_path, v2_path;
    bool have_v1 = false, have_v2 = false;
    {
        std::ifstream in("/proc/self/cgroup");
        for (std::string line; std::getline(in, line);) {
            size_t a = line.find(':'), b = line.find(':', a + 1);
            if (a == std::string::npos || b == std::string::npos) continue;
            std::string controllers = "," + line.substr(a + 1, b - a - 1) + ",";
            if (line.substr(0, a) == "0" && controllers == ",,") {
                have_v2 = true;
                v2_path = line.substr(b + 1);
            } else if (controllers.find(",memory,") != std::string::npos) {
                have_v1 = true;
                v1_path = line.substr(b + 1);
            }
        }
    }
    std::vector<Hierarchy> out;
    std::ifstream in("/proc/self/mountinfo");
    for (std::string line; std::getline(in, line);) {
        // id parent major:minor root mount-point options [optional...] - type source super
        std::istringstream f(line);
        std::string id, parent, dev, root, point, options, word, type, source, super;
        f >> id >> parent >> dev >> root >> point >> options;
        while (f >> word && word != "-") {
        }
        f >> type >> source >> super;
        auto place = [&](const std::string& path) {
            std::string rel = path;
            if (root != "/" && rel.rfind(root, 0) == 0) rel = rel.substr(root.size());
            return point + rel;
        };
        if (type == "cgroup" && have_v1 &&
            ("," + super + ",").find(",memory,") != std::string::npos)
            out.push_back({place(v1_path), false});
        else if (type == "cgroup2" && have_v2)
            out.push_back({place(v2_path), true});
    }
    // v1 first: on hybrid systems the unified hierarchy usually has no controllers.
    std::stable_partition(out.begin(), out.end(), [](const Hierarchy& h) { return !h.v2; });
    return out;
}

void kill_procs(const std::string& dir) {
    std::ifstream in(dir + "/cgroup.procs");
    for (pid_t pid; in >> pid;)
        if (pid > 0) ::kill(pid, SIGKILL);
}

// Kills what is in `dir` and removes it, waiting (bounded) for killed processes to leave.
void remove_cgroup(const std::string& dir) {
    for (int attempt = 0; attempt < 200; ++attempt) {
        kill_procs(dir);
        if (::rmdir(dir.c_str()) == 0 || errno == ENOENT) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

// Removes the cgroups of servers that are no longer running ("freshet-<pid>").
void sweep_stale(const std::string& parent) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(parent, ec)) {
        std::string name = entry.path().filename().string();
        if (name.rfind("freshet-", 0) != 0 || !entry.is_directory(ec)) continue;
        std::string pid = name.substr(8);
        if (pid == std::to_string(::getpid()) || fs::exists("/proc/" + pid, ec)) continue;
        for (const auto& env : fs::directory_iterator(entry.path(), ec))
            if (env.is_directory(ec)) remove_cgroup(env.path().string());
        remove_cgroup(entry.path().string());
    }
}

}  // namespace

EnvironmentCgroup::~EnvironmentCgroup() {
    remove_cgroup(path_);
}

bool EnvironmentCgroup::oom_killed() const {
    return field(read_file(path_ + (v2_ ? "/memory.events" : "/memory.oom_control")), "oom_kill") >
           0;
}

void EnvironmentCgroup::kill_all() const {
    kill_procs(path_);
}

Result<std::shared_ptr<MemoryLimits>> MemoryLimits::detect() {
    auto hierarchies = memory_hierarchies();
    if (hierarchies.empty()) return ApiError::internal("no memory cgroup hierarchy is mounted");
    std::string why;
    for (const auto& h : hierarchies) {
        sweep_stale(h.dir);
        std::string root = fmt::format("{}/freshet-{}", h.dir, ::getpid());
        if (h.v2) {
            // The memory controller must be enabled for this cgroup's children, then for ours.
            std::string controllers = read_file(h.dir + "/cgroup.controllers");
            if (controllers.find("memory") == std::string::npos) {
                why = h.dir + " has no memory controller";
                continue;
            }
            write_file(h.dir + "/cgroup.subtree_control", "+memory");
        }
        if (::mkdir(root.c_str(), 0755) != 0 && errno != EEXIST) {
            why = fmt::format("cannot create {}: {}", root, strerror(errno));
            continue;
        }
        bool ok = h.v2 ? write_file(root + "/cgroup.subtree_control", "+memory") &&
                             fs::exists(root + "/memory.max")
                       : fs::exists(root + "/memory.limit_in_bytes");
        if (!ok) {
            ::rmdir(root.c_str());
            why = fmt::format("the memory controller is not delegated to {}", h.dir);
            continue;
        }
        return std::shared_ptr<MemoryLimits>(new MemoryLimits(root, h.v2));
    }
    return ApiError::internal(why);
}

MemoryLimits::~MemoryLimits() {
    remove_cgroup(root_);
}

Result<std::unique_ptr<EnvironmentCgroup>> MemoryLimits::create(int memory_mb) {
    std::string dir = fmt::format("{}/env-{}", root_, next_++);
    if (::mkdir(dir.c_str(), 0755) != 0)
        return ApiError::internal(fmt::format("cannot create {}: {}", dir, strerror(errno)));
    std::unique_ptr<EnvironmentCgroup> cg(new EnvironmentCgroup(dir, v2_));
    std::string bytes = std::to_string(static_cast<long long>(memory_mb) * 1024 * 1024);
    bool ok = v2_ ? write_file(dir + "/memory.max", bytes)
                  : write_file(dir + "/memory.limit_in_bytes", bytes);
    if (!ok) return ApiError::internal("cannot set the memory limit of " + dir);
    // No swap beyond the limit, where the kernel accounts swap (best effort: often absent).
    if (v2_)
        write_file(dir + "/memory.swap.max", "0");
    else if (fs::exists(dir + "/memory.memsw.limit_in_bytes"))
        write_file(dir + "/memory.memsw.limit_in_bytes", bytes);
    return cg;
}

}  // namespace freshet::functions::runtime
