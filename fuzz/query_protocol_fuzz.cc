// The query protocol: any form body decodes into any IAM operation's input without crashing,
// and what passes the type check converts to the generated structs and back.
#include <boost/json.hpp>

#include "core/shape/validate.h"
#include "fuzz/fuzziam.gen.h"
#include "http/protocols/query_protocol.h"

using namespace freshet;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto params = http::parse_form(text);
    if (!params) return 0;
    const auto& m = fuzziam::model::service_model();
    for (size_t i = 0; i < m.operation_count; ++i) {
        const auto& op = m.operations[i];
        auto input = http::decode_query(m, op.input, *params);
        if (shape::check_types(m, op.input, input)) continue;
        (void)shape::validate(m, op.input, input);
        (void)http::encode_query_result(m, op, input, "request-id");
    }
    fuzziam::model::CreateUserRequest user;
    auto input = http::decode_query(m, fuzziam::model::kShapeCreateUserRequest, *params);
    if (!shape::check_types(m, fuzziam::model::kShapeCreateUserRequest, input) &&
        !shape::validate(m, fuzziam::model::kShapeCreateUserRequest, input)) {
        from_json(input, user);  // must not throw on validated input
        (void)to_json(user);
    }
    return 0;
}
