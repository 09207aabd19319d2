// Condition functions (Fn::If, Fn::Equals, Fn::And, Fn::Or, Fn::Not, Condition) and the
// Conditions section.
// CloudFormation's messages used here.
// Confirmed: "Template error: unresolved condition dependency X in Fn::If" (quoted from a
// failed deploy in a CDK project's javadoc).
// Seen in AWS-compatible implementations (Eucalyptus, tested against AWS):
//   "Template error: Fn::If requires a list argument with the first element being a condition"
//   "Template error: Fn::If requires a list argument with three elements"
//   "Template error: Fn::Equals requires a list argument with two elements"
//   "Template error: every Fn::And object requires a list of at least 2 and at most 10
//    boolean parameters." (and Fn::Or's)
//   "Template error: Fn::Not requires a list argument with one element"
//   "Template error: Fn::Not requires a list argument with one function token"
// Not confirmed (CloudFormation's style):
//   "Template error: unresolved condition dependency X in Fn::And" (Fn::Or, Fn::Not, Condition)
//   "Template format error: Unresolved condition dependency X in the Conditions block of the
//    template"
//   "Template format error: Circular dependency between conditions: [A, B]"
//   "Template error: Conditions can only be boolean operations on parameters and other
//    conditions"
#include <algorithm>
#include <boost/json/object.hpp>
#include <functional>
#include <set>
#include <vector>

#include "stacks/template/common.h"
#include "stacks/template/evaluator.h"

