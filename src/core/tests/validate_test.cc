// The validator against botocore's Kinesis model, with the texts AWS's Kinesis returns.
#include "core/shape/validate.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/testkinesis.gen.h"

namespace freshet::shape {
namespace {

namespace json = boost::json;
namespace km = testkinesis::model;

std::optional<std::string> types(uint16_t shape, std::string_view body) {
    return check_types(km::service_model(), shape, json::parse(body));
}
std::optional<std::string> constraints(uint16_t shape, std::string_view body) {
    return validate(km::service_model(), shape, json::parse(body));
}

TEST(CheckTypes, ScalarMismatchesUseAwsTexts) {
    auto s = km::kShapePutRecordInput;
    EXPECT_EQ(types(s, R"({"StreamName": 1})").value(),
              "class java.math.BigDecimal can not be converted to an String");
    EXPECT_EQ(types(s, R"({"StreamName": true})").value(),
              "class java.lang.Boolean can not be converted to an String");
    EXPECT_EQ(types(s, R"({"StreamName": []})").value(), "Start of list found where not expected");
    EXPECT_EQ(types(s, R"({"StreamName": {}})").value(),
              "Start of structure or map found where not expected.");
    EXPECT_EQ(types(km::kShapeCreateStreamInput, R"({"ShardCount": "1"})").value(),
              "class java.lang.String can not be converted to an Integer");
    EXPECT_FALSE(types(s, R"({"StreamName": "a", "Unknown": [1], "PartitionKey": null})"));
}

TEST(CheckTypes, BlobsAreCheckedAsBase64) {
    auto s = km::kShapePutRecordInput;
    EXPECT_EQ(types(s, R"({"Data": "abc"})").value(),
              "'abc' can not be converted to a Blob: Base64 encoded length is expected a "
              "multiple of 4 bytes but found: 3");
    EXPECT_EQ(types(s, R"({"Data": "ab!="})").value(),
              "'ab!=' can not be converted to a Blob: Invalid Base64 character: '!'");
    EXPECT_EQ(types(s, R"({"Data": "YR=="})").value(),
              "'YR==' can not be converted to a Blob: Invalid last non-pad Base64 character "
              "dectected");
    EXPECT_FALSE(types(s, R"({"Data": "YQ=="})"));
}

TEST(CheckTypes, ContainersAndNesting) {
    auto s = km::kShapePutRecordsInput;
    EXPECT_EQ(types(s, R"({"Records": "x"})").value(), "Expected list or null");
    EXPECT_EQ(types(s, R"({"Records": [1]})").value(), "Expected null");
    EXPECT_EQ(types(s, R"({"Records": [{"PartitionKey": 5}]})").value(),
              "class java.math.BigDecimal can not be converted to an String");
    EXPECT_EQ(types(km::kShapeAddTagsToStreamInput, R"({"Tags": []})").value(),
              "Start of list found where not expected");
    EXPECT_EQ(types(km::kShapeAddTagsToStreamInput, R"({"Tags": 1})").value(),
              "Expected map or null");
}

TEST(Validate, RequiredMembers) {
    // Which members are required depends on the model's age: since StreamARN, StreamName is
    // optional for PutRecord. Data and PartitionKey always are.
    const auto& m = km::service_model();
    const auto& shape = m.shape(km::kShapePutRecordInput);
    size_t required = 0;
    for (uint16_t i = 0; i < shape.member_count; ++i) required += shape.members[i].required;
    auto msg = constraints(km::kShapePutRecordInput, "{}").value();
    EXPECT_EQ(msg.rfind(std::to_string(required) + " validation errors detected: ", 0), 0u) << msg;
    EXPECT_NE(msg.find("Value null at 'partitionKey' failed to satisfy constraint: Member must "
                       "not be null"),
              std::string::npos);
    EXPECT_NE(msg.find("Value null at 'data'"), std::string::npos);
}

TEST(Validate, PatternLengthRangeAndEnum) {
    EXPECT_EQ(constraints(km::kShapeCreateStreamInput, R"({"StreamName": "a b", "ShardCount": 1})")
                  .value(),
              "1 validation error detected: Value 'a b' at 'streamName' failed to satisfy "
              "constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
    EXPECT_EQ(
        constraints(km::kShapeCreateStreamInput, R"({"StreamName": "s", "ShardCount": 0})").value(),
        "1 validation error detected: Value '0' at 'shardCount' failed to satisfy "
        "constraint: Member must have value greater than or equal to 1");
    std::string long_name(129, 'a');
    EXPECT_EQ(constraints(km::kShapeCreateStreamInput,
                          R"({"ShardCount": 1, "StreamName": ")" + long_name + "\"}")
                  .value(),
              "1 validation error detected: Value '" + long_name +
                  "' at 'streamName' failed to satisfy constraint: Member must have length less "
                  "than or equal to 128");
    EXPECT_EQ(
        constraints(km::kShapeGetShardIteratorInput,
                    R"({"StreamName": "s", "ShardId": "shardId-0", "ShardIteratorType": "X"})")
            .value(),
        "1 validation error detected: Value 'X' at 'shardIteratorType' failed to satisfy "
        "constraint: Member must satisfy enum value set: [AT_SEQUENCE_NUMBER, "
        "AFTER_SEQUENCE_NUMBER, TRIM_HORIZON, LATEST, AT_TIMESTAMP]");
}

TEST(Validate, BlobLengthIsInBytesAndPrintedAsJavaBuffer) {
    // The record size limit is the model's (1 MiB in older models, 10 MiB since 2025).
    const auto& data = km::service_model().shape(km::service_model().find_shape("Data"));
    ASSERT_TRUE(data.has_max);
    size_t limit = static_cast<size_t>(data.max);
    std::string encoded = base64_encode(std::string(limit + 1, 'x'));
    auto msg =
        constraints(km::kShapePutRecordInput,
                    R"({"StreamName": "s", "PartitionKey": "k", "Data": ")" + encoded + "\"}");
    std::string n = std::to_string(limit + 1);
    EXPECT_EQ(msg.value(),
              "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=" + n +
                  " cap=" + n +
                  "]' at 'data' failed to satisfy constraint: Member must have length "
                  "less than or equal to " +
                  std::to_string(limit));
    EXPECT_FALSE(constraints(km::kShapePutRecordInput,
                             R"({"StreamName": "s", "PartitionKey": "k", "Data": ")" +
                                 base64_encode(std::string(limit, 'x')) + "\"}"));
}

