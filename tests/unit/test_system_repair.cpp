// The system-file repair (DISM, then SFC) with the fakes: FakeDism stands for dismapi.dll and FakeSfc for sfc.exe
// and CBS.log, neither of which Wine has. Each test says which Windows behaviour it stands for.
#include <catch2/catch.hpp>

#include "fake_pc.hpp"

#include "wud/explain.hpp"
#include "wud/fake_system_repair.hpp"
#include "wud/system_repair.hpp"

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

using namespace wud;
using namespace wud::test;
using Catch::Matchers::Contains;

namespace {

const std::string kOldLog =
    "2024-01-01 10:00:00, Info CSI 00000001 [SR] Cannot repair member file [l:7]'old.dll' of Old-Component, version 1 "
    "in the store, hash mismatch\r\n"
    "2024-01-01 10:00:01, Info CSI 00000002 [SR] Verify complete\r\n";

const std::string kProgress = "Beginning verification phase of system scan.\r\nVerification 50% complete.\r"
                              "Verification 100% complete.\r\n\r\nWindows Resource Protection did not find any integrity "
                              "violations.\r\n";

struct RepairPc : FakePc {
    FakeDism dism;
    FakeSfc sfc;
    CancelToken cancel;
    std::mutex mutex;
    std::vector<RepairProgress> seen;
    bool elevated = true;

    explicit RepairPc(ImageHealth health = ImageHealth::Healthy) {
        dism.health = health;
        sfc.cbsLog = kOldLog;
        sfc.output = kProgress;
        sfc.writesToLog = "2026-11-28 12:10:00, Info CSI 00000010 [SR] Verifying 100 components\r\n"
                          "2026-11-28 12:10:01, Info CSI 00000011 [SR] Verify complete\r\n";
        machine.setValue(R"(HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion)", "EditionID", regString("Professional"));
    }

    SystemRepairResult run(bool scanOnly = false, std::vector<std::string> sources = {}) {
        SystemRepairEnv env{dism, sfc, machine, scm, clock, elevated, 19045};
        SystemRepairRequest request;
        request.scanOnly = scanOnly;
        request.sources = std::move(sources);
        request.cancel = &cancel;
        request.progress = [this](const RepairProgress& p) {
            std::lock_guard lock(mutex);
            seen.push_back(p);
        };
        return runSystemRepair(env, request);
    }

    std::vector<std::string> notes() {
        std::vector<std::string> out;
        for (const RepairProgress& p : seen)
            if (!p.note.empty()) out.push_back(p.note);
        return out;
    }
};

/// The run's verdict, and DISM's part in it.
void checkEnding(const SystemRepairResult& r, SystemRepairVerdict verdict, DismOutcome dism) {
    CHECK(r.verdict == verdict);
    CHECK(r.dism.outcome == dism);
}

/// Whether WU Doctor made this call to DISM.
bool asked(const FakeDism& dism, std::string_view call) {
    return std::find(dism.calls.begin(), dism.calls.end(), call) != dism.calls.end();
}

/// DISM's calls always end with the session closed and DISM shut down, in that order.
void requireClosedInOrder(const std::vector<std::string>& calls) {
    REQUIRE(calls.size() >= 2);
    CHECK(calls[calls.size() - 2] == "close");
    CHECK(calls.back() == "shutdown");
}

}  // namespace

TEST_CASE("System repair: a healthy store and no damaged file: healthy, nothing repaired", "[system-repair]") {
    RepairPc pc;
    const SystemRepairResult r = pc.run();
    CHECK(r.verdict == SystemRepairVerdict::Healthy);
    CHECK(r.ok());
    CHECK(r.dism.outcome == DismOutcome::Healthy);
    CHECK(r.dism.health == ImageHealth::Healthy);
    CHECK(pc.dism.calls == std::vector<std::string>{"initialize", "open", "scan", "close", "shutdown"});
    CHECK(r.sfc.outcome == SfcOutcome::Healthy);
    CHECK(pc.sfc.runs == std::vector<std::string>{"/scannow"});
    CHECK(r.sfc.files.empty());  // old.dll was in CBS.log before this run: not reported
    CHECK(r.sfc.exitCode == 0u);
    CHECK_THAT(r.sfc.said, Contains("did not find any integrity violations"));
    CHECK(r.text.advice.empty());
}

