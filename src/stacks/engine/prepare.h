// From a template body and the caller's parameters to what the engine runs: parse, resolve
// parameters, apply the SAM transform, validate, evaluate conditions and check capabilities.
// Every failure is CloudFormation's synchronous error for CreateStack/UpdateStack/
// CreateChangeSet/ValidateTemplate, so nothing starts with a template that cannot work.
//
// Thread-safety: pure.
#pragma once

#include <boost/json/object.hpp>
#include <map>
#include <string>
#include <vector>

#include "core/result.h"
#include "stacks/template/intrinsics.h"
#include "stacks/template/parameters.h"

namespace freshet::stacks {

struct Prepared {
    boost::json::object original;   // as parsed
    boost::json::object processed;  // after the transform
    Parameters parameters;
    std::map<std::string, bool> conditions;
    // What the template needs acknowledged: CAPABILITY_IAM, CAPABILITY_NAMED_IAM,
    // CAPABILITY_AUTO_EXPAND.
    std::vector<std::string> capabilities;
};

Result<Prepared> prepare(const std::string& body, const std::map<std::string, std::string>& given,
                         const Pseudo& pseudo);

// InsufficientCapabilitiesException unless `acknowledged` covers what `p` needs.
// `for_change_set`: CreateChangeSet does not need CAPABILITY_AUTO_EXPAND for a transform.
Result<void> check_capabilities(const Prepared& p, const std::vector<std::string>& acknowledged,
                                bool for_change_set);

// The resources whose Condition (if any) holds.
std::vector<std::string> active_resources(const Prepared& p);
std::vector<std::string> active_resources(const boost::json::object& processed,
                                          const std::map<std::string, bool>& conditions);

}  // namespace freshet::stacks
