// Group-policy values that switch Windows Update off or point it nowhere, and a pause far beyond what
// Settings allows.
//
// Sources:
// - Microsoft Learn, "Manage additional Windows Update settings" (waas-wu-settings): WUServer, WUStatusServer,
//   UpdateServiceUrlAlternate, UseWUServer, DoNotConnectToWindowsUpdateInternetLocations,
//   DisableWindowsUpdateAccess, SetDisableUXWUAccess, NoAutoUpdate under
//   HKLM\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate(\AU).
// - Microsoft Learn, Policy CSP "Settings/PageVisibilityList": SettingsPageVisibility = "hide:windowsupdate".
// - wumgr (DavidXanatos/wumgr), "Block access to WU": writes WUServer / WUStatusServer = " " with
//   UseWUServer = 1, DoNotConnectToWindowsUpdateInternetLocations = 1 and hide:windowsupdate (see DESIGN.md).
// - Pause: Settings > Windows Update pauses for at most 5 weeks (35 days) on Windows 10 and 11 (Microsoft
//   Support, "Manage updates in Windows"); blocker scripts write PauseUpdatesExpiryTime decades ahead
//   (e.g. tsgrgo/windows-update-disabler, Wu10Man).
#include "check_util.hpp"

#include <array>
#include <cstdio>

