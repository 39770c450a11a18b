#include "window/system32.hpp"

#include "wud/error_text.hpp"
#include "wud/system.hpp"
#include "wud/text.hpp"

namespace wud::app {

UniqueHmodule loadFromSystem32(const wchar_t* dll, std::string& failure) {
    UniqueHmodule module(::LoadLibraryExW(dll, nullptr, LOAD_LIBRARY_SEARCH_SYSTEM32));
    if (!module) {
        const DWORD error = ::GetLastError();
        failure = narrow(dll) + " could not be loaded from System32: " + systemMessage(error) + " (" +
                  std::to_string(error) + ")";
    }
    return module;
}

}  // namespace wud::app
