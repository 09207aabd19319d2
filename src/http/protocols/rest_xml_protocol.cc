#include "http/protocols/rest_xml_protocol.h"

#include <fmt/format.h>

#include <array>
#include <boost/json.hpp>
#include <ctime>
#include <vector>

#include "core/encoding.h"
#include "http/protocols/query_protocol.h"
#include "http/protocols/xml_reader.h"
#include "http/protocols/xml_writer.h"

namespace freshet::http {
namespace {

namespace json = boost::json;
using shape::Member;
using shape::ServiceModel;
using shape::Shape;
using shape::Type;

constexpr std::string_view kS3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

// S3's sub-resources (the query keys that select another API on the same path). A request
// with one that the matched operation does not name is for an operation Freshet lacks.
constexpr std::string_view kSubresources[] = {"accelerate",
                                              "acl",
                                              "analytics",
                                              "attributes",
                                              "cors",
                                              "delete",
                                              "encryption",
                                              "intelligent-tiering",
                                              "inventory",
                                              "legal-hold",
                                              "lifecycle",
                                              "location",
                                              "logging",
                                              "metadataTable",
                                              "metrics",
                                              "notification",
                                              "object-lock",
                                              "ownershipControls",
                                              "policy",
                                              "policyStatus",
                                              "publicAccessBlock",
                                              "replication",
                                              "requestPayment",
                                              "restore",
                                              "retention",
                                              "select",
                                              "session",
                                              "tagging",
                                              "torrent",
                                              "uploads",
                                              "versioning",
                                              "versions",
                                              "website",
                                              "renameObject",
                                              "list-type",
                                              "uploadId",
                                              "partNumber",
                                              "versionId"};

std::vector<std::string_view> split(std::string_view path) {
    std::vector<std::string_view> out;
    if (!path.empty() && path[0] == '/') path.remove_prefix(1);
    if (path.empty()) return out;
    size_t start = 0;
    while (true) {
        size_t slash = path.find('/', start);
        if (slash == std::string_view::npos) {
            out.push_back(path.substr(start));
            break;
        }
        out.push_back(path.substr(start, slash - start));
        start = slash + 1;
    }
    return out;
}

// Matches a template made of labels ("{Bucket}", greedy "{Key+}") against the path; fills
// decoded labels. A greedy label takes the (non-empty) rest of the path, slashes included; a
// single trailing slash after the last plain label is accepted ("/bucket/").
bool match_path(std::string_view tmpl, std::string_view path, json::object* labels) {
    auto t = split(tmpl);
    std::string_view rest = path.empty() || path[0] != '/' ? path : path.substr(1);
    for (size_t i = 0; i < t.size(); ++i) {
        std::string_view seg = t[i];
        if (seg.size() < 3 || seg.front() != '{' || seg.back() != '}') return false;
        bool greedy = seg[seg.size() - 2] == '+';
        std::string_view name = seg.substr(1, seg.size() - (greedy ? 3 : 2));
        std::string_view value;
        if (greedy) {
            value = rest;
            rest = {};
        } else {
            size_t slash = rest.find('/');
            value = rest.substr(0, slash);
            rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
            if (i + 1 < t.size() && slash == std::string_view::npos) return false;
        }
        if (value.empty()) return false;
        auto decoded = percent_decode(value, false);
        if (!decoded) return false;
        if (labels) (*labels)[name] = *decoded;
    }
    return rest.empty();
}

bool is_subresource(std::string_view key) {
    for (auto s : kSubresources) {
        if (s == key) return true;
    }
    return false;
}

std::string wire_name(const Member& m) {
    return *m.location_name ? m.location_name : m.name;
}

// Scores how well `op` fits; -1 when it does not.
int score(const ServiceModel& model, const shape::Operation& op, const Request& req,
          std::string_view path, const FormParams& query, std::string& literal_key) {
    if (req.method != op.http_method) return -1;
    std::string_view uri = op.request_uri;
    size_t q = uri.find('?');
    if (!match_path(uri.substr(0, q), path, nullptr)) return -1;
    int points = 0;
    literal_key.clear();
    if (q != std::string_view::npos) {
        std::string_view lit = uri.substr(q + 1);
        size_t eq = lit.find('=');
        std::string key(lit.substr(0, eq));
        const std::string* v = form_value(query, key);
        if (key != "x-id") {
            if (!v) return -1;
            if (eq != std::string_view::npos && *v != lit.substr(eq + 1)) return -1;
            literal_key = key;
            points += 4;
        }
    }
    if (op.input != shape::kNone) {
        const Shape& in = model.shape(op.input);
        for (uint16_t i = 0; i < in.member_count; ++i) {
            const Member& m = in.members[i];
            if (!m.required) continue;
            std::string_view loc = m.location;
            if (loc == "querystring") {
                if (!form_value(query, wire_name(m))) return -1;
                ++points;
            } else if (loc == "header") {
                if (!req.header(wire_name(m))) return -1;
                ++points;
            }
        }
    }
    return points;
}

json::value header_scalar(const Shape& s, const std::string& text) {
    if (s.type == Type::Timestamp) {
        if (auto t = parse_rfc1123(text)) return json::value(epoch_seconds(*t));
    }
    return scalar_from_text(s, text);
}

json::value from_xml(const ServiceModel& m, uint16_t index, const XmlNode& node);

// The items of a list member inside `parent`: flattened lists repeat the member's element.
json::array list_from_xml(const ServiceModel& m, const Member& mem, const XmlNode& parent) {
    const Shape& ls = m.shape(mem.shape);
    json::array items;
    std::string name = wire_name(mem);
    if (mem.flattened || ls.flattened) {
        for (const auto& c : parent.children)
            if (c.name == name) items.push_back(from_xml(m, ls.member, c));
        return items;
    }
    if (const XmlNode* wrapper = parent.child(name)) {
        std::string item = *ls.member_name ? ls.member_name : "member";
        for (const auto& c : wrapper->children)
            if (c.name == item) items.push_back(from_xml(m, ls.member, c));
    }
    return items;
}

json::value from_xml(const ServiceModel& m, uint16_t index, const XmlNode& node) {
    const Shape& s = m.shape(index);
    if (s.type != Type::Structure) return scalar_from_text(s, node.text);
    json::object out;
    for (uint16_t i = 0; i < s.member_count; ++i) {
        const Member& mem = s.members[i];
        if (m.shape(mem.shape).type == Type::List) {
            json::array items = list_from_xml(m, mem, node);
            if (!items.empty()) out[mem.name] = std::move(items);
        } else if (const XmlNode* c = node.child(wire_name(mem))) {
            out[mem.name] = from_xml(m, mem.shape, *c);
        }
    }
    return out;
}

void bind_member(const ServiceModel& m, const Member& mem, const Request& req,
                 const json::object& labels, const FormParams& query, json::object& out) {
    std::string_view loc = mem.location;
    std::string wire = wire_name(mem);
    const Shape& s = m.shape(mem.shape);
    if (loc == "uri") {
        if (auto* v = labels.if_contains(wire))
            out[mem.name] = scalar_from_text(s, std::string(v->as_string()));
    } else if (loc == "querystring") {
        if (const std::string* v = form_value(query, wire)) out[mem.name] = scalar_from_text(s, *v);
    } else if (loc == "header") {
        if (const std::string* v = req.header(wire)) out[mem.name] = header_scalar(s, *v);
    } else if (loc == "headers") {
        // S3 keeps user metadata names in lower case.
        json::object map;
        for (const auto& h : req.headers) {
            if (h.name.size() > wire.size() &&
                iequals(std::string_view(h.name).substr(0, wire.size()), wire)) {
                std::string key = h.name.substr(wire.size());
                for (char& c : key)
                    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                map[key] = h.value;
            }
        }
        if (!map.empty()) out[mem.name] = std::move(map);
    }
}

std::string text_of(const Shape& s, const json::value& v, bool header) {
    if (s.type == Type::Timestamp && v.is_number()) {
        TimePoint t = from_epoch_millis(static_cast<int64_t>(v.to_number<double>() * 1000));
        return header ? http_date(t) : iso8601(t, true);
    }
    if (v.is_string()) return std::string(v.get_string());
    if (v.is_bool()) return v.get_bool() ? "true" : "false";
    if (v.is_int64()) return std::to_string(v.get_int64());
    if (v.is_uint64()) return std::to_string(v.get_uint64());
    if (v.is_double()) return fmt::format("{}", v.get_double());
    return json::serialize(v);
}

void write_value(const ServiceModel& m, uint16_t index, const json::value& v, XmlWriter& w,
                 const std::string& name);

void write_members(const ServiceModel& m, const Shape& s, const json::object& o, XmlWriter& w) {
    for (uint16_t i = 0; i < s.member_count; ++i) {
        const Member& mem = s.members[i];
        if (*mem.location) continue;
        const json::value* v = o.if_contains(mem.name);
        if (!v || v->is_null()) continue;
        const Shape& ms = m.shape(mem.shape);
        std::string name = wire_name(mem);
        if (ms.type == Type::List && v->is_array()) {
            bool flat = mem.flattened || ms.flattened;
            std::string item = flat ? name : (*ms.member_name ? ms.member_name : "member");
            if (!flat) w.open(name);
            for (const auto& e : v->get_array()) write_value(m, ms.member, e, w, item);
            if (!flat) w.close(name);
        } else {
            write_value(m, mem.shape, *v, w, name);
        }
    }
}

void write_value(const ServiceModel& m, uint16_t index, const json::value& v, XmlWriter& w,
                 const std::string& name) {
    const Shape& s = m.shape(index);
    if (s.type == Type::Structure && v.is_object()) {
        w.open(name);
        write_members(m, s, v.get_object(), w);
        w.close(name);
        return;
    }
    w.element(name, text_of(s, v, false));
}

// S3's root elements, which botocore's model does not name.
std::string_view root_element(std::string_view output_shape) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kRoots = {{
        {"ListBucketsOutput", "ListAllMyBucketsResult"},
        {"ListObjectsOutput", "ListBucketResult"},
        {"ListObjectsV2Output", "ListBucketResult"},
        {"CreateMultipartUploadOutput", "InitiateMultipartUploadResult"},
        {"CompleteMultipartUploadOutput", "CompleteMultipartUploadResult"},
        {"ListPartsOutput", "ListPartsResult"},
        {"DeleteObjectsOutput", "DeleteResult"},
        {"CreateBucketOutput", "CreateBucketResult"},
    }};
    for (const auto& [shape, root] : kRoots) {
        if (shape == output_shape) return root;
    }
    return {};
}

}  // namespace

