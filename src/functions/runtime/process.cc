#include "functions/runtime/process.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace freshet::functions::runtime {
namespace {

// Lines longer than this are split: a function printing megabytes without a newline must not
// make the server buffer all of it.
constexpr size_t kMaxLine = 256 * 1024;

void drain(int fd, std::string& pending, bool is_stderr, const Process::OnOutput& on_output,
           bool& open) {
    char buf[65536];
    ssize_t n = ::read(fd, buf, sizeof(buf));
    if (n <= 0) {
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) return;
        open = false;
        if (!pending.empty()) on_output(pending, is_stderr);
        pending.clear();
        return;
    }
    pending.append(buf, static_cast<size_t>(n));
    size_t start = 0;
    for (size_t nl; (nl = pending.find('\n', start)) != std::string::npos; start = nl + 1) {
        on_output(std::string_view(pending).substr(start, nl - start), is_stderr);
    }
    pending.erase(0, start);
    if (pending.size() > kMaxLine) {
        on_output(pending, is_stderr);
        pending.clear();
    }
}

}  // namespace

namespace {

// In the child between fork and exec: closes every descriptor above stderr but the two it
// still needs (-1 for none), at once rather than at exec, so that nothing of the server's is
// held while the child joins its cgroup (which can take milliseconds): not the data
// directory's lock, not its listening socket, not its clients' connections. Async-signal-safe.
void close_inherited_fds(int keep_a, int keep_b) {
    if (keep_a > keep_b) std::swap(keep_a, keep_b);
    auto close_from_to = [](int first, int last) {  // inclusive; last < 0: to the end
        if (first > last && last >= 0) return;
#ifdef SYS_close_range
        if (::syscall(SYS_close_range, static_cast<unsigned>(first),
                      last < 0 ? ~0u : static_cast<unsigned>(last), 0u) == 0)
            return;
#endif
        long max = ::sysconf(_SC_OPEN_MAX);
        if (max < 0 || max > 65536) max = 65536;
        for (int fd = first; fd < max && (last < 0 || fd <= last); ++fd) ::close(fd);
    };
    int from = 3;
    for (int keep : {keep_a, keep_b}) {
        if (keep < from) continue;
        close_from_to(from, keep - 1);
        from = keep + 1;
    }
    close_from_to(from, -1);
}

// In the child: writes its pid to `fd` (a cgroup.procs file) without allocating.
bool join_cgroup(int fd) {
    char digits[24];
    size_t n = 0;
    for (pid_t pid = ::getpid(); pid > 0 && n < sizeof(digits); pid /= 10)
        digits[sizeof(digits) - ++n] = static_cast<char>('0' + pid % 10);
    return ::write(fd, digits + sizeof(digits) - n, n) == static_cast<ssize_t>(n);
}

}  // namespace

