// The check engine: the list of checks and running them.
#include "wud/checks.hpp"

#include <algorithm>
#include <array>

namespace wud {

std::string_view toId(Severity severity) noexcept {
    switch (severity) {
    case Severity::Problem: return "problem";
    case Severity::Warning: return "warning";
    case Severity::Info: return "info";
    }
    return "info";
}

namespace {
constexpr std::array kChecks{
    Check{"policies", checkPolicies},
    Check{"pause", checkPause},
    Check{"services", checkServices},
    Check{"Windows Update Medic recovery", checkMedicFailureActions},
    Check{"scheduled tasks", checkScheduledTasks},
    Check{"engine files", checkEngineFiles},
    Check{"hosts file", checkHosts},
    Check{"pending restart", checkPendingRestart},
    Check{"disk space", checkDiskSpace},
    Check{"proxy", checkProxy},
};
}  // namespace

std::span<const Check> allChecks() noexcept { return kChecks; }

std::vector<Finding> runChecks(CheckContext& context) {
    std::vector<Finding> findings;
    for (const Check& check : kChecks) check.run(context, findings);
    std::stable_sort(findings.begin(), findings.end(),
                     [](const Finding& a, const Finding& b) { return a.severity < b.severity; });
    return findings;
}

std::size_t countProblems(const std::vector<Finding>& findings) noexcept {
    return static_cast<std::size_t>(std::count_if(findings.begin(), findings.end(),
                                                  [](const Finding& f) { return f.severity == Severity::Problem; }));
}

const Finding* findFinding(const std::vector<Finding>& findings, std::string_view id) noexcept {
    for (const Finding& f : findings)
        if (f.id == id) return &f;
    return nullptr;
}

}  // namespace wud