std::optional<TimePoint> parse_rfc1123(std::string_view text) {
    std::tm tm{};
    std::string s(text);
    const char* end = strptime(s.c_str(), "%a, %d %b %Y %H:%M:%S", &tm);
    if (!end) return std::nullopt;
    return std::chrono::system_clock::from_time_t(timegm(&tm));
}

RestXmlMatch match_rest_xml_operation(const ServiceModel& model, const Request& req,
                                      std::string_view path) {
    auto query = parse_form(req.query).value_or(FormParams{});
    RestXmlMatch best;
    int best_score = -1;
    std::string best_literal;
    for (size_t i = 0; i < model.operation_count; ++i) {
        std::string literal;
        int s = score(model, model.operations[i], req, path, query, literal);
        if (s > best_score) {
            best.op = &model.operations[i];
            best_score = s;
            best_literal = literal;
        }
    }
    if (!best.op) return best;
    // Sub-resource keys the chosen operation does not read mean another API.
    const Shape* in = best.op->input == shape::kNone ? nullptr : &model.shape(best.op->input);
    for (const auto& [key, value] : query) {
        if (!is_subresource(key) || key == best_literal || key == "x-id") continue;
        bool read = false;
        for (uint16_t i = 0; in && i < in->member_count; ++i) {
            if (std::string_view(in->members[i].location) == "querystring" &&
                wire_name(in->members[i]) == key)
                read = true;
        }
        if (!read) return RestXmlMatch{nullptr, true};
    }
    return best;
}

