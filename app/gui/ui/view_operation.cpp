// The operation panel: the running operation's steps live, then its result and the next step.
#include "ui/view.hpp"

#include <imgui_internal.h>  // ScrollToRect

#include <cmath>
#include <string>

namespace wud::ui {

void View::drawOperation() {
    const OperationView& op = controller_.operation();
    const char* phases[] = {"idle", "running", "waiting_for_admin", "finished"};
    probe_.text("operation-phase", phases[static_cast<int>(op.phase)]);
    if (op.phase == OperationView::Phase::Idle) return;

    std::string steps;
    for (const StepLine& line : op.steps) steps += line.text + "\n";
    probe_.text("operation-title", op.title);
    probe_.text("operation-steps", steps);
    probe_.text("operation-message", op.message);
    probe_.text("operation-advice", op.advice);
    probe_.text("operation-ok", op.ok ? "true" : "false");

    const float width = ImGui::GetContentRegionAvail().x;
    const CardFrame card = beginCard(width);

    ImGui::PushFont(fonts_.strong);
    ImGui::TextUnformatted(op.phase == OperationView::Phase::Finished ? op.doneTitle.c_str() : op.title.c_str());
    ImGui::PopFont();
    const float iconSize = std::round(ImGui::GetFontSize());
    for (const StepLine& line : op.steps) {
        if (op.meter && line.status == StepLine::Status::Active) {
            // A long job's step: a still dot (the meter below moves), no spinner redrawing the window all along.
            ImGui::Dummy({iconSize, iconSize});
            const ImVec2 m = ImGui::GetItemRectMin();
            ImGui::GetWindowDrawList()->AddCircleFilled({m.x + iconSize * 0.5f, m.y + iconSize * 0.5f}, iconSize * 0.22f,
                                                        palette_.busy, 12);
        } else {
            stepIcon(line.status, iconSize);
        }
        ImGui::SameLine(0, 8.0f * scale_);
        ImGui::PushStyleColor(ImGuiCol_Text, line.status == StepLine::Status::Skipped ? palette_.textSecondary : palette_.text);
        ImGui::TextWrapped("%s", line.text.c_str());
        ImGui::PopStyleColor();
    }
    if (op.meter && op.active()) drawMeter(*op.meter);
    ImU32 border = palette_.cardBorder;
    float resultTop = card.start.y;
    if (op.phase == OperationView::Phase::Finished) {
        resultTop = ImGui::GetCursorScreenPos().y;
        ImGui::Dummy({0, 2.0f * scale_});
        const ImU32 color = op.ok ? palette_.good : op.declined ? palette_.textSecondary : palette_.problem;
        border = op.ok ? palette_.cardBorder : op.declined ? palette_.cardBorder : palette_.problem;
        ImGui::PushStyleColor(ImGuiCol_Text, color);
        ImGui::TextWrapped("%s", op.message.c_str());
        ImGui::PopStyleColor();
        if (!op.advice.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, palette_.text);
            ImGui::TextWrapped("Next step: %s", op.advice.c_str());
            ImGui::PopStyleColor();
        }
        std::string details;
        for (const std::string& line : op.details) {
            secondaryText(line);
            details += line + "\n";
        }
        probe_.text("operation-details", details);
        describeNext("OK", "Closes the result");
        if (button("dismiss", "OK", true, false, ButtonKind::Normal, 72.0f * scale_)) controller_.dismissResult();
        // Did it work? After a change, the next step is to ask Windows Update itself.
        if (op.offersScan() && controller_.canScan()) {
            ImGui::SameLine();
            checkForUpdatesButton("check-updates-after");
        }
    }
    const float height = endCard(card, border);
    // The panel readable: what runs and each step (✓ / ✗ said in words), then the result, read out when it comes.
    std::string said = op.phase == OperationView::Phase::Finished ? op.doneTitle : op.title;
    for (const StepLine& line : op.steps) {
        const char* mark = line.status == StepLine::Status::Done     ? "done: "
                           : line.status == StepLine::Status::Failed  ? "failed: "
                           : line.status == StepLine::Status::Skipped ? "skipped: "
                                                                      : "now: ";
        said += ". " + std::string(mark) + line.text;
    }
    const AccessibleRect panel{card.start.x, card.start.y, card.start.x + width, card.start.y + height};
    accessibleText("operation", said, AccessibleLive::Off, {}, &panel);
    if (op.phase == OperationView::Phase::Finished) {
        const AccessibleRect result{card.start.x, resultTop, card.start.x + width, card.start.y + height};
        accessibleText("operation-result", op.message, AccessibleLive::Assertive,
                       op.advice.empty() ? std::string() : "Next step: " + op.advice, &result);
    }
    ImGui::SetCursorScreenPos(card.start);
    ImGui::Dummy({width, height});
    ImGui::Dummy({0, 2.0f * scale_});

    // The panel scrolls into view when an operation starts, and again as it grows (a new step, the result and
    // its OK), so what just happened is seen; between those the user may scroll away.
    const std::uint64_t shown = op.id * 1000 + op.steps.size() * 4 + static_cast<std::uint64_t>(op.phase);
    if (shown != lastShownOperation_) {
        lastShownOperation_ = shown;
        // Taller than the view (a small screen at 200 %): the result and its OK matter more than the title.
        ImGuiWindow* window = ImGui::GetCurrentWindow();
        const float top = height > window->InnerRect.GetHeight() ? resultTop : card.start.y;
        ImGui::ScrollToRect(window, ImRect({card.start.x, top}, {card.start.x + width, card.start.y + height}),
                            ImGuiScrollFlags_KeepVisibleEdgeY);
    }
}

void View::drawMeter(const Meter& meter) {
    ImGui::Dummy({0, 2.0f * scale_});
    const std::string percent = meter.percent ? std::to_string(*meter.percent) + " %" : std::string("…");
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, palette_.busy);
    ImGui::ProgressBar(static_cast<float>(meter.percent.value_or(0)) / 100.0f, {-1.0f, 0.0f}, percent.c_str());
    ImGui::PopStyleColor();
    // The clock to the minute: a repair of half an hour needs no seconds, and the window draws nothing between.
    const std::string elapsed = meterClockText(meter.elapsed);
    // For a screen reader, a progress bar named after its step, its value "0%" to "100%" as Windows' own progress bars
    // give it (Microsoft Learn, "Progress Bar Control (MSAA UI Element Reference)"), the time and a long hold said too.
    AccessibleNode bar;
    bar.key = "meter";
    bar.role = AccessibleRole::ProgressBar;
    bar.name = meter.step;
    bar.value = meter.percent ? std::to_string(*meter.percent) + "%" : std::string();
    bar.description = "Running for " + elapsed + (meter.holding ? ". " + std::string(kMeterHolding) : std::string());
    accessibleItem(std::move(bar));
    secondaryText(meter.step + "  ·  " + elapsed);
    if (meter.holding) secondaryText(std::string(kMeterHolding));
    if (meter.cancelAsked) {
        secondaryText("Cancelling: it stops at the next point where it safely can.");
    } else if (meter.cancellable) {
        if (button("cancel-operation", "Cancel", true, false, ButtonKind::Normal, 90.0f * scale_))
            controller_.cancelOperation();
    } else {
        secondaryText(std::string(kSfcCannotCancel));
    }
    probe_.text("meter-step", meter.step);
    probe_.text("meter-percent", meter.percent ? std::to_string(*meter.percent) : std::string());
    probe_.text("meter-elapsed", elapsed);
    probe_.text("meter-cancellable", meter.cancellable ? "true" : "false");
}

}  // namespace wud::ui