TEST_CASE("System repair: a repairable store is repaired from Windows Update (no sources, LimitAccess off)", "[system-repair]") {
    RepairPc pc(ImageHealth::Repairable);
    const SystemRepairResult r = pc.run();
    checkEnding(r, SystemRepairVerdict::Repaired, DismOutcome::Repaired);
    CHECK(pc.dism.calls == std::vector<std::string>{"initialize", "open", "scan", "restore", "close", "shutdown"});
    CHECK(pc.dism.sources.empty());
    CHECK_FALSE(pc.dism.limitAccess);
    CHECK(r.sfc.outcome == SfcOutcome::Healthy);
    CHECK_THAT(r.text.advice, Contains("Restart"));
}

TEST_CASE("System repair: progress goes up per step and SFC's warning comes before SFC starts", "[system-repair]") {
    RepairPc pc(ImageHealth::Repairable);
    bool sfcStarted = false;
    std::size_t seenBeforeSfc = 0;
    pc.sfc.onChunk = [&](std::size_t chunk) {
        if (chunk == 0) {
            sfcStarted = true;
            std::lock_guard lock(pc.mutex);
            seenBeforeSfc = pc.seen.size();
        }
    };
    pc.run();
    REQUIRE(sfcStarted);
    std::vector<std::string> before;
    for (std::size_t i = 0; i < seenBeforeSfc; ++i) before.push_back(pc.seen[i].note);
    CHECK(std::find(before.begin(), before.end(), std::string(kSfcCannotCancel)) != before.end());
    // Per step the percentages never go down; each step appears.
    std::optional<RepairStep> step;
    int last = -1;
    std::vector<RepairStep> steps;
    for (const RepairProgress& p : pc.seen) {
        if (!p.note.empty()) continue;
        if (step != p.step) {
            step = p.step;
            steps.push_back(p.step);
            last = -1;
        }
        if (p.percent) {
            CHECK(*p.percent >= last);
            last = *p.percent;
        }
    }
    CHECK(steps == std::vector<RepairStep>{RepairStep::Starting, RepairStep::Scanning, RepairStep::Restoring,
                                           RepairStep::CheckingFiles});
    CHECK(last == 100);
}

TEST_CASE("System repair: a store DISM cannot repair is not touched; the next step is a repair install", "[system-repair]") {
    RepairPc pc(ImageHealth::NonRepairable);
    const SystemRepairResult r = pc.run();
    checkEnding(r, SystemRepairVerdict::NotRepaired, DismOutcome::NotRepairable);
    CHECK_FALSE(asked(pc.dism, "restore"));
    requireClosedInOrder(pc.dism.calls);
    CHECK_THAT(r.dism.text.advice, Contains("Keep personal files and apps"));
    CHECK_THAT(r.dism.text.advice, Contains("https://www.microsoft.com/software-download"));
    CHECK(r.text.advice == r.dism.text.advice);
}

TEST_CASE("System repair: 0x800F081F says the source is missing and how to give one; with --source it is repaired",
          "[system-repair]") {
    RepairPc pc(ImageHealth::Repairable);
    pc.dism.restoreHr = kHrSourceMissing;
    pc.dism.restoreHrWithSources = 0;
    pc.dism.errorMessage = "The source files could not be found.";
    const SystemRepairResult missing = pc.run();
    checkEnding(missing, SystemRepairVerdict::NotRepaired, DismOutcome::SourceMissing);
    CHECK(missing.dism.hresult == kHrSourceMissing);
    CHECK(missing.dism.dismMessage == "The source files could not be found.");
    CHECK_THAT(missing.dism.text.message, Contains("(error 0x800F081F, CBS_E_SOURCE_MISSING)"));
    CHECK_THAT(missing.dism.text.advice, Contains("--source X:\\sources\\install.wim"));
    // The last-error message is asked for right after the failing call, before the session is closed.
    const auto& calls = pc.dism.calls;
    const auto restore = std::find(calls.begin(), calls.end(), "restore");
    REQUIRE(restore != calls.end());
    CHECK(*(restore + 1) == "last-error");
    requireClosedInOrder(calls);

    // A mounted ISO: an install.wim with two editions; this PC is Professional (image 6 of the file).
    RepairPc again(ImageHealth::Repairable);
    again.dism.restoreHr = kHrSourceMissing;
    again.dism.restoreHrWithSources = 0;
    again.machine.setFile("X:\\sources\\install.wim", "MSWIM");
    again.dism.images["X:\\sources\\install.wim"] = {{1, "Core", "Windows 10 Home"}, {6, "Professional", "Windows 10 Pro"}};
    const SystemRepairResult repaired = again.run(false, {"X:\\sources\\install.wim"});
    CHECK(repaired.verdict == SystemRepairVerdict::Repaired);
    CHECK(again.dism.sources == std::vector<std::string>{"wim:X:\\sources\\install.wim:6", "wim:X:\\sources\\install.wim:1"});
    CHECK(again.dism.limitAccess);  // Windows Update is not asked once a source is given
    CHECK(repaired.dism.limitAccess);
}

