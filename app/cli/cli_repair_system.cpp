#include "cli_repair_system.hpp"

#include "cli_output.hpp"
#include "wud/clock.hpp"
#include "wud/error_text.hpp"
#include "wud/log.hpp"
#include "wud/repair_channel.hpp"
#include "wud/system.hpp"
#include "wud/write_places.hpp"
#include "wud/win32/dism.hpp"
#include "wud/win32/handle.hpp"
#include "wud/win32/machine_access.hpp"
#include "wud/win32/repair_channel_pipe.hpp"
#include "wud/win32/service_manager.hpp"
#include "wud/win32/sfc.hpp"

#include <spdlog/logger.h>

#include <windows.h>

#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>


namespace wud::cli {
namespace {

using namespace std::chrono_literals;

/// The elevated copy's ear for the window's Cancel: sleeps until the window sets the channel's cancel event (then
/// cancels the repair, as Ctrl+C does) or until it is destroyed — no polling.
class CancelWatch {
public:
    CancelWatch(HANDLE cancel, CancelToken& token) : ended_(::CreateEventW(nullptr, TRUE, FALSE, nullptr)) {
        if (!ended_) {
            log::get().warn("repair-system: the window's Cancel is not watched: {}", systemMessage(::GetLastError()));
            return;
        }
        thread_ = std::jthread([cancel, ended = ended_.get(), &token] {
            const HANDLE both[] = {cancel, ended};
            if (::WaitForMultipleObjects(2, both, FALSE, INFINITE) == WAIT_OBJECT_0) {
                log::get().info("repair-system cancel asked by the window");
                token.cancel();
            }
        });
    }
    CancelWatch(const CancelWatch&) = delete;
    CancelWatch& operator=(const CancelWatch&) = delete;
    ~CancelWatch() {
        if (!thread_.joinable()) return;
        ::SetEvent(ended_.get());
        thread_.join();
    }

private:
    UniqueHandle ended_;
    std::jthread thread_;
};

/// Columns of the console stderr writes to (80 when it cannot be asked).
std::size_t consoleWidth() {
    CONSOLE_SCREEN_BUFFER_INFO info{};
    if (::GetConsoleScreenBufferInfo(::GetStdHandle(STD_ERROR_HANDLE), &info)) {
        const int width = info.srWindow.Right - info.srWindow.Left + 1;
        if (width >= 20) return static_cast<std::size_t>(width);
    }
    return 80;
}

/// The progress on stderr. On a console: one bar redrawn in place — on every change and once a second, so the
/// elapsed time moves while DISM sits at one percentage — with notes on lines of their own above it. Elsewhere
/// (a pipe, a file): a plain line per step, per tenth of the way and per note. Calls come from the repair's
/// threads; drawing happens under one lock.
class ProgressView {
public:
    /// quiet: nothing at all on stderr (--json-line: an engine counts stderr as a failure).
    ProgressView(Console& console, Clock& clock, bool quiet)
        : console_(console), clock_(clock), quiet_(quiet), live_(!quiet && console.errIsConsole()), begin_(clock.now()),
          width_(live_ ? consoleWidth() : 80) {}

    void update(const RepairProgress& p) {
        std::lock_guard lock(mutex_);
        if (!introduced_) {
            introduced_ = true;
            line(std::string(kSystemRepairAbout) + " Ctrl+C stops DISM; SFC, once started, runs to the end.");
        }
        if (!p.note.empty()) {
            line(p.note);
        } else {
            current_ = p;
            if (!live_ && !quiet_ && worthALine(printed_, p)) {
                console_.err(progressLine(p, clock_.now() - begin_) + "\n");
                printed_ = p;
            }
        }
        changed_ = true;
        wake_.notify_one();
    }

    /// On the main thread until done(): redraws the bar.
    void loop() {
        std::unique_lock lock(mutex_);
        while (!done_) {
            if (live_ && current_) draw();
            wake_.wait_for(lock, 1s, [this] { return done_ || changed_; });
            changed_ = false;
        }
        clear();
    }