Result<json::value> decode_rest_xml(const ServiceModel& model, const shape::Operation& op,
                                    const Request& req, std::string_view path) {
    json::object out;
    if (op.input == shape::kNone) return json::value(std::move(out));
    const Shape& in = model.shape(op.input);
    json::object labels;
    std::string_view uri = op.request_uri;
    match_path(uri.substr(0, uri.find('?')), path, &labels);
    auto query = parse_form(req.query).value_or(FormParams{});
    for (uint16_t i = 0; i < in.member_count; ++i) {
        const Member& mem = in.members[i];
        if (*mem.location) bind_member(model, mem, req, labels, query, out);
        if (!*in.payload || std::string_view(in.payload) != mem.name) continue;
        const Shape& ps = model.shape(mem.shape);
        if (ps.type == Type::Blob || ps.type == Type::String) {
            out[mem.name] = ps.type == Type::Blob ? base64_encode(req.body) : req.body;
        } else if (!req.body.empty()) {
            auto doc = parse_xml(req.body);
            if (!doc) {
                return ApiError{"MalformedXML",
                                "The XML you provided was not well-formed or did not validate "
                                "against our published schema",
                                400};
            }
            out[mem.name] = from_xml(model, mem.shape, *doc);
        }
    }
    return json::value(std::move(out));
}

