#pragma once
// Optional DLLs from System32 only, loaded at run time: the import table never names them, so the exe starts on any
// PC and a DLL planted beside it is never loaded (tests/security). Used by the renderers (d3d11, dxgi,
// d3dcompiler_47, opengl32) and by accessibility (oleacc, uiautomationcore).

#include "wud/win32/handle.hpp"

#include <string>

namespace wud::app {

/// Loads a DLL from System32 only (never from the exe's folder or PATH). On failure: empty, and why in failure.
UniqueHmodule loadFromSystem32(const wchar_t* dll, std::string& failure);
/// A function of a loaded DLL, typed; null if it is missing.
template <typename Function>
Function procAddress(const UniqueHmodule& module, const char* name) {
    return reinterpret_cast<Function>(reinterpret_cast<void*>(::GetProcAddress(module.get(), name)));
}

}  // namespace wud::app
