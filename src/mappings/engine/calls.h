// What the engine needs from the server, and blocking lookups through the in-process client
// (core/client.h's call_sync: never on an IO thread).
#pragma once

#include <boost/json/value.hpp>
#include <functional>
#include <string>
#include <string_view>

#include "core/client.h"
#include "core/clock.h"
#include "core/principal.h"
#include "core/result.h"

namespace freshet::mappings {

// What the engine needs from the rest of the server, handed over by app/ at start-up.
struct EngineDeps {
    ServiceClient* client = nullptr;
    // Credentials of the function's execution role, as Lambda assumes it (the role's trust
    // policy must allow lambda.amazonaws.com). The principal carries its expiry.
    std::function<Result<Principal>(const std::string& role_arn, const std::string& session)>
        assume_role;
    // The account's root: reads function configurations and invokes functions, as Lambda's
    // own service does (the execution role needs no lambda:InvokeFunction).
    Principal account;
    std::string region = "us-east-1";
    const Clock* clock = &system_clock();
};

// The function's ARN and execution role, by name or ARN.
struct FunctionInfo {
    std::string name;
    std::string arn;
    std::string role;
};
Result<FunctionInfo> function_info(const EngineDeps& deps, const std::string& name_or_arn);

}  // namespace freshet::mappings