    void done() {
        std::lock_guard lock(mutex_);
        done_ = true;
        wake_.notify_one();
    }

private:
    void draw() {
        const std::string bar = progressBar(*current_, clock_.now() - begin_, width_ - 1);
        std::string text = "\r" + bar;
        if (bar.size() < drawnWidth_) text.append(drawnWidth_ - bar.size(), ' ');
        console_.err(text);
        drawnWidth_ = bar.size();
    }
    void clear() {
        if (drawnWidth_ == 0) return;
        console_.err("\r" + std::string(drawnWidth_, ' ') + "\r");
        drawnWidth_ = 0;
    }
    void line(const std::string& text) {
        if (quiet_) return;
        clear();
        console_.err(text + "\n");
    }

    Console& console_;
    Clock& clock_;
    const bool quiet_;
    const bool live_;
    const Millis begin_;
    const std::size_t width_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool introduced_ = false, changed_ = false, done_ = false;
    std::optional<RepairProgress> current_, printed_;
    std::size_t drawnWidth_ = 0;
};

}  // namespace

Answer runRepairSystemCommand(Session& session, const RepairSystemCommand& command) {
    const RunContext& context = session.context();
    const auto machine = makeWin32MachineAccess();
    const auto dism = makeWin32Dism();
    Win32Sfc sfc;
    Win32ServiceManager scm;
    SteadyClock clock;
    SystemRepairEnv env{*dism, sfc, *machine, scm, clock, context.elevated, context.os ? context.os->build : 19045};
    ProgressView view(session.console(), clock, session.output() == Output::JsonLine);
    SystemRepairRequest request;
    request.scanOnly = command.scanOnly;
    request.sources = command.sources;
    request.cancel = &session.cancel();  // Ctrl+C: DISM is asked to stop (it may finish its step); SFC is let finish
    request.progress = [&view](const RepairProgress& p) { view.update(p); };

    // --progress-pipe: the window that started this elevated copy reads its progress and result live, and may set the
    // cancel event — the same as Ctrl+C here. Nothing is read from the window (repair_channel_pipe.hpp).
    std::optional<RepairChannelServer> channel;
    std::optional<CancelWatch> cancelWatch;
    if (command.progressPipe) {
        channel.emplace();
        if (!channel->ready()) {
            log::get().warn("repair-system progress pipe not served: {}", channel->problem());
        } else {
            if (!channel->problem().empty()) log::get().warn("repair-system progress pipe: {}", channel->problem());
            log::get().info("repair-system progress pipe served for the window (pid {})", ::GetCurrentProcessId());
            request.progress = [&view, &channel](const RepairProgress& p) {
                view.update(p);
                channel->send(encodeRepairProgress(p));
            };
            if (const HANDLE cancel = channel->cancelEvent(); cancel != nullptr)
                cancelWatch.emplace(cancel, session.cancel());
        }
    }

    // The repair blocks for as long as DISM and SFC take: it runs on a worker, the main thread keeps the bar alive.
    std::optional<SystemRepairResult> result;
    std::exception_ptr failure;
    std::thread worker([&] {
        try {
            result = runSystemRepair(env, request);
        } catch (...) {
            failure = std::current_exception();
        }
        view.done();
    });
    view.loop();
    worker.join();
    cancelWatch.reset();  // the repair has ended: the watch stops waiting
    if (failure) std::rethrow_exception(failure);  // a bug: the terminate handler logs it

    if (channel && channel->ready()) {
        channel->send(encodeRepairResult(*result));
        channel->finish(5s);  // the window polls for the pipe: a quick run still reaches it
    }
    log::get().info("repair-system dism={} sfc={}", toId(result->dism.outcome), toId(result->sfc.outcome));
    return repairSystemAnswer(context, *result, command);
}

}  // namespace wud::cli
