// The server of `freshet demo`: the one already answering on the port, or this binary's
// `serve` started as a child (see demo.h).
#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "cli/demo.h"
#include "http/client.h"

extern char** environ;

namespace freshet::cli {

namespace fs = std::filesystem;

namespace {

constexpr auto kStartTimeout = std::chrono::seconds(30);
constexpr auto kStopTimeout = std::chrono::seconds(60);

// What a client connects to for a listening address: loopback for "any address".
std::string client_host(const std::string& host) {
    if (host.empty() || host == "0.0.0.0" || host == "::") return "127.0.0.1";
    return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

bool healthy(const std::string& endpoint) {
    auto e = http::parse_endpoint(endpoint);
    if (!e.ok()) return false;
    http::Client client(e->host, e->port, std::chrono::seconds(1));
    auto r = client.send("GET", "/_freshet/health", {}, "");
    return r.ok() && r->status == 200;
}

const char* iam_name(http::IamMode m) {
    return m == http::IamMode::Warn ? "warn" : m == http::IamMode::Off ? "off" : "enforce";
}

std::vector<std::string> serve_args(const std::string& exe, const app::ServeOptions& o) {
    std::vector<std::string> args{exe,
                                  "serve",
                                  "--host",
                                  o.host,
                                  "--port",
                                  std::to_string(o.port),
                                  "--data-dir",
                                  o.data_dir,
                                  "--region",
                                  o.region,
                                  "--iam",
                                  iam_name(o.iam),
                                  "--durability",
                                  o.durable ? "sync" : "relaxed",
                                  "--log-level",
                                  o.log_level};
    if (o.threads) args.insert(args.end(), {"--threads", std::to_string(o.threads)});
    if (!o.metrics_token.empty()) args.insert(args.end(), {"--metrics-token", o.metrics_token});
    return args;
}

// The log's lines from `offset` on.
std::vector<std::string> log_lines(const std::string& path, std::streamoff offset) {
    std::ifstream in(path, std::ios::binary);
    in.seekg(offset);
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(in, line)) lines.push_back(line);
    return lines;
}

std::string last_lines(const std::vector<std::string>& lines, size_t n) {
    std::string out;
    for (size_t i = lines.size() > n ? lines.size() - n : 0; i < lines.size(); ++i)
        out += "  " + lines[i] + "\n";
    return out;
}

}  // namespace

Result<void> DemoServer::start(const app::ServeOptions& options) {
    std::string host = client_host(options.host);
    if (options.port != 0 && healthy(fmt::format("http://{}:{}", host, options.port))) {
        endpoint_ = fmt::format("http://{}:{}", host, options.port);
        std::printf("Using the Freshet server already listening on %s\n", endpoint_.c_str());
        std::printf(
            "Console: %s/_console/ (sign in with the keys in its data directory's credentials "
            "file)\n",
            endpoint_.c_str());
        return Ok{};
    }
    std::error_code ec;
    fs::create_directories(options.data_dir, ec);
    if (ec) return ApiError{"InvalidArgument", options.data_dir + ": " + ec.message(), 400};
    log_ = (fs::absolute(options.data_dir) / "demo-server.log").lexically_normal().string();
    return spawn(options, log_);
}

Result<void> DemoServer::spawn(const app::ServeOptions& options, const std::string& log) {
    std::error_code ec;
    auto offset = static_cast<std::streamoff>(fs::exists(log, ec) ? fs::file_size(log, ec) : 0);
    std::string exe = fs::read_symlink("/proc/self/exe", ec).string();
    if (ec) exe = "/proc/self/exe";
    std::vector<std::string> args = serve_args(exe, options);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);

    // Its own session, so that Ctrl-C in the terminal reaches the demo only (the demo stops
    // it); default signal handling, whatever the demo has blocked.
    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    posix_spawn_file_actions_addopen(&files, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&files, 1, 2);
    posix_spawn_file_actions_addopen(&files, 0, "/dev/null", O_RDONLY, 0);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    for (int s : {SIGINT, SIGTERM, SIGPIPE}) sigaddset(&defaults, s);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setflags(&attr,
                             POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSID);
    int rc = posix_spawn(&pid_, exe.c_str(), &files, &attr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&files);
    posix_spawnattr_destroy(&attr);
    if (rc != 0) {
        pid_ = 0;
        return ApiError::internal("could not start " + exe + ": " + std::strerror(rc));
    }

    // The server prints its address, the console link and "Ready." together once it answers.
    static const std::regex listening(R"(listening on (http://\S+))");
    auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
    while (true) {
        auto lines = log_lines(log, offset);
        if (std::find(lines.begin(), lines.end(), "Ready.") != lines.end()) {
            std::string console;
            for (const auto& l : lines) {
                std::smatch m;
                if (std::regex_search(l, m, listening)) endpoint_ = m[1];
                if (l.starts_with("Console: ")) console = l;
            }
            // A server on any address is reached on loopback.
            endpoint_ = std::regex_replace(endpoint_, std::regex(R"(//(0\.0\.0\.0|\[::\]))"),
                                           "//127.0.0.1");
            std::printf("Started freshet serve on %s (data in %s, log in %s)\n", endpoint_.c_str(),
                        fs::absolute(options.data_dir).c_str(), log.c_str());
            std::printf("%s\n", console.empty() ? ("Console: " + endpoint_ + "/_console/").c_str()
                                                : console.c_str());
            std::fflush(stdout);
            return Ok{};
        }
        if (exited() || std::chrono::steady_clock::now() > deadline) {
            stop();
            return ApiError{"ServerNotStarted",
                            fmt::format("the server did not start; the end of {}:\n{}", log,
                                        last_lines(lines, 8)),
                            500};
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

bool DemoServer::exited() {
    if (pid_ == 0 || reaped_) return pid_ != 0;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) reaped_ = true;
    return reaped_;
}

bool DemoServer::stop() {
    if (pid_ == 0) return false;
    if (!exited()) {
        kill(pid_, SIGTERM);
        auto deadline = std::chrono::steady_clock::now() + kStopTimeout;
        while (!exited()) {
            if (std::chrono::steady_clock::now() > deadline) {
                kill(pid_, SIGKILL);
                waitpid(pid_, nullptr, 0);
                reaped_ = true;
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    pid_ = 0;
    return true;
}

}  // namespace freshet::cli
