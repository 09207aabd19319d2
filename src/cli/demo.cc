// `freshet demo`: the reference architecture live (commands.h). The flow: a server, the stack,
// then the producer, the latency sampler and the progress line on threads of their own until
// a signal, a failure, or (with a count) every tweet in the table.
#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "cli/demo.h"

namespace freshet::cli {

namespace fs = std::filesystem;

void Stopper::request() {
    std::lock_guard lock(mutex_);
    requested_ = true;
    cv_.notify_all();
}

bool Stopper::requested() const {
    std::lock_guard lock(mutex_);
    return requested_;
}

bool Stopper::wait_until(SteadyTime t) {
    std::unique_lock lock(mutex_);
    return cv_.wait_until(lock, t, [this] { return requested_; });
}

namespace {

constexpr const char* kDefaultEndpoint = "http://127.0.0.1:4566";

// SIGINT and SIGTERM, taken by a thread of their own (blocked everywhere else, so created
// before any other thread): the first asks the demo to stop; a second one while it stops
// ends it at once, after a SIGTERM to the server it started.
class SignalWatcher {
  public:
    explicit SignalWatcher(Stopper& stop) : stop_(stop) {
        sigemptyset(&set_);
        sigaddset(&set_, SIGINT);
        sigaddset(&set_, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &set_, nullptr);
        thread_ = std::thread([this] { run(); });
    }
    ~SignalWatcher() {
        done_ = true;
        thread_.join();
    }
    std::atomic<pid_t> server{0};

