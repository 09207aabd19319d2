// CloudFormation's messages used here.
// Confirmed (seen in AWS's answers):
//   "Template format error: Unresolved dependencies [X]. Cannot reference resources in the
//    Conditions block of the template"        (cfn-lint #99, aws-refarch-moodle #64)
//   "Template error: Cannot use Fn::ImportValue in Conditions"  (quoted in a CDK project)
//   "Template format error: Unresolved resource dependencies [X] in the Resources block of
//    the template"                            (many; used by validate.cc)
// Seen in AWS-compatible implementations (Eucalyptus, tested against AWS):
//   "Template error: All References must be of type string"
//   "Template error: every Fn::GetAtt object requires two non-empty parameters, the resource
//    name and the resource attribute"
//   "Template error: One or more Fn::Sub intrinsic functions don't specify expected
//    arguments. Specify a string as first argument, and an optional second argument to
//    specify a mapping of values to replace in the string"  (also quoted by LocalStack)
//   "Template error: every value of the context object of every Fn::Sub object must be a
//    string or a function that returns a string"
//   "Template error: every variable in an Fn::sub object must reference a string"
// Not confirmed: "Template error: every Fn::ImportValue object must have a String-typed
// value." (the form of Fn::Base64's).
#include <boost/json/object.hpp>

#include "stacks/template/common.h"
#include "stacks/template/evaluator.h"

