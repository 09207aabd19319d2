#include "functions/runtime/instance.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <thread>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/encoding.h"
#include "core/ids.h"
#include "functions/runtime/cgroup.h"
#include "functions/runtime/peer_uid.h"
#include "functions/runtime/process.h"
#include "functions/runtime/runtimes.h"

namespace freshet::functions::runtime {

namespace {

constexpr std::string_view kPrefix = "/2018-06-01/runtime/";

http::Response json_reply(int status, std::string body) {
    return http::Response{status, {{"Content-Type", "application/json"}}, std::move(body)};
}

// The process's peak resident memory (VmHWM), in MB, for the REPORT line.
long max_memory_mb(pid_t pid) {
    std::ifstream status(fmt::format("/proc/{}/status", pid));
    std::string key;
    long kb = 0;
    while (status >> key) {
        if (key == "VmHWM:") {
            status >> kb;
            break;
        }
    }
    return (kb + 1023) / 1024;
}

// Lambda's log stream of one execution environment: "YYYY/MM/DD/[<version>]<32 hex digits>".
LogDestination log_destination(const FunctionConfig& config) {
    LogDestination d;
    // arn:aws:lambda:<region>:<account>:function:<name>
    std::vector<std::string> parts;
    for (size_t start = 0, colon; parts.size() < 6; start = colon + 1) {
        colon = config.arn.find(':', start);
        parts.push_back(config.arn.substr(start, colon - start));
        if (colon == std::string::npos) break;
    }
    if (parts.size() >= 5) {
        d.region = parts[3];
        d.account = parts[4];
    }
    d.group = "/aws/lambda/" + config.name;
    std::string date = iso8601(system_clock().now()).substr(0, 10);  // YYYY-MM-DD
    std::replace(date.begin(), date.end(), '-', '/');
    d.stream = fmt::format("{}/[{}]{}", date, config.version, hex_encode(crypto::random_bytes(16)));
    return d;
}

// An invocation's events are sent at its end, or earlier when this many have piled up (a
// long invocation printing a lot).
constexpr size_t kFlushEvents = 1000;

std::string error_document(std::string_view type, std::string_view message) {
    return fmt::format(R"({{"errorType":"{}","errorMessage":"{}"}})", type, message);
}

}  // namespace

struct Instance::Pending {
    std::string id;
    std::string payload;
    std::string client_context;
    Done done;
    int64_t deadline_ms = 0;
    std::chrono::steady_clock::time_point started;
    uint64_t watchdog_id = 0;
    bool delivered = false;
    std::string log;
    // Lines Lambda prints after the REPORT line (why the runtime exited).
    std::vector<std::string> after_report;
    bool out_of_memory = false;  // killed at MemorySize: it used all of it
};

Instance::Instance(FunctionConfig config, Watchdog& watchdog, std::shared_ptr<LogSink> log_sink)
    : config_(std::move(config)),
      watchdog_(watchdog),
      log_sink_(std::move(log_sink)),
      log_destination_(log_destination(config_)),
      started_(std::chrono::steady_clock::now()) {}

void Instance::record(std::string line) {
    if (log_sink_) events_.push_back({epoch_millis(system_clock().now()), std::move(line)});
}

void Instance::flush_events(std::vector<LogEvent> events) {
    if (log_sink_ && !events.empty()) log_sink_->write(log_destination_, std::move(events));
}

Instance::~Instance() {
    // The last reference may go on one of this instance's own threads (the listener's IO thread,
    // the process's reader): both objects must be torn down elsewhere.
    std::thread([api = std::move(api_), process = std::move(process_),
                 cgroup = std::move(cgroup_)]() mutable {
        if (api) api->stop(std::chrono::milliseconds(0));
        process.reset();
        cgroup.reset();  // kills what the function left running, then removes the cgroup
        api.reset();
    }).detach();
}

Result<std::shared_ptr<Instance>> Instance::start(const FunctionConfig& config,
                                                  const RuntimeLayout& layout, Watchdog& watchdog) {
    std::shared_ptr<Instance> self(new Instance(config, watchdog, layout.log_sink));
    std::weak_ptr<Instance> weak = self;
    http::ServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    options.threads = 1;
    options.idle_timeout = std::chrono::hours(24);  // the runtime's long poll has no timeout
    options.read_timeout = std::chrono::minutes(15);
    options.max_body_bytes = 7 * 1024 * 1024;
    // A function running as a user of its own: only its processes may use its Runtime API (any
    // local process could otherwise take its invocations; security.md, F4).
    if (config.user) {
        options.accept_peer = [uid = config.user->first](uint16_t peer, uint16_t local) {
            auto owner = loopback_peer_uid(peer, local);
            return owner && *owner == uid;
        };
    }
    self->api_ =
        std::make_unique<http::Server>(options, [weak](http::Request&& r, http::Respond respond) {
            if (auto me = weak.lock())
                return me->on_runtime_request(std::move(r), std::move(respond));
            respond(json_reply(410, error_document("Gone", "the environment has ended")));
        });
    FRESHET_CHECK(self->api_->start());
    FRESHET_TRY(spec,
                process_spec(config, layout, fmt::format("127.0.0.1:{}", self->api_->port())));
    // The stream the function is told it logs to (context.log_stream_name) is the one used.
    if (auto it = spec.environment.find("AWS_LAMBDA_LOG_STREAM_NAME"); it != spec.environment.end())
        self->log_destination_.stream = it->second;
    spec.user = config.user;
    if (layout.memory_limits) {
        FRESHET_TRY(cgroup, layout.memory_limits->create(config.memory_mb));
        spec.cgroup_procs = cgroup->procs_file();
        self->cgroup_ = std::move(cgroup);
    }
    FRESHET_TRY(process, Process::spawn(
                             spec,
                             [weak](std::string_view line, bool err) {
                                 if (auto me = weak.lock()) me->on_output(line, err);
                             },
                             [weak](int status) {
                                 if (auto me = weak.lock()) me->on_exit(status);
                             }));
    self->process_ = std::move(process);
    return self;
}

bool Instance::idle() const {
    std::lock_guard lock(mu_);
    return alive_ && !current_;
}

bool Instance::alive() const {
    std::lock_guard lock(mu_);
    return alive_;
}

void Instance::stop() {
    if (process_) process_->kill();
    if (cgroup_) cgroup_->kill_all();
}

void Instance::stop_and_wait() {
    if (!process_) return;
    process_->kill();
    process_->join();
}

void Instance::invoke(std::string payload, std::string client_context, Done done) {
    auto p = std::make_unique<Pending>();
    p->id = ids::uuid4();
    p->payload = std::move(payload);
    p->client_context = std::move(client_context);
    p->done = std::move(done);
    p->started = std::chrono::steady_clock::now();
    p->deadline_ms = epoch_millis(system_clock().now()) + config_.timeout_s * 1000LL;
    p->log = fmt::format("START RequestId: {} Version: {}\n", p->id, config_.version);
    std::weak_ptr<Instance> weak = weak_from_this();
    std::string id = p->id;
    p->watchdog_id =
        watchdog_.schedule(p->started + std::chrono::seconds(config_.timeout_s), [weak, id] {
            if (auto me = weak.lock()) me->on_timeout(id);
        });
    std::optional<http::Respond> next;
    std::optional<std::string> init_error;
    {
        std::lock_guard lock(mu_);
        if (first_invocation_) p->log = init_log_ + p->log;
        record(fmt::format("START RequestId: {} Version: {}", p->id, config_.version));
        current_ = std::move(p);
        init_error = init_error_;
        if (waiting_next_ && !init_error) {
            next = std::move(waiting_next_);
            waiting_next_.reset();
            current_->delivered = true;
        }
    }
    if (init_error) return finish(*init_error, "Unhandled", true);
    if (next) deliver_next(std::move(*next));
}

void Instance::deliver_next(http::Respond respond) {
    http::Response r{200, {{"Content-Type", "application/json"}}, ""};
    {
        std::lock_guard lock(mu_);
        if (!current_)
            return respond(json_reply(500, error_document("InternalServerError", "no invocation")));
        r.body = current_->payload;
        r.headers.push_back({"Lambda-Runtime-Aws-Request-Id", current_->id});
        r.headers.push_back({"Lambda-Runtime-Deadline-Ms", std::to_string(current_->deadline_ms)});
        r.headers.push_back({"Lambda-Runtime-Invoked-Function-Arn", config_.arn});
        r.headers.push_back(
            {"Lambda-Runtime-Trace-Id",
             fmt::format("Root=1-{:08x}-{};Sampled=0", epoch_millis(system_clock().now()) / 1000,
                         current_->id.substr(0, 8) + current_->id.substr(9, 4) +
                             current_->id.substr(14, 4) + current_->id.substr(19, 4))});
        if (!current_->client_context.empty())
            r.headers.push_back({"Lambda-Runtime-Client-Context", current_->client_context});
    }
    respond(std::move(r));
}

void Instance::on_runtime_request(http::Request&& req, http::Respond respond) {
    std::string_view path = req.path;
    if (path.substr(0, kPrefix.size()) != kPrefix) {
        return respond(json_reply(404, error_document("NotFound", "unknown path")));
    }
    path.remove_prefix(kPrefix.size());
    if (req.method == "GET" && path == "invocation/next") {
        {
            std::lock_guard lock(mu_);
            if (!current_ || current_->delivered) {
                waiting_next_ = std::move(respond);
                return;
            }
            current_->delivered = true;
        }
        return deliver_next(std::move(respond));
    }
    if (req.method == "POST" && path == "init/error") {
        {
            std::lock_guard lock(mu_);
            init_error_ = req.body;
        }
        respond(json_reply(202, R"({"status":"OK"})"));
        return finish(req.body, "Unhandled", true);
    }
    // invocation/<id>/response or invocation/<id>/error
    size_t slash = path.rfind('/');
    if (req.method == "POST" && path.substr(0, 11) == "invocation/" && slash > 11) {
        std::string id(path.substr(11, slash - 11));
        std::string_view what = path.substr(slash + 1);
        bool known;
        {
            std::lock_guard lock(mu_);
            known = current_ && current_->id == id && current_->delivered;
        }
        if (!known || (what != "response" && what != "error")) {
            return respond(
                json_reply(400, error_document("InvalidRequestID", "Invalid request ID")));
        }
        respond(json_reply(202, R"({"status":"OK"})"));
        return finish(std::move(req.body), what == "error" ? "Unhandled" : "", false);
    }
    respond(json_reply(404, error_document("NotFound", "unknown path")));
}

void Instance::finish(std::string payload, std::string function_error, bool lost) {
    // The lines the function printed before it answered belong to this invocation.
    if (process_) process_->wait_output_drained(std::chrono::milliseconds(50));
    std::unique_ptr<Pending> p;
    bool first;
    std::vector<LogEvent> events;
    {
        std::lock_guard lock(mu_);
        if (!current_) return;
        p = std::move(current_);
        first = first_invocation_;
        first_invocation_ = false;
        if (lost) alive_ = false;
        events.swap(events_);
    }
    watchdog_.cancel(p->watchdog_id);
    double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - p->started)
            .count();
    std::string report_line = fmt::format(
        "REPORT RequestId: {}\tDuration: {:.2f} ms\tBilled Duration: {} ms\t"
        "Memory Size: {} MB\tMax Memory Used: {} MB",
        p->id, ms, static_cast<long>(std::ceil(ms)), config_.memory_mb,
        p->out_of_memory ? config_.memory_mb
        : process_       ? max_memory_mb(process_->pid())
                         : 0);
    if (first) {
        report_line +=
            fmt::format("\tInit Duration: {:.2f} ms",
                        std::chrono::duration<double, std::milli>(p->started - started_).count());
    }
    std::string end_line = fmt::format("END RequestId: {}", p->id);
    if (log_sink_) {
        int64_t now = epoch_millis(system_clock().now());
        events.push_back({now, end_line});
        events.push_back({now, report_line});
        for (const auto& line : p->after_report) events.push_back({now, line});
        flush_events(std::move(events));
    }
    std::string report = end_line + "\n" + report_line;
    for (const auto& line : p->after_report) report += "\n" + line;
    InvocationResult result{
        p->id, std::move(payload), std::move(function_error), p->log + report + "\n", ms, lost};
    if (lost && process_) process_->kill();
    p->done(std::move(result));
}

