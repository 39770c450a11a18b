#include "wud/repair_channel.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <exception>

namespace wud {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxSources = 256;  // as DISM got them: each image of each --source

constexpr std::array kPhases{RepairPhase::Dism, RepairPhase::Sfc};
constexpr std::array kSteps{RepairStep::Starting, RepairStep::Scanning, RepairStep::Restoring, RepairStep::CheckingFiles,
                            RepairStep::VerifyingFiles};
constexpr std::array kHealths{ImageHealth::Healthy, ImageHealth::Repairable, ImageHealth::NonRepairable};
constexpr std::array kDismOutcomes{DismOutcome::Healthy,       DismOutcome::Repairable, DismOutcome::Repaired,
                                   DismOutcome::NotRepairable, DismOutcome::SourceMissing, DismOutcome::Cancelled,
                                   DismOutcome::Failed,        DismOutcome::NotAvailable, DismOutcome::Skipped};
constexpr std::array kSfcOutcomes{SfcOutcome::Healthy, SfcOutcome::Repaired,     SfcOutcome::NotRepaired,
                                  SfcOutcome::Corrupt, SfcOutcome::Failed,       SfcOutcome::NotAvailable,
                                  SfcOutcome::Skipped};
constexpr std::array kVerdicts{SystemRepairVerdict::Healthy,    SystemRepairVerdict::Repaired,
                               SystemRepairVerdict::NotRepaired, SystemRepairVerdict::Failed,
                               SystemRepairVerdict::NotAvailable, SystemRepairVerdict::Cancelled,
                               SystemRepairVerdict::NeedsAdmin, SystemRepairVerdict::RestartPending,
                               SystemRepairVerdict::BadSource};
constexpr std::array kFileResults{SfcFileResult::Repaired, SfcFileResult::NotRepaired, SfcFileResult::Corrupt};

/// The value whose id this is, among the engine's own; nullopt for anything else.
template <typename T, std::size_t N>
std::optional<T> fromId(const std::array<T, N>& values, const json& j) {
    if (!j.is_string()) return std::nullopt;
    const auto& s = j.get_ref<const std::string&>();
    for (const T v : values)
        if (toId(v) == s) return v;
    return std::nullopt;
}

/// Text as data: at most kRepairChannelMaxText bytes (not cutting a character), control characters made spaces.
std::string text(const json& j) {
    if (!j.is_string()) return {};
    std::string s = j.get<std::string>();
    if (s.size() > kRepairChannelMaxText) {
        std::size_t cut = kRepairChannelMaxText;
        while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // a UTF-8 continuation byte
        s.resize(cut);
    }
    for (char& c : s)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
    return s;
}

std::optional<std::uint32_t> unsignedValue(const json& j) {
    if (!j.is_number_unsigned() && !(j.is_number_integer() && j.get<long long>() >= 0)) return std::nullopt;
    const auto v = j.get<unsigned long long>();
    if (v > 0xFFFFFFFFull) return std::nullopt;
    return static_cast<std::uint32_t>(v);
}

/// Throws (caught by the decoder) when a required field is missing or has a value the engine never gives.
template <typename T>
T need(std::optional<T> value) {
    if (!value) throw std::invalid_argument("bad field");
    return *value;
}

json strings(const std::vector<std::string>& list) {
    json a = json::array();
    for (const std::string& s : list) a.push_back(s);
    return a;
}

}  // namespace

