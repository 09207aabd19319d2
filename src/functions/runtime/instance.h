// One execution environment of a function: its process (runtimes/<language>/bootstrap, or the
// function's own `bootstrap`) and the Runtime API listener it talks to
// (AWS_LAMBDA_RUNTIME_API=127.0.0.1:<port>). It runs one invocation at a time; between
// invocations it stays warm for the next.
//
// Thread-safety: invoke() and stop() from any thread; callbacks run on the listener's IO
// thread, the process's reader thread or the watchdog's.
#pragma once

#include <sys/types.h>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "core/log_sink.h"
#include "core/result.h"
#include "functions/runtime/watchdog.h"
#include "http/message.h"
#include "http/server.h"

namespace freshet::functions::runtime {

class Process;
class MemoryLimits;
class EnvironmentCgroup;

struct FunctionConfig {
    std::string name;
    std::string version = "$LATEST";
    std::string arn;
    std::string runtime;   // "nodejs20.x", "python3.11", "provided.al2", ...
    std::string handler;   // "index.handler"
    std::string code_dir;  // the unpacked code: LAMBDA_TASK_ROOT and the working directory
    int memory_mb = 128;
    int timeout_s = 3;
    std::map<std::string, std::string> environment;  // the function's own variables
    // AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN of the execution role,
    // AWS_REGION, AWS_ENDPOINT_URL: what points the function's SDKs at this Freshet.
    std::map<std::string, std::string> platform_environment;
    // Set when the server runs as root: the OS user and group the processes run as, and their
    // private TMPDIR.
    std::optional<std::pair<uid_t, gid_t>> user;
    std::string tmp_dir;
};

// Where Freshet's runtimes live and what runs them.
struct RuntimeLayout {
    std::string runtimes_dir;  // runtimes/ (nodejs/bootstrap.js, python/bootstrap.py)
    std::string node = "/usr/bin/node";
    std::string python = "/usr/bin/python3";
    std::string sdk_node_path;  // node_modules with aws-sdk and @aws-sdk/*
    // Where each invocation's log goes (CloudWatch Logs: group /aws/lambda/<function>, one
    // stream per environment); none in unit tests.
    std::shared_ptr<LogSink> log_sink;
    // Each environment's memory cgroup, limited to the function's MemorySize; none where the
    // kernel's cgroups cannot be used (cgroup.h).
    std::shared_ptr<MemoryLimits> memory_limits;
};

struct InvocationResult {
    std::string request_id;
    std::string payload;         // the response, or the error document
    std::string function_error;  // "" on success; "Unhandled" for an error
    std::string log;             // the invocation's log: START, output, END, REPORT
    double duration_ms = 0;
    bool instance_lost = false;  // the environment ended (crash, timeout, init error)
};

class Instance : public std::enable_shared_from_this<Instance> {
  public:
    using Done = std::function<void(InvocationResult)>;

    static Result<std::shared_ptr<Instance>> start(const FunctionConfig& config,
                                                   const RuntimeLayout& layout, Watchdog& watchdog);
    ~Instance();

    // Runs one invocation; `done` is called exactly once. Precondition: idle().
    void invoke(std::string payload, std::string client_context, Done done);
    bool idle() const;
    bool alive() const;
    void stop();
    // stop(), then waits until the process has exited and its invocation has finished.
    void stop_and_wait();

  private:
    struct Pending;
    Instance(FunctionConfig config, Watchdog& watchdog, std::shared_ptr<LogSink> log_sink);
    void on_runtime_request(http::Request&& req, http::Respond respond);
    void deliver_next(http::Respond respond);
    void finish(std::string payload, std::string function_error, bool lost);
    void on_output(std::string_view line, bool is_stderr);
    void on_exit(int status);
    void on_timeout(const std::string& request_id);
    // Timestamps a line for the log sink; called with mu_ held.
    void record(std::string line);
    void flush_events(std::vector<LogEvent> events);

    const FunctionConfig config_;
    Watchdog& watchdog_;
    std::shared_ptr<LogSink> log_sink_;
    LogDestination log_destination_;  // "/aws/lambda/<name>", "YYYY/MM/DD/[$LATEST]<32 hex>"
    std::unique_ptr<http::Server> api_;
    std::unique_ptr<Process> process_;
    std::unique_ptr<EnvironmentCgroup> cgroup_;  // the memory limit; removed after process_
    mutable std::mutex mu_;
    std::unique_ptr<Pending> current_;           // guarded by mu_
    std::optional<http::Respond> waiting_next_;  // guarded by mu_: the runtime's long poll
    std::optional<std::string> init_error_;      // guarded by mu_
    std::string init_log_;                       // guarded by mu_: output before any invocation
    std::vector<LogEvent> events_;               // guarded by mu_: not yet sent to log_sink_
    bool alive_ = true;                          // guarded by mu_
    std::chrono::steady_clock::time_point started_;
    bool first_invocation_ = true;  // guarded by mu_
};

}  // namespace freshet::functions::runtime