TEST_CASE("System repair: sources are checked before anything runs; a missing one changes nothing", "[system-repair]") {
    RepairPc pc;
    const SystemRepairResult r = pc.run(false, {"X:\\sources\\install.wim"});
    CHECK(r.verdict == SystemRepairVerdict::BadSource);
    CHECK_THAT(r.text.message, Contains("X:\\sources\\install.wim was not found"));
    CHECK(pc.dism.calls.empty());
    CHECK(pc.sfc.runs.empty());
}

TEST_CASE("System repair: Cancel during DISM's repair stops it; SFC does not start", "[system-repair]") {
    RepairPc pc(ImageHealth::Repairable);
    pc.dism.steps = 10;
    pc.dism.onStep = [&](std::string_view call, int step) {
        if (call == "restore" && step == 3) pc.cancel.cancel();  // the user presses Cancel (Ctrl+C) at 30 %
    };
    const SystemRepairResult r = pc.run();
    checkEnding(r, SystemRepairVerdict::Cancelled, DismOutcome::Cancelled);
    CHECK(pc.dism.cancelRequested);
    requireClosedInOrder(pc.dism.calls);
    CHECK(r.sfc.outcome == SfcOutcome::Skipped);
    CHECK(pc.sfc.runs.empty());
    CHECK_THAT(r.sfc.text.message, Contains("cancelled"));
    const auto notes = pc.notes();
    REQUIRE(notes.size() == 1);
    CHECK_THAT(notes[0], Contains("Cancelling"));
    // The last percentage shown is where it stopped, not 100.
    CHECK(pc.seen.back().percent.value_or(-1) < 100);
}

TEST_CASE("System repair: a Cancel reaches DISM even while DISM sends no progress (it can sit at 47 % for minutes)",
          "[system-repair]") {
    RepairPc pc(ImageHealth::Repairable);
    bool reached = false;
    pc.dism.onStep = [&](std::string_view call, int step) {
        if (call != "restore" || step != 1) return;
        pc.cancel.cancel();
        // No progress callback runs meanwhile: only the engine's watcher can pass the Cancel on. Wait for that state.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (!pc.dism.cancelRequested.load() && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
        reached = pc.dism.cancelRequested.load();
    };
    const SystemRepairResult r = pc.run();
    CHECK(reached);
    CHECK(r.dism.outcome == DismOutcome::Cancelled);
}

TEST_CASE("System repair: a Cancel DISM ignores (too far to stop) ends repaired, says so, and SFC is not started",
          "[system-repair]") {
    RepairPc pc(ImageHealth::Repairable);
    pc.dism.honourCancel = false;
    pc.dism.onStep = [&](std::string_view call, int step) {
        if (call == "restore" && step == 2) pc.cancel.cancel();
    };
    const SystemRepairResult r = pc.run();
    CHECK(r.dism.outcome == DismOutcome::Repaired);
    CHECK(r.dism.cancelIgnored);
    CHECK_THAT(r.dism.text.message, Contains("gone too far to stop and finished"));
    CHECK(r.sfc.outcome == SfcOutcome::Skipped);
    CHECK(r.verdict == SystemRepairVerdict::Cancelled);
}

TEST_CASE("System repair: a Cancel during the scan of a repairable store never starts the repair", "[system-repair]") {
    RepairPc pc(ImageHealth::Repairable);
    pc.dism.honourCancel = false;  // the scan finished anyway
    pc.dism.onStep = [&](std::string_view call, int step) {
        if (call == "scan" && step == 1) pc.cancel.cancel();
    };
    const SystemRepairResult r = pc.run();
    CHECK(r.dism.outcome == DismOutcome::Cancelled);
    CHECK(r.dism.health == ImageHealth::Repairable);
    CHECK_FALSE(asked(pc.dism, "restore"));
    CHECK_THAT(r.dism.text.message, Contains("did not start the repair"));
}

