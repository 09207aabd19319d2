// A function's OS process: spawned in its own process group (so that killing it kills what it
// started too), with its output captured line by line, and reaped when it exits.
//
// Thread-safety: kill() may be called from any thread; the callbacks run on the process's
// reader thread.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/result.h"

namespace freshet::functions::runtime {

struct ProcessSpec {
    std::vector<std::string> argv;                   // argv[0] is the executable's path
    std::map<std::string, std::string> environment;  // the whole environment: nothing inherited
    std::string working_dir;
    // When set (the server runs as root), the process runs as this user and group, with no
    // supplementary groups and no way to gain privileges.
    std::optional<std::pair<uid_t, gid_t>> user;
    // When set, a cgroup.procs file the process joins before it execs (its memory limit).
    std::string cgroup_procs;
};

class Process {
  public:
    // `on_output(line, is_stderr)` receives each line (without the newline); `on_exit(status)`
    // once, after both streams closed and the process was reaped: the exit code, or 128 +
    // signal number when it was killed.
    using OnOutput = std::function<void(std::string_view line, bool is_stderr)>;
    using OnExit = std::function<void(int status)>;

    // Starts the process. Errors: InternalFailure naming the executable and errno's text
    // ("No such file or directory").
    static Result<std::unique_ptr<Process>> spawn(const ProcessSpec& spec, OnOutput on_output,
                                                  OnExit on_exit);
    ~Process();  // kills the process group if still running, joins the reader

    pid_t pid() const { return pid_; }
    bool running() const { return !exited_.load(); }
    // SIGKILL to the whole process group. Idempotent.
    void kill();
    // Waits, at most `limit`, until everything the process has written so far has reached
    // on_output (but a last line without its newline), so that an invocation's log holds the
    // lines printed before its result. Returns at once on the reader thread itself.
    void wait_output_drained(std::chrono::milliseconds limit) const;
    // Waits until the reader thread has finished (on_exit has returned). Call kill() first;
    // returns at once on the reader thread itself.
    void join();

  private:
    Process() = default;
    void read_loop(OnOutput on_output, OnExit on_exit);

    pid_t pid_ = -1;
    int out_fd_ = -1;
    int err_fd_ = -1;
    std::atomic<bool> exited_{false};
    std::atomic<bool> draining_{false};  // the reader holds bytes it has not passed on yet
    std::thread reader_;
    std::mutex join_mu_;  // join() and the destructor may race
};

}  // namespace freshet::functions::runtime
