// The REST-XML codec against S3's generated model: routing by method, path, sub-resource and
// required members; input binding; XML and header output; S3's error document.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "http/protocols/rest_xml_protocol.h"
#include "http/s3_stream.h"
#include "objects/s3.gen.h"

namespace freshet::http {
namespace {

namespace json = boost::json;
const auto& kModel = objects::model::service_model();

Request req(std::string method, std::string path, std::string query = "",
            std::vector<Header> headers = {}, std::string body = "") {
    Request r;
    r.method = std::move(method);
    r.path = std::move(path);
    r.query = std::move(query);
    r.headers = std::move(headers);
    r.body = std::move(body);
    return r;
}

std::string route(const Request& r) {
    auto m = match_rest_xml_operation(kModel, r, r.path);
    if (m.unsupported_subresource) return "NotImplemented";
    return m.op ? m.op->name : "none";
}

TEST(RestXml, Routes) {
    EXPECT_EQ(route(req("GET", "/")), "ListBuckets");
    EXPECT_EQ(route(req("PUT", "/b")), "CreateBucket");
    EXPECT_EQ(route(req("HEAD", "/b")), "HeadBucket");
    EXPECT_EQ(route(req("GET", "/b")), "ListObjects");
    EXPECT_EQ(route(req("GET", "/b/")), "ListObjects");
    EXPECT_EQ(route(req("GET", "/b", "list-type=2&prefix=a")), "ListObjectsV2");
    EXPECT_EQ(route(req("GET", "/b", "location")), "GetBucketLocation");
    EXPECT_EQ(route(req("POST", "/b", "delete")), "DeleteObjects");
    EXPECT_EQ(route(req("PUT", "/b/k/x")), "PutObject");
    EXPECT_EQ(route(req("PUT", "/b/k", "", {{"x-amz-copy-source", "/b/j"}})), "CopyObject");
    EXPECT_EQ(route(req("PUT", "/b/k", "partNumber=1&uploadId=u")), "UploadPart");
    EXPECT_EQ(route(req("POST", "/b/k", "uploads")), "CreateMultipartUpload");
    EXPECT_EQ(route(req("POST", "/b/k", "uploadId=u")), "CompleteMultipartUpload");
    EXPECT_EQ(route(req("DELETE", "/b/k", "uploadId=u")), "AbortMultipartUpload");
    EXPECT_EQ(route(req("GET", "/b/k", "uploadId=u")), "ListParts");
    EXPECT_EQ(route(req("GET", "/b", "uploads")), "ListMultipartUploads");
    EXPECT_EQ(route(req("GET", "/b/k")), "GetObject");
    EXPECT_EQ(route(req("DELETE", "/b/k")), "DeleteObject");
    // Sub-resources of operations not implemented.
    EXPECT_EQ(route(req("GET", "/b", "acl")), "NotImplemented");
    EXPECT_EQ(route(req("PUT", "/b", "versioning")), "NotImplemented");
    EXPECT_EQ(route(req("GET", "/b", "lifecycle")), "NotImplemented");
    EXPECT_EQ(route(req("GET", "/b/k", "tagging")), "NotImplemented");
}

// The operations whose payload the transport streams: blob payloads in, and out.
TEST(RestXml, BlobPayloads) {
    auto op = [](const char* name) { return kModel.find_operation(name); };
    EXPECT_TRUE(blob_payload(kModel, op("PutObject")->input));
    EXPECT_TRUE(blob_payload(kModel, op("UploadPart")->input));
    EXPECT_TRUE(blob_payload(kModel, op("GetObject")->output));
    EXPECT_FALSE(blob_payload(kModel, op("GetObject")->input));
    EXPECT_FALSE(blob_payload(kModel, op("HeadObject")->output));
    EXPECT_FALSE(blob_payload(kModel, op("CreateBucket")->input));  // an XML document
    EXPECT_FALSE(blob_payload(kModel, op("CopyObject")->input));
    EXPECT_FALSE(blob_payload(kModel, op("ListBuckets")->input));  // no input at all
}

TEST(RestXml, BindsPathQueryHeadersAndBody) {
    Request r = req("PUT", "/b/dir/a%20b%2Bc", "",
                    {{"Content-Type", "text/plain"}, {"X-Amz-Meta-Color", "blue"}}, "data");
    auto m = match_rest_xml_operation(kModel, r, r.path);
    ASSERT_TRUE(m.op);
    auto in = decode_rest_xml(kModel, *m.op, r, r.path);
    ASSERT_TRUE(in.ok());
    const auto& o = in.value().as_object();
    EXPECT_EQ(o.at("Bucket"), "b");
    EXPECT_EQ(o.at("Key"), "dir/a b+c");
    EXPECT_EQ(o.at("ContentType"), "text/plain");
    EXPECT_EQ(o.at("Metadata").as_object().at("color"), "blue");
    EXPECT_EQ(o.at("Body"), "ZGF0YQ==");
}

TEST(RestXml, ParsesXmlPayloads) {
    std::string body =
        R"(<?xml version="1.0"?><CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">)"
        R"(<Part><ETag>"e1"</ETag><PartNumber>1</PartNumber></Part>)"
        R"(<Part><ETag>"e2"</ETag><PartNumber>2</PartNumber></Part></CompleteMultipartUpload>)";
    Request r = req("POST", "/b/k", "uploadId=u", {}, body);
    auto m = match_rest_xml_operation(kModel, r, r.path);
    auto in = decode_rest_xml(kModel, *m.op, r, r.path);
    ASSERT_TRUE(in.ok());
    const auto& parts = in.value().at("MultipartUpload").at("Parts").as_array();
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[1].at("PartNumber"), 2);
    EXPECT_EQ(parts[1].at("ETag"), "\"e2\"");
    EXPECT_EQ(in.value().at("UploadId"), "u");