namespace freshet::stacks {
namespace detail {
namespace json = boost::json;

namespace {

// Values as CloudFormation compares them: every scalar as its string.
json::value comparable(const json::value& v) {
    if (auto s = scalar_string(v)) return json::string(*s);
    if (v.is_array()) {
        json::array out;
        for (const auto& item : v.as_array()) out.push_back(comparable(item));
        return out;
    }
    if (v.is_object()) {
        json::object out;
        for (const auto& kv : v.as_object()) out[kv.key()] = comparable(kv.value());
        return out;
    }
    return v;
}

std::optional<bool> as_bool(const json::value& v) {
    if (v.is_bool()) return v.get_bool();
    if (v.is_string() && v.get_string() == "true") return true;
    if (v.is_string() && v.get_string() == "false") return false;
    return std::nullopt;
}

bool is_condition_ref(const json::value& v) {
    return v.is_object() && v.as_object().size() == 1 && v.as_object().contains("Condition");
}

}  // namespace

Result<bool> Evaluator::named_condition(const std::string& name, const char* function) {
    if (ctx_.conditions) {
        if (auto it = ctx_.conditions->find(name); it != ctx_.conditions->end()) return it->second;
    }
    return template_error("Template error: unresolved condition dependency " + name + " in " +
                          function);
}

Result<std::optional<bool>> Evaluator::condition_operand(const json::value& v,
                                                         const char* function) {
    if (is_condition_ref(v)) {
        const json::value& name = v.as_object().begin()->value();
        if (!name.is_string())
            return template_error("Template error: All Conditions must be of type string");
        FRESHET_TRY(b, named_condition(std::string(name.get_string()), function));
        return std::optional<bool>(b);
    }
    FRESHET_TRY(r, value(v));
    return as_bool(r);
}

Result<Maybe> Evaluator::if_(const json::value& arg) {
    if (!arg.is_array() || arg.as_array().empty() || !arg.as_array()[0].is_string())
        return template_error(
            "Template error: Fn::If requires a list argument with the first element being a "
            "condition");
    const json::array& a = arg.as_array();
    if (a.size() != 3)
        return template_error(
            "Template error: Fn::If requires a list argument with three elements");
    FRESHET_TRY(chosen, named_condition(std::string(a[0].get_string()), "Fn::If"));
    return eval(a[chosen ? 1 : 2]);
}

Result<json::value> Evaluator::equals(const json::value& arg) {
    if (!arg.is_array() || arg.as_array().size() != 2)
        return template_error(
            "Template error: Fn::Equals requires a list argument with two elements");
    FRESHET_TRY(a, value(arg.as_array()[0]));
    FRESHET_TRY(b, value(arg.as_array()[1]));
    return json::value(comparable(a) == comparable(b));
}

Result<json::value> Evaluator::and_or(const json::value& arg, bool is_and) {
    const char* name = is_and ? "Fn::And" : "Fn::Or";
    std::string message =
        std::string("Template error: every ") + name +
        " object requires a list of at least 2 and at most 10 boolean parameters.";
    if (!arg.is_array() || arg.as_array().size() < 2 || arg.as_array().size() > 10)
        return template_error(message);
    bool result = is_and;
    for (const auto& operand : arg.as_array()) {
        FRESHET_TRY(b, condition_operand(operand, name));
        if (!b) return template_error(message);
        result = is_and ? result && *b : result || *b;
    }
    return json::value(result);
}

Result<json::value> Evaluator::not_(const json::value& arg) {
    if (!arg.is_array() || arg.as_array().size() != 1)
        return template_error("Template error: Fn::Not requires a list argument with one element");
    FRESHET_TRY(b, condition_operand(arg.as_array()[0], "Fn::Not"));
    if (!b)
        return template_error(
            "Template error: Fn::Not requires a list argument with one function token");
    return json::value(!*b);
}

}  // namespace detail

namespace detail {
namespace {

// Names of the conditions a definition refers to ({"Condition": X}, Fn::If's first element).
void referenced_conditions(const json::value& v, std::set<std::string>& out) {
    if (v.is_array()) {
        for (const auto& item : v.as_array()) referenced_conditions(item, out);
        return;
    }
    if (!v.is_object()) return;
    const json::object& o = v.as_object();
    if (o.size() == 1) {
        const auto& kv = *o.begin();
        if (kv.key() == "Condition" && kv.value().is_string())
            out.insert(std::string(kv.value().get_string()));
        if (kv.key() == "Fn::If" && kv.value().is_array() && !kv.value().as_array().empty() &&
            kv.value().as_array()[0].is_string())
            out.insert(std::string(kv.value().as_array()[0].get_string()));
    }
    for (const auto& kv : o) referenced_conditions(kv.value(), out);
}

}  // namespace

Result<std::vector<std::string>> condition_order(const json::object& section) {
    std::vector<std::string> order;
    std::map<std::string, int> state;  // 1 visiting, 2 done
    std::vector<std::string> path;
    std::function<Result<void>(const std::string&)> visit =
        [&](const std::string& name) -> Result<void> {
        if (state[name] == 2) return Ok{};
        if (state[name] == 1) {
            auto from = std::find(path.begin(), path.end(), name);
            std::vector<std::string> cycle(from, path.end());
            std::sort(cycle.begin(), cycle.end());
            return template_error(
                "Template format error: Circular dependency between conditions: " +
                bracket_list(cycle));
        }
        state[name] = 1;
        path.push_back(name);
        std::set<std::string> refs;
        referenced_conditions(section.at(name), refs);
        for (const auto& r : refs) {
            if (!section.contains(r))
                return template_error("Template format error: Unresolved condition dependency " +
                                      r + " in the Conditions block of the template");
            FRESHET_CHECK(visit(r));
        }
        path.pop_back();
        state[name] = 2;
        order.push_back(name);
        return Ok{};
    };
    for (const auto& kv : section) FRESHET_CHECK(visit(std::string(kv.key())));
    return order;
}

}  // namespace detail

Result<std::map<std::string, bool>> evaluate_conditions(const boost::json::object& tmpl,
                                                        const EvalContext& ctx) {
    std::map<std::string, bool> result;
    auto it = tmpl.find("Conditions");
    if (it == tmpl.end() || !it->value().is_object()) return result;
    const boost::json::object& section = it->value().as_object();
    FRESHET_TRY(order, detail::condition_order(section));
    EvalContext local = ctx;
    local.conditions = &result;
    local.resources = nullptr;
    detail::Evaluator e(local);
    for (const auto& name : order) {
        FRESHET_TRY(b, e.condition_operand(section.at(name), "Condition"));
        if (!b)
            return template_error(
                "Template error: Conditions can only be boolean operations on parameters and "
                "other conditions");
        result[name] = *b;
    }
    return result;
}

}  // namespace freshet::stacks
