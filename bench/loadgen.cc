// freshet-loadgen: closed-loop HTTP/1.1 load generator for the benchmarks (bench/run.sh). Sends
// one pre-serialised (optionally SigV4-signed) request per connection in a loop over keep-alive
// connections and reports throughput and latency as JSON on stdout. The kinesis-visibility
// workload is a one-client mode of its own (visibility.h, P4). See BENCHMARKS.md.
#include <arpa/inet.h>
#include <netdb.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <thread>

#include "client.h"
#include "visibility.h"
#include "workload.h"

namespace freshet::bench {
namespace {

struct Options {
    std::string url = "http://127.0.0.1:8080";
    int connections = 64;
    double duration = 10;
    int threads = 1;
    double warmup = 1;
    std::string workload = "sts-get-caller-identity";
    std::string access_key, secret_key, credentials_file, profile = "freshet";
    std::string region = "us-east-1";
};

// Accepts http://HOST:PORT[/]; HOST is resolved once (IPv4).
bool parse_url(const std::string& url, std::string& host_port, sockaddr_in& addr) {
    constexpr std::string_view kScheme = "http://";
    if (url.rfind(kScheme, 0) != 0) return false;
    host_port = url.substr(kScheme.size());
    if (auto slash = host_port.find('/'); slash != std::string::npos) host_port.resize(slash);
    auto colon = host_port.rfind(':');
    std::string host = host_port.substr(0, colon);
    std::string port = colon == std::string::npos ? "80" : host_port.substr(colon + 1);
    addrinfo hints{}, *res = nullptr;
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host.c_str(), port.c_str(), &hints, &res) != 0 || res == nullptr) return false;
    addr = *reinterpret_cast<sockaddr_in*>(res->ai_addr);
    freeaddrinfo(res);
    return true;
}

double ms(uint64_t ns) {
    return static_cast<double>(ns) / 1e6;
}

std::string quantiles_json(const Histogram& h) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "{\"p50\":%.4f,\"p90\":%.4f,\"p99\":%.4f,\"max\":%.4f}",
                  ms(h.quantile(0.5)), ms(h.quantile(0.9)), ms(h.quantile(0.99)), ms(h.max()));
    return buf;
}

void report(const Options& o, const ThreadResult& r, double seconds, size_t payload_bytes) {
    const auto& h = r.latency;
    double rps = static_cast<double>(r.ok) / seconds;
    std::printf(
        "{\"workload\":\"%s\",\"connections\":%d,\"duration_s\":%.3f,\"requests\":%llu,"
        "\"errors\":%llu,\"non_2xx\":%llu,\"unexpected\":%llu,\"rps\":%.1f,"
        "\"payload_bytes_per_request\":%zu,\"latency_ms\":%s}\n",
        o.workload.c_str(), o.connections, seconds, static_cast<unsigned long long>(r.ok),
        static_cast<unsigned long long>(r.errors), static_cast<unsigned long long>(r.non_2xx),
        static_cast<unsigned long long>(r.unexpected), rps, payload_bytes,
        quantiles_json(h).c_str());
    std::fprintf(stderr,
                 "%s c=%d %.1fs: %.0f req/s, p50 %.3f ms, p99 %.3f ms, errors %llu, "
                 "non-2xx %llu, unexpected %llu\n",
                 o.workload.c_str(), o.connections, seconds, rps, ms(h.quantile(0.5)),
                 ms(h.quantile(0.99)), static_cast<unsigned long long>(r.errors),
                 static_cast<unsigned long long>(r.non_2xx),
                 static_cast<unsigned long long>(r.unexpected));
}

int run_visibility_mode(const Options& o, VisibilityConfig cfg) {
    VisibilityResult r = run_visibility(cfg);
    double rate = static_cast<double>(r.records) / o.duration;
    double polls = r.records ? static_cast<double>(r.polls) / static_cast<double>(r.records) : 0;
    std::printf(
        "{\"workload\":\"kinesis-visibility\",\"connections\":1,\"duration_s\":%.3f,"
        "\"requests\":%llu,\"errors\":%llu,\"non_2xx\":%llu,\"unexpected\":%llu,\"rps\":%.1f,"
        "\"polls_per_record\":%.2f,\"latency_ms\":%s,\"put_latency_ms\":%s}\n",
        o.duration, static_cast<unsigned long long>(r.records),
        static_cast<unsigned long long>(r.errors), static_cast<unsigned long long>(r.non_2xx),
        static_cast<unsigned long long>(r.unexpected), rate, polls,
        quantiles_json(r.visible).c_str(), quantiles_json(r.put).c_str());
    std::fprintf(stderr,
                 "kinesis-visibility %.1fs: %llu records, visible p50 %.3f ms p99 %.3f ms, "
                 "put p50 %.3f ms, %.2f polls/record, errors %llu, non-2xx %llu\n",
                 o.duration, static_cast<unsigned long long>(r.records),
                 ms(r.visible.quantile(0.5)), ms(r.visible.quantile(0.99)), ms(r.put.quantile(0.5)),
                 polls, static_cast<unsigned long long>(r.errors),
                 static_cast<unsigned long long>(r.non_2xx));
    return r.records == 0 ? 1 : 0;
}

