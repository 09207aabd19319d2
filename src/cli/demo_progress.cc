// What `freshet demo` measures and shows: latency samples, the table's count, the function's
// counters from GET /metrics, and the progress line (demo.h).
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "cli/demo.h"
#include "http/client.h"

namespace freshet::cli {

namespace json = boost::json;

namespace {

constexpr auto kSampleTimeout = std::chrono::seconds(30);
constexpr size_t kKeptSamples = 500;
constexpr size_t kBatchGetKeys = 100;  // BatchGetItem's limit

json::object key_of(const TweetKey& k) {
    return json::object{{"Username", json::object{{"S", k.user_name}}},
                        {"Id", json::object{{"S", k.id}}}};
}

Result<json::value> dynamodb(SignedClient& c, const std::string& action, const json::value& in) {
    return c.call_json("dynamodb", "DynamoDB_20120810." + action, "1.0", in);
}

std::string read_token(const std::string& path) {
    std::ifstream in(path);
    std::string token;
    std::getline(in, token);
    return token;
}

// The sum of one counter family over the lines that name the function.
double counter(const std::string& text, const std::string& family, const std::string& function) {
    double sum = 0;
    std::istringstream in(text);
    std::string line;
    std::string label = "\"" + function + "\"";
    while (std::getline(in, line)) {
        if (!line.starts_with(family + "{") || line.find(label) == std::string::npos) continue;
        sum += std::strtod(line.substr(line.rfind(' ') + 1).c_str(), nullptr);
    }
    return sum;
}

}  // namespace

void LatencySampler::watch(TweetKey key, SteadyTime sent) {
    std::lock_guard lock(mutex_);
    if (pending_.size() >= kMaxPending) return;
    pending_.push_back({std::move(key), sent});
    cv_.notify_one();
}

void LatencySampler::run(Stopper& stop) {
    auto client = SignedClient::open(root_);
    if (!client.ok()) return;
    while (!stop.requested()) {
        std::vector<Pending> round;
        {
            std::unique_lock lock(mutex_);
            cv_.wait_for(lock, std::chrono::milliseconds(100), [&] { return !pending_.empty(); });
            round = pending_;
        }
        std::vector<TweetKey> done;
        for (const Pending& p : round) {
            auto out = dynamodb(*client, "GetItem",
                                json::object{{"TableName", table_}, {"Key", key_of(p.key)}});
            auto now = std::chrono::steady_clock::now();
            bool found = out.ok() && out->as_object().contains("Item");
            if (found || now - p.sent > kSampleTimeout) done.push_back(p.key);
            if (!found) continue;
            std::lock_guard lock(mutex_);
            samples_.push_back(std::chrono::duration<double, std::milli>(now - p.sent).count());
            if (samples_.size() > kKeptSamples) samples_.pop_front();
        }
        std::lock_guard lock(mutex_);
        std::erase_if(pending_, [&](const Pending& p) {
            return std::any_of(done.begin(), done.end(), [&](const TweetKey& k) {
                return k.id == p.key.id && k.user_name == p.key.user_name;
            });
        });
        if (!round.empty()) stop.wait_for(std::chrono::milliseconds(2));
    }
}

std::optional<std::pair<double, double>> LatencySampler::percentiles() const {
    std::vector<double> s;
    {
        std::lock_guard lock(mutex_);
        s.assign(samples_.begin(), samples_.end());
    }
    if (s.empty()) return std::nullopt;
    std::sort(s.begin(), s.end());
    auto at = [&](double p) {
        return s[std::min(s.size() - 1, static_cast<size_t>(p / 100 * double(s.size())))];
    };
    return std::make_pair(at(50), at(99));
}

Result<int64_t> table_count(SignedClient& client, const std::string& table) {
    int64_t total = 0;
    json::object in{{"TableName", table}, {"Select", "COUNT"}};
    while (true) {
        FRESHET_TRY(page, dynamodb(client, "Scan", in));
        total += page.at("Count").to_number<int64_t>();
        const auto* last = page.as_object().if_contains("LastEvaluatedKey");
        if (!last) return total;
        in["ExclusiveStartKey"] = *last;
    }
}

Result<void> wait_for_items(const ClientOptions& root, const std::string& table,
                            std::vector<TweetKey> keys, std::chrono::seconds timeout,
                            Stopper& stop) {
    FRESHET_TRY(client, SignedClient::open(root));
    auto last_progress = std::chrono::steady_clock::now();
    while (!keys.empty() && !stop.requested()) {
        std::vector<TweetKey> missing;
        for (size_t i = 0; i < keys.size(); i += kBatchGetKeys) {
            json::array batch;
            size_t end = std::min(keys.size(), i + kBatchGetKeys);
            for (size_t j = i; j < end; ++j) batch.push_back(key_of(keys[j]));
            json::object request{
                {"Keys", std::move(batch)},
                {"ProjectionExpression", "#u, #i"},
                {"ExpressionAttributeNames", json::object{{"#u", "Username"}, {"#i", "Id"}}}};
            FRESHET_TRY(out, dynamodb(client, "BatchGetItem",
                                      json::object{{"RequestItems",
                                                    json::object{{table, std::move(request)}}}}));
            std::map<std::pair<std::string, std::string>, bool> found;
            for (const auto& item : out.at("Responses").at(table).as_array()) {
                found[{std::string(item.at("Username").at("S").as_string()),
                       std::string(item.at("Id").at("S").as_string())}] = true;
            }
            for (size_t j = i; j < end; ++j) {  // unprocessed keys are asked again next round
                if (!found.count({keys[j].user_name, keys[j].id})) missing.push_back(keys[j]);
            }
        }
        auto now = std::chrono::steady_clock::now();
        if (missing.size() < keys.size()) last_progress = now;
        keys = std::move(missing);
        if (keys.empty()) break;
        if (now - last_progress > timeout)
            return ApiError{"Timeout",
                            fmt::format("{} tweets are still not in the table {} after {} s "
                                        "without a new one",
                                        keys.size(), table, timeout.count()),
                            500};
        stop.wait_for(std::chrono::milliseconds(200));
    }
    return Ok{};
}

Progress::Progress(ProgressSources sources)
    : s_(std::move(sources)), tty_(isatty(STDOUT_FILENO) != 0) {}

std::string Progress::line() {
    std::string in_table = "-", p50 = "-", p99 = "-", invocations = "-", failed = "-";
    if (auto client = SignedClient::open(s_.root); client.ok()) {
        if (auto n = table_count(*client, s_.table); n.ok()) {
            in_table = std::to_string(*n);
            last_count_ = *n;
        }
    }
    if (auto p = s_.latency->percentiles()) {
        p50 = fmt::format("{:.1f}", p->first);
        p99 = fmt::format("{:.1f}", p->second);
    }
    if (s_.metrics_token.empty()) s_.metrics_token = read_token(s_.metrics_token_file);
    if (auto e = http::parse_endpoint(s_.endpoint); e.ok() && !s_.metrics_token.empty()) {
        http::Client c(e->host, e->port, std::chrono::seconds(2));
        auto r = c.send("GET", "/metrics", {{"Authorization", "Bearer " + s_.metrics_token}}, "");
        if (r.ok() && r->status == 200) {
            invocations = fmt::format(
                "{:.0f}", counter(r->body, "freshet_mapping_invocations_total", s_.function));
            failed = fmt::format("{:.0f}",
                                 counter(r->body, "freshet_mapping_retries_total", s_.function));
        }
    }
    return fmt::format(
        "put {} tweets | in table {} | latency p50 {} ms p99 {} ms | invocations {} failed {}",
        s_.put(), in_table, p50, p99, invocations, failed);
}

void Progress::run(Stopper& stop) {
    while (!stop.wait_for(std::chrono::seconds(1))) {
        std::string text = line();
        std::lock_guard lock(out_);
        if (tty_) {
            std::printf("\r%s\x1b[K", text.c_str());
            open_line_ = true;
        } else {
            std::printf("%s\n", text.c_str());
        }
        std::fflush(stdout);
    }
}

void Progress::say(const std::string& text) {
    std::lock_guard lock(out_);
    std::printf("%s%s\n", open_line_ ? "\n" : "", text.c_str());
    open_line_ = false;
    std::fflush(stdout);
}

}  // namespace freshet::cli
