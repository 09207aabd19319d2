// FilterCriteria: event patterns (EventBridge's syntax) matched against each Kinesis record
// before it is batched. Lambda matches a Kinesis record as the object
//   {"kinesisSchemaVersion","partitionKey","sequenceNumber","approximateArrivalTimestamp",
//    "data"}
// where "data" is the record's bytes parsed as JSON (absent when they are not JSON). A record
// is kept when any of the filters matches it.
//
// Supported in a pattern's value arrays: literals (strings, numbers, booleans, null) and the
// operators prefix, suffix, equals-ignore-case, anything-but (a value, a list, or {prefix}),
// numeric (=, <, <=, >, >= pairs) and exists. See docs/compatibility/mappings.md.
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <vector>

#include "core/result.h"
#include "mappings/engine/batch.h"

namespace freshet::mappings {

class Filter {
  public:
    // InvalidParameterValueException "Invalid filter pattern definition." on a bad pattern.
    static Result<Filter> parse(const std::string& pattern);
    bool matches(const boost::json::value& event) const;

  private:
    boost::json::object pattern_;
};

// The object a record is matched as.
boost::json::value filter_view(const StreamRecord& r);

// True when `filters` is empty or any of them matches.
bool keep(const std::vector<Filter>& filters, const StreamRecord& r);

}  // namespace freshet::mappings