Result<std::unique_ptr<Process>> Process::spawn(const ProcessSpec& spec, OnOutput on_output,
                                                OnExit on_exit) {
    int out[2], err[2];
    if (::pipe2(out, O_CLOEXEC) != 0)
        return ApiError::internal("pipe: " + std::string(strerror(errno)));
    if (::pipe2(err, O_CLOEXEC) != 0) {
        ::close(out[0]);
        ::close(out[1]);
        return ApiError::internal("pipe: " + std::string(strerror(errno)));
    }
    std::vector<std::string> env_strings;
    for (const auto& [k, v] : spec.environment) env_strings.push_back(k + "=" + v);
    std::vector<char*> argv, envp;
    for (const auto& a : spec.argv) argv.push_back(const_cast<char*>(a.c_str()));
    for (auto& e : env_strings) envp.push_back(e.data());
    argv.push_back(nullptr);
    envp.push_back(nullptr);
    // The child reports a failed exec through this pipe (closed on a successful exec).
    int status_pipe[2];
    if (::pipe2(status_pipe, O_CLOEXEC) != 0) return ApiError::internal("pipe failed");
    int cgroup_fd = -1;
    if (!spec.cgroup_procs.empty()) {
        cgroup_fd = ::open(spec.cgroup_procs.c_str(), O_WRONLY | O_CLOEXEC);
        if (cgroup_fd < 0) {
            return ApiError::internal(
                fmt::format("cannot open {}: {}", spec.cgroup_procs, strerror(errno)));
        }
    }
    pid_t pid = ::fork();
    if (pid == 0) {
        ::setpgid(0, 0);
        ::dup2(out[1], 1);
        ::dup2(err[1], 2);
        int devnull = ::open("/dev/null", O_RDONLY);
        if (devnull >= 0) ::dup2(devnull, 0);
        // Nothing of the server's crosses the exec (else a killed server's clients would wait
        // on its connections, and a restart would find the data directory locked).
        close_inherited_fds(status_pipe[1], cgroup_fd);
        signal(SIGPIPE, SIG_DFL);
        auto fail = [&] {
            int e = errno;
            (void)!::write(status_pipe[1], &e, sizeof(e));
            _exit(127);
        };
        if (cgroup_fd >= 0 && !join_cgroup(cgroup_fd)) fail();
        if (spec.user) {
            if (::setgroups(0, nullptr) != 0 || ::setgid(spec.user->second) != 0 ||
                ::setuid(spec.user->first) != 0)
                fail();
            ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
        }
        if (!spec.working_dir.empty() && ::chdir(spec.working_dir.c_str()) != 0) {
            int e = errno;
            (void)!::write(status_pipe[1], &e, sizeof(e));
            _exit(127);
        }
        ::execve(argv[0], argv.data(), envp.data());
        int e = errno;
        (void)!::write(status_pipe[1], &e, sizeof(e));
        _exit(127);
    }
    ::close(out[1]);
    ::close(err[1]);
    ::close(status_pipe[1]);
    if (cgroup_fd >= 0) ::close(cgroup_fd);
    if (pid < 0) {
        ::close(out[0]);
        ::close(err[0]);
        ::close(status_pipe[0]);
        return ApiError::internal("fork: " + std::string(strerror(errno)));
    }
    ::setpgid(pid, pid);  // also in the parent, so a kill right away reaches the group
    int child_errno = 0;
    ssize_t got = ::read(status_pipe[0], &child_errno, sizeof(child_errno));
    ::close(status_pipe[0]);
    std::unique_ptr<Process> p(new Process());
    p->pid_ = pid;
    p->out_fd_ = out[0];
    p->err_fd_ = err[0];
    if (got == static_cast<ssize_t>(sizeof(child_errno))) {
        ::waitpid(pid, nullptr, 0);
        p->exited_ = true;
        ::close(out[0]);
        ::close(err[0]);
        p->out_fd_ = p->err_fd_ = -1;
        return ApiError::internal(
            fmt::format("cannot run {}: {}", spec.argv[0], strerror(child_errno)));
    }
    Process* raw = p.get();
    p->reader_ = std::thread([raw, on_output = std::move(on_output), on_exit = std::move(on_exit)] {
        raw->read_loop(on_output, on_exit);
    });
    return p;
}

void Process::read_loop(OnOutput on_output, OnExit on_exit) {
    std::string out_pending, err_pending;
    bool out_open = true, err_open = true;
    while (out_open || err_open) {
        pollfd fds[2] = {{out_open ? out_fd_ : -1, POLLIN, 0},
                         {err_open ? err_fd_ : -1, POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0 && errno != EINTR) break;
        draining_ = true;
        if (out_open && (fds[0].revents & (POLLIN | POLLHUP | POLLERR)))
            drain(out_fd_, out_pending, false, on_output, out_open);
        if (err_open && (fds[1].revents & (POLLIN | POLLHUP | POLLERR)))
            drain(err_fd_, err_pending, true, on_output, err_open);
        draining_ = false;
    }
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    exited_ = true;
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    on_exit(code);
}

void Process::wait_output_drained(std::chrono::milliseconds limit) const {
    if (std::this_thread::get_id() == reader_.get_id()) return;
    auto unread = [](int fd) {
        int n = 0;
        return fd >= 0 && ::ioctl(fd, FIONREAD, &n) == 0 && n > 0;
    };
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (!exited_.load() && (unread(out_fd_) || unread(err_fd_) || draining_.load()) &&
           std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
}

void Process::kill() {
    if (!exited_.load() && pid_ > 0) ::kill(-pid_, SIGKILL);
}

void Process::join() {
    if (std::this_thread::get_id() == reader_.get_id()) return;
    std::lock_guard lock(join_mu_);
    if (reader_.joinable()) reader_.join();
}

Process::~Process() {
    kill();
    join();
    if (out_fd_ >= 0) ::close(out_fd_);
    if (err_fd_ >= 0) ::close(err_fd_);
}

}  // namespace freshet::functions::runtime
