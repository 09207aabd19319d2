// REST-JSON: any method, path, query, headers and body route and bind without crashing, and
// validated input converts to the generated structs.
#include <boost/json.hpp>

#include "core/shape/validate.h"
#include "fuzz/fuzzlambda.gen.h"
#include "fuzz_util.h"
#include "http/protocols/rest_json_protocol.h"

using namespace freshet;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    auto f = fuzz::split_fields(data, size, 5);  // method, path, query, header value, body
    http::Request req;
    req.method = std::string(f[0]);
    req.path = std::string(f[1]);
    req.query = std::string(f[2]);
    req.headers = {{"X-Amz-Invocation-Type", std::string(f[3])},
                   {"X-Amz-Client-Context", std::string(f[3])}};
    req.body = std::string(f[4]);
    const auto& m = fuzzlambda::model::service_model();
    const auto* op = http::match_rest_operation(m, req.method, req.path, req.query);
    if (!op) return 0;
    auto input = http::decode_rest_json(m, *op, req, ErrorDialect{});
    if (!input.ok() || shape::check_types(m, op->input, input.value())) return 0;
    (void)shape::validate(m, op->input, input.value());
    (void)http::encode_rest_json(m, *op, input.value(), "request-id");
    return 0;
}
