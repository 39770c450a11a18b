#include "wud/log.hpp"

#include <spdlog/logger.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/dist_sink.h>
#include <spdlog/pattern_formatter.h>

#ifdef _WIN32
#include "wud/text.hpp"
#include "wud/win32/handle.hpp"

#include <windows.h>
#else
#include <filesystem>
#endif

#include <cstdint>
#include <cstdio>
#include <mutex>
#include <optional>
#include <system_error>
#include <vector>

namespace wud::log {
namespace {

// Every line: local time to the millisecond, level, process ID (the window and the CLI share the file).
constexpr std::string_view kPattern = "%Y-%m-%d %H:%M:%S.%e [%l] [%P] %v";

// The few file operations the log needs, on UTF-8 paths. Windows: the wide API (std::filesystem would add
// ~100 KB to the exe for these five calls); the host build's unit tests: std::filesystem.
#ifdef _WIN32
constexpr char kSeparator = '\\';
std::optional<std::uint64_t> fileSize(const std::string& path) {
    WIN32_FILE_ATTRIBUTE_DATA data{};
    if (!GetFileAttributesExW(widen(path).c_str(), GetFileExInfoStandard, &data)) return std::nullopt;
    return (static_cast<std::uint64_t>(data.nFileSizeHigh) << 32) | data.nFileSizeLow;
}
bool exists(const std::string& path) { return GetFileAttributesW(widen(path).c_str()) != INVALID_FILE_ATTRIBUTES; }
bool renameReplacing(const std::string& from, const std::string& to) {
    return MoveFileExW(widen(from).c_str(), widen(to).c_str(), MOVEFILE_REPLACE_EXISTING) != 0;
}
// Each level in turn; one that exists (or a drive or server part, which cannot be created) is passed over.
void createDirectories(const std::string& folder) {
    const std::wstring wide = widen(folder);
    for (std::size_t at = wide.find_first_of(L"\\/", 1); at != std::wstring::npos; at = wide.find_first_of(L"\\/", at + 1))
        CreateDirectoryW(wide.substr(0, at).c_str(), nullptr);
    CreateDirectoryW(wide.c_str(), nullptr);
}
#else
constexpr char kSeparator = '/';
std::filesystem::path native(const std::string& path) { return std::filesystem::path(std::u8string(path.begin(), path.end())); }
std::optional<std::uint64_t> fileSize(const std::string& path) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(native(path), ec);
    return ec ? std::nullopt : std::optional<std::uint64_t>(size);
}
bool exists(const std::string& path) {
    std::error_code ec;
    return std::filesystem::exists(native(path), ec);
}
bool renameReplacing(const std::string& from, const std::string& to) {
    std::error_code ec;
    std::filesystem::rename(native(from), native(to), ec);
    return !ec;
}
void createDirectories(const std::string& folder) {
    std::error_code ec;
    std::filesystem::create_directories(native(folder), ec);
}
#endif

std::string join(std::string folder, std::string_view name) {
    if (!folder.empty() && folder.back() != '/' && folder.back() != '\\') folder += kSeparator;
    return folder.append(name);
}

// One log file that every WU Doctor process writing to the same folder shares (the window, the CLI, the
// window's elevated copy — at the same moment). Each line is appended whole by one write to a file opened just
// for it, under a lock named after the folder, so lines never interleave or land in a file another process has
// rotated away; the size that decides rotation is the file's own, not what this process happened to write.
// wudoctor.log grows to kMaxFileBytes, then becomes wudoctor.1.log (and that one wudoctor.2.log).
class SharedLogFile {
public:
    explicit SharedLogFile(std::string folder)
        : folder_(std::move(folder)), path_(join(folder_, kFileName)), lock_(folder_) {}

    const std::string& path() const noexcept { return path_; }

    /// Appends one line (with its line break); false when the file cannot be written.
    bool append(std::string_view line) {
        [[maybe_unused]] const auto held = lock_.hold();
        const std::optional<std::uint64_t> size = fileSize(path_);
        if (size && *size > 0 && *size + line.size() > kMaxFileBytes) rotate();
        return appendTo(path_, line);
    }

private:
    std::string numbered(std::size_t index) const {
        if (index == 0) return path_;
        return join(folder_, "wudoctor." + std::to_string(index) + ".log");
    }