int run(const Options& o) {
    const bool visibility = o.workload == "kinesis-visibility";
    const Workload* w = find_workload(o.workload);
    if (w == nullptr && !visibility) {
        std::cerr << "unknown workload " << o.workload << "; known: " << workload_names() << "\n";
        return 2;
    }
    iam::sigv4::Credentials creds{o.access_key, o.secret_key, ""};
    if (!o.credentials_file.empty()) {
        auto c = read_credentials(o.credentials_file, o.profile);
        if (!c) {
            std::cerr << "no credentials for [" << o.profile << "] in " << o.credentials_file
                      << "\n";
            return 2;
        }
        creds = *c;
    }
    if ((visibility || !w->service.empty()) &&
        (creds.access_key_id.empty() || creds.secret_access_key.empty())) {
        std::cerr << "workload " << o.workload << " is signed: give --credentials-file or keys\n";
        return 2;
    }
    std::string host_port;
    ClientConfig base;
    if (!parse_url(o.url, host_port, base.addr)) {
        std::cerr << "bad --url " << o.url << " (expected http://HOST:PORT)\n";
        return 2;
    }
    auto start = std::chrono::steady_clock::now();
    auto to_dur = [](double s) {
        return std::chrono::duration_cast<std::chrono::steady_clock::duration>(
            std::chrono::duration<double>(s));
    };
    base.measure_from = start + to_dur(o.warmup);
    base.stop_at = base.measure_from + to_dur(o.duration);
    if (visibility) {
        return run_visibility_mode(o, {base.addr, host_port, creds, o.region, "bench-visibility",
                                       base.measure_from, base.stop_at});
    }
    base.make_request = [&](int conn) {
        return build_request(*w, host_port, creds, o.region, std::chrono::system_clock::now(),
                             conn);
    };
    base.per_connection = w->per_connection();
    base.expect = w->expect;

    int threads = std::max(1, std::min(o.threads, o.connections));
    std::vector<ThreadResult> results(threads);
    std::vector<ClientConfig> configs(threads, base);
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        configs[t].connections = o.connections / threads + (t < o.connections % threads ? 1 : 0);
        configs[t].first_conn = t == 0 ? 0 : configs[t - 1].first_conn + configs[t - 1].connections;
        workers.emplace_back([&, t] { results[t] = run_client(configs[t]); });
    }
    for (auto& t : workers) t.join();
    ThreadResult total;
    for (const auto& r : results) {
        total.latency.merge(r.latency);
        total.ok += r.ok;
        total.non_2xx += r.non_2xx;
        total.errors += r.errors;
        total.unexpected += r.unexpected;
    }
    report(o, total, o.duration, w->payload_bytes);
    return total.ok == 0 ? 1 : 0;
}

}  // namespace
}  // namespace freshet::bench

int main(int argc, char** argv) {
    freshet::bench::Options o;
    CLI::App app{"freshet-loadgen: closed-loop HTTP/1.1 load generator (JSON report on stdout)"};
    app.add_option("--url", o.url, "http://HOST:PORT")->capture_default_str();
    app.add_option("--connections,-c", o.connections, "keep-alive connections")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    app.add_option("--duration,-d", o.duration, "measured seconds")->capture_default_str();
    app.add_option("--threads,-t", o.threads, "client threads")->capture_default_str();
    app.add_option("--warmup", o.warmup, "unmeasured seconds first")->capture_default_str();
    app.add_option("--workload,-w", o.workload, freshet::bench::workload_names())
        ->capture_default_str();
    app.add_option("--access-key", o.access_key);
    app.add_option("--secret-key", o.secret_key);
    app.add_option("--credentials-file", o.credentials_file, "AWS INI credentials file");
    app.add_option("--profile", o.profile)->capture_default_str();
    app.add_option("--region", o.region)->capture_default_str();
    CLI11_PARSE(app, argc, argv);
    return freshet::bench::run(o);
}
