#pragma once
// A queue of closures that other threads post and the UI thread runs, once per frame (Tracy's RunQueue,
// ImHex's TaskManager::doLater). The UI state is touched only by the closures, so only on the UI thread.

#include <functional>
#include <mutex>
#include <utility>
#include <vector>

namespace wud::ui {

class MainThreadQueue {
public:
    using Task = std::function<void()>;

    /// Any thread: queue a closure for the UI thread.
    void post(Task task) {
        std::lock_guard lock(mutex_);
        pending_.push_back(std::move(task));
    }

    /// UI thread: runs everything posted so far, in order; returns how many closures ran. Closures posted
    /// while draining wait for the next frame, so one busy worker cannot starve the frame.
    std::size_t drain() {
        {
            std::lock_guard lock(mutex_);
            running_.swap(pending_);
        }
        const std::size_t count = running_.size();
        for (Task& task : running_) task();
        running_.clear();  // keeps the capacity: no allocation per frame
        return count;
    }

private:
    std::mutex mutex_;
    std::vector<Task> pending_;
    std::vector<Task> running_;  // only touched by the UI thread
};

}  // namespace wud::ui
