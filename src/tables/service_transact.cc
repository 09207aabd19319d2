// The action table's rows for transactions and time to live, and the sweeper's life.
#include <algorithm>
#include <boost/json.hpp>

#include "tables/service.h"
#include "tables/ttl_sweeper.h"

namespace freshet::tables {

namespace {

// IAM has no action for a transaction as a whole: each action is authorized as the item action
// it performs (dynamodb:PutItem, UpdateItem, DeleteItem, ConditionCheckItem; GetItem for
// TransactGetItems) on its table, as on AWS.
std::vector<std::pair<std::string, std::string>> transaction_actions(
    const RequestContext& ctx, const boost::json::value& input) {
    static const std::pair<const char*, const char*> kinds[] = {
        {"Put", "dynamodb:PutItem"},
        {"Update", "dynamodb:UpdateItem"},
        {"Delete", "dynamodb:DeleteItem"},
        {"ConditionCheck", "dynamodb:ConditionCheckItem"},
        {"Get", "dynamodb:GetItem"}};
    std::vector<std::pair<std::string, std::string>> out;
    const auto* o = input.if_object();
    const auto* items = o ? o->if_contains("TransactItems") : nullptr;
    if (!items || !items->is_array()) return out;
    for (const auto& item : items->get_array()) {
        const auto* a = item.if_object();
        if (!a) continue;
        for (const auto& [kind, iam_action] : kinds) {
            const auto* op = a->if_contains(kind);
            const auto* op_object = op ? op->if_object() : nullptr;
            const auto* table = op_object ? op_object->if_contains("TableName") : nullptr;
            if (table && table->is_string()) {
                std::pair<std::string, std::string> p{iam_action,
                                                      table_arn(ctx, table->get_string())};
                if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
            }
        }
    }
    return out;
}

// The transaction's item actions replace the action's own check (see transaction_actions).
std::vector<std::string> no_resource(const RequestContext&, const boost::json::value&) {
    return {};
}

}  // namespace

void TablesService::add_transaction_actions() {
    Action write = async_action<m::TransactWriteItemsInput, m::TransactWriteItemsOutput>(
        "TransactWriteItems", "dynamodb:TransactWriteItems",
        [this](RequestContext& ctx, m::TransactWriteItemsInput in,
               Reply<m::TransactWriteItemsOutput> reply) {
            transact_write_items(*this, ctx, std::move(in), std::move(reply));
        },
        &any_resource<m::TransactWriteItemsInput>);
    write.resources = &no_resource;
    write.also_authorize = &transaction_actions;
    actions_.add(std::move(write));
    Action get = async_action<m::TransactGetItemsInput, m::TransactGetItemsOutput>(
        "TransactGetItems", "dynamodb:TransactGetItems",
        [this](RequestContext& ctx, m::TransactGetItemsInput in,
               Reply<m::TransactGetItemsOutput> reply) {
            transact_get_items(*this, ctx, std::move(in), std::move(reply));
        },
        &any_resource<m::TransactGetItemsInput>);
    get.resources = &no_resource;
    get.also_authorize = &transaction_actions;
    actions_.add(std::move(get));
    actions_.add(async_action<m::UpdateTimeToLiveInput, m::UpdateTimeToLiveOutput>(
        "UpdateTimeToLive", "dynamodb:UpdateTimeToLive",
        [this](RequestContext& ctx, m::UpdateTimeToLiveInput in,
               Reply<m::UpdateTimeToLiveOutput> reply) {
            update_time_to_live(*this, ctx, std::move(in), std::move(reply));
        },
        [](const RequestContext& ctx, const m::UpdateTimeToLiveInput& in) {
            return table_arn(ctx, in.TableName);
        }));
    actions_.add(action<m::DescribeTimeToLiveInput>(
        "DescribeTimeToLive", "dynamodb:DescribeTimeToLive",
        [this](RequestContext& ctx, const m::DescribeTimeToLiveInput& in) {
            return describe_time_to_live(*this, ctx, in);
        },
        [](const RequestContext& ctx, const m::DescribeTimeToLiveInput& in) {
            return table_arn(ctx, in.TableName);
        }));
}

TablesService::~TablesService() {
    stop();
}

void TablesService::start_ttl_sweeper(std::chrono::milliseconds period, const Clock& clock) {
    if (sweeper_) return;
    sweeper_ = std::make_unique<TtlSweeper>(
        db_, clock, period, [this](uint64_t id, uint64_t n) { ttl_deleted_.add(id, {n}); },
        listener_.get());
    sweeper_->start();
}

void TablesService::stop() {
    if (sweeper_) sweeper_->stop();
}

}  // namespace freshet::tables
