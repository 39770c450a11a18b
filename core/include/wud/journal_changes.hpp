#pragma once
// The mechanics of one journal change, shared by the repairs (apply, verify, roll back) and undo (observe, put
// back): what each kind does to the machine, what the machine shows now, and the words for it.

#include "wud/journal.hpp"
#include "wud/machine_access.hpp"
#include "wud/service_manager.hpp"

#include <string>

namespace wud {

/// Makes the change (the repair's "after"). Returns a Win32 error (0 = done).
Win32Error applyChange(MachineAccess& machine, ServiceManager& services, const JournalChange& change);

/// What the machine shows for a change: what the repair left (After), what was there before (Before), or neither.
enum class Seen : std::uint8_t { After, Before, Other };
Seen observe(MachineAccess& machine, ServiceManager& services, const JournalChange& change);

/// Puts back what was there before. A MoveAside whose place Windows has filled since keeps the newer one beside it,
/// named with `now`'s stamp; `aside` gets that name (empty when there was none).
Win32Error restoreChange(MachineAccess& machine, ServiceManager& services, const JournalChange& change,
                         std::string_view now, std::string* aside = nullptr);

/// "HKLM\...\WUServer back to \" \" (REG_SZ)", "renamed ... back to ...": what an undo of the change does.
std::string undoWord(const JournalChange& change);

/// Two start types the same for a repair (delayed / trigger are refinements Wine cannot show).
bool sameBaseStartType(StartType a, StartType b) noexcept;

}  // namespace wud
