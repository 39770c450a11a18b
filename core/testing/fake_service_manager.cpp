#include "wud/fake_service_manager.hpp"
#include "wud/error_text.hpp"
#include "wud/text.hpp"

#include <algorithm>
#include <cstdlib>

namespace wud {
namespace {

bool isActive(ServiceState s) noexcept { return s != ServiceState::Stopped && s != ServiceState::Unknown; }

}  // namespace

struct FakeServiceManager::Entry {
    FakeService svc;
    Millis since{0};            // when the current state began
    std::uint64_t startSeq = 0; // order of starts: EnumDependentServices lists in reverse of it
    std::optional<Millis> externalStartAt;
};

FakeServiceManager::FakeServiceManager(Clock& clock) : clock_(clock) {}
FakeServiceManager::~FakeServiceManager() = default;

FakeService& FakeServiceManager::add(FakeService service) {
    auto entry = std::make_unique<Entry>();
    entry->svc = std::move(service);
    if (entry->svc.displayName.empty()) entry->svc.displayName = entry->svc.name;
    entry->since = clock_.now();
    if (isActive(entry->svc.state)) {
        if (entry->svc.pid == 0) entry->svc.pid = (nextPid_ += 4);
        entry->startSeq = nextStartSeq_++;
        entry->svc.win32ExitCode = 0;
    }
    entries_.push_back(std::move(entry));
    return entries_.back()->svc;
}

FakeService& FakeServiceManager::add(std::string name, ServiceState state, StartType type) {
    FakeService service;
    service.name = std::move(name);
    service.state = state;
    service.startType = type;
    return add(std::move(service));
}

FakeServiceManager::Entry* FakeServiceManager::find(std::string_view name) const {
    for (const auto& entry : entries_) {
        if (equalsIgnoreCase(entry->svc.name, name)) return entry.get();
    }
    return nullptr;
}

bool FakeServiceManager::has(std::string_view name) const { return find(name) != nullptr; }

FakeService& FakeServiceManager::service(std::string_view name) {
    settleAll();
    Entry* entry = find(name);
    if (entry == nullptr) std::abort();  // a test bug: asked for a service it never added
    return entry->svc;
}

void FakeServiceManager::log(std::string line) { calls_.push_back(std::move(line)); }

std::vector<std::string> FakeServiceManager::ourCalls() const {
    std::vector<std::string> ours;
    for (const auto& call : calls_) {
        if (call.rfind("external ", 0) != 0 && call.rfind("dependency ", 0) != 0) ours.push_back(call);
    }
    return ours;
}

// ---- time: states advance lazily, replaying every transition that the clock has passed

void FakeServiceManager::beginStart(Entry& entry, Millis at) {
    entry.svc.state = ServiceState::StartPending;
    entry.since = at;
    entry.svc.pid = (nextPid_ += 4);  // the SCM launches (or reuses) a process as the start begins
    entry.svc.win32ExitCode = 0;
    entry.svc.serviceExitCode = 0;
    entry.startSeq = nextStartSeq_++;
    entry.externalStartAt.reset();
}

void FakeServiceManager::finishStop(Entry& entry, Millis at, Win32Error exitCode, std::uint32_t serviceCode,
                                    bool byControl) {
    entry.svc.state = ServiceState::Stopped;
    entry.since = at;
    entry.svc.pid = 0;
    entry.svc.win32ExitCode = exitCode;
    entry.svc.serviceExitCode = serviceCode;
    if (byControl && entry.svc.restartedBehindAfter) entry.externalStartAt = at + *entry.svc.restartedBehindAfter;
}

void FakeServiceManager::settle(Entry& entry) {
    const Millis now = clock_.now();
    FakeService& svc = entry.svc;
    for (;;) {
        switch (svc.state) {
        case ServiceState::StartPending: {
            if (svc.hangOnStart || now < entry.since + svc.startDelay) return;
            const Millis at = entry.since + svc.startDelay;
            if (svc.failStartWith != 0) {
                finishStop(entry, at, svc.failStartWith,
                           svc.failStartWith == kServiceSpecific ? svc.failStartServiceCode : 0, false);
            } else {
                svc.state = ServiceState::Running;
                entry.since = at;
            }
            continue;
        }
        case ServiceState::StopPending: {
            if (svc.hangOnStop || now < entry.since + svc.stopDelay) return;
            finishStop(entry, entry.since + svc.stopDelay, 0, 0, true);
            continue;
        }
        case ServiceState::Running: {
            if (!svc.crashAfter || now < entry.since + *svc.crashAfter) return;
            finishStop(entry, entry.since + *svc.crashAfter, svc.crashExitCode, 0, false);
            continue;
        }
        case ServiceState::Stopped: {
            if (!entry.externalStartAt || now < *entry.externalStartAt) return;
            const Millis at = *entry.externalStartAt;
            beginStart(entry, at);
            log("external start " + svc.name);
            continue;
        }
        default:
            return;
        }
    }
}

void FakeServiceManager::settleAll() {
    for (auto& entry : entries_) settle(*entry);
}

// ---- someone else acting

void FakeServiceManager::externalStart(std::string_view name) {
    settleAll();
    Entry* entry = find(name);
    if (entry == nullptr || isActive(entry->svc.state)) return;
    log("external start " + entry->svc.name);
    beginStart(*entry, clock_.now());
    settle(*entry);
}

void FakeServiceManager::externalStop(std::string_view name) {
    settleAll();
    Entry* entry = find(name);
    if (entry == nullptr || !isActive(entry->svc.state)) return;
    log("external stop " + entry->svc.name);
    entry->svc.state = ServiceState::StopPending;
    entry->since = clock_.now();
    settle(*entry);
}

// ---- the ServiceManager interface

QueryResult FakeServiceManager::query(std::string_view name) {
    ++queries_;
    settleAll();
    QueryResult result;
    result.snapshot.name = std::string(name);
    Entry* entry = find(name);
    if (entry == nullptr) return result;  // not installed is an answer, not an error
    const FakeService& svc = entry->svc;
    if (svc.queryError != 0) {
        result.error = svc.queryError;
        return result;
    }
    ServiceSnapshot& snap = result.snapshot;
    snap.name = svc.name;
    snap.displayName = svc.displayName;
    snap.installed = true;
    snap.state = svc.state;
    snap.startType = svc.startType;
    snap.pid = svc.pid;
    snap.sharedWith = isActive(svc.state) ? svc.sharedWith : 0;
    snap.accepts.stop = svc.state == ServiceState::Running && !svc.refuseStop;
    snap.accepts.shutdown = svc.state == ServiceState::Running;
    snap.win32ExitCode = svc.win32ExitCode;
    snap.serviceExitCode = svc.serviceExitCode;
    snap.launchProtectedKnown = true;
    snap.launchProtected = svc.isProtected;
    if (isPending(svc.state)) {
        const bool hung = (svc.state == ServiceState::StartPending && svc.hangOnStart) ||
                          (svc.state == ServiceState::StopPending && svc.hangOnStop);
        const auto step = std::max<Millis::rep>(svc.progressStep.count(), 1);
        snap.checkPoint = hung ? 1 : 1 + static_cast<std::uint32_t>((clock_.now() - entry->since).count() / step);
        snap.waitHintMs = svc.waitHintMs;
    }
    return result;
}

Win32Error FakeServiceManager::startDependencies(Entry& entry, int depth) {
    if (depth > 16) return kDependencyFailed;  // a dependency cycle: Windows refuses those too
    for (const std::string& dependencyName : entry.svc.dependsOn) {
        Entry* dependency = find(dependencyName);
        if (dependency == nullptr) return kDependencyDeleted;
        if (isActive(dependency->svc.state)) continue;
        const FakeService& dep = dependency->svc;
        if (dep.startType == StartType::Disabled || dep.failStartWith != 0 || dep.hangOnStart) return kDependencyFailed;
        if (startDependencies(*dependency, depth + 1) != 0) return kDependencyFailed;
        // The SCM waits for the dependency to run before starting the dependent; the fake makes that instant.
        log("dependency start " + dep.name);
        beginStart(*dependency, clock_.now());
        dependency->svc.state = ServiceState::Running;
    }
    return 0;
}

FakeServiceManager::Entry* FakeServiceManager::beginCall(std::string_view verb, std::string_view name,
                                                         std::string_view detail) {
    settleAll();
    Entry* entry = find(name);
    std::string line = std::string(verb) + " " + (entry != nullptr ? entry->svc.name : std::string(name));
    if (!detail.empty()) line += " " + std::string(detail);
    if (beforeCall) beforeCall(line);
    settleAll();  // beforeCall may have changed the fake (a service stopped behind our back)
    log(std::move(line));
    return entry;
}

Win32Error FakeServiceManager::start(std::string_view name) {
    Entry* entry = beginCall("start", name);
    if (entry == nullptr) return kServiceDoesNotExist;
    FakeService& svc = entry->svc;
    if (svc.startError != 0) return svc.startError;
    if (isActive(svc.state)) return kAlreadyRunning;
    if (svc.startType == StartType::Disabled) return kServiceDisabled;
    if (const Win32Error error = startDependencies(*entry, 0); error != 0) return error;
    beginStart(*entry, clock_.now());
    settle(*entry);
    return 0;
}

Win32Error FakeServiceManager::stop(std::string_view name) {
    Entry* entry = beginCall("stop", name);
    if (entry == nullptr) return kServiceDoesNotExist;
    FakeService& svc = entry->svc;
    if (svc.stopError != 0) return svc.stopError;
    if (svc.isProtected) return kAccessDenied;
    if (!isActive(svc.state)) return kNotActive;
    if (!activeDependentsOf(*entry).empty()) return kDependentServicesRunning;
    if (isPending(svc.state)) return kCannotAcceptControl;
    if (svc.refuseStop) return kInvalidServiceControl;
    svc.state = ServiceState::StopPending;
    entry->since = clock_.now();
    settle(*entry);
    return 0;
}

std::vector<FakeServiceManager::Entry*> FakeServiceManager::activeDependentsOf(const Entry& root) const {
    // All dependents, direct and indirect, like EnumDependentServices.
    std::vector<Entry*> found;
    std::vector<const Entry*> pending{&root};
    while (!pending.empty()) {
        const Entry* current = pending.back();
        pending.pop_back();
        for (const auto& candidate : entries_) {
            const auto& deps = candidate->svc.dependsOn;
            const bool dependsOnCurrent = std::any_of(deps.begin(), deps.end(),
                                                      [&](const std::string& d) { return equalsIgnoreCase(d, current->svc.name); });
            if (!dependsOnCurrent || std::find(found.begin(), found.end(), candidate.get()) != found.end()) continue;
            found.push_back(candidate.get());
            pending.push_back(candidate.get());
        }
    }
    std::erase_if(found, [](const Entry* e) { return !isActive(e->svc.state); });
    // Reverse start order: the last started comes first, so stopping in this order never hits 1051.
    std::sort(found.begin(), found.end(), [](const Entry* a, const Entry* b) { return a->startSeq > b->startSeq; });
    return found;
}

DependentsResult FakeServiceManager::activeDependents(std::string_view name) {
    settleAll();
    DependentsResult result;
    Entry* entry = find(name);
    if (entry == nullptr) {
        result.error = kServiceDoesNotExist;
        return result;
    }
    if (entry->svc.dependentsError != 0) {
        result.error = entry->svc.dependentsError;
        return result;
    }
    for (const Entry* dependent : activeDependentsOf(*entry)) result.names.push_back(dependent->svc.name);
    return result;
}

Win32Error FakeServiceManager::setStartType(std::string_view name, StartType type) {
    Entry* entry = beginCall("config", name, toId(type));
    if (entry == nullptr) return kServiceDoesNotExist;
    if (entry->svc.configError != 0) return entry->svc.configError;
    if (entry->svc.isProtected) return kAccessDenied;
    if (type == StartType::Unknown) return kInvalidParameter;
    entry->svc.startType = type;
    return 0;
}

}  // namespace wud
