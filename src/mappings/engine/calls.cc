#include "mappings/engine/calls.h"

#include <boost/json.hpp>

namespace freshet::mappings {

namespace json = boost::json;

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
