#include "window/last_resort_dialog.hpp"

#include "window/renderer.hpp"
#include "ui/controller.hpp"
#include "ui/platform.hpp"
#include "ui/probe.hpp"

#include "wud/catalog.hpp"
#include "wud/clock.hpp"
#include "wud/system.hpp"
#include "wud/win32/crypto.hpp"
#include "wud/win32/lock_finder.hpp"
#include "wud/win32/machine_access.hpp"
#include "wud/win32/service_manager.hpp"

#include <spdlog/logger.h>

#include <windows.h>
#include <commctrl.h>

#include <string>
#include <vector>

namespace wud::app {
namespace {

constexpr int kFixButton = 1001;
constexpr int kTroubleshooterButton = 1002;

using TaskDialogIndirectFn = HRESULT(WINAPI*)(const TASKDIALOGCONFIG*, int*, int*, BOOL*);

const std::string_view kServices[] = {kUpdateOrchestrator, kWindowsUpdate};

std::string serviceLine(const ui::Controller& controller, std::string_view name) {
    const std::string who = std::string(friendlyNameOf(name)) + " (" + std::string(name) + "): ";
    const ui::ServiceRow* row = controller.status().find(name);
    if (!controller.hasStatus() || row == nullptr) return who + "checking…";
    const ServiceSnapshot& s = row->snapshot;
    if (!s.installed) return who + "not installed";
    std::string line = who + std::string(toPlain(s.state));
    if (s.pid != 0) line += ", process " + std::to_string(s.pid);
    if (s.startType == StartType::Disabled) line += ", disabled";
    return line;
}

// Everything the dialog shows and does; the task dialog's callback reaches it through its reference data.
class LastResort {
public:
    LastResort(ui::Controller& controller, ui::Probe& probe, const ChainOutcome& chain)
        : controller_(controller), probe_(probe), failures_(describeFailures(chain)) {}

    [[nodiscard]] std::wstring instruction() const {
        if (!controller_.hasStatus()) return L"Checking the Windows Update services…";
        return widen(ui::verdictFor(controller_.status(), controller_.operation(), controller_.os().build).headline);
    }

    [[nodiscard]] std::wstring content() const {
        std::string text;
        for (const std::string_view name : kServices) text += serviceLine(controller_, name) + "\n";
        const ui::OperationView& op = controller_.operation();
        if (op.active()) {
            text += "\n" + op.title + "…";
            if (op.phase == ui::OperationView::Phase::WaitingForAdmin) text += " (waiting for administrator rights)";
            for (const ui::StepLine& step : op.steps) text += "\n  " + step.text;
        } else if (op.phase == ui::OperationView::Phase::Finished) {
            text += "\n" + op.message;
            if (!op.advice.empty()) text += "\n" + op.advice;
        } else if (controller_.hasStatus()) {
            text += "\n" + ui::verdictFor(controller_.status(), op, controller_.os().build).detail;
        }
        return widen(text);
    }

    // TDN_CREATED and every change the worker posted: texts, buttons, and a probe frame for the tests.
    void update(HWND dialog) {
        bool changed = false;
        if (const std::wstring text = instruction(); text != shownInstruction_) {
            shownInstruction_ = text;
            SendMessageW(dialog, TDM_SET_ELEMENT_TEXT, TDE_MAIN_INSTRUCTION, reinterpret_cast<LPARAM>(shownInstruction_.c_str()));
            changed = true;
        }
        if (const std::wstring text = content(); text != shownContent_) {
            shownContent_ = text;
            SendMessageW(dialog, TDM_SET_ELEMENT_TEXT, TDE_CONTENT, reinterpret_cast<LPARAM>(shownContent_.c_str()));
            changed = true;
        }
        // A longer text than before can leave the old one's pixels behind (seen under Wine): repaint it all.
        if (changed) InvalidateRect(dialog, nullptr, TRUE);
        const bool canFix = controller_.blockedReason(ui::Request::Fix).empty();
        SendMessageW(dialog, TDM_ENABLE_BUTTON, kFixButton, canFix);
        SendMessageW(dialog, TDM_SET_BUTTON_ELEVATION_REQUIRED_STATE, kFixButton,
                     controller_.needsAdmin(ui::Request::Fix));
        writeProbe(dialog, canFix);
    }