namespace wud {
using namespace checks_detail;

namespace {

/// A real update server address: http(s)://host with a host that is not this machine or nowhere.
bool isRealServerUrl(std::string_view text) {
    const std::string url = lowerAscii(trim(text));
    std::string_view rest;
    if (url.starts_with("http://")) rest = std::string_view(url).substr(7);
    else if (url.starts_with("https://")) rest = std::string_view(url).substr(8);
    else return false;
    const auto end = rest.find_first_of(":/");
    std::string host(rest.substr(0, end));
    if (host.starts_with("[")) host = std::string(rest.substr(0, rest.find(']') + 1));
    if (host.empty() || host == "localhost" || host == "0.0.0.0" || host == "[::1]" || host == "[::]" ||
        host.starts_with("127."))
        return false;
    return true;
}

std::optional<std::uint32_t> dword(MachineAccess& m, std::string_view key, std::string_view name) {
    const auto value = m.readValue(key, name);
    return value ? asDword(*value) : std::nullopt;
}

constexpr std::array<std::string_view, 3> kPauseValues{"PauseUpdatesExpiryTime", "PauseFeatureUpdatesEndTime",
                                                       "PauseQualityUpdatesEndTime"};
constexpr std::array<std::string_view, 3> kServerValues{"WUServer", "WUStatusServer", "UpdateServiceUrlAlternate"};

struct SimplePolicy {
    std::string_view key;
    std::string_view name;
    std::string_view id;
    Severity severity;
    std::string_view title;
    std::string_view explanation;
};

// Policies that, set to 1, switch part of Windows Update off. Removing the value restores Windows' default.
constexpr std::array kSimplePolicies{
    SimplePolicy{kWuPolicyKey, "DisableWindowsUpdateAccess", "policy.disable-access", Severity::Problem,
                 "A policy turns off access to all Windows Update features",
                 "Windows Update cannot scan, download or install while this policy is set."},
    SimplePolicy{kWuPolicyKey, "SetDisableUXWUAccess", "policy.disable-ux-access", Severity::Problem,
                 "A policy removes the \"Check for updates\" button",
                 "Settings cannot scan for updates while this policy is set."},
    SimplePolicy{kAuPolicyKey, "NoAutoUpdate", "policy.no-auto-update", Severity::Warning,
                 "A policy turns off automatic updates",
                 "Windows no longer downloads or installs updates by itself; they wait until you check by hand."},
};

constexpr std::string_view kRemoveNextStep =
    "Run the repair: it removes this one policy value (the old value goes to the undo journal).";

void managedFinding(std::vector<Finding>& out, std::vector<std::string> evidence, bool domain) {
    if (domain) evidence.push_back("This PC is joined to a domain");
    out.push_back(finding("policy.managed", Severity::Info, "Windows Update is managed by your organisation",
                          std::move(evidence),
                          domain ? "This PC is joined to a domain: its update policies come from your organisation "
                                   "and are not a fault."
                                 : "The update server is a real address of your organisation (WSUS): the policies "
                                   "are not a fault.",
                          "If updates fail, contact your IT department; WU Doctor does not change these policies."));
}

}  // namespace

void checkPolicies(CheckContext& context, std::vector<Finding>& out) {
    MachineAccess& m = context.machine;
    std::vector<Finding> found;
    std::vector<std::string> allEvidence;

    // --- the update server trio with UseWUServer
    const auto useServer = dword(m, kAuPolicyKey, "UseWUServer");
    bool realServer = false;
    if (useServer && *useServer == 1) {
        Finding f;
        f.id = "policy.wuserver";
        f.severity = Severity::Problem;
        f.evidence.push_back(valueEvidence(kAuPolicyKey, "UseWUServer", *m.readValue(kAuPolicyKey, "UseWUServer")));
        std::vector<Change> repair;
        for (const std::string_view name : kServerValues) {
            const auto value = m.readValue(kWuPolicyKey, name);
            if (!value) continue;
            f.evidence.push_back(valueEvidence(kWuPolicyKey, name, *value));
            if (isRealServerUrl(asString(*value).value_or(""))) {
                if (name == "WUServer") realServer = true;
            } else {
                repair.push_back(RegistryChange{std::string(kWuPolicyKey), std::string(name), std::nullopt});
            }
        }
        if (!m.readValue(kWuPolicyKey, "WUServer"))
            f.evidence.push_back(std::string(kWuPolicyKey) + "\\WUServer is not set");
        // UseWUServer with a blank, made-up or missing server: Windows Update has nowhere to go.
        if (!realServer) {
            repair.push_back(RegistryChange{std::string(kAuPolicyKey), "UseWUServer", std::nullopt});
            f.title = "Windows Update is sent to an update server that does not exist";
            f.explanation = "A policy tells Windows Update to use an organisation's update server instead of "
                            "Microsoft, but the server address is blank or points nowhere (a trick of "
                            "\"disable updates\" tools). Windows Update then finds nothing.";
            f.nextStep = "Run the repair: it removes UseWUServer and the blank server values (old values go to the "
                         "undo journal).";
            f.repair = std::move(repair);
        }
        allEvidence.insert(allEvidence.end(), f.evidence.begin(), f.evidence.end());
        if (!realServer) found.push_back(std::move(f));
    }

    // --- DoNotConnectToWindowsUpdateInternetLocations: "This policy applies only when the device is configured to
    // connect to an intranet update service" (Microsoft Learn, waas-wu-settings). With UseWUServer = 1 and no real
    // server (the blocker's trick above) it closes the last way out: a problem. Without UseWUServer it does nothing.
    if (const auto value = m.readValue(kWuPolicyKey, "DoNotConnectToWindowsUpdateInternetLocations");
        value && asDword(*value).value_or(0) != 0) {
        const bool intranet = useServer && *useServer == 1;
        Finding f;
        f.id = "policy.do-not-connect";
        f.severity = intranet ? Severity::Problem : Severity::Info;
        f.title = intranet ? "A policy forbids Windows Update to connect to Microsoft"
                           : "A policy that only matters with an update server of an organisation is set";
        f.evidence.push_back(valueEvidence(kWuPolicyKey, "DoNotConnectToWindowsUpdateInternetLocations", *value));
        if (!intranet) f.evidence.push_back(std::string(kAuPolicyKey) + "\\UseWUServer is not 1: no intranet update service");
        allEvidence.push_back(f.evidence.front());
        f.explanation = intranet ? "With this policy Windows Update may only use the update server of an organisation. "
                                   "This PC has none, so it finds no updates at all."
                                 : "Microsoft: \"This policy applies only when the device is configured to connect to "
                                   "an intranet update service.\" This PC is not, so the policy does nothing now; a "
                                   "\"disable updates\" tool probably left it.";
        f.nextStep = intranet ? std::string(kRemoveNextStep)
                              : "Nothing needed. To remove it anyway: wudoctor repair policy.do-not-connect (the old "
                                "value goes to the undo journal).";
        f.repair.push_back(RegistryChange{std::string(kWuPolicyKey), "DoNotConnectToWindowsUpdateInternetLocations", std::nullopt});
        found.push_back(std::move(f));
    }

    // --- the simple on/off policies
    for (const SimplePolicy& p : kSimplePolicies) {
        const auto value = m.readValue(p.key, p.name);
        if (!value || asDword(*value).value_or(0) == 0) continue;
        Finding f;
        f.id = std::string(p.id);
        f.severity = p.severity;
        f.title = std::string(p.title);
        f.evidence.push_back(valueEvidence(p.key, p.name, *value));
        allEvidence.push_back(f.evidence.back());
        f.explanation = std::string(p.explanation);
        f.nextStep = std::string(kRemoveNextStep);
        f.repair.push_back(RegistryChange{std::string(p.key), std::string(p.name), std::nullopt});
        found.push_back(std::move(f));
    }

    // --- the Settings page hidden
    if (const auto value = m.readValue(kExplorerPolicyKey, "SettingsPageVisibility")) {
        const std::string text = asString(*value).value_or("");
        const std::string l = lowerAscii(trim(text));
        if (l.starts_with("hide:")) {
            std::vector<std::string> kept;
            bool hidden = false;
            std::size_t begin = 5;
            const std::string t = trim(text);
            while (begin <= t.size()) {
                const auto end = std::min(t.find(';', begin), t.size());
                const std::string page = t.substr(begin, end - begin);
                if (equalsIgnoreCase(trim(page), "windowsupdate")) hidden = true;
                else if (!trim(page).empty()) kept.push_back(page);
                begin = end + 1;
            }
            if (hidden) {
                Finding f;
                f.id = "policy.settings-hidden";
                f.severity = Severity::Warning;
                f.title = "A policy hides the Windows Update page in Settings";
                f.evidence.push_back(valueEvidence(kExplorerPolicyKey, "SettingsPageVisibility", *value));
                allEvidence.push_back(f.evidence.back());
                f.explanation = "Settings does not show Windows Update, so you cannot check for updates there.";
                f.nextStep = "Run the repair: it takes windowsupdate off the hidden list and keeps the other pages "
                             "hidden (old value goes to the undo journal).";
                std::optional<RegValue> after;
                if (!kept.empty()) {
                    std::string joined = "hide:";
                    for (std::size_t i = 0; i < kept.size(); ++i) joined += (i ? ";" : "") + kept[i];
                    after = regString(joined, value->type == kRegExpandSz ? kRegExpandSz : kRegSz);
                }
                f.repair.push_back(RegistryChange{std::string(kExplorerPolicyKey), "SettingsPageVisibility", after});
                found.push_back(std::move(f));
            }
        }
    }

    // A domain-joined PC or a real WSUS server: the policies are the organisation's, not a fault.
    const bool domain = m.domainJoined().value_or(false);
    if (domain || realServer) {
        if (realServer && allEvidence.empty()) {
            for (const std::string_view name : {"WUServer", "WUStatusServer"})
                if (const auto v = m.readValue(kWuPolicyKey, name)) allEvidence.push_back(valueEvidence(kWuPolicyKey, name, *v));
        }
        if (!allEvidence.empty() || realServer) managedFinding(out, allEvidence, domain);
        return;
    }
    for (Finding& f : found) out.push_back(std::move(f));
}

// ---------------------------------------------------------------------------------------------- pause

namespace {

// Days since 1970-01-01 for a civil date (Howard Hinnant's days_from_civil).
long long daysFromCivil(int y, unsigned m, unsigned d) {
    y -= m <= 2;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long long>(doe) - 719468;
}

/// "2051-01-01T00:00:00Z" (what Settings writes) -> seconds since the epoch.
std::optional<long long> parseIsoTime(std::string_view text) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    const std::string t(text);
    if (std::sscanf(t.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) < 3) return std::nullopt;
    if (mo < 1 || mo > 12 || d < 1 || d > 31) return std::nullopt;
    return daysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + h * 3600 + mi * 60 + s;
}

constexpr long long kMaxPauseDays = 35;  // Settings: at most 5 weeks
constexpr long long kSlackDays = 2;      // time zones and a pause set just before midnight

}  // namespace