TEST_CASE("System repair: no dismapi.dll and no sfc.exe (Wine) is 'not available', never healthy", "[system-repair]") {
    RepairPc pc;
    pc.dism.present = false;
    pc.sfc.present = false;
    const SystemRepairResult r = pc.run();
    CHECK(r.verdict == SystemRepairVerdict::NotAvailable);
    CHECK_FALSE(r.ok());
    CHECK(r.dism.outcome == DismOutcome::NotAvailable);
    CHECK(r.sfc.outcome == SfcOutcome::NotAvailable);
    CHECK(pc.dism.calls.empty());
    CHECK_THAT(r.text.message, Contains("not available"));
    CHECK_THAT(r.dism.text.message, Contains("dismapi.dll"));
}

TEST_CASE("System repair: refused while a restart is pending (restart-pending); nothing runs", "[system-repair]") {
    RepairPc pc;
    pc.machine.addKey(R"(HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootPending)");
    const SystemRepairResult r = pc.run();
    CHECK(r.verdict == SystemRepairVerdict::RestartPending);
    REQUIRE(r.restartPending);
    CHECK(r.restartPending->id == "restart-pending");
    CHECK(pc.dism.calls.empty());
    CHECK(pc.sfc.runs.empty());
    CHECK(r.dism.outcome == DismOutcome::Skipped);
    CHECK_THAT(r.text.advice, Contains("Restart"));
}

TEST_CASE("System repair: without administrator rights nothing runs", "[system-repair]") {
    RepairPc pc;
    pc.elevated = false;
    const SystemRepairResult r = pc.run();
    CHECK(r.verdict == SystemRepairVerdict::NeedsAdmin);
    CHECK(pc.dism.calls.empty());
    CHECK(pc.sfc.runs.empty());
    CHECK_THAT(r.text.advice, Contains("administrator"));
}

TEST_CASE("System repair: DismInitialize's 'elevation required' (a token without rights) is 'needs admin'", "[system-repair]") {
    RepairPc pc;
    pc.dism.initializeHr = kHrElevationRequired;
    const SystemRepairResult r = pc.run();
    CHECK(r.verdict == SystemRepairVerdict::NeedsAdmin);
    CHECK(pc.dism.calls == std::vector<std::string>{"initialize", "last-error"});  // nothing to close: it never opened
    CHECK(pc.sfc.runs.empty());
}

TEST_CASE("System repair: another DISM failure is named with its code and DISM's own words", "[system-repair]") {
    RepairPc pc;
    pc.dism.scanHr = 0x80070005;
    pc.dism.errorMessage = "Access is denied.";
    const SystemRepairResult r = pc.run();
    CHECK(r.dism.outcome == DismOutcome::Failed);
    CHECK_THAT(r.dism.text.message, Contains("0x80070005"));
    CHECK_THAT(r.dism.text.message, Contains("DISM said: Access is denied."));
    CHECK(r.verdict == SystemRepairVerdict::Failed);
    CHECK(r.sfc.outcome == SfcOutcome::Healthy);  // SFC still runs: its answer stands on its own
    requireClosedInOrder(pc.dism.calls);
}

TEST_CASE("System repair: SFC repairing a named file, and unable to repair another, names both", "[system-repair]") {
    RepairPc pc;
    pc.sfc.writesToLog =
        "x [SR] Repairing corrupted file \\??\\C:\\Windows\\System32\\\\wuaueng.dll from store\r\n"
        "x [SR] Cannot repair member file [l:10]'usosvc.dll' of Microsoft-Windows-UpdateOrchestrator, version 1 in the "
        "store, hash mismatch\r\n"
        "x [SR] Repair complete\r\n";
    pc.sfc.exit.exitCode = 1;
    const SystemRepairResult r = pc.run();
    CHECK(r.verdict == SystemRepairVerdict::NotRepaired);
    CHECK(r.sfc.outcome == SfcOutcome::NotRepaired);
    REQUIRE(r.sfc.files.size() == 2);
    CHECK(r.sfc.files[0].path == "C:\\Windows\\System32\\wuaueng.dll");
    CHECK(r.sfc.files[0].result == SfcFileResult::Repaired);
    CHECK(r.sfc.files[1].name == "usosvc.dll");
    CHECK(r.sfc.files[1].result == SfcFileResult::NotRepaired);
    CHECK_THAT(r.sfc.text.message, Contains("could not repair 1 system file(s): usosvc.dll"));
    CHECK_THAT(r.sfc.text.message, Contains("It repaired 1: C:\\Windows\\System32\\wuaueng.dll"));
    CHECK(r.sfc.exitCode == 1u);
}