    // Oldest first: wudoctor.1.log -> wudoctor.2.log (replacing it), wudoctor.log -> wudoctor.1.log. A rename
    // that fails (a reader holds the file without sharing delete) leaves the file growing a little longer.
    void rotate() {
        for (std::size_t i = kMaxFiles - 1; i > 0; --i) {
            if (!exists(numbered(i - 1))) continue;
            if (!renameReplacing(numbered(i - 1), numbered(i))) return;
        }
    }

#ifdef _WIN32
    static bool appendTo(const std::string& path, std::string_view line) {
        // FILE_APPEND_DATA alone: every write goes to the end of the file, atomically, whoever else appends.
        const UniqueFile file{CreateFileW(widen(path).c_str(), FILE_APPEND_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE |
                                            FILE_SHARE_DELETE, nullptr, OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr)};
        if (!file) return false;
        DWORD written = 0;
        return WriteFile(file.get(), line.data(), static_cast<DWORD>(line.size()), &written, nullptr) &&
               written == line.size();
    }

    // A mutex named after the folder (lower case, hashed: names cannot hold '\'), shared by every process of
    // this session that logs there. If it cannot be had within a second, the line is written anyway: a log
    // line is never worth a hang.
    class FolderLock {
    public:
        explicit FolderLock(const std::string& folder) {
            const std::wstring relative = widen(folder);
            const DWORD needed = GetFullPathNameW(relative.c_str(), 0, nullptr, nullptr);
            std::wstring key(needed, L'\0');
            const DWORD length = needed == 0 ? 0 : GetFullPathNameW(relative.c_str(), needed, key.data(), nullptr);
            if (length == 0 || length >= needed) key = relative;
            else key.resize(length);
            CharLowerBuffW(key.data(), static_cast<DWORD>(key.size()));
            std::uint64_t hash = 14695981039346656037ull;  // FNV-1a
            for (const wchar_t c : key) hash = (hash ^ static_cast<std::uint64_t>(c)) * 1099511628211ull;
            std::wstring name = L"Local\\WUDoctor-log-";
            for (int shift = 60; shift >= 0; shift -= 4) name += L"0123456789abcdef"[(hash >> shift) & 0xF];
            mutex_.reset(CreateMutexW(nullptr, FALSE, name.c_str()));
        }
        struct Held {
            HANDLE mutex = nullptr;
            Held() = default;
            explicit Held(HANDLE held) : mutex(held) {}
            Held(const Held&) = delete;
            Held& operator=(const Held&) = delete;
            ~Held() {
                if (mutex != nullptr) ReleaseMutex(mutex);
            }
        };
        Held hold() const {
            if (!mutex_) return {};
            const DWORD wait = WaitForSingleObject(mutex_.get(), 1000);
            // WAIT_ABANDONED: a process died holding it; the lock is ours and the file is whole (one write a line).
            return (wait == WAIT_OBJECT_0 || wait == WAIT_ABANDONED) ? Held{mutex_.get()} : Held{};
        }

    private:
        UniqueHandle mutex_;
    };
#else
    // The host build runs unit tests only; Windows is where two processes share a log, so no lock here.
    static bool appendTo(const std::string& path, std::string_view line) {
        std::FILE* file = std::fopen(path.c_str(), "ab");
        if (file == nullptr) return false;
        const bool ok = line.empty() || std::fwrite(line.data(), 1, line.size(), file) == line.size();
        return std::fclose(file) == 0 && ok;
    }
    struct FolderLock {
        explicit FolderLock(const std::string&) {}
        struct Held {};
        Held hold() const { return {}; }
    };
#endif

    std::string folder_;
    std::string path_;
    FolderLock lock_;
};

class SharedFileSink final : public spdlog::sinks::base_sink<std::mutex> {
public:
    /// Creates the folder and the file; nullptr if either is not possible.
    static std::shared_ptr<SharedFileSink> open(const std::string& folder) {
        createDirectories(folder);
        auto sink = std::shared_ptr<SharedFileSink>(new SharedFileSink(folder));
        if (!sink->file_.append({})) return nullptr;
        return sink;
    }
    const std::string& path() const noexcept { return file_.path(); }

protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        spdlog::memory_buf_t line;
        formatter_->format(msg, line);
        file_.append(std::string_view(line.data(), line.size()));
    }
    void flush_() override {}  // every line is written through at once

private:
    explicit SharedFileSink(const std::string& folder) : file_(folder) {}
    SharedLogFile file_;
};

struct State {
    std::shared_ptr<spdlog::sinks::dist_sink_mt> fanout = std::make_shared<spdlog::sinks::dist_sink_mt>();
    std::shared_ptr<spdlog::logger> logger;
    std::shared_ptr<SharedFileSink> file;
    Setup setup;
    std::mutex mutex;