std::vector<RegistryTarget> policyRepairTargets() {
    std::vector<RegistryTarget> targets;
    for (const std::string_view name : kServerValues) targets.push_back({std::string(kWuPolicyKey), std::string(name)});
    targets.push_back({std::string(kAuPolicyKey), "UseWUServer"});
    targets.push_back({std::string(kWuPolicyKey), "DoNotConnectToWindowsUpdateInternetLocations"});
    for (const SimplePolicy& p : kSimplePolicies) targets.push_back({std::string(p.key), std::string(p.name)});
    targets.push_back({std::string(kExplorerPolicyKey), "SettingsPageVisibility"});
    for (const std::string_view name : kPauseValues) targets.push_back({std::string(kUxSettingsKey), std::string(name)});
    return targets;
}

void checkPause(CheckContext& context, std::vector<Finding>& out) {
    const long long now = std::chrono::duration_cast<std::chrono::seconds>(context.now.time_since_epoch()).count();
    Finding f;
    f.id = "pause.too-long";
    f.severity = Severity::Problem;
    bool pausedWithinLimit = false;
    std::vector<std::string> withinEvidence;
    for (const std::string_view name : kPauseValues) {
        const auto value = context.machine.readValue(kUxSettingsKey, name);
        if (!value) continue;
        const auto until = parseIsoTime(asString(*value).value_or(""));
        if (!until || *until <= now) continue;
        const long long days = (*until - now) / 86400;
        if (days > kMaxPauseDays + kSlackDays) {
            f.evidence.push_back(valueEvidence(kUxSettingsKey, name, *value) + " (" + std::to_string(days) +
                                 " days from now)");
            f.repair.push_back(RegistryChange{std::string(kUxSettingsKey), std::string(name), std::nullopt});
        } else {
            pausedWithinLimit = true;
            withinEvidence.push_back(valueEvidence(kUxSettingsKey, name, *value));
        }
    }
    if (!f.repair.empty()) {
        f.title = "Updates are paused far longer than Settings allows";
        f.explanation = "Settings can pause updates for at most 5 weeks. This pause was written by a tool and "
                        "would last for years; until then Windows installs nothing.";
        f.nextStep = "Run the repair: it removes the pause end date (the old value goes to the undo journal).";
        out.push_back(std::move(f));
    } else if (pausedWithinLimit) {
        Finding info;
        info.id = "pause.active";
        info.severity = Severity::Info;
        info.title = "Updates are paused for now";
        info.evidence = std::move(withinEvidence);
        info.explanation = "Someone paused updates in Settings; Windows resumes them by itself when the pause ends.";
        info.nextStep = "To resume now: Settings > Windows Update > Resume updates.";
        out.push_back(std::move(info));
    }
}

}  // namespace wud
