// Memory limits for function processes, with the kernel's memory cgroups: each execution
// environment gets its own cgroup under one made for this server, limited to the function's
// MemorySize (swap included where the kernel accounts it), so an environment that allocates
// past it is killed by the kernel, as Lambda kills it, and nothing it started escapes the kill.
//
// Works with cgroup v1 (the `memory` hierarchy) and v2 (the unified hierarchy with the memory
// controller delegated). Where neither is writable (a server not running as root, most
// containers), MemoryLimits::detect() says why and functions run without a memory limit.
//
// Thread-safety: MemoryLimits::create() from any thread; an EnvironmentCgroup belongs to one
// instance.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <memory>
#include <string>

#include "core/result.h"

namespace freshet::functions::runtime {

class EnvironmentCgroup {
  public:
    ~EnvironmentCgroup();  // kills what is left in it and removes it
    EnvironmentCgroup(const EnvironmentCgroup&) = delete;
    EnvironmentCgroup& operator=(const EnvironmentCgroup&) = delete;

    const std::string& path() const { return path_; }
    // The file a new process writes its own pid to, to join (open it before fork).
    std::string procs_file() const { return path_ + "/cgroup.procs"; }
    // Whether the kernel killed a process of this cgroup for exceeding the limit.
    bool oom_killed() const;
    // SIGKILL to every process still in the cgroup (children that left the process group).
    void kill_all() const;

  private:
    friend class MemoryLimits;
    EnvironmentCgroup(std::string path, bool v2) : path_(std::move(path)), v2_(v2) {}
    std::string path_;
    bool v2_;
};

class MemoryLimits {
  public:
    // Finds a memory cgroup this process may create children in and makes the server's own
    // ("freshet-<pid>"), removing those of servers that are no longer running. Returns the
    // reason when there is none.
    static Result<std::shared_ptr<MemoryLimits>> detect();
    ~MemoryLimits();  // removes the server's cgroup (empty by then)

    // A new cgroup limited to `memory_mb` MiB for one execution environment.
    Result<std::unique_ptr<EnvironmentCgroup>> create(int memory_mb);
    const std::string& root() const { return root_; }

  private:
    MemoryLimits(std::string root, bool v2) : root_(std::move(root)), v2_(v2) {}
    std::string root_;  // the server's cgroup
    bool v2_;
    std::atomic<uint64_t> next_{1};
};

}  // namespace freshet::functions::runtime
