#pragma once
// The services WU Doctor looks after, with what a user needs to know about each.

#include "wud/model.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace wud {

/// One Windows Update related service.
struct CatalogEntry {
    std::string_view name;         ///< key name, e.g. "UsoSvc"
    std::string_view friendlyName; ///< short plain name we show, e.g. "Update Orchestrator"
    std::string_view role;         ///< one plain-language line: what it does for Windows Update
    StartType defaultWin10;        ///< Windows' default start type on Windows 10
    StartType defaultWin11;        ///< ... and on Windows 11
    bool isProtected;              ///< Windows protects it: stop/config fail with 5 even elevated (normal)
    bool primary;                  ///< one of the two services the standard advice restarts
    /// A start type Windows itself switches the service to and from (BITS: Automatic (delayed) while it has jobs),
    /// so no fault either; Unknown when there is none.
    StartType alsoWindows = StartType::Unknown;
};

/// All catalog entries: the primary ones first (UsoSvc, wuauserv), then the related ones.
std::span<const CatalogEntry> catalog() noexcept;
/// Every key name, in catalog order: "UsoSvc, wuauserv, BITS, ..." (for messages that list the known names).
std::string catalogNames();
/// Case-insensitive lookup by key name.
const CatalogEntry* findInCatalog(std::string_view name) noexcept;
/// Windows' default start type for the entry on the given OS build (>= 22000 is Windows 11).
StartType windowsDefault(const CatalogEntry& entry, std::uint32_t osBuild) noexcept;
/// True when Windows itself sets this start type for the entry on this build: its default, or the one it switches
/// to by itself (BITS). Delayed / trigger are refinements an unelevated query or Wine may not report: compared as
/// their base type.
bool windowsSets(const CatalogEntry& entry, std::uint32_t osBuild, StartType type) noexcept;
/// The name to show a user: the catalog's friendly name ("Update Orchestrator"), else the name itself.
std::string_view friendlyNameOf(std::string_view name) noexcept;

inline constexpr std::string_view kUpdateOrchestrator = "UsoSvc";
inline constexpr std::string_view kWindowsUpdate = "wuauserv";

}  // namespace wud
