#include "wud/win32/security.hpp"

#include "wud/text.hpp"

#include <sddl.h>

namespace wud {

UniqueLocalMem<void> securityDescriptorFrom(std::string_view sddl) {
    UniqueLocalMem<void> descriptor;
    ::ConvertStringSecurityDescriptorToSecurityDescriptorW(widen(sddl).c_str(), SDDL_REVISION_1, descriptor.put(), nullptr);
    return descriptor;
}

std::string sddlOf(PSECURITY_DESCRIPTOR descriptor, SECURITY_INFORMATION what) {
    UniqueLocalMem<wchar_t> text;
    if (!::ConvertSecurityDescriptorToStringSecurityDescriptorW(descriptor, SDDL_REVISION_1, what, text.put(), nullptr))
        return {};
    return narrow(text.get());
}

}  // namespace wud