namespace freshet::stacks {
namespace detail {
namespace json = boost::json;

bool is_intrinsic_call(const json::object& o) {
    static const char* kFunctions[] = {
        "Ref",        "Fn::GetAtt", "Fn::Sub",         "Fn::Join", "Fn::Select", "Fn::Split",
        "Fn::If",     "Fn::Equals", "Fn::And",         "Fn::Or",   "Fn::Not",    "Fn::FindInMap",
        "Fn::Base64", "Fn::GetAZs", "Fn::ImportValue", "Fn::Cidr"};
    if (o.size() != 1) return false;
    for (auto f : kFunctions)
        if (o.begin()->key() == f) return true;
    return false;
}

ApiError conditions_reference_error(const std::string& name) {
    return template_error("Template format error: Unresolved dependencies [" + name +
                          "]. Cannot reference resources in the Conditions block of the template");
}

Result<Maybe> Evaluator::eval(const json::value& v) {
    if (v.is_array()) {
        json::array out;
        for (const auto& item : v.as_array()) {
            FRESHET_TRY(r, eval(item));
            if (r) out.push_back(std::move(*r));
        }
        return Maybe(json::value(std::move(out)));
    }
    if (!v.is_object()) return Maybe(v);
    const json::object& o = v.as_object();
    if (is_intrinsic_call(o)) return call(std::string(o.begin()->key()), o.begin()->value());
    json::object out;
    for (const auto& kv : o) {
        FRESHET_TRY(r, eval(kv.value()));
        if (r) out[kv.key()] = std::move(*r);
    }
    return Maybe(json::value(std::move(out)));
}

Result<json::value> Evaluator::value(const json::value& v) {
    FRESHET_TRY(r, eval(v));
    if (!r) return json::value(nullptr);
    return std::move(*r);
}

Result<Maybe> Evaluator::call(const std::string& f, const json::value& arg) {
    auto wrap = [](Result<json::value> r) -> Result<Maybe> {
        if (!r.ok()) return std::move(r).take_error();
        return Maybe(std::move(r).value());
    };
    if (f == "Ref") return ref(arg);
    if (f == "Fn::If") return if_(arg);
    if (f == "Fn::GetAtt") return wrap(get_att(arg));
    if (f == "Fn::Sub") return wrap(sub(arg));
    if (f == "Fn::Join") return wrap(join(arg));
    if (f == "Fn::Select") return wrap(select(arg));
    if (f == "Fn::Split") return wrap(split(arg));
    if (f == "Fn::Equals") return wrap(equals(arg));
    if (f == "Fn::And") return wrap(and_or(arg, true));
    if (f == "Fn::Or") return wrap(and_or(arg, false));
    if (f == "Fn::Not") return wrap(not_(arg));
    if (f == "Fn::FindInMap") return wrap(find_in_map(arg));
    if (f == "Fn::Base64") return wrap(base64(arg));
    if (f == "Fn::GetAZs") return wrap(get_azs(arg));
    if (f == "Fn::ImportValue") return wrap(import_value(arg));
    return wrap(cidr(arg));
}

Result<Maybe> Evaluator::ref(const json::value& arg) {
    if (!arg.is_string())
        return template_error("Template error: All References must be of type string");
    std::string name(arg.get_string());
    const Pseudo& p = ctx_.pseudo;
    if (name == "AWS::NoValue") return Maybe();
    if (name == "AWS::StackName") return Maybe(json::string(p.stack_name));
    if (name == "AWS::StackId") return Maybe(json::string(p.stack_id));
    if (name == "AWS::Region") return Maybe(json::string(p.region));
    if (name == "AWS::AccountId") return Maybe(json::string(p.account_id));
    if (name == "AWS::Partition") return Maybe(json::string(p.partition));
    if (name == "AWS::URLSuffix") return Maybe(json::string(p.url_suffix));
    if (name == "AWS::NotificationARNs") return Maybe(json::array());
    if (ctx_.parameters) {
        if (auto it = ctx_.parameters->values.find(name); it != ctx_.parameters->values.end())
            return Maybe(it->value());
    }
    if (!ctx_.resources) return conditions_reference_error(name);
    FRESHET_TRY(v, ctx_.resources->ref(name));
    return Maybe(std::move(v));
}

Result<json::value> Evaluator::get_att(const json::value& arg) {
    auto bad = [] {
        return template_error(
            "Template error: every Fn::GetAtt object requires two non-empty parameters, the "
            "resource name and the resource attribute");
    };
    std::string resource, attribute;
    if (arg.is_string()) {
        std::string s(arg.get_string());
        auto dot = s.find('.');
        if (dot == std::string::npos) return bad();
        resource = s.substr(0, dot);
        attribute = s.substr(dot + 1);
    } else if (arg.is_array() && arg.as_array().size() == 2) {
        FRESHET_TRY(a, value(arg.as_array()[0]));
        FRESHET_TRY(b, value(arg.as_array()[1]));
        if (!a.is_string() || !b.is_string()) return bad();
        resource = a.get_string();
        attribute = b.get_string();
    } else {
        return bad();
    }
    if (resource.empty() || attribute.empty()) return bad();
    if (!ctx_.resources) return conditions_reference_error(resource);
    return ctx_.resources->get_att(resource, attribute);
}

Result<std::string> Evaluator::sub_variable(const std::string& name) {
    json::value v;
    if (name.find('.') != std::string::npos && name.rfind("AWS::", 0) != 0) {
        FRESHET_TRY(r, get_att(json::value(json::string(name))));
        v = std::move(r);
    } else {
        FRESHET_TRY(r, ref(json::value(json::string(name))));
        v = r ? std::move(*r) : json::value(json::string());
    }
    auto s = scalar_string(v);
    if (!s)
        return template_error(
            "Template error: every variable in an Fn::sub object must reference a string");
    return *s;
}

Result<json::value> Evaluator::sub(const json::value& arg) {
    const json::value* text = &arg;
    std::map<std::string, std::string> vars;
    if (arg.is_array()) {
        const json::array& a = arg.as_array();
        if (a.size() != 2 || !a[0].is_string() || !a[1].is_object())
            text = nullptr;
        else {
            text = &a[0];
            for (const auto& kv : a[1].as_object()) {
                FRESHET_TRY(v, value(kv.value()));
                auto s = scalar_string(v);
                if (!s)
                    return template_error(
                        "Template error: every value of the context object of every Fn::Sub "
                        "object must be a string or a function that returns a string");
                vars[std::string(kv.key())] = *s;
            }
        }
    }
    if (!text || !text->is_string())
        return template_error(
            "Template error: One or more Fn::Sub intrinsic functions don't specify expected "
            "arguments. Specify a string as first argument, and an optional second argument to "
            "specify a mapping of values to replace in the string");
    std::string out;
    for (const auto& part : split_sub(text->get_string())) {
        if (!part.variable) {
            out += part.text;
        } else if (auto it = vars.find(part.text); it != vars.end()) {
            out += it->second;
        } else {
            FRESHET_TRY(s, sub_variable(part.text));
            out += s;
        }
    }
    return json::value(json::string(out));
}

Result<json::value> Evaluator::import_value(const json::value& arg) {
    FRESHET_TRY(v, value(arg));
    if (!v.is_string())
        return template_error(
            "Template error: every Fn::ImportValue object must have a String-typed value.");
    if (!ctx_.resources)
        return template_error("Template error: Cannot use Fn::ImportValue in Conditions");
    return ctx_.resources->import_value(std::string(v.get_string()));
}

}  // namespace detail

Result<boost::json::value> evaluate(const boost::json::value& v, const EvalContext& ctx) {
    detail::Evaluator e(ctx);
    return e.value(v);
}

}  // namespace freshet::stacks