TEST(Validate, NestedListPathsAndTheTenErrorCap) {
    json::array records;
    for (int i = 0; i < 12; ++i) records.push_back(json::object{{"Data", ""}});
    json::object input{{"StreamName", "s"}, {"Records", records}};
    auto msg = validate(km::service_model(), km::kShapePutRecordsInput, input).value();
    EXPECT_EQ(msg.rfind("10 validation errors detected: ", 0), 0u) << msg;
    EXPECT_NE(msg.find("Value null at 'records.1.member.partitionKey' failed to satisfy "
                       "constraint: Member must not be null"),
              std::string::npos);
}

TEST(Validate, UnicodePatternsAndLengthsCountCodePoints) {
    // Tag values allow any Unicode letter; length is counted in characters, not bytes.
    auto ok = constraints(km::kShapeAddTagsToStreamInput,
                          R"({"StreamName": "s", "Tags": {"k": "\u00e9t\u00e9"}})");
    EXPECT_FALSE(ok) << ok.value_or("");
}

TEST(Generated, RoundTripThroughStructs) {
    km::PutRecordInput in;
    from_json(json::parse(R"({"StreamName":"s","PartitionKey":"k","Data":"aGk="})"), in);
    EXPECT_EQ(in.StreamName, "s");
    EXPECT_EQ(in.Data, "hi");
    EXPECT_FALSE(in.ExplicitHashKey.has_value());
    EXPECT_EQ(json::serialize(to_json(in)),
              R"({"StreamName":"s","Data":"aGk=","PartitionKey":"k"})");
}

}  // namespace
}  // namespace freshet::shape