TEST_CASE("System repair: SFC repairing every damaged file is 'repaired'", "[system-repair]") {
    RepairPc pc;
    pc.sfc.writesToLog = "x [SR] Repairing corrupted file \\??\\C:\\Windows\\System32\\\\wuaueng.dll from store\r\n"
                         "x [SR] Repair complete\r\n";
    const SystemRepairResult r = pc.run();
    CHECK(r.verdict == SystemRepairVerdict::Repaired);
    CHECK(r.sfc.outcome == SfcOutcome::Repaired);
    CHECK_THAT(r.sfc.text.message, Contains("repaired 1 system file(s): C:\\Windows\\System32\\wuaueng.dll"));
}

TEST_CASE("System repair: SFC's earlier [SR] lines are never reported; a CBS.log started afresh is read whole",
          "[system-repair]") {
    RepairPc pc;
    pc.sfc.logRestarts = true;  // Windows archived the full log to CbsPersist_*.log during the scan
    pc.sfc.writesToLog = "x [SR] Repairing corrupted file \\??\\C:\\W\\\\a.dll from store\n";
    const SystemRepairResult r = pc.run();
    CHECK(r.sfc.logRestarted);
    REQUIRE(r.sfc.files.size() == 1);
    CHECK(r.sfc.files[0].name == "a.dll");
    CHECK_THAT(r.sfc.text.message, Contains("started afresh"));
}

TEST_CASE("System repair: SFC that leaves no [SR] line, or no readable log, failed — never 'healthy'", "[system-repair]") {
    RepairPc pc;
    pc.sfc.writesToLog = "";
    pc.sfc.output = "Windows Resource Protection could not start the repair service.\r\n";
    pc.sfc.exit.exitCode = 1;
    SystemRepairResult r = pc.run();
    CHECK(r.sfc.outcome == SfcOutcome::Failed);
    CHECK(r.verdict == SystemRepairVerdict::Failed);
    CHECK_THAT(r.sfc.text.message, Contains("could not start the repair service"));
    CHECK_THAT(r.sfc.text.advice, Contains("TrustedInstaller"));

    RepairPc unreadable;
    unreadable.sfc.readable = false;
    r = unreadable.run();
    CHECK(r.sfc.outcome == SfcOutcome::Failed);
    CHECK_THAT(r.sfc.text.message, Contains("could not be read"));

    RepairPc cannotStart;
    cannotStart.sfc.exit = SfcExit{false, 2, 0};
    r = cannotStart.run();
    CHECK(r.sfc.outcome == SfcOutcome::Failed);
    CHECK_FALSE(r.sfc.exitCode);
}

TEST_CASE("System repair: scan only never repairs, and finding damage is not ok", "[system-repair]") {
    RepairPc pc(ImageHealth::Repairable);
    pc.sfc.writesToLog = "x [SR] Cannot repair member file [l:10]'usosvc.dll' of X, v in the store, hash mismatch\n"
                         "x [SR] Verify complete\n";
    const SystemRepairResult r = pc.run(true);
    CHECK_FALSE(asked(pc.dism, "restore"));
    CHECK(pc.sfc.runs == std::vector<std::string>{"/verifyonly"});
    CHECK(r.dism.outcome == DismOutcome::Repairable);
    CHECK(r.sfc.outcome == SfcOutcome::Corrupt);
    REQUIRE(r.sfc.files.size() == 1);
    CHECK(r.sfc.files[0].result == SfcFileResult::Corrupt);
    CHECK(r.verdict == SystemRepairVerdict::NotRepaired);
    CHECK_FALSE(r.ok());
    CHECK_THAT(r.text.advice, Contains("wudoctor repair-system"));

    RepairPc healthy;
    CHECK(healthy.run(true).verdict == SystemRepairVerdict::Healthy);
}

TEST_CASE("System repair: Cancel while SFC runs is not honoured (SFC cannot be stopped safely), and is said",
          "[system-repair]") {
    RepairPc pc;
    pc.sfc.onChunk = [&](std::size_t chunk) {
        if (chunk == 2) pc.cancel.cancel();
    };
    const SystemRepairResult r = pc.run();
    CHECK(r.sfc.outcome == SfcOutcome::Healthy);
    CHECK(r.sfc.cancelAsked);
    CHECK_THAT(r.sfc.text.message, Contains("cannot be stopped safely"));
    const auto notes = pc.notes();
    CHECK(std::count_if(notes.begin(), notes.end(), [](const std::string& n) { return n.find("lets it finish") != std::string::npos; }) == 1);
}

