#include "ui/probe.hpp"

#include "wud/log.hpp"
#include "wud/system.hpp"
#include "wud/text.hpp"
#include "wud/write_places.hpp"
#include "wud/win32/handle.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/logger.h>

#include <cstdio>

namespace wud::ui {

Probe Probe::fromEnvironment() {
    Probe probe;
    const std::string path = environmentVariable("WUD_UI_PROBE");
    if (path.empty()) return probe;
    // A standard user can give an elevated WU Doctor this variable (HKCU\Environment reaches it): elevated, the
    // probe writes only a .json file where that user could write anyway and no link can redirect it (a volume with
    // neither reparse points nor hard links: a FAT stick, and every Wine drive), never into a folder only
    // administrators can change (write_places.hpp).
    if (isElevated()) {
        const auto slash = path.find_last_of("\\/");
        const FolderFacts folder = folderFacts(slash == std::string::npos ? std::string(".") : path.substr(0, slash));
        const bool json = path.size() > 5 && lowerAscii(path.substr(path.size() - 5)) == ".json";
        if (!json || !folder.exists || folder.linksPossible || adminOnly(folder)) {
            log::get().warn("WUD_UI_PROBE ignored: an elevated WU Doctor does not write {} (a test hook; see "
                            "write_places.hpp)", path);
            return probe;
        }
    }
    probe.path_ = widen(path);
    return probe;
}

void Probe::beginFrame(std::uint64_t frame) {
    if (!enabled()) return;
    frame_ = frame;
    items_.clear();
    texts_.clear();
    marks_.clear();
}

void Probe::item(std::string_view id, std::string_view label, Rect rect, Rect shown, bool enabled) {
    if (!this->enabled()) return;
    items_.push_back({std::string(id), std::string(label), rect, shown, enabled});
}

void Probe::text(std::string_view id, std::string_view value) {
    if (!enabled()) return;
    texts_.emplace_back(std::string(id), std::string(value));
}

void Probe::mark(std::string_view id, int x, int y, std::uint32_t rgb) {
    if (!enabled()) return;
    marks_.push_back({std::string(id), x, y, rgb});
}

void Probe::endFrame(int windowX, int windowY, int width, int height) {
    if (!enabled()) return;
    nlohmann::json doc;
    doc["frame"] = frame_;
    doc["window"] = {{"x", windowX}, {"y", windowY}, {"width", width}, {"height", height}};
    auto& items = doc["items"] = nlohmann::json::array();
    const auto box = [](const Rect& r) {
        return nlohmann::json{{"x", r.x0}, {"y", r.y0}, {"w", r.x1 - r.x0}, {"h", r.y1 - r.y0}};
    };
    for (const Item& i : items_) {
        nlohmann::json item = box(i.rect);
        item["id"] = i.id;
        item["label"] = i.label;
        item["shown"] = box(i.shown);
        item["enabled"] = i.enabled;
        items.push_back(std::move(item));
    }
    auto& texts = doc["texts"] = nlohmann::json::object();
    for (const auto& [id, value] : texts_) texts[id] = value;
    auto& marks = doc["marks"] = nlohmann::json::array();
    for (const Mark& m : marks_) {
        char colour[8];
        std::snprintf(colour, sizeof colour, "#%06x", static_cast<unsigned>(m.rgb & 0xFFFFFFu));
        marks.push_back({{"id", m.id}, {"x", m.x}, {"y", m.y}, {"rgb", colour}});
    }
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
