// Checks a request's input, in the protocol-neutral JSON form, against its shape, and words the
// failures as AWS's services do (the "Coral" framework behind Kinesis, DynamoDB, Lambda, IAM).
//
// Two passes, in AWS's order:
//   1. check_types: JSON types against shape types. A mismatch is a SerializationException
//      ("class java.lang.String can not be converted to an Integer"). Unknown members and
//      null values are ignored, as AWS does.
//   2. validate: constraints (required, enum, pattern, length, range), at most 10 errors,
//      "2 validation errors detected: Value null at 'streamName' failed to satisfy
//      constraint: Member must not be null; Value '0' at 'shardCount' ...".
// Both are pure and thread-safe.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>

#include "core/shape/model.h"

namespace freshet::shape {

// Returns the SerializationException message of the first type mismatch, or nullopt.
std::optional<std::string> check_types(const ServiceModel& model, uint16_t shape,
                                       const boost::json::value& input);

// Returns AWS's ValidationException message, or nullopt when every constraint holds.
// Expects input that passed check_types.
std::optional<std::string> validate(const ServiceModel& model, uint16_t shape,
                                    const boost::json::value& input);

}  // namespace freshet::shape