    Request bad = req("POST", "/b/k", "uploadId=u", {}, "<Complete");
    auto e = decode_rest_xml(kModel, *m.op, bad, bad.path);
    ASSERT_FALSE(e.ok());
    EXPECT_EQ(e.error().code, "MalformedXML");
}

TEST(RestXml, EncodesListsAndHeaders) {
    const auto* op = kModel.find_operation("ListObjectsV2");
    json::value out = json::parse(
        R"({"Name":"b","IsTruncated":false,"KeyCount":1,
            "Contents":[{"Key":"k&","Size":3,"ETag":"\"e\"","LastModified":0}],
            "CommonPrefixes":[{"Prefix":"p/"}]})");
    Response r = encode_rest_xml(kModel, *op, out, "rid", false);
    EXPECT_EQ(r.status, 200);
    EXPECT_NE(r.body.find(R"(<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">)"),
              std::string::npos);
    EXPECT_NE(r.body.find("<Contents><Key>k&amp;</Key>"), std::string::npos);
    EXPECT_NE(r.body.find("<LastModified>1970-01-01T00:00:00.000Z</LastModified>"),
              std::string::npos);
    EXPECT_NE(r.body.find("<CommonPrefixes><Prefix>p/</Prefix></CommonPrefixes>"),
              std::string::npos);

    const auto* get = kModel.find_operation("GetObject");
    Response g = encode_rest_xml(
        kModel, *get,
        json::parse(R"({"Body":"ZGF0YQ==","ContentRange":"bytes 0-3/10","ContentLength":4,
                        "ETag":"\"e\"","Metadata":{"color":"blue"},"LastModified":0})"),
        "rid", false);
    EXPECT_EQ(g.status, 206);
    EXPECT_EQ(g.body, "data");
    EXPECT_EQ(*g.header("x-amz-meta-color"), "blue");
    EXPECT_EQ(*g.header("Last-Modified"), "Thu, 01 Jan 1970 00:00:00 GMT");
    EXPECT_EQ(g.header("Content-Length"), nullptr);  // the server writes it from the body

    const auto* loc = kModel.find_operation("GetBucketLocation");
    Response l = encode_rest_xml(kModel, *loc, json::parse(R"({})"), "rid", false);
    EXPECT_NE(
        l.body.find(
            R"(<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></LocationConstraint>)"),
        std::string::npos);
}

TEST(RestXml, ErrorDocument) {
    ApiError e{"NoSuchKey", "The specified key does not exist.", 404};
    e.details = {{"Key", "a<b"}};
    Response r = rest_xml_error(e, "rid", false);
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.body, R"(<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code>)"
                      R"(<Message>The specified key does not exist.</Message><Key>a&lt;b</Key>)"
                      R"(<RequestId>rid</RequestId><HostId>rid</HostId></Error>)");
    EXPECT_TRUE(rest_xml_error(e, "rid", true).body.empty());
}

TEST(RestXml, HttpDates) {
    auto t = parse_rfc1123("Wed, 21 Oct 2015 07:28:00 GMT");
    ASSERT_TRUE(t);
    EXPECT_EQ(epoch_millis(*t), 1445412480000);
    EXPECT_FALSE(parse_rfc1123("yesterday"));
}

}  // namespace
}  // namespace freshet::http
