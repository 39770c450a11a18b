// Restart benchmark: restarts a fixture service with a known stop delay and start delay N times with
// wud::Operations, and the same service with `net stop X && net start X`, interleaved in one run. Prints the
// median restart time, the overhead above the fixture's own delays, and the ratio to `net`. Never pass/fail.
//
// Run under Wine in the test prefix (bench/run-restart-bench.sh does it): it creates its own fixture service.

#include "wine_helpers.hpp"

#include "wud/operations.hpp"
#include "wud/win32/service_manager.hpp"

#include <algorithm>
#include <thread>
#include <cstdio>
#include <vector>

namespace {

using namespace std::chrono;
using wud::test::TempFixtureService;

constexpr int kStopDelayMs = 200;
constexpr int kStartDelayMs = 300;

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

/// Runs a command line to completion (no window), returning its exit code.
DWORD runCommand(const std::wstring& commandLine) {
    STARTUPINFOW si{};
    si.cb = sizeof si;
    PROCESS_INFORMATION pi{};
    std::wstring mutableLine = commandLine;
    if (!::CreateProcessW(nullptr, mutableLine.data(), nullptr, nullptr, FALSE, CREATE_NO_WINDOW, nullptr, nullptr,
                          &si, &pi))
        return ::GetLastError();
    const wud::UniqueHandle process(pi.hProcess);
    const wud::UniqueHandle thread(pi.hThread);
    ::WaitForSingleObject(process.get(), INFINITE);
    DWORD code = 0;
    ::GetExitCodeProcess(process.get(), &code);
    return code;
}

template <typename F>
double timeMs(F&& f) {
    const auto t0 = steady_clock::now();
    f();
    return duration<double, std::milli>(steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) try {
    const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 7;
    const std::string flags = "--stop-delay " + std::to_string(kStopDelayMs) + " --start-delay " + std::to_string(kStartDelayMs);
    TempFixtureService service("bench", flags);
    wud::Win32ServiceManager scm;
    wud::SteadyClock clock;
    wud::Operations ops(scm, clock);

    if (!ops.start(service.name()).ok) {
        std::fprintf(stderr, "restart_bench: could not start the fixture service\n");
        return 1;
    }
    const std::wstring netStop = L"net.exe stop " + wud::widen(service.name());
    const std::wstring netStart = L"net.exe start " + wud::widen(service.name());
    // Wine's net.exe returns before the service has stopped / started (Windows' waits). To compare like with
    // like, the end of each step is taken when the SCM shows the state, polled every millisecond: a lower
    // bound for net, in its favour.
    auto waitFor = [&](wud::ServiceState state) {
        const auto deadline = steady_clock::now() + 10s;
        while (steady_clock::now() < deadline && scm.query(service.name()).snapshot.state != state)
            std::this_thread::sleep_for(1ms);
    };

    std::vector<double> ours, theirs;
    int failures = 0;
    for (int i = 0; i < runs; ++i) {  // interleaved, so both see the same machine load
        wud::ActionResult result;
        ours.push_back(timeMs([&] { result = ops.restart(service.name()); }));
        if (!result.ok) {
            ++failures;
            std::fprintf(stderr, "  restart failed: %s\n", result.text.message.c_str());
        }
        DWORD stopCode = 0, startCode = 0;
        theirs.push_back(timeMs([&] {
            stopCode = runCommand(netStop);
            waitFor(wud::ServiceState::Stopped);
            startCode = runCommand(netStart);
            waitFor(wud::ServiceState::Running);
        }));
        if (stopCode != 0 || startCode != 0) {
            ++failures;
            std::fprintf(stderr, "  net stop / net start exited with %lu / %lu\n", static_cast<unsigned long>(stopCode),
                         static_cast<unsigned long>(startCode));
        }
    }

    // The fixture's own time per restart, from its records: stop-begin -> stopped plus start-begin -> running.
    std::vector<double> own;
    {
        const auto records = wud::test::readRecords(service.recordFile());
        long long stopBegin = 0, startBegin = 0, stopped = 0;
        for (const auto& r : records) {
            if (r.event == "stop-begin") stopBegin = r.ms;
            else if (r.event == "stopped") stopped = r.ms;
            else if (r.event == "start-begin") startBegin = r.ms;
            else if (r.event == "running" && stopBegin && stopped)
                own.push_back(static_cast<double>((stopped - stopBegin) + (r.ms - startBegin)));
        }
    }
    const double floorMs = own.empty() ? kStopDelayMs + kStartDelayMs : median(own);
    const double oursMed = median(ours), theirsMed = median(theirs);
    std::printf("restart benchmark: fixture with stop delay %d ms + start delay %d ms (its own measured time %.0f ms), %d runs, median\n",
                kStopDelayMs, kStartDelayMs, floorMs, runs);
    std::printf("  wud::Operations::restart   %7.1f ms   overhead %+6.1f ms\n", oursMed, oursMed - floorMs);
    std::printf("  net stop + net start       %7.1f ms   overhead %+6.1f ms   (lower bound, see comment)\n", theirsMed,
                theirsMed - floorMs);
    std::printf("  ratio ours / net           %7.2f\n", oursMed / theirsMed);
    if (failures) std::printf("  (%d of %d operations failed: figures are not comparable)\n", failures, 2 * runs);
    return 0;
} catch (const std::exception& e) {
    std::fprintf(stderr, "restart_bench: %s\n", e.what());
    return 1;
}
