// The streams' families on GET /metrics: one series per live stream, labelled by name.
// Counting happens in the handlers (StreamsService::count_incoming/count_outgoing) on atomics
// in a CounterTable keyed by stream id, so a put takes only a shared lock to count.
#include <map>

#include "streams/service.h"
#include "streams/store/stream_store.h"

namespace freshet::streams {

void StreamsService::write_metrics(MetricsWriter& w) const {
    // Streams of different accounts or regions may share a name; their series are summed so
    // that each label set appears once, as the format requires.
    std::map<std::string, CounterTable<4>::Values> by_name;
    for (const Stream& s : store::all_streams(db_)) {
        auto counts = traffic_.get(s.id);
        auto& row = by_name[s.name];
        for (size_t i = 0; i < row.size(); ++i) row[i] += counts[i];
    }
    struct Family {
        const char* name;
        const char* help;
    };
    static const Family families[] = {
        {"freshet_stream_incoming_records_total",
         "Records a stream has accepted from PutRecord and PutRecords."},
        {"freshet_stream_incoming_bytes_total",
         "Bytes of record data a stream has accepted from PutRecord and PutRecords."},
        {"freshet_stream_outgoing_records_total", "Records GetRecords has returned from a stream."},
        {"freshet_stream_outgoing_bytes_total",
         "Bytes of record data GetRecords has returned from a stream."},
    };
    for (size_t i = 0; i < std::size(families); ++i) {
        w.family(families[i].name, "counter", families[i].help);
        for (const auto& [name, row] : by_name)
            w.sample(families[i].name, {{"stream", name}}, double(row[i]));
    }
}

}  // namespace freshet::streams
