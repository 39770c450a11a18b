#include "ui_probe.hpp"

#include "wud/text.hpp"
#include "wud/win32_handle.hpp"

#include <nlohmann/json.hpp>

namespace wud::ui {

Probe Probe::fromEnvironment() {
    Probe probe;
    probe.path_ = widen(environmentVariable("WUD_UI_PROBE"));
    return probe;
}

void Probe::beginFrame(std::uint64_t frame) {
    if (!enabled()) return;
    frame_ = frame;
    items_.clear();
    texts_.clear();
}

void Probe::item(std::string_view id, std::string_view label, float x0, float y0, float x1, float y1, bool enabled) {
    if (!this->enabled()) return;
    items_.push_back({std::string(id), std::string(label), x0, y0, x1, y1, enabled});
}

void Probe::text(std::string_view id, std::string_view value) {
    if (!enabled()) return;
    texts_.emplace_back(std::string(id), std::string(value));
}

void Probe::endFrame(int windowX, int windowY, int width, int height) {
    if (!enabled()) return;
    nlohmann::json doc;
    doc["frame"] = frame_;
    doc["window"] = {{"x", windowX}, {"y", windowY}, {"width", width}, {"height", height}};
    auto& items = doc["items"] = nlohmann::json::array();
    for (const Item& i : items_) {
        items.push_back({{"id", i.id}, {"label", i.label}, {"x", i.x0}, {"y", i.y0}, {"w", i.x1 - i.x0},
                         {"h", i.y1 - i.y0}, {"enabled", i.enabled}});
    }
    auto& texts = doc["texts"] = nlohmann::json::object();
    for (const auto& [id, value] : texts_) texts[id] = value;
    const std::string body = doc.dump(1, ' ', false, nlohmann::json::error_handler_t::replace);

    const std::wstring temp = path_ + L".tmp";
    bool ok = false;
    {
        const UniqueFile file(
            CreateFileW(temp.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr));
        if (!file) return;
        DWORD written = 0;
        ok = WriteFile(file.get(), body.data(), static_cast<DWORD>(body.size()), &written, nullptr) &&
             written == body.size();
    }  // closed before the rename
    if (ok) MoveFileExW(temp.c_str(), path_.c_str(), MOVEFILE_REPLACE_EXISTING);
}

}  // namespace wud::ui
