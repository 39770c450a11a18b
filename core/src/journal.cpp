// The undo journal's file format (JSON, raw bytes as hex so an undo is byte-exact) and machine identity.
#include "wud/journal.hpp"

#include "wud/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>

namespace wud {
namespace {

using nlohmann::json;

constexpr std::array kKinds{"registry", "file_move", "file_rewrite", "start_type", "key_security", "move_aside"};
constexpr std::array kStates{"pending", "applied", "failed", "undone"};
constexpr std::array kStartTypes{StartType::Unknown,   StartType::Boot,   StartType::System,        StartType::Automatic,
                                 StartType::AutomaticDelayed, StartType::Manual, StartType::ManualTrigger, StartType::Disabled};

json valueJson(const std::optional<RegValue>& value, bool shown) {
    if (!value) return nullptr;
    json j{{"type", value->type},
           {"data", toHex(std::string_view(reinterpret_cast<const char*>(value->data.data()), value->data.size()))}};
    if (shown) j["shown"] = describeValue(*value);
    return j;
}

std::optional<RegValue> valueFrom(const json& j) {
    if (j.is_null()) return std::nullopt;
    const auto bytes = fromHex(j.at("data").get<std::string>());
    if (!bytes) throw std::runtime_error("bad hex");
    return RegValue{j.at("type").get<std::uint32_t>(), std::vector<std::uint8_t>(bytes->begin(), bytes->end())};
}

template <typename Array>
std::size_t indexOf(const Array& names, const std::string& name) {
    for (std::size_t i = 0; i < names.size(); ++i)
        if (name == names[i]) return i;
    throw std::runtime_error("unknown name " + name);
}

StartType startTypeFrom(const std::string& id) {
    for (const StartType t : kStartTypes)
        if (toId(t) == id) return t;
    throw std::runtime_error("unknown start type " + id);
}

}  // namespace

MachineId thisMachine(MachineAccess& machine) {
    MachineId id;
    if (const auto guid = machine.readValue(R"(HKLM\SOFTWARE\Microsoft\Cryptography)", "MachineGuid"))
        id.guid = asString(*guid).value_or("");
    id.computer = machine.computerName();
    return id;
}

bool sameMachine(const MachineId& a, const MachineId& b) {
    return !a.guid.empty() && lowerAscii(a.guid) == lowerAscii(b.guid) && lowerAscii(a.computer) == lowerAscii(b.computer);
}

std::string describe(const JournalChange& c) {
    switch (c.kind) {
    case JournalChange::Kind::Registry:
        return c.key + "\\" + c.name + ": " + (c.before ? describeValue(*c.before) : std::string("(not set)")) + " -> " +
               (c.after ? describeValue(*c.after) : std::string("(removed)"));
    case JournalChange::Kind::FileMove: return "renamed " + c.from + " -> " + c.to;
    case JournalChange::Kind::FileRewrite: {
        std::string text = c.path + ": removed " + std::to_string(c.removedLines.size()) + " line(s)";
        for (const std::string& line : c.removedLines) text += " [" + line + "]";
        return text;
    }
    case JournalChange::Kind::StartType:
        return "service " + c.service + " start type: " + std::string(toString(c.startBefore)) + " -> " +
               std::string(toString(c.startAfter));
    case JournalChange::Kind::KeySecurity: return c.key + " permissions: " + c.sddlBefore + " -> " + c.sddlAfter;
    case JournalChange::Kind::MoveAside:
        return "moved " + c.from + " aside to " + c.to + (c.backupRemoved ? " (that backup was deleted on request since)" : "");
    }
    return {};
}

std::string_view toId(EntryState state) noexcept { return kStates[static_cast<std::size_t>(state)]; }

std::string backupStamp(std::string_view now) {
    std::string stamp;
    for (const char c : now) {
        if (c >= '0' && c <= '9') stamp += c;
        else if (c == ' ' || c == 'T') stamp += '-';
    }
    return stamp.empty() ? std::string("0") : stamp;
}

std::string backupName(MachineAccess& machine, std::string_view path, std::string_view stamp) {
    const std::string base = std::string(path) + std::string(kBackupMarker) + std::string(stamp);
    std::string name = base;
    for (int n = 2; machine.pathExists(name); ++n) name = base + "-" + std::to_string(n);
    return name;
}

bool isBackupNameOf(std::string_view name, std::string_view base) {
    if (name.size() <= base.size() + kBackupMarker.size() || lowerAscii(name.substr(0, base.size())) != lowerAscii(base) ||
        name.substr(base.size(), kBackupMarker.size()) != kBackupMarker)
        return false;
    // YYYYMMDD-HHMMSS, then "-N" when two fell in one second.
    const std::string_view stamp = name.substr(base.size() + kBackupMarker.size());
    auto digits = [](std::string_view text) {
        return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (stamp.size() < 15 || !digits(stamp.substr(0, 8)) || stamp[8] != '-' || !digits(stamp.substr(9, 6))) return false;
    const std::string_view rest = stamp.substr(15);
    return rest.empty() || (rest.size() >= 2 && rest.front() == '-' && digits(rest.substr(1)));
}

int Journal::nextId() const noexcept {
    int id = 0;
    for (const JournalEntry& e : entries) id = std::max(id, e.id);
    return id + 1;
}

JournalEntry* Journal::find(int id) noexcept {
    for (JournalEntry& e : entries)
        if (e.id == id) return &e;
    return nullptr;
}

const JournalEntry* Journal::find(int id) const noexcept { return const_cast<Journal*>(this)->find(id); }

namespace {

/// What one change records beside its kind, as the journal file holds it.
json changeFields(const JournalChange& c, bool shown) {
    using K = JournalChange::Kind;
    switch (c.kind) {
    case K::Registry:
        return {{"key", c.key}, {"name", c.name}, {"before", valueJson(c.before, shown)},
                {"after", valueJson(c.after, shown)}};
    case K::FileMove: return {{"from", c.from}, {"to", c.to}};
    case K::FileRewrite:
        return {{"path", c.path}, {"before", toHex(c.beforeBytes)}, {"after", toHex(c.afterBytes)},
                {"removed_lines", c.removedLines}};
    case K::StartType: return {{"service", c.service}, {"before", toId(c.startBefore)}, {"after", toId(c.startAfter)}};
    case K::KeySecurity: return {{"key", c.key}, {"before", c.sddlBefore}, {"after", c.sddlAfter}};
    case K::MoveAside: return {{"from", c.from}, {"to", c.to}, {"backup_removed", c.backupRemoved}};
    }
    return json::object();
}

/// One entry as the journal file holds it; `shown` adds the derived texts people read.
json entryJson(const JournalEntry& e, bool shown) {
    json changes = json::array();
    for (const JournalChange& c : e.changes) {
        json j = changeFields(c, shown);
        j["kind"] = kKinds[static_cast<std::size_t>(c.kind)];
        if (shown) j["shown"] = describe(c);
        changes.push_back(std::move(j));
    }
    return json{{"id", e.id},
                {"time", e.time},
                {"machine_guid", e.machine.guid},
                {"computer", e.machine.computer},
                {"finding", e.findingId},
                {"title", e.title},
                {"state", toId(e.state)},
                {"changes", std::move(changes)}};
}

}  // namespace

std::string canonicalEntry(const JournalEntry& entry) {
    return entryJson(entry, false).dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string serializeJournal(const Journal& journal) {
    json entries = json::array();
    for (const JournalEntry& e : journal.entries) {
        json j = entryJson(e, true);
        if (!e.seal.empty()) j["seal"] = e.seal;
        entries.push_back(std::move(j));
    }
    const json doc{{"format", kJournalFormat}, {"entries", std::move(entries)}};
    return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::optional<Journal> parseJournal(std::string_view text, std::string& reason) {
    try {
        const json doc = json::parse(text);
        if (!doc.is_object() || doc.value("format", "") != kJournalFormat) {
            reason = "it is not a WU Doctor journal (format " + std::string(kJournalFormat) + " expected)";
            return std::nullopt;
        }
        Journal journal;
        if (!doc.at("entries").is_array()) throw std::runtime_error("entries");
        for (const json& j : doc.at("entries")) {
            JournalEntry e;
            e.id = j.at("id").get<int>();
            e.time = j.at("time").get<std::string>();
            e.machine.guid = j.at("machine_guid").get<std::string>();
            e.machine.computer = j.at("computer").get<std::string>();
            e.findingId = j.at("finding").get<std::string>();
            e.title = j.at("title").get<std::string>();
            e.state = static_cast<EntryState>(indexOf(kStates, j.at("state").get<std::string>()));
            e.seal = j.value("seal", std::string());
            if (!j.at("changes").is_array()) throw std::runtime_error("changes");
            for (const json& cj : j.at("changes")) {
                JournalChange c;
                c.kind = static_cast<JournalChange::Kind>(indexOf(kKinds, cj.at("kind").get<std::string>()));
                switch (c.kind) {
                case JournalChange::Kind::Registry:
                    c.key = cj.at("key").get<std::string>();
                    c.name = cj.at("name").get<std::string>();
                    c.before = valueFrom(cj.at("before"));
                    c.after = valueFrom(cj.at("after"));
                    break;
                case JournalChange::Kind::FileMove:
                    c.from = cj.at("from").get<std::string>();
                    c.to = cj.at("to").get<std::string>();
                    break;
                case JournalChange::Kind::FileRewrite: {
                    c.path = cj.at("path").get<std::string>();
                    const auto before = fromHex(cj.at("before").get<std::string>());
                    const auto after = fromHex(cj.at("after").get<std::string>());
                    if (!before || !after) throw std::runtime_error("bad hex");
                    c.beforeBytes = *before;
                    c.afterBytes = *after;
                    c.removedLines = cj.value("removed_lines", std::vector<std::string>{});
                    break;
                }
                case JournalChange::Kind::StartType:
                    c.service = cj.at("service").get<std::string>();
                    c.startBefore = startTypeFrom(cj.at("before").get<std::string>());
                    c.startAfter = startTypeFrom(cj.at("after").get<std::string>());
                    break;
                case JournalChange::Kind::KeySecurity:
                    c.key = cj.at("key").get<std::string>();
                    c.sddlBefore = cj.at("before").get<std::string>();
                    c.sddlAfter = cj.at("after").get<std::string>();
                    break;
                case JournalChange::Kind::MoveAside:
                    c.from = cj.at("from").get<std::string>();
                    c.to = cj.at("to").get<std::string>();
                    c.backupRemoved = cj.at("backup_removed").get<bool>();
                    break;
                }
                e.changes.push_back(std::move(c));
            }
            journal.entries.push_back(std::move(e));
        }
        return journal;
    } catch (const std::exception&) {
        reason = "it is damaged (not complete, valid JSON of the expected shape)";
        return std::nullopt;
    }
}

JournalLoad loadJournal(MachineAccess& machine, std::string_view path) {
    JournalLoad load;
    if (!machine.fileExists(path)) return load;
    const auto text = machine.readFile(path);
    std::string reason = "it cannot be read";
    if (text && text->size() > kMaxJournalBytes) {
        reason = "it is far too large to be WU Doctor's (" + std::to_string(text->size()) + " bytes)";
    } else if (text) {
        if (auto parsed = parseJournal(*text, reason)) {
            load.journal = std::move(*parsed);
            return load;
        }
    }
    load.error = "The undo journal " + std::string(path) + " cannot be used: " + reason + ".";
    return load;
}

Win32Error saveJournal(MachineAccess& machine, std::string_view path, const Journal& journal) {
    return machine.replaceFile(path, serializeJournal(journal));
}

}  // namespace wud
