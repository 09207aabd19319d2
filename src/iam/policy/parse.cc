// Policy parsing and validation. AWS validates in a fixed order and reports the first
// failure; the order and messages below are those moto reproduced against AWS
// (getmoto/moto, moto/iam/policy_validation.py), plus the trust-policy messages
// "Has prohibited field Resource", "Missing required field Principal" and
// "Policy document should not specify a principal." that AWS returns for CreateRole and
// PutUserPolicy.
#include <boost/json.hpp>
#include <set>

#include "iam/policy/document.h"
#include "iam/policy/syntax.h"

namespace freshet::iam::policy {
namespace json = boost::json;
namespace {

ApiError malformed(std::string message) {
    return ApiError{"MalformedPolicyDocument", std::move(message), 400};
}

const std::set<std::string, std::less<>> kTopElements = {"Version", "Id", "Statement"};
const std::set<std::string, std::less<>> kStatementElements = {
    "Sid",         "Effect",    "Action",    "NotAction",   "Resource",
    "NotResource", "Condition", "Principal", "NotPrincipal"};

// A string or a list of strings; false when the JSON is anything else.
bool string_list(const json::value& v, std::vector<std::string>& out) {
    if (v.is_string()) {
        out.emplace_back(v.get_string());
        return true;
    }
    if (!v.is_array()) return false;
    for (const auto& e : v.get_array()) {
        if (!e.is_string()) return false;
        out.emplace_back(e.get_string());
    }
    return true;
}

// Condition values may be strings, booleans or numbers ("Bool": {"aws:SecureTransport":
// false} is common); they are compared as text.
bool condition_value(const json::value& v, std::vector<std::string>& out) {
    if (v.is_string()) {
        out.emplace_back(v.get_string());
    } else if (v.is_bool()) {
        out.emplace_back(v.get_bool() ? "true" : "false");
    } else if (v.is_number()) {
        out.emplace_back(json::serialize(v));
    } else {
        return false;
    }
    return true;
}

bool parse_conditions(const json::value& v, Statement& st) {
    if (!v.is_object()) return false;
    for (const auto& [op, block] : v.get_object()) {
        if (!block.is_object()) return false;
        // An unknown operator is a syntax error unless its block is empty (moto, from AWS).
        if (!known_condition_operator(op) && !block.get_object().empty()) return false;
        for (const auto& [key, values] : block.get_object()) {
            ConditionClause c{std::string(op), std::string(key), {}};
            if (values.is_array()) {
                for (const auto& e : values.get_array()) {
                    if (!condition_value(e, c.values)) return false;
                }
            } else if (!condition_value(values, c.values)) {
                return false;
            }
            st.conditions.push_back(std::move(c));
        }
    }
    return true;
}

bool parse_principal(const json::value& v, PrincipalSet& out) {
    if (v.is_string()) {
        if (v.get_string() != "*") return false;
        out.any = true;
        return true;
    }
    if (!v.is_object()) return false;
    for (const auto& [type, values] : v.get_object()) {
        std::vector<std::string> list;
        if (!string_list(values, list)) return false;
        if (type == "AWS" && list.size() == 1 && list[0] == "*") out.any = true;
        out.by_type[std::string(type)] = std::move(list);
    }
    return true;
}

// Structure and types: any failure is "Syntax errors in policy.".
bool parse_statement(const json::value& v, Statement& st, std::set<std::string>& seen_keys) {
    if (!v.is_object()) return false;
    const auto& o = v.get_object();
    for (const auto& [k, _] : o) {
        if (!kStatementElements.count(k)) return false;
        seen_keys.emplace(k);
    }
    if ((o.contains("Resource") && o.contains("NotResource")) ||
        (o.contains("Action") && o.contains("NotAction")) ||
        (o.contains("Principal") && o.contains("NotPrincipal")))
        return false;
    const json::value* effect = o.if_contains("Effect");
    if (!effect || !effect->is_string()) return false;
    std::string e(effect->get_string());
    for (auto& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (e != "allow" && e != "deny") return false;
    st.effect = e == "allow" ? Effect::Allow : Effect::Deny;
    if (const auto* sid = o.if_contains("Sid")) {
        if (!sid->is_string()) return false;
        st.sid = std::string(sid->get_string());
    }
    for (const char* name : {"Action", "NotAction"}) {
        if (const auto* a = o.if_contains(name)) {
            st.not_action = std::string_view(name) == "NotAction";
            if (!string_list(*a, st.actions)) return false;
        }
    }
    for (const char* name : {"Resource", "NotResource"}) {
        if (const auto* r = o.if_contains(name)) {
            st.has_resource = true;
            st.not_resource = std::string_view(name) == "NotResource";
            if (!string_list(*r, st.resources)) return false;
        }
    }
    for (const char* name : {"Principal", "NotPrincipal"}) {
        if (const auto* p = o.if_contains(name)) {
            st.not_principal = std::string_view(name) == "NotPrincipal";
            st.principal.emplace();
            if (!parse_principal(*p, *st.principal)) return false;
        }
    }
    if (const auto* c = o.if_contains("Condition")) return parse_conditions(*c, st);
    return true;
}

bool parse_syntax(std::string_view text, PolicyDocument& doc, json::object& raw) {
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec || !v.is_object()) return false;
    raw = v.get_object();
    for (const auto& [k, _] : raw) {
        if (!kTopElements.count(k)) return false;
    }
    if (const auto* ver = raw.if_contains("Version")) {
        if (!ver->is_string()) return false;
        if (ver->get_string() != "2012-10-17" && ver->get_string() != "2008-10-17") return false;
        doc.version = std::string(ver->get_string());
    }
    if (const auto* id = raw.if_contains("Id"); id && !id->is_string()) return false;
    const json::value* st = raw.if_contains("Statement");
    if (!st) return false;
    json::array list;
    if (st->is_object()) {
        list.push_back(*st);
    } else if (st->is_array()) {
        list = st->get_array();
    } else {
        return false;
    }
    if (list.empty()) return false;
    for (const auto& s : list) {
        Statement parsed;
        std::set<std::string> keys;
        if (!parse_statement(s, parsed, keys)) return false;
        doc.statements.push_back(std::move(parsed));
    }
    return true;
}

// What AWS's "legacy" parser refuses: Effect in another case, malformed dates in Date
// conditions, resources with "::" but too few fields.
bool legacy_parse(const json::object& raw, const PolicyDocument& doc) {
    const json::value& st = raw.at("Statement");
    size_t i = 0;
    for (const auto& s : doc.statements) {
        const json::object& o = st.is_array() ? st.get_array()[i].get_object() : st.get_object();
        ++i;
        auto effect = o.at("Effect").get_string();
        if (effect != "Allow" && effect != "Deny") return false;
        for (const auto& c : s.conditions) {
            if (!condition_values_parse(c)) return false;
        }
        for (const auto& r : s.resources) {
            if (r == "*") continue;
            size_t colons = std::count(r.begin(), r.end(), ':');
            if (colons < 5 && r.find("::") != std::string::npos) return false;
        }
    }
    return true;
}

std::optional<std::string> check_elements(const PolicyDocument& doc, PolicyKind kind) {
    std::set<std::string> sids;
    for (const auto& s : doc.statements) {
        if (!s.sid.empty() && !sids.insert(s.sid).second)
            return "Statement IDs (SID) in a single policy must be unique.";
    }
    for (const auto& s : doc.statements) {
        if (s.actions.empty()) return "Policy statement must contain actions.";
    }
    for (const auto& s : doc.statements) {
        if (kind == PolicyKind::Trust) {
            if (s.has_resource) return "Has prohibited field Resource";
            if (!s.principal) return "Missing required field Principal";
        } else {
            if (s.principal) return "Policy document should not specify a principal.";
            if (!s.has_resource || s.resources.empty())
                return "Policy statement must contain resources.";
        }
    }
    for (const auto& s : doc.statements) {
        for (const auto& r : s.resources) {
            if (auto e = resource_format_error(r)) return e;
        }
    }
    for (const auto& s : doc.statements) {
        for (const auto& a : s.actions) {
            if (auto e = action_format_error(a)) return e;
        }
    }
    return std::nullopt;
}

}  // namespace

Result<PolicyDocument> parse_policy(std::string_view text, const ParseOptions& options) {
    PolicyDocument doc;
    json::object raw;
    if (!parse_syntax(text, doc, raw)) return malformed("Syntax errors in policy.");
    if (options.require_current_version && doc.version != "2012-10-17")
        return malformed("Policy document must be version 2012-10-17 or greater.");
    if (!legacy_parse(raw, doc)) return malformed("The policy failed legacy parsing");
    if (auto e = check_elements(doc, options.kind)) return malformed(std::move(*e));
    return doc;
}

}  // namespace freshet::iam::policy