    HRESULT onButton(HWND dialog, int id) {
        if (id == kFixButton) {
            log::get().info("last-resort dialog: Fix Windows Update pressed");
            controller_.fix();
        } else if (id == kTroubleshooterButton) {
            log::get().info("last-resort dialog: troubleshooter pressed ({})", controller_.troubleshooter().file);
            controller_.open(controller_.troubleshooter());
        } else {
            return S_OK;  // Close: the dialog ends (an operation still running is cancelled by the controller)
        }
        update(dialog);
        return S_FALSE;  // keep the dialog open
    }

    void onTimer(HWND dialog) {
        if (controller_.pump()) update(dialog);
    }

    [[nodiscard]] const std::vector<std::string>& failures() const noexcept { return failures_; }

private:
    void writeProbe(HWND dialog, bool canFix) {
        if (!probe_.enabled()) return;
        probe_.beginFrame(++frame_);
        probe_.text("renderer", "none");
        std::string reasons;
        for (const std::string& f : failures_) reasons += f + "\n";
        probe_.text("renderer-failures", reasons);
        probe_.text("verdict", narrow(shownInstruction_));
        probe_.text("content", narrow(shownContent_));
        for (const std::string_view name : kServices) {
            const ui::ServiceRow* row = controller_.status().find(name);
            if (!controller_.hasStatus() || row == nullptr) continue;
            const ServiceSnapshot& s = row->snapshot;
            probe_.text("state:" + std::string(name), !s.installed ? "not_installed" : std::string(toId(s.state)));
            probe_.text("pid:" + std::string(name), std::to_string(s.pid));
        }
        const ui::OperationView& op = controller_.operation();
        const char* phases[] = {"idle", "running", "waiting_for_admin", "finished"};
        probe_.text("operation-phase", phases[static_cast<int>(op.phase)]);
        probe_.text("operation-ok", op.ok ? "true" : "false");
        probe_.text("operation-message", op.message);
        probe_.text("operation-advice", op.advice);
        RECT window{};
        GetWindowRect(dialog, &window);
        if (HWND fix = GetDlgItem(dialog, kFixButton)) {
            RECT r{};
            GetWindowRect(fix, &r);
            const ui::Probe::Rect rect{static_cast<float>(r.left - window.left), static_cast<float>(r.top - window.top),
                                       static_cast<float>(r.right - window.left),
                                       static_cast<float>(r.bottom - window.top)};
            probe_.item("fix", "Fix Windows Update", rect, rect, canFix);
        }
        probe_.endFrame(window.left, window.top, window.right - window.left, window.bottom - window.top);
    }

