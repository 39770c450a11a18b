#pragma once
// Test doubles for the system-file repair (system_repair.hpp): a scripted DISM API and a scripted sfc.exe with its
// CBS.log in memory. They stand for what Wine cannot show — Wine has no dismapi.dll and no sfc.exe — and for what
// a real Windows does slowly or rarely (a store that cannot be repaired, a cancel DISM ignores). The black-box
// tests plant stand-ins in the test prefix's System32 instead (tests/fixtures/standin_*).

#include "wud/system_repair.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wud {

/// A scripted DISM API. Each long call sends `steps` progress callbacks (of 1000), calling `onStep` before each,
/// and stops with HRESULT_FROM_WIN32(ERROR_CANCELLED) at the next step after a cancel — or, with honourCancel
/// false, carries on and succeeds, as DISM does past the point where it can stop.
class FakeDism final : public DismApi {
public:
    // ---- the script
    bool present = true;  ///< false: no dismapi.dll (Wine)
    std::uint32_t initializeHr = 0, openHr = 0, scanHr = 0;
    ImageHealth health = ImageHealth::Healthy;
    std::uint32_t restoreHr = 0;                       ///< without sources (Windows Update as the source)
    std::optional<std::uint32_t> restoreHrWithSources; ///< with sources; unset: restoreHr
    int steps = 4;
    bool honourCancel = true;
    std::function<void(std::string_view call, int step)> onStep;  ///< "scan" / "restore", 0-based
    std::map<std::string, std::vector<ImageEdition>> images;      ///< DismGetImageInfo's answer per file
    std::string errorMessage = "DISM's own words about the failure.";

    // ---- what happened (read after the call returned)
    std::vector<std::string> calls;  ///< "initialize", "open", "scan", "restore", "close", "shutdown", "last-error"
    std::vector<std::string> sources;
    bool limitAccess = false;
    std::atomic<bool> cancelRequested{false};

    bool load(std::string& why) override;
    std::uint32_t initialize() override;
    std::uint32_t openOnlineSession() override;
    std::uint32_t checkHealth(bool scan, const Progress& progress, ImageHealth& health) override;
    std::uint32_t restoreHealth(const std::vector<std::string>& sources, bool limitAccess, const Progress& progress) override;
    std::optional<std::vector<ImageEdition>> imagesIn(const std::string& file) override;
    std::string lastErrorMessage() override;
    void closeSession() override;
    void shutdown() override;
    void requestCancel() override { cancelRequested.store(true); }

private:
    std::uint32_t steady(std::string_view call, std::uint32_t hr, const Progress& progress);
    std::uint32_t last_ = 0;
};

/// A scripted sfc.exe and CBS.log. run() sends `output` (UTF-8 here, sent as UTF-16LE the way sfc writes to a
/// pipe) in pieces of `chunkBytes` — odd sizes cut characters in two — then appends `writesToLog` to the log.
class FakeSfc final : public SfcHost {
public:
    bool present = true;
    std::optional<std::string> cbsLog = std::string();  ///< nullopt: no CBS.log yet
    bool readable = true;
    std::string output;       ///< e.g. "Verification 50% complete.\rVerification 100% complete.\r\n..."
    std::size_t chunkBytes = 7;
    std::string writesToLog;  ///< the run's own CBS.log lines
    bool logRestarts = false; ///< the run starts CBS.log afresh (Windows archives a full one to CbsPersist_*.log)
    SfcExit exit{true, 0, 0};
    std::function<void(std::size_t chunk)> onChunk;  ///< before each piece of output

    std::vector<std::string> runs;  ///< "/scannow" or "/verifyonly", per run

    bool available() override { return present; }
    std::string cbsLogPath() override { return "C:\\Windows\\Logs\\CBS\\CBS.log"; }
    std::optional<std::uint64_t> cbsLogSize() override;
    std::optional<std::string> readCbsLog(std::uint64_t offset) override;
    SfcExit run(bool verifyOnly, const std::function<void(std::string_view bytes)>& output) override;
};

/// UTF-8 -> UTF-16LE bytes (what sfc.exe writes to a pipe).
std::string utf16le(std::string_view utf8);

}  // namespace wud
