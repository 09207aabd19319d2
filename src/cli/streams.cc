// `freshet put` and `freshet tail`: Kinesis PutRecord and a follower of every shard of a
// stream, over the HTTP API (so they work against any Kinesis endpoint).
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <map>
#include <set>
#include <thread>

#include "cli/aws_client.h"
#include "cli/commands.h"
#include "core/encoding.h"

namespace freshet::cli {

namespace json = boost::json;

namespace {

constexpr const char* kTargetPrefix = "Kinesis_20131202.";
constexpr auto kIdlePause = std::chrono::milliseconds(250);

Result<json::value> kinesis(const ClientOptions& o, const std::string& action, json::value in) {
    return call_json(o, "kinesis", kTargetPrefix + action, "1.1", in);
}

int fail(const ApiError& e) {
    std::fprintf(stderr, "freshet: %s: %s\n", e.code.c_str(), e.message.c_str());
    return 1;
}

std::string str(const json::value& v, const char* key) {
    const auto* p = v.as_object().if_contains(key);
    return p && p->is_string() ? std::string(p->as_string()) : std::string();
}

// Every shard of the stream (following NextToken).
Result<std::vector<std::string>> list_shard_ids(const ClientOptions& o, const std::string& name) {
    std::vector<std::string> ids;
    json::object in{{"StreamName", name}};
    while (true) {
        FRESHET_TRY(out, kinesis(o, "ListShards", in));
        for (const auto& s : out.at("Shards").as_array()) ids.push_back(str(s, "ShardId"));
        std::string token = str(out, "NextToken");
        if (token.empty()) return ids;
        in = json::object{{"NextToken", token}};
    }
}

void print_record(const std::string& shard, const json::value& r) {
    auto data = base64_decode(r.at("Data").as_string()).value_or("");
    std::string shown = valid_utf8(data) ? data : "base64:" + base64_encode(data);
    std::printf("%s %s %s %s\n", shard.c_str(), str(r, "SequenceNumber").c_str(),
                str(r, "PartitionKey").c_str(), shown.c_str());
}

}  // namespace

int put(const ClientOptions& options, const std::string& stream, const std::string& partition_key,
        const std::string& data) {
    auto out = kinesis(options, "PutRecord",
                       json::object{{"StreamName", stream},
                                    {"PartitionKey", partition_key},
                                    {"Data", base64_encode(data)}});
    if (!out.ok()) return fail(out.error());
    std::printf("%s %s\n", str(*out, "ShardId").c_str(), str(*out, "SequenceNumber").c_str());
    return 0;
}

int tail(const ClientOptions& options, const TailOptions& t) {
    std::map<std::string, std::string> iterators;  // open readers, by shard
    std::set<std::string> known;                   // shards ever seen (closed ones end)
    bool first_listing = true;
    int64_t printed = 0;
    while (true) {
        auto ids = list_shard_ids(options, t.stream);
        if (!ids.ok()) return fail(ids.error());
        for (const auto& id : *ids) {
            if (!known.insert(id).second) continue;
            // Shards that appear later (children of a reshard) are read from their start.
            std::string type = first_listing && !t.from_start ? "LATEST" : "TRIM_HORIZON";
            auto it = kinesis(
                options, "GetShardIterator",
                json::object{
                    {"StreamName", t.stream}, {"ShardId", id}, {"ShardIteratorType", type}});
            if (!it.ok()) return fail(it.error());
            iterators[id] = str(*it, "ShardIterator");
        }
        first_listing = false;
        bool any = false;
        for (auto i = iterators.begin(); i != iterators.end();) {
            auto out = kinesis(options, "GetRecords", json::object{{"ShardIterator", i->second}});
            if (!out.ok()) return fail(out.error());
            for (const auto& r : out->at("Records").as_array()) {
                print_record(i->first, r);
                any = true;
                if (t.count > 0 && ++printed >= t.count) {
                    std::fflush(stdout);
                    return 0;
                }
            }
            std::fflush(stdout);
            std::string next = str(*out, "NextShardIterator");
            if (next.empty()) {
                i = iterators.erase(i);  // a closed shard, read to its end
            } else {
                (i++)->second = next;
            }
        }
        if (!any) std::this_thread::sleep_for(kIdlePause);
    }
}

}  // namespace freshet::cli
