// The errors of the tables service, worded and typed as DynamoDB sends them.
//
// DynamoDB's `__type` carries a namespace: "com.amazonaws.dynamodb.v20120810#<Code>" for its
// own errors and "com.amazon.coral.validate#ValidationException" for validation. We send the
// same strings; every SDK strips the part up to '#' (boto3, the JavaScript SDKs v2 and v3), so
// clients see the plain code ("ResourceNotFoundException").
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace freshet::tables {

inline constexpr std::string_view kDynamoPrefix = "com.amazonaws.dynamodb.v20120810#";
inline constexpr std::string_view kValidationType = "com.amazon.coral.validate#ValidationException";

// A ValidationException with DynamoDB's message.
inline ApiError validation_error(std::string message) {
    return ApiError{std::string(kValidationType), std::move(message), 400};
}

// One of DynamoDB's own errors ("ResourceNotFoundException", ...).
inline ApiError dynamo_error(std::string_view code, std::string message, int status = 400) {
    return ApiError{std::string(kDynamoPrefix) + std::string(code), std::move(message), status};
}

// "Requested resource not found" (DescribeTable and DeleteTable add ": Table: X not found").
inline ApiError resource_not_found(std::string message = "Requested resource not found") {
    return dynamo_error("ResourceNotFoundException", std::move(message));
}

inline ApiError conditional_check_failed() {
    return dynamo_error("ConditionalCheckFailedException", "The conditional request failed");
}

}  // namespace freshet::tables
