#include "mappings/engine/calls.h"

#include <boost/json.hpp>
#include <future>

namespace freshet::mappings {

namespace json = boost::json;

Result<json::value> call_sync(ServiceClient& client, std::string_view service,
                              std::string_view operation, json::value input, const Principal& as) {
    std::promise<Result<json::value>> promise;
    auto future = promise.get_future();
    client.call(service, operation, std::move(input), as,
                [&promise](Result<json::value> r) { promise.set_value(std::move(r)); });
    return future.get();
}

Result<FunctionInfo> function_info(const EngineDeps& deps, const std::string& name_or_arn) {
    FRESHET_TRY(out, call_sync(*deps.client, "lambda", "GetFunctionConfiguration",
                               json::object{{"FunctionName", name_or_arn}}, deps.account));
    const json::object& o = out.as_object();
    FunctionInfo f;
    f.name = std::string(o.at("FunctionName").as_string());
    f.arn = std::string(o.at("FunctionArn").as_string());
    f.role = std::string(o.at("Role").as_string());
    return f;
}

}  // namespace freshet::mappings
