#pragma once
// Controller::MeterFeed: a long job's meter, fed from any thread (DISM calls back on threads of its own; the elevated
// copy's channel is read on the worker) and posted to the window when what it shows changes: a new step or a note at
// once, a percentage at most once a second, the clock once a minute. Private to the controller's files
// (controller_long_jobs.cpp, controller_elevated.cpp).

#include "ui/controller.hpp"

#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace wud::ui {

class Controller::MeterFeed {
public:
    MeterFeed(Controller& controller, const CancelToken& cancel) : controller_(controller), cancel_(cancel) {}

    /// Any thread: a repair's progress report (or one of its notes).
    void repair(const RepairProgress& p) {
        std::lock_guard lock(mutex_);
        if (!p.note.empty()) {
            notes_.push_back(p.note);
            return;
        }
        Meter next = meter_;
        applyRepairProgress(next, p);
        if (next.step != meter_.step) steps_.push_back(next.step);
        meter_ = std::move(next);
    }
    /// Any thread: a step without a percentage (the scan's phases).
    void step(std::string_view text) {
        std::lock_guard lock(mutex_);
        if (meter_.step == text) return;
        meter_.step = std::string(text);
        meter_.percent.reset();
        steps_.push_back(meter_.step);
    }
    /// The worker, every busyPoll: posts the meter when what it shows changed — at once for a new step or a note, at
    /// most once a second for a percentage, once a minute for the clock (advanceMeterClock).
    void tick() {
        std::unique_lock lock(mutex_);
        const Millis now = std::chrono::duration_cast<Millis>(std::chrono::steady_clock::now() - start_);
        advanceMeterClock(meter_, hold_, now);
        if (cancel_.cancelled()) {
            meter_.cancelAsked = true;
            meter_.cancellable = false;
        }
        // DISM may report every tenth of a percent: a bar moved once a second is enough, and a repair that holds at
        // one figure for minutes costs the window a frame a minute.
        if (steps_.empty() && notes_.empty() && (meter_ == posted_ || now - postedAt_ < std::chrono::seconds(1))) return;
        posted_ = meter_;
        postedAt_ = now;
        controller_.post([&c = controller_, meter = meter_, steps = std::exchange(steps_, {}),
                          notes = std::exchange(notes_, {})] {
            if (!c.operation_.meter) return;  // finished meanwhile
            c.operation_.meter = meter;
            for (const std::string& note : notes) c.operation_.steps.push_back({StepLine::Status::Skipped, note});
            for (const std::string& text : steps) {
                for (StepLine& line : c.operation_.steps)
                    if (line.status == StepLine::Status::Active) line.status = StepLine::Status::Done;
                c.operation_.steps.push_back({StepLine::Status::Active, text});
            }
        });
    }

private:
    Controller& controller_;
    const CancelToken& cancel_;
    const std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
    std::mutex mutex_;
    Meter meter_, posted_;
    MeterHold hold_;
    Millis postedAt_{-std::chrono::hours(1)};
    std::vector<std::string> steps_, notes_;
};

}  // namespace wud::ui
