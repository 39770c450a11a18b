#pragma once
// The real DismApi: dismapi.dll, loaded at run time from System32 only (LoadLibraryExW with
// LOAD_LIBRARY_SEARCH_SYSTEM32, as winget's WindowsFeature.cpp does), never through the import table — so the exe
// starts where there is none (Wine, Windows 7) and a dismapi.dll beside the exe is never loaded. Windows only. The
// class is private to core/src/win32/dism.cpp: callers know it only as a DismApi.

#include "wud/system_repair.hpp"

#include <memory>

namespace wud {

std::unique_ptr<DismApi> makeWin32Dism();

}  // namespace wud