    State() {
        logger = std::make_shared<spdlog::logger>("wudoctor", fanout);
        logger->set_level(spdlog::level::debug);
        // %P: the process id, so lines of the window and the CLI running at once can be told apart.
        logger->set_pattern(std::string(kPattern));
        // A CLI run is short and may be ended at any moment: every line reaches the file at once.
        logger->flush_on(spdlog::level::debug);
    }
};

State& state() {
    static State instance;
    return instance;
}

std::string quoteValue(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n' || c == '\r') {
            out += ' ';
            continue;
        }
        out += c;
    }
    return out + "\"";
}

}  // namespace

Setup init(const std::string& exeDir, const std::string& localAppData) {
    std::vector<Place> places;
    const std::string besideExe = exeDir.empty() ? std::string() : join(exeDir, kExeFolderName);
    if (!besideExe.empty()) places.push_back({besideExe, false});
    if (!localAppData.empty()) places.push_back({join(join(localAppData, "WUDoctor"), "logs"), true});
    return init(places, besideExe);
}

Setup init(const std::vector<Place>& places, const std::string& besideExe) {
    State& s = state();
    std::lock_guard lock(s.mutex);
    if (s.file) {
        s.fanout->remove_sink(s.file);
        s.file.reset();
    }
    Setup setup;
    setup.besideExe = besideExe;
    std::vector<std::string> tried;
    for (const Place& place : places) {
        if (s.file) break;
        tried.push_back(place.folder);
        try {
            s.file = SharedFileSink::open(place.folder);
        } catch (const std::exception&) {
            s.file.reset();
        }
        if (s.file) {
            setup.folder = place.folder;
            setup.file = s.file->path();
            setup.fallback = place.fallback;
        }
    }

    if (s.file) {
        s.file->set_formatter(std::make_unique<spdlog::pattern_formatter>(std::string(kPattern)));
        s.fanout->add_sink(s.file);
    } else {
        std::string places;
        for (const std::string& place : tried) places += (places.empty() ? "" : " and ") + place;
        setup.warning = places.empty()
                            ? "WU Doctor keeps no log this time: it could not find a folder to write it to."
                            : "WU Doctor keeps no log this time: it could not write to " + places +
                                  ". Everything else works as usual.";
        s.logger->warn("{}", setup.warning);
    }
    s.setup = setup;
    return setup;
}

const Setup& current() noexcept { return state().setup; }

spdlog::logger& get() { return *state().logger; }

void addSink(std::shared_ptr<spdlog::sinks::sink> sink) { state().fanout->add_sink(std::move(sink)); }

void removeSink(const std::shared_ptr<spdlog::sinks::sink>& sink) { state().fanout->remove_sink(sink); }

void shutdown() {
    State& s = state();
    std::lock_guard lock(s.mutex);
    s.logger->flush();
    if (s.file) {
        s.fanout->remove_sink(s.file);
        s.file.reset();
    }
    s.setup = {};
}

std::string formatAction(const ActionResult& r) {
    std::string line = "action=" + std::string(toId(r.action)) + " service=" + r.service +
                       " result=" + (r.ok ? "ok" : "failed") + " state_before=" + std::string(toId(r.stateBefore)) +
                       " state_after=" + std::string(toId(r.stateAfter)) + " pid_before=" + std::to_string(r.pidBefore) +
                       " pid_after=" + std::to_string(r.pidAfter) + " duration_ms=" + std::to_string(r.duration.count()) +
                       " error=" + std::to_string(r.error) + " message=" + quoteValue(r.text.message);
    if (!r.ok && !r.text.advice.empty()) line += " advice=" + quoteValue(r.text.advice);
    for (const std::string& note : r.notes) line += " note=" + quoteValue(note);
    return line;
}

std::string formatStartTypeChange(const StartTypeChange& c) {
    std::string line = "start_type service=" + c.service + " result=" + (c.ok ? "ok" : "failed") +
                       " old=" + std::string(toId(c.oldType)) + " new=" + std::string(toId(c.newType)) +
                       " error=" + std::to_string(c.error);
    if (!c.text.message.empty()) line += " message=" + quoteValue(c.text.message);
    return line;
}

void action(const ActionResult& result) {
    if (result.ok) get().info("{}", formatAction(result));
    else get().warn("{}", formatAction(result));
}

void startTypeChange(const StartTypeChange& change) {
    if (change.ok) get().info("{}", formatStartTypeChange(change));
    else get().warn("{}", formatStartTypeChange(change));
}

void report(std::string_view text) {
    while (!text.empty()) {
        const auto end = text.find('\n');
        get().info("report | {}", text.substr(0, end));
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
}

}  // namespace wud::log
