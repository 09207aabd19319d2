// Helpers shared by the handlers: who is calling, loading a stream with AWS's not-found
// error, committing a change to a stream's metadata, and the wire form of a shard.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "streams/api/handlers.h"
#include "streams/model/stream.h"

namespace freshet::streams {

struct Caller {
    std::string account;
    std::string region;
};
Caller caller_of(const RequestContext& ctx);

// The committed stream, or ResourceNotFoundException "Stream X under account Y not found."
Result<Stream> find_stream(StreamsService& svc, const Caller& c, std::string_view name);

// The stream a request names by StreamName or StreamARN (AWS accepts either; StreamName wins
// when both are given). An ARN of another account or region names a stream this caller
// cannot see: ResourceNotFoundException. Neither: InvalidArgumentException.
Result<std::string> resolve_stream_name(const Caller& c, const std::optional<std::string>& name,
                                        const std::optional<std::string>& arn);
template <class In>
Result<std::string> stream_name_of(const Caller& c, const In& in) {
    return resolve_stream_name(c, in.StreamName, in.StreamARN);
}
template <class In>
Result<Stream> find_stream_of(StreamsService& svc, const Caller& c, const In& in) {
    FRESHET_TRY(name, stream_name_of(c, in));
    return find_stream(svc, c, name);
}

// Loads the stream inside a write function, lets `change` edit it (or fail), saves it, and
// answers once durable. The read-check-write is atomic (commit thread).
using StreamChange = std::function<Result<void>(Stream&, storage::Txn&)>;
void change_stream(StreamsService& svc, const Caller& c, std::string name, StreamChange change,
                   Reply<NoOutput> reply);

// The first sequence number a shard can hold and, for a closed shard, its last.
std::string starting_sequence(const Stream& s, const Shard& sh);
model::Shard describe_shard(const Stream& s, const Shard& sh);
model::HashKeyRange describe_range(const HashRange& r);

int64_t now_ms(const StreamsService& svc);

}  // namespace freshet::streams
