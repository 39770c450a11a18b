// The check engine: the list of checks and running them.
#include "wud/checks.hpp"

#include "wud/enum_names.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <exception>
#include <iterator>

namespace wud {

constexpr auto kSeverityIds = enumNames<Severity::Info>({
    {Severity::Problem, "problem"}, {Severity::Warning, "warning"}, {Severity::Info, "info"}
});

std::string_view toId(Severity severity) noexcept { return nameOf(kSeverityIds, severity, "info"); }

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
    Check{"last successful check", checkLastCheck},
};
}  // namespace

std::span<const Check> allChecks() noexcept { return kChecks; }

namespace {
void sortBySeverity(std::vector<Finding>& findings) {
    std::stable_sort(findings.begin(), findings.end(),
                     [](const Finding& a, const Finding& b) { return a.severity < b.severity; });
}
}  // namespace

std::vector<Finding> runChecks(CheckContext& context) {
    std::vector<Finding> findings;
    for (const Check& check : kChecks) check.run(context, findings);
    sortBySeverity(findings);
    return findings;
}

std::vector<Finding> runChecks(CheckContext& context, std::vector<std::string>& couldNotCheck) {
    std::vector<Finding> findings;
    for (const Check& check : kChecks) {
        // A check that fails part way keeps nothing it found: half a finding would be worse than none.
        std::vector<Finding> found;
        try {
            check.run(context, found);
        } catch (const std::exception& error) {
            couldNotCheck.push_back(std::string(check.name) + ": " + error.what());
            continue;
        } catch (...) {
            couldNotCheck.push_back(std::string(check.name) + ": an unexpected error");
            continue;
        }
        std::move(found.begin(), found.end(), std::back_inserter(findings));
    }
    sortBySeverity(findings);
    return findings;
}

bool offersRepair(const Finding& finding) noexcept {
    return !finding.repair.empty() && finding.severity != Severity::Info;
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

nlohmann::json findingJson(const Finding& f) {
    nlohmann::json j;  // field by field: an initializer list per object costs code size
    j["id"] = f.id;
    j["severity"] = std::string(toId(f.severity));
    j["title"] = f.title;
    j["evidence"] = f.evidence;
    j["explanation"] = f.explanation;
    j["next_step"] = f.nextStep;
    j["repairable"] = !f.repair.empty();
    return j;
}

}  // namespace wud