    ui::Controller& controller_;
    ui::Probe& probe_;
    std::vector<std::string> failures_;
    std::wstring shownInstruction_, shownContent_;
    std::uint64_t frame_ = 0;
};

HRESULT CALLBACK onNotification(HWND dialog, UINT notification, WPARAM wParam, LPARAM, LONG_PTR data) {
    auto& self = *reinterpret_cast<LastResort*>(data);
    switch (notification) {
        case TDN_CREATED: self.update(dialog); return S_OK;
        case TDN_TIMER: self.onTimer(dialog); return S_OK;
        case TDN_BUTTON_CLICKED: return self.onButton(dialog, static_cast<int>(wParam));
        default: return S_OK;
    }
}

}  // namespace

int runLastResortDialog(const log::Setup& logSetup, const ChainOutcome& chain) {
    auto platform = ui::makeWin32Platform(logSetup.folder, exeFolder());
    Win32ServiceManager scm;
    const auto machine = makeWin32MachineAccess();
    Win32LockFinder locks;
    const auto crypto = makeWin32Crypto();
    SteadyClock clock;
    ui::ControllerOptions options;
    options.appVersion = WUD_VERSION;
    options.renderer = "none (the last-resort dialog: no Direct3D 11 or OpenGL renderer worked)";
    ui::Controller controller(*platform, scm, *machine, locks, *crypto, clock, std::move(options));
    ui::Probe probe = ui::Probe::fromEnvironment();
    LastResort self(controller, probe, chain);
    controller.start();

    const LaunchTarget& target = controller.troubleshooter();
    const std::wstring troubleshooter =
        widen(target.label) + L"\n" + widen(target.note.empty() ? "Windows' own Windows Update troubleshooter" : target.note);
    const TASKDIALOG_BUTTON buttons[] = {
        {kFixButton, L"Fix Windows Update\nRestarts Update Orchestrator, then Windows Update — the usual cure for "
                     L"updates stuck or failing"},
        {kTroubleshooterButton, troubleshooter.c_str()},
    };
    std::string why = "This PC's graphics could not show WU Doctor's full window, so this simpler one opened. ";
    why += chain.failures.empty() ? "(WUD_RENDERER=none asked for it.)" : "What was tried:";
    for (const std::string& f : self.failures()) why += "\n• " + f;
    const std::wstring expanded = widen(why);
    const std::string logLine = logSetup.file.empty() ? std::string("The log is off (no writable folder).")
                                                      : "Log: " + logSetup.file;
    const std::wstring footer = widen(logLine +
                                      "\nFrom a Command Prompt, wudoctor.com (beside this program) does the same: "
                                      "wudoctor.com status, wudoctor.com fix, wudoctor.com troubleshoot.");

    TASKDIALOGCONFIG config{};
    config.cbSize = sizeof config;
    config.hInstance = GetModuleHandleW(nullptr);
    config.dwFlags = TDF_USE_COMMAND_LINKS | TDF_CALLBACK_TIMER | TDF_ALLOW_DIALOG_CANCELLATION;
    config.cxWidth = 300;  // dialog units: room for the service lines and the longest verdict
    config.dwCommonButtons = TDCBF_CLOSE_BUTTON;
    config.pszWindowTitle = L"WU Doctor";
    config.pszMainIcon = MAKEINTRESOURCEW(1);  // our icon (resource id 1)
    config.pszMainInstruction = L"Checking the Windows Update services…";
    config.pszContent = L" ";
    config.cButtons = static_cast<UINT>(std::size(buttons));
    config.pButtons = buttons;
    config.nDefaultButton = kFixButton;
    config.pszExpandedInformation = expanded.c_str();
    config.pszCollapsedControlText = L"Show details";
    config.pszExpandedControlText = L"Hide details";
    config.pszFooter = footer.c_str();
    config.pszFooterIcon = TD_INFORMATION_ICON;
    config.pfCallback = onNotification;
    config.lpCallbackData = reinterpret_cast<LONG_PTR>(&self);

    // comctl32 version 6 (our manifest asks for it) is where TaskDialogIndirect lives; loaded at run time
    // from System32 / the side-by-side store, so the import table stays as it is.
    std::string failure;
    const UniqueHmodule comctl32 = loadFromSystem32(L"comctl32.dll", failure);
    const auto taskDialog = comctl32 ? procAddress<TaskDialogIndirectFn>(comctl32, "TaskDialogIndirect") : nullptr;
    if (taskDialog != nullptr) {
        int pressed = 0;
        const HRESULT hr = taskDialog(&config, &pressed, nullptr, nullptr);
        if (SUCCEEDED(hr)) return 0;
        failure = "TaskDialogIndirect failed (" + std::to_string(static_cast<long>(hr)) + ")";
    } else if (failure.empty()) {
        failure = "comctl32.dll has no TaskDialogIndirect";
    }
    // Without task dialogs (not seen on Windows 10/11): the same way out in plain text, still not a dead end.
    log::get().error("last-resort dialog unavailable: {}", failure);
    const std::wstring text = widen(why + "\n\n" + logLine +
                                    "\n\nTo fix Windows Update, run \"wudoctor.com fix\" from a Command Prompt in "
                                    "this program's folder, or open Settings > Update & Security > Troubleshoot.");
    MessageBoxW(nullptr, text.c_str(), L"WU Doctor", MB_ICONWARNING | MB_OK);
    return 1;
}

}  // namespace wud::app