std::string encodeRepairProgress(const RepairProgress& p) {
    json j;
    j["kind"] = "progress";
    j["phase"] = toId(p.phase);
    j["step"] = toId(p.step);
    j["percent"] = p.percent ? json(*p.percent) : json(nullptr);
    if (!p.note.empty()) j["note"] = p.note;
    return j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string encodeRepairResult(const SystemRepairResult& r) {
    json j;
    j["kind"] = "result";
    j["verdict"] = toId(r.verdict);
    j["bad_source"] = r.badSource;
    json& d = j["dism"];
    d["outcome"] = toId(r.dism.outcome);
    d["health"] = r.dism.health ? json(toId(*r.dism.health)) : json(nullptr);
    d["hresult"] = r.dism.hresult;
    d["dism_message"] = r.dism.dismMessage;
    d["sources"] = strings(r.dism.sources);
    d["limit_access"] = r.dism.limitAccess;
    d["cancel_ignored"] = r.dism.cancelIgnored;
    d["duration_ms"] = r.dism.duration.count();
    json& s = j["sfc"];
    s["outcome"] = toId(r.sfc.outcome);
    s["verify_only"] = r.sfc.verifyOnly;
    s["exit_code"] = r.sfc.exitCode ? json(*r.sfc.exitCode) : json(nullptr);
    s["said"] = r.sfc.said;
    s["cbs_log"] = r.sfc.cbsLog;
    s["log_restarted"] = r.sfc.logRestarted;
    s["cancel_asked"] = r.sfc.cancelAsked;
    s["reason"] = r.sfc.reason;
    s["duration_ms"] = r.sfc.duration.count();
    json& files = s["files"] = json::array();
    for (const SfcFile& f : r.sfc.files)
        files.push_back({{"name", f.name}, {"path", f.path}, {"component", f.component}, {"result", toId(f.result)}});
    return j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

std::optional<RepairChannelEvent> decodeRepairChannelLine(std::string_view line) {
    if (line.size() > kRepairChannelMaxLine) return std::nullopt;
    try {
        const json j = json::parse(line);
        if (!j.is_object()) return std::nullopt;
        const std::string kind = text(j.value("kind", json()));
        RepairChannelEvent event;
        if (kind == "progress") {
            RepairProgress p;
            p.phase = need(fromId(kPhases, j.at("phase")));
            p.step = need(fromId(kSteps, j.at("step")));
            if (const json& percent = j.at("percent"); !percent.is_null()) {
                const auto v = need(unsignedValue(percent));
                if (v > 100) return std::nullopt;
                p.percent = static_cast<int>(v);
            }
            p.text = std::string(stepText(p.step));  // the window's words for the step, never the channel's
            if (j.contains("note")) p.note = text(j["note"]);
            event.progress = std::move(p);
            return event;
        }
        if (kind != "result") return std::nullopt;
        SystemRepairResult r;
        r.verdict = need(fromId(kVerdicts, j.at("verdict")));
        r.badSource = text(j.value("bad_source", json()));
        const json& d = j.at("dism");
        r.dism.outcome = need(fromId(kDismOutcomes, d.at("outcome")));
        if (!d.at("health").is_null()) r.dism.health = need(fromId(kHealths, d["health"]));
        r.dism.hresult = need(unsignedValue(d.at("hresult")));
        r.dism.dismMessage = text(d.value("dism_message", json()));
        for (const json& source : d.at("sources")) {
            if (r.dism.sources.size() >= kMaxSources) break;
            r.dism.sources.push_back(text(source));
        }
        r.dism.limitAccess = d.at("limit_access").get<bool>();
        r.dism.cancelIgnored = d.at("cancel_ignored").get<bool>();
        r.dism.duration = Millis{need(unsignedValue(d.at("duration_ms")))};
        const json& s = j.at("sfc");
        r.sfc.outcome = need(fromId(kSfcOutcomes, s.at("outcome")));
        r.sfc.verifyOnly = s.at("verify_only").get<bool>();
        if (!s.at("exit_code").is_null()) r.sfc.exitCode = need(unsignedValue(s["exit_code"]));
        r.sfc.said = text(s.value("said", json()));
        r.sfc.cbsLog = text(s.value("cbs_log", json()));
        r.sfc.logRestarted = s.at("log_restarted").get<bool>();
        r.sfc.cancelAsked = s.at("cancel_asked").get<bool>();
        r.sfc.reason = text(s.value("reason", json()));
        r.sfc.duration = Millis{need(unsignedValue(s.at("duration_ms")))};
        for (const json& f : s.at("files")) {
            if (r.sfc.files.size() >= kRepairChannelMaxFiles) break;
            SfcFile file;
            file.name = text(f.at("name"));
            file.path = text(f.value("path", json()));
            file.component = text(f.value("component", json()));
            file.result = need(fromId(kFileResults, f.at("result")));
            r.sfc.files.push_back(std::move(file));
        }
        // The words are the window's own, from these facts (as runSystemRepair words them).
        const bool storeOk = r.dism.outcome == DismOutcome::Healthy || r.dism.outcome == DismOutcome::Repaired;
        r.dism.text = describe(r.dism, !r.dism.sources.empty());
        r.sfc.text = describe(r.sfc, storeOk);
        r.text = describe(r);
        event.result = std::move(r);
        return event;
    } catch (const std::exception&) {  // not JSON, a field missing or of the wrong type
        return std::nullopt;
    }
}

std::vector<RepairChannelEvent> RepairChannelReader::feed(std::string_view bytes) {
    std::vector<RepairChannelEvent> events;
    while (!bytes.empty()) {
        const std::size_t end = bytes.find('\n');
        const std::string_view piece = bytes.substr(0, end);
        if (!skipping_) pending_.append(piece);
        if (pending_.size() > kRepairChannelMaxLine) {  // too long: dropped, up to its end
            pending_.clear();
            if (!skipping_) ++dropped_;
            skipping_ = true;
        }
        if (end == std::string_view::npos) break;
        bytes.remove_prefix(end + 1);
        if (!skipping_ && !pending_.empty()) {
            if (auto event = decodeRepairChannelLine(pending_)) events.push_back(std::move(*event));
            else ++dropped_;
        }
        pending_.clear();
        skipping_ = false;
    }
    return events;
}

}  // namespace wud
