#include "stacks/engine/operation.h"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <thread>

#include "core/ids.h"
#include "stacks/template/intrinsics.h"

namespace freshet::stacks {

namespace json = boost::json;

namespace {

// A reference to a resource that does not exist (yet), as CloudFormation words it.
ApiError unresolved(const std::string& logical_id) {
    return ApiError{"ValidationError",
                    fmt::format("Template format error: Unresolved resource dependencies [{}] in "
                                "the Resources block of the template",
                                logical_id),
                    400};
}

}  // namespace

Operation::Operation(StackStore& store, const EngineDeps& deps, StackRecord stack, Principal caller)
    : store_(store), deps_(deps), caller_(std::move(caller)), stack_(std::move(stack)) {
    imports_ = stack_.imports;
}

int64_t Operation::now_ms() const {
    return epoch_millis(deps_.clock->now());
}

Pseudo Operation::pseudo() const {
    Pseudo p;
    p.stack_name = stack_.name;
    p.stack_id = stack_.id;
    p.region = deps_.region;
    p.account_id = deps_.account_id;
    return p;
}

void Operation::use(const Prepared& p) {
    std::lock_guard lock(mu_);
    prepared_ = p;
}

StackRecord Operation::snapshot() const {
    std::lock_guard lock(mu_);
    return stack_;
}

void Operation::save() {
    std::lock_guard lock(mu_);
    stack_.imports = imports_;
    auto r = store_.put(stack_);
    (void)r;  // a failed write leaves the previous record; the operation goes on
}

void Operation::mutate(const std::function<void(StackRecord&)>& fn) {
    std::lock_guard lock(mu_);
    fn(stack_);
    save();
}

Operation::Changes Operation::changes() const {
    std::lock_guard lock(mu_);
    return changes_;
}

Result<json::value> Operation::ref(const std::string& logical_id) const {
    std::lock_guard lock(mu_);
    auto it = stack_.resources.find(logical_id);
    if (it == stack_.resources.end() || !it->second.created) return unresolved(logical_id);
    const ResourceState& s = it->second.state;
    return s.ref.is_null() ? json::value(s.physical_id) : s.ref;
}

Result<json::value> Operation::get_att(const std::string& logical_id,
                                       const std::string& attribute) const {
    std::lock_guard lock(mu_);
    auto it = stack_.resources.find(logical_id);
    if (it == stack_.resources.end() || !it->second.created) return unresolved(logical_id);
    const json::value* v = it->second.state.attributes.if_contains(attribute);
    if (v) return *v;
    if (it->second.type.rfind("Custom::", 0) == 0 ||
        it->second.type == "AWS::CloudFormation::CustomResource")
        return ApiError{"ValidationError",
                        fmt::format("CustomResource attribute error: Vendor response doesn't "
                                    "contain {} key in object {}",
                                    attribute, it->second.state.physical_id),
                        400};
    return ApiError{"ValidationError",
                    fmt::format("Template error: resource {} does not support attribute type {} "
                                "in Fn::GetAtt",
                                logical_id, attribute),
                    400};
}

Result<json::value> Operation::import_value(const std::string& export_name) const {
    auto exports = store_.exports();
    auto it = exports.find(export_name);
    if (it == exports.end())
        return ApiError{"ValidationError", fmt::format("No export named {} found.", export_name),
                        400};
    std::lock_guard lock(mu_);
    imports_.insert(export_name);
    return json::value(it->second.second);
}

void Operation::stack_status(const std::string& status, const std::string& reason) {
    std::lock_guard lock(mu_);
    stack_.status = status;
    // A rolled-back stack keeps the reason it rolled back for, as CloudFormation shows it.
    bool keep = reason.empty() &&
                (status == "ROLLBACK_COMPLETE" || status.rfind("UPDATE_ROLLBACK_COMPLETE", 0) == 0);
    if (!keep) stack_.reason = reason;
    save();
    StackEventRecord e{ids::uuid4(), stack_.name, stack_.id, "AWS::CloudFormation::Stack",
                       status,       reason,      "",        now_ms()};
    auto r = store_.add_event(stack_, std::move(e));
    (void)r;
}

void Operation::resource_event(const std::string& logical_id, const std::string& type,
                               const std::string& physical_id, const std::string& status,
                               const std::string& reason, const json::object* properties) {
    std::lock_guard lock(mu_);
    StackEventRecord e{logical_id + "-" + status + "-" + ids::uuid4(),
                       logical_id,
                       physical_id,
                       type,
                       status,
                       reason,
                       properties ? json::serialize(*properties) : "",
                       now_ms()};
    auto r = store_.add_event(stack_, std::move(e));
    (void)r;
}

json::object Operation::definition(const std::string& logical_id) const {
    std::lock_guard lock(mu_);
    const json::object& tmpl = prepared_.processed.empty() ? stack_.processed : prepared_.processed;
    const json::value* r = tmpl.if_contains("Resources");
    if (!r || !r->is_object()) return {};
    const json::value* d = r->get_object().if_contains(logical_id);
    return d && d->is_object() ? d->get_object() : json::object();
}

std::string Operation::deletion_policy(const std::string& logical_id) const {
    std::lock_guard lock(mu_);
    for (const json::object* tmpl : {&prepared_.processed, &stack_.processed}) {
        const json::value* r = tmpl->if_contains("Resources");
        if (!r || !r->is_object()) continue;
        const json::value* d = r->get_object().if_contains(logical_id);
        if (!d || !d->is_object()) continue;
        const json::value* p = d->get_object().if_contains("DeletionPolicy");
        return p && p->is_string() ? std::string(p->get_string()) : "Delete";
    }
    return "Delete";
}

Result<json::object> Operation::properties(const std::string& logical_id) {
    json::object def = definition(logical_id);
    const json::value* props = def.if_contains("Properties");
    if (!props) return json::object();
    std::lock_guard lock(mu_);
    EvalContext ctx;
    if (const json::value* m = prepared_.processed.if_contains("Mappings"); m && m->is_object())
        ctx.mappings = &m->get_object();
    ctx.parameters = &prepared_.parameters;
    ctx.conditions = &prepared_.conditions;
    ctx.pseudo = pseudo();
    ctx.resources = this;
    FRESHET_TRY(v, evaluate(*props, ctx));
    if (!v.is_object())
        return ApiError{"ValidationError",
                        fmt::format("Template format error: [/Resources/{}/Properties] must be an "
                                    "object",
                                    logical_id),
                        400};
    return std::move(v.get_object());
}

ResourceContext Operation::context(const std::string& logical_id, const std::string& type) const {
    ResourceContext c;
    c.client = deps_.client;
    c.caller = caller_;
    c.region = deps_.region;
    c.account_id = deps_.account_id;
    c.stack_name = stack_.name;
    c.stack_id = stack_.id;
    c.logical_id = logical_id;
    c.resource_type = type;
    c.clock = deps_.clock;
    c.responses = deps_.responses;
    return c;
}

std::vector<std::string> Operation::run_waves(const std::vector<std::vector<std::string>>& waves,
                                              const std::function<bool(const std::string&)>& fn) {
    std::vector<std::string> failed;
    std::mutex failed_mu;
    for (const auto& wave : waves) {
        std::vector<std::thread> threads;
        for (const auto& id : wave) {
            threads.emplace_back([&, id] {
                if (fn(id)) return;
                std::lock_guard lock(failed_mu);
                failed.push_back(id);
            });
        }
        for (auto& t : threads) t.join();
        if (!failed.empty()) break;
    }
    std::sort(failed.begin(), failed.end());
    return failed;
}

}  // namespace freshet::stacks
