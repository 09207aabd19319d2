#include "streams/errors.h"

#include <fmt/format.h>

namespace freshet::streams::errors {

ApiError stream_not_found(std::string_view name, std::string_view account) {
    return ApiError{"ResourceNotFoundException",
                    fmt::format("Stream {} under account {} not found.", name, account)};
}

ApiError stream_exists(std::string_view name, std::string_view account) {
    return ApiError{"ResourceInUseException",
                    fmt::format("Stream {} under account {} already exists.", name, account)};
}

ApiError shard_not_found(std::string_view shard, std::string_view name, std::string_view account) {
    return ApiError{
        "ResourceNotFoundException",
        fmt::format("Shard {} in stream {} under account {} does not exist", shard, name, account)};
}

ApiError invalid_argument(std::string message) {
    return ApiError{"InvalidArgumentException", std::move(message)};
}

ApiError resource_in_use(std::string message) {
    return ApiError{"ResourceInUseException", std::move(message)};
}

ApiError limit_exceeded(std::string message) {
    return ApiError{"LimitExceededException", std::move(message)};
}

}  // namespace freshet::streams::errors
