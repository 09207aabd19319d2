// Helpers shared by the CloudWatch Logs handlers: the caller, finding a group or stream with
// AWS's not-found errors, ARNs, appending events, and the pagination tokens.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/log_sink.h"
#include "logs/api/handlers.h"
#include "logs/store/log_store.h"

namespace freshet::logs {

struct Caller {
    std::string account;
    std::string region;
};
Caller caller_of(const RequestContext& ctx);

// "arn:aws:logs:<region>:<account>:log-group:<name>" and "...:log-stream:<stream>".
std::string group_arn(std::string_view region, std::string_view account, std::string_view name);
std::string stream_arn(std::string_view region, std::string_view account, std::string_view group,
                       std::string_view stream);

// The group a request names by logGroupName or logGroupIdentifier (a name or a log group ARN,
// with or without a trailing ":*"). logGroupName wins when both are given.
Result<std::string> group_name_of(const std::optional<std::string>& name,
                                  const std::optional<std::string>& identifier);

// The committed group or stream, or ResourceNotFoundException.
Result<store::GroupRecord> find_group(LogsService& svc, const Caller& c, std::string_view name);
Result<store::StreamRecord> find_stream(LogsService& svc, const store::GroupRecord& g,
                                        std::string_view name);

// Stores events (in chronological order) in the stream inside a write function: assigns
// sequence numbers, and updates the stream's first/last timestamps and the group's bytes.
void append_events(storage::Txn& txn, store::GroupRecord& g, store::StreamRecord& s,
                   const std::vector<LogEvent>& events, int64_t now_ms);

// The oldest timestamp a read still shows under the group's retention (0 without one):
// retention applies at read time too, so expired events vanish before the trimmer runs.
int64_t retained_since(const store::GroupRecord& g, int64_t now_ms);

// GetLogEvents' tokens in AWS's shape: "f/" or "b/" and 56 digits (20 for the timestamp, 20
// for the sequence, 16 zeros). Decoding fails on anything else.
std::string position_token(char direction, store::Position p);
std::optional<std::pair<char, store::Position>> parse_position_token(std::string_view token);

// Opaque tokens of the listing actions: base64url of "<kind>\n<payload>".
std::string page_token(std::string_view kind, std::string_view payload);
std::optional<std::string> parse_page_token(std::string_view kind, std::string_view token);

int64_t now_ms(const LogsService& svc);

// Sets the group's retention in days (0: keep events forever); ResourceNotFoundException when
// the group does not exist. Put/DeleteRetentionPolicy share it.
void set_retention(LogsService& svc, const RequestContext& ctx, std::string group, int64_t days,
                   Reply<NoOutput> reply);

}  // namespace freshet::logs
