#include "wud/catalog.hpp"

#include "wud/text.hpp"

#include <fmt/format.h>

#include <array>
#include <ranges>

namespace wud {
namespace {

using enum StartType;

// Default start types are those of a clean Windows 10 (2004 and later) and Windows 11 install.
//
// Protection: only WaaSMedicSvc is marked. It is launch-protected, so stopping it or changing its start type
// fails with 5 even for an administrator, and that is normal. UsoSvc and DoSvc are hardened too on Windows 11
// (their start type cannot be changed, even elevated), but an administrator can stop and start them, and those
// are what WU Doctor does to them. Marking them protected would turn a real "run as administrator" case on
// restart into "this is normal", so they are not marked; the access-denied advice covers the start-type case.
constexpr std::array kCatalog{
    CatalogEntry{"UsoSvc", "Update Orchestrator",
                 "Decides when to check for, download and install updates, and tells Windows Update to do it.",
                 AutomaticDelayed, AutomaticDelayed, false, true},
    CatalogEntry{"wuauserv", "Windows Update",
                 "Finds, downloads and installs updates for Windows and other Microsoft programs.",
                 ManualTrigger, ManualTrigger, false, true},
    // BITS switches its own start type: Automatic (delayed) while it has jobs queued, Manual when it has none
    // (Microsoft Learn, "BITS Startup Type"). Neither is tampering; Manual is what "repair" sets.
    CatalogEntry{"BITS", "Background Intelligent Transfer",
                 "Downloads update files in the background, using spare network capacity.",
                 Manual, Manual, false, false, AutomaticDelayed},
    CatalogEntry{"CryptSvc", "Cryptographic Services",
                 "Checks the digital signatures that prove updates really come from Microsoft.",
                 Automatic, Automatic, false, false},
    CatalogEntry{"TrustedInstaller", "Windows Modules Installer",
                 "Installs, changes and removes Windows updates and optional features.",
                 Manual, Manual, false, false},
    CatalogEntry{"DoSvc", "Delivery Optimization",
                 "Shares update downloads with other PCs to make them faster.",
                 AutomaticDelayed, AutomaticDelayed, false, false},
    CatalogEntry{"WaaSMedicSvc", "Windows Update Medic",
                 "Repairs Windows Update's services and settings when they are damaged or turned off.",
                 Manual, Manual, true, false},
    CatalogEntry{"msiserver", "Windows Installer",
                 "Installs programs packaged as .msi files, including some updates.",
                 Manual, Manual, false, false},
};

constexpr std::uint32_t kFirstWindows11Build = 22000;

}  // namespace

std::span<const CatalogEntry> catalog() noexcept { return kCatalog; }

std::string catalogNames() {
    return fmt::format("{}", fmt::join(kCatalog | std::views::transform(&CatalogEntry::name), ", "));
}

const CatalogEntry* findInCatalog(std::string_view name) noexcept {
    for (const auto& entry : kCatalog) {
        if (equalsIgnoreCase(entry.name, name)) return &entry;
    }
    return nullptr;
}

StartType windowsDefault(const CatalogEntry& entry, std::uint32_t osBuild) noexcept {
    return osBuild >= kFirstWindows11Build ? entry.defaultWin11 : entry.defaultWin10;
}

bool windowsSets(const CatalogEntry& entry, std::uint32_t osBuild, StartType type) noexcept {
    const auto base = [](StartType t) {
        if (t == AutomaticDelayed) return Automatic;
        if (t == ManualTrigger) return Manual;
        return t;
    };
    return base(type) == base(windowsDefault(entry, osBuild)) ||
           (entry.alsoWindows != Unknown && base(type) == base(entry.alsoWindows));
}

std::string_view friendlyNameOf(std::string_view name) noexcept {
    const CatalogEntry* entry = findInCatalog(name);
    return entry != nullptr ? entry->friendlyName : name;
}

}  // namespace wud
