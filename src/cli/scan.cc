#include "cli/scan.h"

#include <boost/json.hpp>
#include <cstdio>

#include "cli/aws_client.h"

namespace freshet::cli {

namespace json = boost::json;

namespace {

std::string quoted(std::string_view s) {
    return json::serialize(json::string(s));
}

std::string join(const json::array& a, bool numbers) {
    std::string out = "[";
    for (size_t i = 0; i < a.size(); ++i) {
        if (i) out += ", ";
        std::string_view v = a[i].as_string();
        out += numbers ? std::string(v) : quoted(v);
    }
    return out + "]";
}

std::string plain_object(const json::object& o) {
    std::string out = "{";
    bool first = true;
    for (const auto& [k, v] : o) {
        out += (first ? "" : ", ") + quoted(k) + ": " + plain_json(v);
        first = false;
    }
    return out + "}";
}

}  // namespace

std::string plain_json(const json::value& typed) {
    if (!typed.is_object() || typed.as_object().size() != 1) return json::serialize(typed);
    const auto& [type, v] = *typed.as_object().begin();
    // Numbers are printed as DynamoDB's text, so that 38 digits survive.
    if (type == "N") return std::string(v.as_string());
    if (type == "S") return quoted(v.as_string());
    if (type == "B") return quoted("base64:" + std::string(v.as_string()));
    if (type == "BOOL") return v.as_bool() ? "true" : "false";
    if (type == "NULL") return "null";
    if (type == "NS") return join(v.as_array(), true);
    if (type == "SS") return join(v.as_array(), false);
    if (type == "BS") {
        json::array prefixed;
        for (const auto& b : v.as_array())
            prefixed.push_back(json::string("base64:" + std::string(b.as_string())));
        return join(prefixed, false);
    }
    if (type == "M") return plain_object(v.as_object());
    if (type == "L") {
        std::string out = "[";
        const auto& a = v.as_array();
        for (size_t i = 0; i < a.size(); ++i) out += (i ? ", " : "") + plain_json(a[i]);
        return out + "]";
    }
    return json::serialize(typed);
}

int scan(const ClientOptions& options, const ScanOptions& s) {
    json::object in{{"TableName", s.table}};
    int64_t items = 0, pages = 0;
    while (true) {
        if (s.page_size > 0) in["Limit"] = s.page_size;
        auto out = call_json(options, "dynamodb", "DynamoDB_20120810.Scan", "1.0", in);
        if (!out.ok()) {
            std::fprintf(stderr, "freshet: %s: %s\n", out.error().code.c_str(),
                         out.error().message.c_str());
            return 1;
        }
        ++pages;
        for (const auto& item : out->at("Items").as_array()) {
            std::string line = s.typed ? json::serialize(item) : plain_object(item.as_object());
            std::printf("%s\n", line.c_str());
            if (++items == s.limit) break;
        }
        const auto* last = out->as_object().if_contains("LastEvaluatedKey");
        if (!last || (s.limit > 0 && items >= s.limit)) break;
        in["ExclusiveStartKey"] = *last;
    }
    std::fflush(stdout);
    std::fprintf(stderr, "%lld items in %lld pages\n", static_cast<long long>(items),
                 static_cast<long long>(pages));
    return 0;
}

}  // namespace freshet::cli
