#include "http/protocols/rest_json_protocol.h"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <vector>

#include "core/clock.h"
#include "core/encoding.h"
#include "http/protocols/json_protocol.h"
#include "http/protocols/query_protocol.h"

namespace freshet::http {
namespace {

namespace json = boost::json;
using shape::Member;
using shape::ServiceModel;
using shape::Shape;
using shape::Type;

std::vector<std::string_view> split_path(std::string_view path) {
    std::vector<std::string_view> out;
    size_t start = path.empty() || path[0] != '/' ? 0 : 1;
    while (start <= path.size()) {
        size_t slash = path.find('/', start);
        out.push_back(path.substr(start, slash == std::string_view::npos ? slash : slash - start));
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    return out;
}

// Matches `path` against a template; fills `labels` (decoded) and returns the number of literal
// segments, or -1 when it does not match.
int match_template(std::string_view tmpl, std::string_view path, json::object* labels) {
    auto t = split_path(tmpl);
    auto p = split_path(path);
    int literals = 0;
    for (size_t i = 0; i < t.size(); ++i) {
        std::string_view seg = t[i];
        bool label = seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
        if (label && seg[seg.size() - 2] == '+') {  // greedy: the rest of the path
            if (i >= p.size()) return -1;
            std::string rest;
            for (size_t k = i; k < p.size(); ++k) rest += (k > i ? "/" : "") + std::string(p[k]);
            if (labels)
                (*labels)[seg.substr(1, seg.size() - 3)] =
                    percent_decode(rest, false).value_or(rest);
            return literals;
        }
        if (i >= p.size()) return -1;
        if (label) {
            if (p[i].empty()) return -1;
            auto decoded = percent_decode(p[i], false);
            if (!decoded) return -1;
            if (labels) (*labels)[seg.substr(1, seg.size() - 2)] = *decoded;
        } else if (seg != p[i]) {
            return -1;
        } else {
            ++literals;
        }
    }
    // A trailing slash in the request ("/functions/") matches the template without it.
    bool trailing = p.size() == t.size() + 1 && p.back().empty();
    return p.size() == t.size() || trailing ? literals : -1;
}

void bind_member(const ServiceModel& m, const Member& mem, const Request& req,
                 const json::object& labels, const FormParams& query, json::object& out) {
    std::string_view loc = mem.location;
    std::string_view wire = *mem.location_name ? mem.location_name : mem.name;
    const Shape& s = m.shape(mem.shape);
    if (loc == "uri") {
        if (auto* v = labels.if_contains(wire))
            out[mem.name] = scalar_from_text(s, std::string(v->as_string()));
    } else if (loc == "querystring") {
        if (s.type == Type::List) {
            json::array items;
            for (const auto& [k, v] : query)
                if (k == wire) items.push_back(scalar_from_text(m.shape(s.member), v));
            if (!items.empty()) out[mem.name] = std::move(items);
        } else if (const std::string* v = form_value(query, wire)) {
            out[mem.name] = scalar_from_text(s, *v);
        }
    } else if (loc == "header") {
        if (const std::string* v = req.header(wire)) {
            if (mem.json_value) {
                auto decoded = base64_decode(*v);
                boost::system::error_code ec;
                auto parsed = json::parse(decoded.value_or(""), ec);
                out[mem.name] = ec ? json::value(*v) : parsed;
            } else {
                out[mem.name] = scalar_from_text(s, *v);
            }
        }
    } else if (loc == "headers") {
        json::object map;
        for (const auto& h : req.headers) {
            if (h.name.size() >= wire.size() &&
                iequals(std::string_view(h.name).substr(0, wire.size()), wire))
                map[h.name.substr(wire.size())] = h.value;
        }
        if (!map.empty()) out[mem.name] = std::move(map);
    }
}

}  // namespace

const shape::Operation* match_rest_operation(const ServiceModel& model, std::string_view method,
                                             std::string_view path, std::string_view query) {
    const shape::Operation* best = nullptr;
    int best_literals = -1;
    auto params = parse_form(query).value_or(FormParams{});
    for (size_t i = 0; i < model.operation_count; ++i) {
        const auto& op = model.operations[i];
        if (method != op.http_method) continue;
        std::string_view uri = op.request_uri;
        std::string_view tmpl = uri.substr(0, uri.find('?'));
        int literals = match_template(tmpl, path, nullptr);
        if (literals < 0) continue;
        // Literal query keys in the template ("?tagging") must be present.
        if (size_t q = uri.find('?'); q != std::string_view::npos) {
            std::string key(uri.substr(q + 1, uri.find('=', q) - q - 1));
            if (!form_value(params, key)) continue;
            literals += 1;
        }
        if (literals > best_literals) {
            best = &op;
            best_literals = literals;
        }
    }
    return best;
}

Result<json::value> decode_rest_json(const ServiceModel& model, const shape::Operation& op,
                                     const Request& req, const ErrorDialect& dialect) {
    json::object out;
    if (op.input == shape::kNone) return json::value(std::move(out));
    const Shape& in = model.shape(op.input);
    json::object labels;
    std::string_view uri = op.request_uri;
    match_template(uri.substr(0, uri.find('?')), req.path, &labels);
    auto query = parse_form(req.query).value_or(FormParams{});
    const Member* payload = nullptr;
    for (uint16_t i = 0; i < in.member_count; ++i) {
        const Member& mem = in.members[i];
        if (*in.payload && std::string_view(in.payload) == mem.name) payload = &mem;
        if (*mem.location) bind_member(model, mem, req, labels, query, out);
    }
    if (payload) {
        const Shape& ps = model.shape(payload->shape);
        if (ps.type == Type::Blob || ps.type == Type::String) {
            if (!req.body.empty()) {
                out[payload->name] = ps.type == Type::Blob ? base64_encode(req.body) : req.body;
            }
        } else {
            FRESHET_TRY(body, decode_json_body(req.body, dialect));
            out[payload->name] = std::move(body);
        }
        return json::value(std::move(out));
    }
    FRESHET_TRY(body, decode_json_body(req.body, dialect));
    for (uint16_t i = 0; i < in.member_count; ++i) {
        const Member& mem = in.members[i];
        if (*mem.location) continue;
        if (auto* v = body.as_object().if_contains(mem.name)) out[mem.name] = *v;
    }
    return json::value(std::move(out));
}

Response encode_rest_json(const ServiceModel& model, const shape::Operation& op,
                          const json::value& output, std::string_view request_id) {
    Response r;
    r.status = op.http_status;
    r.headers.push_back({"x-amzn-RequestId", std::string(request_id)});
    if (op.output == shape::kNone) return r;
    const Shape& out = model.shape(op.output);
    const json::object* o = output.if_object();
    json::object body;
    bool raw_payload = false;
    for (uint16_t i = 0; i < out.member_count && o; ++i) {
        const Member& mem = out.members[i];
        const json::value* v = o->if_contains(mem.name);
        if (!v || v->is_null()) continue;
        std::string_view loc = mem.location;
        std::string wire = *mem.location_name ? mem.location_name : mem.name;
        if (loc == "statusCode") {
            r.status = static_cast<int>(v->to_number<int64_t>());
        } else if (loc == "header") {
            r.headers.push_back(
                {wire, v->is_string() ? std::string(v->get_string()) : json::serialize(*v)});
        } else if (*out.payload && std::string_view(out.payload) == mem.name) {
            const Shape& ps = model.shape(mem.shape);
            raw_payload = true;
            if (ps.type == Type::Blob) {
                r.body = base64_decode(v->as_string()).value_or("");
            } else {
                r.body = v->is_string() ? std::string(v->get_string()) : json::serialize(*v);
                r.headers.push_back({"Content-Type", "application/json"});
            }
        } else if (loc.empty()) {
            body[mem.name] = *v;
        }
    }
    if (!raw_payload) {
        r.body = json::serialize(body);
        r.headers.push_back({"Content-Type", "application/json"});
    }
    return r;
}

Response rest_json_error(const ApiError& error, std::string_view request_id) {
    json::object body{{"Type", error.sender ? "User" : "Service"}};
    body[error.capital_message_key ? "Message" : "message"] = error.message;
    for (const auto& [k, v] : error.details) body[k] = v;  // Lambda's "Reason", for one
    Response r;
    r.status = error.status;
    r.headers.push_back({"Content-Type", "application/json"});
    r.headers.push_back({"x-amzn-RequestId", std::string(request_id)});
    r.headers.push_back({"x-amzn-ErrorType", error.code});
    r.body = json::serialize(body);
    return r;
}

}  // namespace freshet::http