Response encode_rest_xml(const ServiceModel& model, const shape::Operation& op,
                         const json::value& output, std::string_view request_id, bool head) {
    Response r;
    r.status = op.http_status;
    r.headers.push_back({"x-amz-request-id", std::string(request_id)});
    if (op.output == shape::kNone) return r;
    const Shape& out = model.shape(op.output);
    const json::object* o = output.if_object();
    if (!o) return r;
    bool has_body_members = false;
    bool payload_written = false;
    for (uint16_t i = 0; i < out.member_count; ++i) {
        const Member& mem = out.members[i];
        std::string_view loc = mem.location;
        if (loc.empty()) has_body_members = true;
        const json::value* v = o->if_contains(mem.name);
        if (!v || v->is_null()) continue;
        const Shape& ms = model.shape(mem.shape);
        std::string wire = wire_name(mem);
        if (loc == "header") {
            // The server writes Content-Length from the body, except for HEAD.
            if (!head && iequals(wire, "Content-Length")) continue;
            r.headers.push_back({wire, text_of(ms, *v, true)});
            if (iequals(wire, "Content-Range") && op.http_status == 200) r.status = 206;
        } else if (loc == "headers" && v->is_object()) {
            for (const auto& [k, val] : v->get_object())
                r.headers.push_back({wire + std::string(k), text_of(ms, val, true)});
        } else if (loc == "statusCode") {
            r.status = static_cast<int>(v->to_number<int64_t>());
        } else if (*out.payload && std::string_view(out.payload) == mem.name) {
            payload_written = true;
            if (ms.type == Type::Blob) {
                if (!head) r.body = base64_decode(v->as_string()).value_or("");
            } else {
                XmlWriter w;
                std::string name = wire;
                w.open(name, kS3Namespace);
                if (v->is_object()) write_members(model, ms, v->get_object(), w);
                w.close(name);
                r.body = w.take();
                r.headers.push_back({"Content-Type", "application/xml"});
            }
        }
    }
    if (payload_written || !has_body_members || *out.payload) return r;
    std::string_view root = root_element(out.name);
    XmlWriter w;
    if (root.empty() && out.member_count == 1) {
        // GetBucketLocation: the one member is the document ("<LocationConstraint>").
        const Member& mem = out.members[0];
        const json::value* v = o->if_contains(mem.name);
        w.open(wire_name(mem), kS3Namespace);
        if (v && !v->is_null()) w.text(text_of(model.shape(mem.shape), *v, false));
        w.close(wire_name(mem));
    } else {
        std::string name = root.empty() ? std::string(out.name) : std::string(root);
        w.open(name, kS3Namespace);
        write_members(model, out, *o, w);
        w.close(name);
    }
    r.body = w.take();
    r.headers.push_back({"Content-Type", "application/xml"});
    return r;
}

Response rest_xml_error(const ApiError& error, std::string_view request_id, bool head) {
    Response r;
    r.status = error.status;
    r.headers.push_back({"x-amz-request-id", std::string(request_id)});
    if (head || error.status == 304) return r;
    // S3's name for a server-side failure.
    bool internal = error.code == "InternalFailure";
    XmlWriter w;
    w.open("Error");
    w.element("Code", internal ? "InternalError" : error.code);
    w.element("Message",
              internal ? "We encountered an internal error. Please try again." : error.message);
    for (const auto& [name, value] : error.details) w.element(name, value);
    w.element("RequestId", request_id);
    w.element("HostId", request_id);
    w.close("Error");
    r.body = w.take();
    r.headers.push_back({"Content-Type", "application/xml"});
    return r;
}

}  // namespace freshet::http
