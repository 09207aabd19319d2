// Kinesis's errors, worded as AWS words them (texts recorded against AWS by kinesalite's test
// suite unless docs/compatibility/streams.md says otherwise).
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace freshet::streams::errors {

// ResourceNotFoundException "Stream X under account Y not found."
ApiError stream_not_found(std::string_view name, std::string_view account);
// ResourceInUseException "Stream X under account Y already exists."
ApiError stream_exists(std::string_view name, std::string_view account);
// ResourceNotFoundException "Shard S in stream X under account Y does not exist"
ApiError shard_not_found(std::string_view shard, std::string_view name, std::string_view account);
ApiError invalid_argument(std::string message);
ApiError resource_in_use(std::string message);
ApiError limit_exceeded(std::string message);

}  // namespace freshet::streams::errors