void Instance::on_output(std::string_view line, bool) {
    std::vector<LogEvent> full;
    {
        std::lock_guard lock(mu_);
        std::string& log = current_ ? current_->log : init_log_;
        if (log.size() < 1024 * 1024) {  // a function printing megabytes keeps the first one
            log.append(line);
            log += '\n';
        }
        record(std::string(line));
        if (events_.size() >= kFlushEvents) full.swap(events_);
    }
    flush_events(std::move(full));
}

void Instance::on_exit(int status) {
    std::string id;
    std::optional<std::string> init_error;
    {
        std::lock_guard lock(mu_);
        alive_ = false;
        if (!current_) return;
        id = current_->id;
        init_error = init_error_;
    }
    if (init_error) return finish(*init_error, "Unhandled", true);
    std::string why =
        status > 128
            ? fmt::format("signal: {}", status == 137 ? "killed" : std::to_string(status - 128))
            : fmt::format("exit status {}", status);
    // Killed by the kernel for going past MemorySize: Lambda's Runtime.OutOfMemory.
    bool oom = status == 137 && cgroup_ && cgroup_->oom_killed();
    std::string message =
        fmt::format("RequestId: {} Error: Runtime exited with error: {}", id, why);
    {
        std::lock_guard lock(mu_);
        if (current_) {
            std::string type = oom ? "Runtime.OutOfMemory" : "Runtime.ExitError";
            current_->after_report = {message, type};
            current_->out_of_memory = oom;
        }
    }
    finish(error_document(oom ? "Runtime.OutOfMemory" : "Runtime.ExitError", message), "Unhandled",
           true);
}

void Instance::on_timeout(const std::string& request_id) {
    {
        std::lock_guard lock(mu_);
        if (!current_ || current_->id != request_id) return;
        std::string line =
            fmt::format("{} {} Task timed out after {}.00 seconds",
                        iso8601(system_clock().now(), true), request_id, config_.timeout_s);
        current_->log += line + "\n";
        record(std::move(line));
    }
    // finish() takes the invocation first and then kills the process, so the exit that follows
    // finds nothing to report.
    finish(error_document("Sandbox.Timedout",
                          fmt::format("RequestId: {} Error: Task timed out after {}.00 seconds",
                                      request_id, config_.timeout_s)),
           "Unhandled", true);
}

}  // namespace freshet::functions::runtime
