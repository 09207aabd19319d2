// Retention period rules shared by Increase/DecreaseStreamRetentionPeriod: 24 to 8,760 hours
// (AWS's current bounds), with AWS's messages.
#pragma once

#include <cstdint>
#include <optional>

#include "core/result.h"
#include "streams/api/common.h"

namespace freshet::streams {

inline constexpr int64_t kMinRetentionHours = 24;
inline constexpr int64_t kMaxRetentionHours = 8760;

// The error for a period out of bounds, if it is.
std::optional<ApiError> retention_out_of_bounds(int64_t hours);

// What both actions do: bounds first, then the direction ("can not be shorter" for an
// increase, "can not be longer" for a decrease, as AWS words them), then the change.
template <class Input>
void change_retention(StreamsService& svc, RequestContext& ctx, const Input& in, bool increase,
                      Reply<NoOutput> reply);
void change_retention(StreamsService& svc, const Caller& c, std::string name, int64_t hours,
                      bool increase, Reply<NoOutput> reply);

template <class Input>
void change_retention(StreamsService& svc, RequestContext& ctx, const Input& in, bool increase,
                      Reply<NoOutput> reply) {
    if (auto e = retention_out_of_bounds(in.RetentionPeriodHours)) return reply(std::move(*e));
    Caller c = caller_of(ctx);
    auto name = stream_name_of(c, in);
    if (!name.ok()) return reply(std::move(name).take_error());
    change_retention(svc, c, std::move(name).value(), in.RetentionPeriodHours, increase,
                     std::move(reply));
}

}  // namespace freshet::streams
