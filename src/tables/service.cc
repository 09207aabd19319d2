#include "tables/service.h"

#include <boost/json.hpp>

#include "tables/errors.h"
#include "tables/store/index_backfill.h"
#include "tables/ttl_sweeper.h"

namespace freshet::tables {

namespace {

template <class In>
std::string resource_of_table(const RequestContext& ctx, const In& in) {
    return table_arn(ctx, in.TableName);
}

// Batch actions are authorized against every table they name, as on AWS.
std::vector<std::string> batch_tables(const RequestContext& ctx, const boost::json::value& input) {
    std::vector<std::string> arns;
    const auto* o = input.if_object();
    const auto* items = o ? o->if_contains("RequestItems") : nullptr;
    if (items && items->is_object()) {
        for (const auto& kv : items->get_object()) arns.push_back(table_arn(ctx, kv.key()));
    }
    if (arns.empty()) arns.push_back("*");
    return arns;
}

}  // namespace

std::string table_arn(const RequestContext& ctx, std::string_view name) {
    return "arn:aws:dynamodb:" + ctx.region + ":" + ctx.principal.account_id + ":table/" +
           std::string(name);
}

Result<TableMeta> require_table(TablesService& s, std::string_view name) {
    auto t = load_table(s.db(), name);
    if (!t) return resource_not_found();
    return std::move(*t);
}

TablesService::TablesService(storage::Db& db) : db_(db) {
    // DynamoDB's validation and serialization errors come from its Coral framework, with these
    // namespaced types (clients strip up to '#').
    dialect_.validation_code = std::string(kValidationType);
    dialect_.serialization_code = "com.amazon.coral.service#SerializationException";
    dialect_.unknown_operation_code = "com.amazon.coral.service#UnknownOperationException";
    add_table_actions();
    add_item_actions();
    add_read_actions();
    add_misc_actions();
    resume_backfills(db_);
    add_transaction_actions();
}

void TablesService::add_table_actions() {
    actions_.add(async_action<m::CreateTableInput, m::CreateTableOutput>(
        "CreateTable", "dynamodb:CreateTable",
        [this](RequestContext& ctx, m::CreateTableInput in, Reply<m::CreateTableOutput> reply) {
            create_table(*this, ctx, std::move(in), std::move(reply));
        },
        &resource_of_table<m::CreateTableInput>));
    actions_.add(action<m::DescribeTableInput>(
        "DescribeTable", "dynamodb:DescribeTable",
        [this](RequestContext& ctx, const m::DescribeTableInput& in) {
            return describe_table(*this, ctx, in);
        },
        &resource_of_table<m::DescribeTableInput>));
    actions_.add(action<m::ListTablesInput>(
        "ListTables", "dynamodb:ListTables",
        [this](RequestContext& ctx, const m::ListTablesInput& in) {
            return list_tables(*this, ctx, in);
        },
        &any_resource<m::ListTablesInput>));
    actions_.add(async_action<m::DeleteTableInput, m::DeleteTableOutput>(
        "DeleteTable", "dynamodb:DeleteTable",
        [this](RequestContext& ctx, m::DeleteTableInput in, Reply<m::DeleteTableOutput> reply) {
            delete_table(*this, ctx, std::move(in), std::move(reply));
        },
        &resource_of_table<m::DeleteTableInput>));
    actions_.add(async_action<m::UpdateTableInput, m::UpdateTableOutput>(
        "UpdateTable", "dynamodb:UpdateTable",
        [this](RequestContext& ctx, m::UpdateTableInput in, Reply<m::UpdateTableOutput> reply) {
            update_table(*this, ctx, std::move(in), std::move(reply));
        },
        &resource_of_table<m::UpdateTableInput>));
}

void TablesService::add_item_actions() {
    actions_.add(async_action<m::PutItemInput, m::PutItemOutput>(
        "PutItem", "dynamodb:PutItem",
        [this](RequestContext& ctx, m::PutItemInput in, Reply<m::PutItemOutput> reply) {
            put_item(*this, ctx, std::move(in), std::move(reply));
        },
        &resource_of_table<m::PutItemInput>));
    actions_.add(async_action<m::DeleteItemInput, m::DeleteItemOutput>(
        "DeleteItem", "dynamodb:DeleteItem",
        [this](RequestContext& ctx, m::DeleteItemInput in, Reply<m::DeleteItemOutput> reply) {
            delete_item(*this, ctx, std::move(in), std::move(reply));
        },
        &resource_of_table<m::DeleteItemInput>));
    actions_.add(async_action<m::UpdateItemInput, m::UpdateItemOutput>(
        "UpdateItem", "dynamodb:UpdateItem",
        [this](RequestContext& ctx, m::UpdateItemInput in, Reply<m::UpdateItemOutput> reply) {
            update_item(*this, ctx, std::move(in), std::move(reply));
        },
        &resource_of_table<m::UpdateItemInput>));
    Action batch_write = async_action<m::BatchWriteItemInput, m::BatchWriteItemOutput>(
        "BatchWriteItem", "dynamodb:BatchWriteItem",
        [this](RequestContext& ctx, m::BatchWriteItemInput in,
               Reply<m::BatchWriteItemOutput> reply) {
            batch_write_item(*this, ctx, std::move(in), std::move(reply));
        },
        &any_resource<m::BatchWriteItemInput>);
    batch_write.resources = &batch_tables;
    actions_.add(std::move(batch_write));
}

void TablesService::add_read_actions() {
    actions_.add(action<m::GetItemInput>(
        "GetItem", "dynamodb:GetItem",
        [this](RequestContext& ctx, const m::GetItemInput& in) { return get_item(*this, ctx, in); },
        &resource_of_table<m::GetItemInput>));
    Action batch_get = action<m::BatchGetItemInput>(
        "BatchGetItem", "dynamodb:BatchGetItem",
        [this](RequestContext& ctx, const m::BatchGetItemInput& in) {
            return batch_get_item(*this, ctx, in);
        },
        &any_resource<m::BatchGetItemInput>);
    batch_get.resources = &batch_tables;
    actions_.add(std::move(batch_get));
    actions_.add(action<m::ScanInput>(
        "Scan", "dynamodb:Scan",
        [this](RequestContext& ctx, const m::ScanInput& in) { return scan(*this, ctx, in); },
        &resource_of_table<m::ScanInput>));
    actions_.add(action<m::QueryInput>(
        "Query", "dynamodb:Query",
        [this](RequestContext& ctx, const m::QueryInput& in) { return query(*this, ctx, in); },
        &resource_of_table<m::QueryInput>));
}

void TablesService::add_misc_actions() {
    auto by_arn = [](const RequestContext&, const auto& in) { return in.ResourceArn; };
    actions_.add(async_action<m::TagResourceInput, NoOutput>(
        "TagResource", "dynamodb:TagResource",
        [this](RequestContext& ctx, m::TagResourceInput in, Reply<NoOutput> reply) {
            tag_resource(*this, ctx, std::move(in), std::move(reply));
        },
        by_arn));
    actions_.add(async_action<m::UntagResourceInput, NoOutput>(
        "UntagResource", "dynamodb:UntagResource",
        [this](RequestContext& ctx, m::UntagResourceInput in, Reply<NoOutput> reply) {
            untag_resource(*this, ctx, std::move(in), std::move(reply));
        },
        by_arn));
    actions_.add(action<m::ListTagsOfResourceInput>(
        "ListTagsOfResource", "dynamodb:ListTagsOfResource",
        [this](RequestContext& ctx, const m::ListTagsOfResourceInput& in) {
            return list_tags_of_resource(*this, ctx, in);
        },
        by_arn));
    actions_.add(action<m::DescribeEndpointsRequest>(
        "DescribeEndpoints", "dynamodb:DescribeEndpoints",
        [this](RequestContext& ctx, const m::DescribeEndpointsRequest& in) {
            return describe_endpoints(*this, ctx, in);
        },
        &any_resource<m::DescribeEndpointsRequest>));
    actions_.add(action<m::DescribeLimitsInput>(
        "DescribeLimits", "dynamodb:DescribeLimits",
        [this](RequestContext& ctx, const m::DescribeLimitsInput& in) {
            return describe_limits(*this, ctx, in);
        },
        &any_resource<m::DescribeLimitsInput>));
}

}  // namespace freshet::tables
