#include "http/message.h"

namespace freshet::http {

namespace {

class FunctionBodySource final : public BodySource {
  public:
    FunctionBodySource(uint64_t size, std::function<std::optional<std::string>()> next)
        : size_(size), next_(std::move(next)) {}
    uint64_t size() const override { return size_; }
    std::optional<std::string> next() override { return next_(); }

  private:
    const uint64_t size_;
    std::function<std::optional<std::string>()> next_;
};

const std::string* find_header(const std::vector<Header>& headers, std::string_view name) {
    for (const auto& h : headers) {
        if (iequals(h.name, name)) return &h.value;
    }
    return nullptr;
}

}  // namespace

std::shared_ptr<BodySource> make_body_source(uint64_t size,
                                             std::function<std::optional<std::string>()> next) {
    return std::make_shared<FunctionBodySource>(size, std::move(next));
}

const std::string* Request::header(std::string_view name) const {
    return find_header(headers, name);
}

const std::string* Response::header(std::string_view name) const {
    return find_header(headers, name);
}

}  // namespace freshet::http
