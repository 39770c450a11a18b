#pragma once
// Many computers at once: a bounded parallel runner with a time limit per computer, whose reports come back in the
// order the computers were given. The work for one computer runs on a thread of its own; the reports are made on
// the caller's thread, each as soon as it and every one before it are known, so a line per computer streams out in
// a fixed order. Platform-neutral (std::thread only): the unit tests drive it with a fake SCM per computer.
//
// Why a time limit per computer and not only per service: a remote SCM that does not answer can hold
// OpenSCManager for ~21 s before RPC falls back to named pipes, and no Win32 call can be cancelled meanwhile. A
// computer past its limit is reported (HostEnd::TimedOut), its cancel token is set (the waits stop), its place goes
// to the next computer, and its thread is left to end when Windows' call returns: the runner never waits for it.
// So "at most `parallel` at once" counts the computers being waited for, not threads blocked in such a call.

#include "wud/clock.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace wud {

struct FleetOptions {
    std::size_t parallel = 8;              ///< computers worked on at once (at least 1)
    Millis hostTimeLimit{180'000};         ///< for each computer, from its start
    const CancelToken* stop = nullptr;     ///< Ctrl+C: no computer starts after it; the running ones are cancelled
    Millis stopPoll{50};                   ///< how often a stop is looked for while waiting
};

enum class HostEnd : std::uint8_t {
    Finished,    ///< the work returned (whatever it found: unreachable, refused… is in its result)
    TimedOut,    ///< past hostTimeLimit: reported without a result
    NotStarted,  ///< a stop came first: never started
};

template <typename Result>
struct HostReport {
    std::size_t index = 0;  ///< position in the list given
    std::string host;
    HostEnd end = HostEnd::Finished;
    std::optional<Result> result;  ///< set when Finished
    Millis elapsed{0};             ///< from its start to its result or its time limit
};

/// Runs work(host, cancel) for every host, at most options.parallel at once, and calls report() for each host, in
/// the hosts' order, on this thread. Returns when every host is reported.
template <typename Result>
void runFleet(const std::vector<std::string>& hosts, const FleetOptions& options,
              std::function<Result(const std::string& host, const CancelToken& cancel)> work,
              const std::function<void(HostReport<Result>&&)>& report) {
    using Clock = std::chrono::steady_clock;
    struct Slot {
        bool started = false, finished = false, timedOut = false, notStarted = false;
        bool freed = false;  ///< its place was given back (finished in time, or past its limit)
        Clock::time_point begin{};
        Millis elapsed{0};
        std::optional<Result> result;
        CancelToken cancel;
    };
    // Shared with the threads: a thread past its time limit may outlive this call.
    struct State {
        std::mutex mutex;
        std::condition_variable changed;
        std::vector<Slot> slots;
        std::function<Result(const std::string&, const CancelToken&)> work;
        std::vector<std::string> hosts;
    };
    const auto state = std::make_shared<State>();
    state->slots = std::vector<Slot>(hosts.size());
    state->work = std::move(work);
    state->hosts = hosts;

    const std::size_t parallel = std::max<std::size_t>(1, options.parallel);
    std::size_t next = 0, reported = 0, running = 0;
    bool stopped = false;
    std::unique_lock lock(state->mutex);
    while (reported < hosts.size()) {
        if (!stopped && options.stop != nullptr && options.stop->cancelled()) {
            stopped = true;
            for (std::size_t i = next; i < hosts.size(); ++i) state->slots[i].notStarted = true;
            next = hosts.size();
            for (Slot& slot : state->slots)
                if (slot.started && !slot.finished && !slot.timedOut) slot.cancel.cancel();
        }
        while (!stopped && running < parallel && next < hosts.size()) {
            const std::size_t index = next++;
            Slot& slot = state->slots[index];
            slot.started = true;
            slot.begin = Clock::now();
            ++running;
            const auto run = [state, index] {
                std::optional<Result> result;
                try {
                    result.emplace(state->work(state->hosts[index], state->slots[index].cancel));
                } catch (...) {
                    // The work reports its own failures; an exception leaves no result, like a time limit.
                }
                const std::lock_guard guard(state->mutex);
                Slot& done = state->slots[index];
                done.finished = true;
                if (!done.timedOut) {
                    done.elapsed = std::chrono::duration_cast<Millis>(Clock::now() - done.begin);
                    done.result = std::move(result);
                }
                state->changed.notify_all();
            };
            try {
                std::thread(run).detach();
            } catch (const std::system_error&) {
                slot.finished = true;  // no thread to be had: reported without a result, like a time limit
            }
        }
        // Time limits: the computer is reported now and its place given to the next one.
        const auto now = Clock::now();
        auto wakeAt = now + options.stopPoll;
        for (Slot& slot : state->slots) {
            if (!slot.started || slot.finished || slot.timedOut) continue;
            const auto deadline = slot.begin + options.hostTimeLimit;
            if (now >= deadline) {
                slot.timedOut = slot.freed = true;
                slot.elapsed = std::chrono::duration_cast<Millis>(now - slot.begin);
                slot.cancel.cancel();
                --running;
            } else {
                wakeAt = std::min(wakeAt, deadline);
            }
        }
        // Reports in order, as far as they are known. A finished slot frees its place (once).
        bool progressed = false;
        for (Slot& slot : state->slots)
            if (slot.finished && !slot.freed) {
                slot.freed = true;
                --running;
                progressed = true;
            }
        while (reported < hosts.size()) {
            Slot& slot = state->slots[reported];
            if (!slot.notStarted && !slot.freed) break;
            HostReport<Result> r;
            r.index = reported;
            r.host = hosts[reported];
            r.end = slot.notStarted ? HostEnd::NotStarted : slot.timedOut ? HostEnd::TimedOut : HostEnd::Finished;
            r.elapsed = slot.elapsed;
            if (r.end == HostEnd::Finished) r.result = std::move(slot.result);
            ++reported;
            lock.unlock();
            report(std::move(r));
            lock.lock();
            progressed = true;
        }
        if (progressed || reported == hosts.size()) continue;
        state->changed.wait_until(lock, wakeAt);
    }
}

}  // namespace wud
