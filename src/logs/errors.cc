#include "logs/errors.h"

namespace freshet::logs::errors {

ApiError group_not_found() {
    return ApiError{"ResourceNotFoundException", "The specified log group does not exist."};
}

ApiError stream_not_found() {
    return ApiError{"ResourceNotFoundException", "The specified log stream does not exist."};
}

ApiError group_exists() {
    return ApiError{"ResourceAlreadyExistsException", "The specified log group already exists"};
}

ApiError stream_exists() {
    return ApiError{"ResourceAlreadyExistsException", "The specified log stream already exists"};
}

ApiError invalid_parameter(std::string message) {
    return ApiError{"InvalidParameterException", std::move(message)};
}

ApiError invalid_token() {
    return invalid_parameter("The specified nextToken is invalid.");
}

}  // namespace freshet::logs::errors
