// StreamSpecification on CreateTable and UpdateTable, and the stream part of a table's
// description (StreamSpecification, LatestStreamArn, LatestStreamLabel).
#pragma once

#include <optional>

#include "tables/service.h"

namespace freshet::storage {
class Txn;
}  // namespace freshet::storage

namespace freshet::tables {

// CreateTable: checks the specification and, when it enables a stream, adds it to the planned
// table (its id is handed out in the write function: assign_stream_ids).
Result<void> plan_stream(TableMeta& t, const std::optional<m::StreamSpecification>& spec,
                         double now);
// Gives the table's new streams (id 0) their storage ids. Inside the write function.
void assign_stream_ids(storage::Txn& txn, TableMeta& t);
// UpdateTable: enables a new stream (new label, new id) or disables the enabled one, with
// DynamoDB's refusals. Inside the write function, on the table as it is now.
Result<void> update_stream(storage::Txn& txn, TableMeta& t, const m::StreamSpecification& spec,
                           double now);
// The stream part of DescribeTable: StreamSpecification while a stream is enabled; the latest
// stream's ARN and label as long as the table has one (a disabled one too, as DynamoDB does).
void describe_streams(const TableMeta& t, m::TableDescription& d);

}  // namespace freshet::tables