TEST_CASE("System repair: --source syntax: absolute paths and DISM's wim:/esd: forms only", "[system-repair]") {
    for (const char* good : {"X:\\sources\\install.wim", "x:\\sources\\install.esd", "D:\\",
                             "\\\\server\\share\\win11\\sources", "wim:X:\\sources\\install.wim:6", "ESD:X:\\sources\\install.esd:1",
                             "C:\\Mount\\Windows \xE6\x97\xA5\xE6\x9C\xAC"}) {
        INFO(good);
        CHECK_FALSE(sourceSyntaxProblem(good));
    }
    for (const char* bad : {"", "install.wim", "sources\\install.wim", "X:", "X:install.wim", "/mnt/x", "\\\\?\\X:\\a",
                            "\\\\.\\pipe\\x", "X:\\a*.wim", "X:\\\"a\"", "X:\\a|b", "X:\\a\nb", "wim:X:\\a.wim",
                            "wim:X:\\a.wim:0", "wim:X:\\a.wim:x", "wim:X:\\folder:1", "X:\\a:b", "wim:install.wim:1"}) {
        INFO(bad);
        CHECK(sourceSyntaxProblem(bad));
    }
    CHECK(sourceSyntaxProblem(std::string(1100, 'a')));
}

TEST_CASE("System repair: what DISM gets for a source", "[system-repair]") {
    FakeMachineAccess machine;
    machine.setFile("X:\\sources\\install.esd", "esd");
    machine.addFolder("C:\\Mount\\Windows");
    const auto none = [](const std::string&) { return std::optional<std::vector<ImageEdition>>(); };
    // DISM's own form goes as typed; a folder of a mounted image too.
    CHECK(dismSourcesFor("wim:D:\\i.wim:3", machine, none, "Professional") == std::vector<std::string>{"wim:D:\\i.wim:3"});
    CHECK(dismSourcesFor("C:\\Mount\\Windows", machine, none, "") == std::vector<std::string>{"C:\\Mount\\Windows"});
    // A mounted ISO's root is its sources\install.esd; an image file DISM cannot read gets index 1.
    CHECK(dismSourcesFor("X:\\", machine, none, "") == std::vector<std::string>{"esd:X:\\sources\\install.esd:1"});
    const auto two = [](const std::string&) {
        return std::optional<std::vector<ImageEdition>>({{1, "Core", ""}, {2, "Professional", ""}, {3, "Education", ""}});
    };
    CHECK(dismSourcesFor("X:\\sources\\install.esd", machine, two, "professional") ==
          std::vector<std::string>{"esd:X:\\sources\\install.esd:2", "esd:X:\\sources\\install.esd:1",
                                   "esd:X:\\sources\\install.esd:3"});
}

TEST_CASE("System repair: explain 0x800F081F and the missing-file findings point at wudoctor repair-system",
          "[system-repair]") {
    const CodeExplanation missing = explainCode(kHrSourceMissing);
    CHECK(missing.name == "CBS_E_SOURCE_MISSING");
    CHECK_THAT(missing.nextStep, Contains("wudoctor repair-system --source X:\\sources\\install.wim"));
    CHECK_THAT(explainCode(0x80073712).nextStep, Contains("wudoctor repair-system"));

    FakePc pc;
    pc.machine.removeFile(R"(C:\Windows\System32\qmgr.dll)");
    const auto findings = pc.check();
    const auto file = std::find_if(findings.begin(), findings.end(), [](const Finding& f) { return f.id == "file.qmgr.dll"; });
    REQUIRE(file != findings.end());
    CHECK_THAT(file->nextStep, Contains("wudoctor repair-system"));
}

TEST_CASE("System repair: no CBS.log at all after SFC ran is 'no result', not 'could not be read'", "[system-repair]") {
    RepairPc pc;
    pc.sfc.cbsLog.reset();  // a PC whose servicing never wrote a log, and an SFC that writes none either
    pc.sfc.writesToLog.clear();
    pc.sfc.output = "Windows Resource Protection could not start the repair service.\r\n";
    const SystemRepairResult r = pc.run();
    CHECK_FALSE(pc.sfc.cbsLog);
    CHECK(r.sfc.outcome == SfcOutcome::Failed);
    CHECK_THAT(r.sfc.text.message, Contains("without writing its result"));
    CHECK_THAT(r.sfc.text.message, Contains("could not start the repair service"));
}
