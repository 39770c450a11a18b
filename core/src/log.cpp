#include "wud/log.hpp"

#include <spdlog/logger.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/dist_sink.h>
#include <spdlog/pattern_formatter.h>

#include <cstdio>
#include <filesystem>
#include <mutex>
#include <system_error>
#include <vector>

namespace wud::log {
namespace {

namespace fs = std::filesystem;

// Every line: local time to the millisecond, level, process ID (the window and the CLI share the file).
constexpr std::string_view kPattern = "%Y-%m-%d %H:%M:%S.%e [%l] [%P] %v";

fs::path pathFromUtf8(std::string_view text) { return fs::path(std::u8string(text.begin(), text.end())); }

std::string utf8(const fs::path& path) {
    const std::u8string text = path.u8string();
    return std::string(text.begin(), text.end());
}

// fopen takes the ANSI code page on Windows, which cannot spell every user name in %LOCALAPPDATA%:
// open by the UTF-16 path there.
std::FILE* openForAppend(const fs::path& path) {
#ifdef _WIN32
    return _wfopen(path.c_str(), L"ab");
#else
    return std::fopen(path.c_str(), "ab");
#endif
}

// A rotating file sink that opens files by wide path (spdlog's own takes narrow, ANSI paths on Windows):
// wudoctor.log grows to kMaxFileBytes, then becomes wudoctor.1.log (and that one wudoctor.2.log).
// If another process (the window and the CLI at once) holds a file and a rename fails, it keeps appending.
class RotatingFileSink final : public spdlog::sinks::base_sink<std::mutex> {
public:
    /// Opens (creates) the file; nullptr if that is not possible.
    static std::shared_ptr<RotatingFileSink> open(const fs::path& folder) {
        std::error_code ec;
        fs::create_directories(folder, ec);
        const fs::path file = folder / pathFromUtf8(kFileName);
        std::FILE* handle = openForAppend(file);
        if (handle == nullptr) return nullptr;
        return std::shared_ptr<RotatingFileSink>(new RotatingFileSink(folder, file, handle));
    }
    ~RotatingFileSink() override {
        if (file_ != nullptr) std::fclose(file_);
    }
    RotatingFileSink(const RotatingFileSink&) = delete;
    RotatingFileSink& operator=(const RotatingFileSink&) = delete;

    const fs::path& path() const noexcept { return path_; }

protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        spdlog::memory_buf_t line;
        formatter_->format(msg, line);
        if (size_ > 0 && size_ + line.size() > kMaxFileBytes) rotate();
        if (file_ == nullptr) return;
        size_ += std::fwrite(line.data(), 1, line.size(), file_);
    }
    void flush_() override {
        if (file_ != nullptr) std::fflush(file_);
    }

private:
    RotatingFileSink(fs::path folder, fs::path path, std::FILE* file) : folder_(std::move(folder)), path_(std::move(path)), file_(file) {
        std::fseek(file_, 0, SEEK_END);
        const long size = std::ftell(file_);
        size_ = size > 0 ? static_cast<std::size_t>(size) : 0;
    }

    fs::path numbered(std::size_t index) const {
        if (index == 0) return path_;
        return folder_ / pathFromUtf8("wudoctor." + std::to_string(index) + ".log");
    }

    void rotate() {
        std::fclose(file_);
        file_ = nullptr;
        std::error_code ec;
        for (std::size_t i = kMaxFiles - 1; i > 0; --i) {
            if (!fs::exists(numbered(i - 1), ec)) continue;
            fs::remove(numbered(i), ec);
            fs::rename(numbered(i - 1), numbered(i), ec);
        }
        file_ = openForAppend(path_);
        size_ = 0;
        if (file_ != nullptr) {
            std::fseek(file_, 0, SEEK_END);
            const long size = std::ftell(file_);
            size_ = size > 0 ? static_cast<std::size_t>(size) : 0;
        }
    }

    fs::path folder_;
    fs::path path_;
    std::FILE* file_ = nullptr;
    std::size_t size_ = 0;
};

struct State {
    std::shared_ptr<spdlog::sinks::dist_sink_mt> fanout = std::make_shared<spdlog::sinks::dist_sink_mt>();
    std::shared_ptr<spdlog::logger> logger;
    std::shared_ptr<RotatingFileSink> file;
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
    State& s = state();
    std::lock_guard lock(s.mutex);
    if (s.file) {
        s.fanout->remove_sink(s.file);
        s.file.reset();
    }
    Setup setup;
    std::vector<std::string> tried;
    const auto attempt = [&](const fs::path& folder, bool fallback) {
        if (s.file) return;
        tried.push_back(utf8(folder));
        try {
            s.file = RotatingFileSink::open(folder);
        } catch (const std::exception&) {
            s.file.reset();
        }
        if (s.file) {
            setup.folder = utf8(folder);
            setup.file = utf8(s.file->path());
            setup.fallback = fallback;
        }
    };
    if (!exeDir.empty()) attempt(pathFromUtf8(exeDir) / pathFromUtf8(kExeFolderName), false);
    if (!localAppData.empty()) attempt(pathFromUtf8(localAppData) / "WUDoctor" / "logs", true);

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
