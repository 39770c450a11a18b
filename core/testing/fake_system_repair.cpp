// FakeDism and FakeSfc: the scripted DISM API and sfc.exe of fake_system_repair.hpp.
#include "wud/fake_system_repair.hpp"

#include "wud/text.hpp"

namespace wud {

bool FakeDism::load(std::string& why) {
    if (!present) why = "dismapi.dll is not in System32 (error 126)";
    return present;
}

std::uint32_t FakeDism::initialize() {
    calls.emplace_back("initialize");
    return last_ = initializeHr;
}

std::uint32_t FakeDism::openOnlineSession() {
    calls.emplace_back("open");
    return last_ = openHr;
}

std::uint32_t FakeDism::steady(std::string_view call, std::uint32_t hr, const Progress& progress) {
    for (int i = 0; i < steps; ++i) {
        if (onStep) onStep(call, i);
        if (progress) progress(static_cast<std::uint32_t>((i + 1) * 1000 / steps), 1000);
        if (cancelRequested.load() && honourCancel) return last_ = kHrCancelled;
    }
    return last_ = hr;
}

std::uint32_t FakeDism::checkHealth(bool scan, const Progress& progress, ImageHealth& out) {
    calls.emplace_back(scan ? "scan" : "check");
    const std::uint32_t hr = steady("scan", scanHr, progress);
    if (!hrFailed(hr)) out = health;
    return hr;
}

std::uint32_t FakeDism::restoreHealth(const std::vector<std::string>& given, bool limit, const Progress& progress) {
    calls.emplace_back("restore");
    sources = given;
    limitAccess = limit;
    return steady("restore", given.empty() ? restoreHr : restoreHrWithSources.value_or(restoreHr), progress);
}

std::optional<std::vector<ImageEdition>> FakeDism::imagesIn(const std::string& file) {
    calls.push_back("images " + file);
    const auto it = images.find(file);
    if (it == images.end()) return std::nullopt;
    return it->second;
}

std::string FakeDism::lastErrorMessage() {
    calls.emplace_back("last-error");
    return hrFailed(last_) ? errorMessage : std::string();
}

void FakeDism::closeSession() { calls.emplace_back("close"); }
void FakeDism::shutdown() { calls.emplace_back("shutdown"); }

std::optional<std::uint64_t> FakeSfc::cbsLogSize() {
    if (!cbsLog) return std::nullopt;
    return cbsLog->size();
}

std::optional<std::string> FakeSfc::readCbsLog(std::uint64_t offset) {
    if (!cbsLog || !readable) return std::nullopt;
    return offset >= cbsLog->size() ? std::string() : cbsLog->substr(offset);
}

SfcExit FakeSfc::run(bool verifyOnly, const std::function<void(std::string_view bytes)>& out) {
    runs.emplace_back(verifyOnly ? "/verifyonly" : "/scannow");
    if (!exit.started) return exit;
    const std::string bytes = utf16le(output);
    std::size_t piece = 0;
    for (std::size_t at = 0; at < bytes.size(); at += chunkBytes, ++piece) {
        if (onChunk) onChunk(piece);
        out(std::string_view(bytes).substr(at, chunkBytes));
    }
    if (writesToLog.empty() && !logRestarts) return exit;  // a log appears only when there is something to log
    if (logRestarts || !cbsLog) cbsLog = std::string();
    *cbsLog += writesToLog;
    return exit;
}

std::string utf16le(std::string_view utf8) {
    std::string out;
    for (std::size_t i = 0; i < utf8.size();) {
        const Utf8Char c = decodeUtf8(utf8, i);
        i += c.length;
        char32_t cp = c.valid ? c.codePoint : 0xFFFD;
        const auto unit = [&](char32_t u) {
            out += static_cast<char>(u & 0xFF);
            out += static_cast<char>((u >> 8) & 0xFF);
        };
        if (cp >= 0x10000) {
            cp -= 0x10000;
            unit(0xD800 + (cp >> 10));
            unit(0xDC00 + (cp & 0x3FF));
        } else {
            unit(cp);
        }
    }
    return out;
}

}  // namespace wud
