#include "stacks/template/references.h"

#include <boost/json/object.hpp>
#include <set>

#include "stacks/template/common.h"
#include "stacks/template/evaluator.h"

namespace freshet::stacks::detail {
namespace {

namespace json = boost::json;
using Kind = Reference::Kind;

struct Walk {
    std::vector<Reference> out;
    const std::map<std::string, bool>* conditions = nullptr;
};

void walk(const json::value& v, Walk& w);

void walk_sub(const json::value& arg, Walk& w) {
    const json::value* text = &arg;
    std::set<std::string> locals;
    if (arg.is_array() && !arg.as_array().empty()) {
        text = &arg.as_array()[0];
        if (arg.as_array().size() > 1) {
            const json::value& vars = arg.as_array()[1];
            if (vars.is_object())
                for (const auto& kv : vars.as_object()) locals.insert(std::string(kv.key()));
            walk(vars, w);
        }
    }
    if (!text->is_string()) return walk(*text, w);
    for (const auto& part : split_sub(text->get_string())) {
        if (!part.variable || locals.count(part.text) || is_pseudo_parameter(part.text)) continue;
        auto dot = part.text.find('.');
        if (dot == std::string::npos)
            w.out.push_back({Kind::Sub, part.text, ""});
        else
            w.out.push_back(
                {Kind::SubAttribute, part.text.substr(0, dot), part.text.substr(dot + 1)});
    }
}

void walk_get_att(const json::value& arg, Walk& w) {
    if (arg.is_string()) {
        std::string s(arg.get_string());
        auto dot = s.find('.');
        w.out.push_back(
            {Kind::GetAtt, s.substr(0, dot), dot == std::string::npos ? "" : s.substr(dot + 1)});
        return;
    }
    if (!arg.is_array() || arg.as_array().empty() || !arg.as_array()[0].is_string())
        return walk(arg, w);
    const json::array& a = arg.as_array();
    std::string attribute = a.size() > 1 && a[1].is_string() ? std::string(a[1].get_string()) : "";
    w.out.push_back({Kind::GetAtt, std::string(a[0].get_string()), attribute});
    walk(arg, w);
}

void walk(const json::value& v, Walk& w) {
    if (v.is_array()) {
        for (const auto& item : v.as_array()) walk(item, w);
        return;
    }
    if (!v.is_object()) return;
    const json::object& o = v.as_object();
    if (o.size() == 1) {
        std::string key(o.begin()->key());
        const json::value& arg = o.begin()->value();
        if (key == "Ref") {
            if (arg.is_string() && !is_pseudo_parameter(arg.get_string()))
                w.out.push_back({Kind::Ref, std::string(arg.get_string()), ""});
            return;
        }
        if (key == "Fn::GetAtt") return walk_get_att(arg, w);
        if (key == "Fn::Sub") return walk_sub(arg, w);
        if (key == "Condition" && arg.is_string()) {
            w.out.push_back({Kind::Condition, std::string(arg.get_string()), ""});
            return;
        }
        if (key == "Fn::If" && arg.is_array() && !arg.as_array().empty() &&
            arg.as_array()[0].is_string()) {
            std::string condition(arg.as_array()[0].get_string());
            w.out.push_back({Kind::If, condition, ""});
            const json::array& a = arg.as_array();
            if (w.conditions && a.size() == 3 && w.conditions->count(condition))
                return walk(a[w.conditions->at(condition) ? 1 : 2], w);
        }
        if (key.rfind("Fn::", 0) == 0 && !is_intrinsic_call(o))
            w.out.push_back({Kind::UnknownFunction, key, ""});
    }
    for (const auto& kv : o) walk(kv.value(), w);
}

}  // namespace

std::vector<Reference> find_references(const json::value& v,
                                       const std::map<std::string, bool>* conditions) {
    Walk w;
    w.conditions = conditions;
    walk(v, w);
    return std::move(w.out);
}

}  // namespace freshet::stacks::detail
