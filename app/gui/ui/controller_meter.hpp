#pragma once
// Controller::MeterFeed: a long job's meter, fed from any thread (DISM calls back on threads of its own; the elevated
// copy's channel is read on the worker) and posted to the window once a second (the elapsed time, with the percentage
// as it is then), and at once for a new step or a note. Private to the controller's files (controller_long_jobs.cpp, controller_elevated.cpp).

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
    /// The worker, every busyPoll: posts the meter when it changed or another second has passed.
    void tick() {
        std::unique_lock lock(mutex_);
        meter_.elapsed = std::chrono::duration_cast<Millis>(std::chrono::floor<std::chrono::seconds>(std::chrono::steady_clock::now() - start_));
        if (cancel_.cancelled()) {
            meter_.cancelAsked = true;
            meter_.cancellable = false;
        }
        // A new step or a note shows at once; a percentage rides with the next second (DISM may report every tenth
        // of a percent: one frame a second is enough for a bar, and costs the window next to nothing).
        if (steps_.empty() && notes_.empty() && (meter_ == posted_ || meter_.elapsed == posted_.elapsed)) return;
        posted_ = meter_;
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
    std::vector<std::string> steps_, notes_;
};

}  // namespace wud::ui