  private:
    void run() {
        timespec tick{0, 100 * 1000 * 1000};
        int received = 0;
        while (!done_) {
            if (sigtimedwait(&set_, nullptr, &tick) < 0) continue;
            if (++received == 1) {
                stop_.request();
                continue;
            }
            if (pid_t pid = server.load()) kill(pid, SIGTERM);
            std::fprintf(stderr, "\nfreshet demo: interrupted twice; exiting now\n");
            std::_Exit(130);
        }
    }
    Stopper& stop_;
    sigset_t set_;
    std::atomic<bool> done_{false};
    std::thread thread_;
};

// The data directory's root credentials, which the demo signs with (not the usual chain: it
// must be the account of the server it runs against).
Result<ClientOptions> root_options(const std::string& endpoint, const app::ServeOptions& serve) {
    ClientOptions root;
    root.endpoint_url = endpoint;
    root.data_dir = serve.data_dir;
    root.region = serve.region;
    auto creds = read_ini(serve.data_dir + "/credentials")["freshet"];
    root.access_key_id = creds["aws_access_key_id"];
    root.secret_access_key = creds["aws_secret_access_key"];
    if (root.access_key_id.empty())
        return ApiError{"MissingAuthenticationToken",
                        fmt::format("no root credentials in {}/credentials: the server on {} "
                                    "must use that data directory (--data-dir)",
                                    serve.data_dir, endpoint),
                        400};
    return root;
}

// How to call this binary again: "freshet" when that is what PATH finds, else its path.
std::string self_command() {
    std::error_code ec;
    auto exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec) return "freshet";
    const char* path = std::getenv("PATH");
    std::string dirs = path ? path : "";
    for (size_t b = 0; b <= dirs.size();) {
        size_t e = dirs.find(':', b);
        if (e == std::string::npos) e = dirs.size();
        if (e > b && fs::equivalent(fs::path(dirs.substr(b, e - b)) / "freshet", exe, ec))
            return "freshet";
        b = e + 1;
    }
    return exe.string();
}

std::string data_dir(const app::ServeOptions& serve) {
    return fs::absolute(serve.data_dir).lexically_normal().string();
}

// The flags a client subcommand needs to reach this server as its root.
std::string client_flags(const std::string& endpoint, const app::ServeOptions& serve) {
    std::string flags;
    if (endpoint != kDefaultEndpoint) flags += " --endpoint-url " + endpoint;
    if (serve.data_dir != "./freshet-data") flags += " --data-dir " + data_dir(serve);
    return flags;
}

std::string explore(const std::string& endpoint, const app::ServeOptions& serve,
                    const DemoStack& stack) {
    std::string f = self_command(), flags = client_flags(endpoint, serve), dir = data_dir(serve);
    bool own_dir = serve.data_dir != "./freshet-data";
    return fmt::format(
        "\nExplore while it runs (in another terminal):\n"
        "  {0} credentials --install-profile{1}\n"
        "  {0} scan {2}{3} | head\n"
        "  aws --profile freshet --endpoint-url {4} dynamodb scan --table-name {2} "
        "--max-items 3\n"
        "  {0} logs {5}{3}   # the function's output\n"
        "  {0} outputs {6}{3}\n"
        "Clean up: {0} delete {6}{3} (or remove {7})\n"
        "Ctrl-C stops the demo.\n",
        f, own_dir ? " --data-dir " + dir : "", stack.table, flags, endpoint, stack.function,
        kDemoStack, dir);
}

std::string summary(const Producer& producer, const LatencySampler& latency, int64_t in_table,
                    const std::string& table, SteadyTime started) {
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::string text =
        fmt::format("Put {} tweets in {:.1f} s; {} holds {} items", producer.acknowledged(),
                    seconds, table, in_table < 0 ? std::string("?") : std::to_string(in_table));
    if (auto p = latency.percentiles())
        text += fmt::format("; latency p50 {:.1f} ms, p99 {:.1f} ms", p->first, p->second);
    return text + ".";
}

int64_t count_now(const ClientOptions& root, const std::string& table) {
    auto client = SignedClient::open(root);
    if (!client.ok()) return -1;
    auto n = table_count(*client, table);
    return n.ok() ? *n : -1;
}

// From the server to the summary; returns the exit code, or the error that ends the demo.
Result<int> run(const DemoOptions& o, DemoServer& server, Stopper& stop, SignalWatcher& signals) {
    FRESHET_CHECK(server.start(o.serve));
    signals.server = server.pid();
    if (stop.requested()) return 0;
    FRESHET_TRY(root, root_options(server.endpoint(), o.serve));
    FRESHET_TRY(stack, ensure_demo_stack(root));
    if (stop.requested()) return 0;
    std::printf("%s\n", explore(server.endpoint(), o.serve, stack).c_str());
    std::fflush(stdout);

    ClientOptions client = root;
    client.region = stack.region.empty() ? root.region : stack.region;
    client.access_key_id = stack.access_key_id;
    client.secret_access_key = stack.secret_access_key;
    auto seed = static_cast<uint64_t>(std::chrono::system_clock::now().time_since_epoch().count() ^
                                      getpid());
    LatencySampler latency(root, stack.table);
    Producer producer({client, stack.stream, o.count, o.rate, seed}, stop, latency);
    Progress progress({[&] { return producer.acknowledged(); }, &latency, root, stack.table,
                       stack.function, server.endpoint(), o.serve.data_dir + "/metrics-token",
                       o.serve.metrics_token});
    auto started = std::chrono::steady_clock::now();
    std::thread sampler([&] { latency.run(stop); });
    std::thread printer([&] { progress.run(stop); });
    producer.start();

    Result<void> outcome = Ok{};
    while (!producer.finished() && !stop.wait_for(std::chrono::milliseconds(200))) {
        if (server.exited()) {
            outcome = ApiError{"ServerExited", "the server exited: see its log", 500};
            stop.request();
        }
    }
    producer.join();
    if (auto failure = producer.failure()) outcome = *failure;
    if (outcome.ok() && o.count > 0 && !stop.requested()) {
        progress.say(fmt::format("Put {} tweets; waiting for them in the table...",
                                 producer.acknowledged()));
        outcome = wait_for_items(root, stack.table, producer.keys(),
                                 std::chrono::seconds(o.wait_timeout_s), stop);
    }
    bool complete = outcome.ok() && o.count > 0 && !stop.requested();
    stop.request();
    sampler.join();
    printer.join();
    int64_t in_table = count_now(root, stack.table);
    if (complete) progress.say(fmt::format("Every tweet is in the table ({} items).", in_table));
    progress.say(summary(producer, latency, in_table, stack.table, started));
    if (!outcome.ok()) {
        if (outcome.error().code == "Timeout")
            return ApiError{"Timeout",
                            fmt::format("{}: see the function's log ({} logs {}{})",
                                        outcome.error().message, self_command(), stack.function,
                                        client_flags(server.endpoint(), o.serve))};
        return std::move(outcome).take_error();
    }
    return 0;
}

// "Code: message" of an error; for a JSON service's error body, its type and message.
std::string error_text(const ApiError& e) {
    std::string code = e.code, message = e.message;
    boost::system::error_code ec;
    auto body = boost::json::parse(e.message, ec);
    const auto* type_value =
        !ec && body.is_object() ? body.as_object().if_contains("__type") : nullptr;
    if (type_value && type_value->is_string()) {
        std::string type(type_value->as_string());
        code = type.substr(type.find('#') + 1);
        const auto& o = body.as_object();
        const auto* m = o.if_contains("message");
        if (!m) m = o.if_contains("Message");
        message = m && m->is_string() ? std::string(m->as_string()) : "";
    }
    return message.empty() ? code : code + ": " + message;
}

}  // namespace

int demo(const DemoOptions& options) {
    Stopper stop;
    SignalWatcher signals(stop);
    DemoServer server;
    auto code = run(options, server, stop, signals);
    if (!code.ok()) {
        std::fprintf(stderr, "freshet demo: %s\n", error_text(code.error()).c_str());
    }
    if (server.stop()) {
        signals.server = 0;
        std::printf(
            "Stopped the server; run `freshet demo` again to continue with the same "
            "data.\n");
    }
    return code.ok() ? code.value() : 1;
}

}  // namespace freshet::cli
