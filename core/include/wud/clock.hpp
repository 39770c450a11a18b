#pragma once
// Time as the operations layer sees it: real for the product, virtual for unit tests, so a 60-second
// timeout test runs in microseconds and never flakes on a busy machine.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>

namespace wud {

using Millis = std::chrono::milliseconds;

/// Cooperative cancellation shared between the UI (which cancels) and an operation (which checks).
class CancelToken {
public:
    void cancel() noexcept {
        {
            std::lock_guard lock(mutex_);
            cancelled_.store(true);
        }
        wake_.notify_all();
    }
    [[nodiscard]] bool cancelled() const noexcept { return cancelled_.load(); }

private:
    friend class SteadyClock;
    std::atomic<bool> cancelled_{false};
    mutable std::mutex mutex_;
    mutable std::condition_variable wake_;
};

/// Monotonic time and an interruptible sleep.
class Clock {
public:
    virtual ~Clock() = default;
    [[nodiscard]] virtual Millis now() = 0;
    /// Sleeps for d, returning early if token is cancelled.
    virtual void sleepFor(Millis d, const CancelToken* token) = 0;
};

/// The real clock (std::chrono::steady_clock).
class SteadyClock final : public Clock {
public:
    Millis now() override;
    void sleepFor(Millis d, const CancelToken* token) override;
};

/// A clock that only moves when someone sleeps on it (unit tests with the fake SCM).
class VirtualClock final : public Clock {
public:
    Millis now() override { return now_; }
    void sleepFor(Millis d, const CancelToken*) override { now_ += d; }
    void advance(Millis d) { now_ += d; }

private:
    Millis now_{0};
};

/// The local wall-clock time now, formatted by strftime (the journal's and the report's "2026-11-29 12:00:00").
std::string localTimeText(const char* format = "%Y-%m-%d %H:%M:%S");

}  // namespace wud
