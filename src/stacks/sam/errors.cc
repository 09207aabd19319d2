// SAM's error texts (samtranslator/model/exceptions.py), as CloudFormation shows a failed
// transform in the change set's status reason.
#include <set>

#include "stacks/sam/internal.h"

namespace freshet::stacks::sam {

ApiError cause(std::string message) {
    return ApiError{"ValidationError", std::move(message), 400};
}

ApiError invalid_resource(std::string_view id, std::string_view reason) {
    return cause("Resource with id [" + std::string(id) + "] is invalid. " + std::string(reason));
}

std::string invalid_event(std::string_view event_id, std::string_view reason) {
    return "Event with id [" + std::string(event_id) + "] is invalid. " + std::string(reason);
}

std::string not_supported(std::string_view what) {
    return std::string(what) + " is not supported by Freshet's SAM transform.";
}

ApiError transform_failed(const std::vector<std::string>& causes) {
    // InvalidDocumentException keeps one cause per distinct message, in order.
    std::vector<std::string> unique;
    std::set<std::string> seen;
    for (const auto& c : causes)
        if (seen.insert(c).second) unique.push_back(c);
    std::string msg = std::string("Transform ") + kSamTransform +
                      " failed with: Invalid Serverless Application Specification document. "
                      "Number of errors found: " +
                      std::to_string(unique.size()) + ".";
    for (const auto& c : unique) msg += " " + c;
    return ApiError{"ValidationError", std::move(msg), 400};
}

}  // namespace freshet::stacks::sam
