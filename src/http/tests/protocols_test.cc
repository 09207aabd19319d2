// The protocol codecs against real models: Lambda (REST-JSON) and IAM (query).
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "http/protocols/json_protocol.h"
#include "http/protocols/query_protocol.h"
#include "http/protocols/rest_json_protocol.h"
#include "http/testiam.gen.h"
#include "http/testlambda.gen.h"

namespace freshet::http {
namespace {

namespace json = boost::json;

Request make(std::string method, std::string path, std::string query = "", std::string body = "",
             std::vector<Header> headers = {}) {
    Request r;
    r.method = std::move(method);
    r.path = std::move(path);
    r.query = std::move(query);
    r.body = std::move(body);
    r.headers = std::move(headers);
    return r;
}

TEST(RestJson, RoutesByMethodAndTemplate) {
    const auto& m = testlambda::model::service_model();
    EXPECT_STREQ(match_rest_operation(m, "POST", "/2015-03-31/functions/f/invocations", "")->name,
                 "Invoke");
    EXPECT_STREQ(match_rest_operation(m, "GET", "/2015-03-31/functions/f", "")->name,
                 "GetFunction");
    EXPECT_STREQ(match_rest_operation(m, "DELETE", "/2015-03-31/functions/f", "")->name,
                 "DeleteFunction");
    EXPECT_STREQ(match_rest_operation(m, "GET", "/2015-03-31/functions/", "")->name,
                 "ListFunctions");
    EXPECT_STREQ(match_rest_operation(m, "POST", "/2015-03-31/functions", "")->name,
                 "CreateFunction");
    EXPECT_STREQ(match_rest_operation(m, "GET", "/2015-03-31/functions/f/policy", "")->name,
                 "GetPolicy");
    EXPECT_EQ(match_rest_operation(m, "PUT", "/2015-03-31/functions/f", ""), nullptr);
    EXPECT_EQ(match_rest_operation(m, "GET", "/2015-03-31/nothing/f", ""), nullptr);
}

TEST(RestJson, BindsLabelsQueryHeadersAndRawPayload) {
    const auto& m = testlambda::model::service_model();
    auto req =
        make("POST",
             "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A1%3Afunction%3Af/invocations",
             "Qualifier=live", "{\"a\":1}",
             {{"X-Amz-Invocation-Type", "Event"}, {"X-Amz-Log-Type", "Tail"}});
    const auto* op = match_rest_operation(m, req.method, req.path, req.query);
    ASSERT_NE(op, nullptr);
    auto in = decode_rest_json(m, *op, req, ErrorDialect{}).value();
    EXPECT_EQ(in.at("FunctionName"), "arn:aws:lambda:us-east-1:1:function:f");
    EXPECT_EQ(in.at("Qualifier"), "live");
    EXPECT_EQ(in.at("InvocationType"), "Event");
    EXPECT_EQ(in.at("LogType"), "Tail");
    EXPECT_EQ(in.at("Payload"), "eyJhIjoxfQ==");  // the body, raw, as a base64 blob
}

TEST(RestJson, IntegerQueryAndJsonBody) {
    const auto& m = testlambda::model::service_model();
    auto list = make("GET", "/2015-03-31/functions/", "MaxItems=5&Marker=abc");
    auto in = decode_rest_json(m, *match_rest_operation(m, "GET", list.path, list.query), list,
                               ErrorDialect{})
                  .value();
    EXPECT_EQ(in.at("MaxItems"), 5);
    EXPECT_EQ(in.at("Marker"), "abc");
    auto create = make("POST", "/2015-03-31/functions", "",
                       R"({"FunctionName":"f","Runtime":"nodejs20.x","Unknown":1})");
    auto cin = decode_rest_json(m, *match_rest_operation(m, "POST", create.path, ""), create,
                                ErrorDialect{})
                   .value();
    EXPECT_EQ(cin.at("FunctionName"), "f");
    EXPECT_FALSE(cin.as_object().contains("Unknown"));
    auto bad = make("POST", "/2015-03-31/functions", "", "{nope");
    EXPECT_EQ(
        decode_rest_json(m, *match_rest_operation(m, "POST", bad.path, ""), bad, ErrorDialect{})
            .error()
            .code,
        "SerializationException");
}

TEST(RestJson, EncodesStatusHeadersAndPayload) {
    const auto& m = testlambda::model::service_model();
    const auto* invoke = m.find_operation("Invoke");
    json::value out = {{"StatusCode", 202}, {"FunctionError", "Unhandled"}, {"Payload", "aGk="}};
    Response r = encode_rest_json(m, *invoke, out, "req-1");
    EXPECT_EQ(r.status, 202);
    EXPECT_EQ(*r.header("X-Amz-Function-Error"), "Unhandled");
    EXPECT_EQ(r.body, "hi");
    const auto* create = m.find_operation("CreateFunction");
    Response c = encode_rest_json(m, *create, json::value{{"FunctionName", "f"}}, "req-2");
    EXPECT_EQ(c.status, 201);
    EXPECT_EQ(json::parse(c.body).at("FunctionName"), "f");
    Response e = rest_json_error(
        ApiError{"ResourceNotFoundException", "Function not found", 404, true, true}, "req-3");
    EXPECT_EQ(e.status, 404);
    EXPECT_EQ(*e.header("x-amzn-ErrorType"), "ResourceNotFoundException");
    EXPECT_EQ(json::parse(e.body).at("Message"), "Function not found");
}

TEST(Query, DecodesListsOfStructuresAndScalars) {
    const auto& m = testiam::model::service_model();
    auto params = parse_form(
                      "Action=CreateUser&UserName=bob&Path=%2Fteam%2F&Tags.member.2.Key=b"
                      "&Tags.member.2.Value=2&Tags.member.1.Key=a&Tags.member.1.Value=1")
                      .value();
    auto in = decode_query(m, m.find_operation("CreateUser")->input, params);
    EXPECT_EQ(in.at("UserName"), "bob");
    EXPECT_EQ(in.at("Path"), "/team/");
    EXPECT_EQ(json::serialize(in.at("Tags")),
              R"([{"Key":"a","Value":"1"},{"Key":"b","Value":"2"}])");
    auto list = decode_query(m, m.find_operation("ListUsers")->input,
                             parse_form("Action=ListUsers&MaxItems=10").value());
    EXPECT_EQ(list.at("MaxItems"), 10);
    EXPECT_FALSE(parse_form("a=%zz").has_value());
}

TEST(Query, EncodesResultWrappersListsAndTimestamps) {
    const auto& m = testiam::model::service_model();
    json::value out = {{"Users", json::array{{{"UserName", "bob"},
                                              {"UserId", "AIDA1"},
                                              {"Arn", "arn:aws:iam::1:user/bob"},
                                              {"Path", "/"},
                                              {"CreateDate", 1440938160.0}}}},
                       {"IsTruncated", false}};
    std::string xml = encode_query_result(m, *m.find_operation("ListUsers"), out, "rid");
    EXPECT_NE(xml.find("<ListUsersResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"
                       "<ListUsersResult><Users><member><Path>/</Path><UserName>bob</UserName>"),
              std::string::npos)
        << xml;
    EXPECT_NE(xml.find("<CreateDate>2015-08-30T12:36:00Z</CreateDate>"), std::string::npos) << xml;
    EXPECT_NE(xml.find("<IsTruncated>false</IsTruncated></ListUsersResult><ResponseMetadata>"
                       "<RequestId>rid</RequestId></ResponseMetadata></ListUsersResponse>"),
              std::string::npos)
        << xml;
    std::string err = encode_query_error("ns", ApiError{"NoSuchEntity", "a < b", 404}, "rid");
    EXPECT_NE(err.find("<Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>a &lt; b"
                       "</Message></Error><RequestId>rid</RequestId>"),
              std::string::npos)
        << err;
}

TEST(Json, BodiesAndErrors) {
    EXPECT_TRUE(decode_json_body("  ", ErrorDialect{}).value().as_object().empty());
    auto bad = decode_json_body("[1]", ErrorDialect{});
    EXPECT_EQ(bad.error().code, "SerializationException");
    Response r =
        json_error_response("1.1", ApiError{"ResourceNotFoundException", "gone", 400}, "x");
    EXPECT_EQ(r.body, R"({"__type":"ResourceNotFoundException","message":"gone"})");
    EXPECT_EQ(*r.header("Content-Type"), "application/x-amz-json-1.1");
}

}  // namespace
}  // namespace freshet::http
