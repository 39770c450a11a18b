#pragma once
// Security descriptors <-> SDDL text: the one home of the two conversions the registry keys and the log folder use.
// Microsoft Learn: ConvertStringSecurityDescriptorToSecurityDescriptorW / ConvertSecurityDescriptorToString-
// SecurityDescriptorW (both allocate with LocalAlloc; the caller frees with LocalFree).
#include "wud/win32/handle.hpp"

#include <string>
#include <string_view>

namespace wud {

/// A self-relative security descriptor made from SDDL; empty when the text is not valid SDDL (GetLastError says why).
UniqueLocalMem<void> securityDescriptorFrom(std::string_view sddl);

/// The parts `what` (OWNER_/DACL_SECURITY_INFORMATION...) of a descriptor as SDDL; empty when Windows cannot say.
std::string sddlOf(PSECURITY_DESCRIPTOR descriptor, SECURITY_INFORMATION what);

}  // namespace wud
