// awsJson bodies: any bytes go through parse, type check and validation without crashing,
// and a body that passes both converts to the generated structs without throwing (the
// dispatcher relies on that).
#include <boost/json.hpp>

#include "core/shape/validate.h"
#include "fuzz/fuzzkinesis.gen.h"
#include "http/protocols/json_protocol.h"

using namespace freshet;
namespace km = fuzzkinesis::model;

template <class T>
void check(uint16_t shape, const boost::json::value& v) {
    const auto& m = km::service_model();
    if (shape::check_types(m, shape, v)) return;
    if (shape::validate(m, shape, v)) return;
    T in;
    from_json(v, in);
    (void)to_json(in);
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    auto body = http::decode_json_body(std::string_view(reinterpret_cast<const char*>(data), size),
                                       ErrorDialect{});
    if (!body.ok()) return 0;
    check<km::PutRecordInput>(km::kShapePutRecordInput, body.value());
    check<km::PutRecordsInput>(km::kShapePutRecordsInput, body.value());
    check<km::CreateStreamInput>(km::kShapeCreateStreamInput, body.value());
    check<km::GetShardIteratorInput>(km::kShapeGetShardIteratorInput, body.value());
    check<km::AddTagsToStreamInput>(km::kShapeAddTagsToStreamInput, body.value());
    return 0;
}
