#pragma once
// The real Crypto: Windows' CNG (bcrypt.dll, loaded from System32 at run time). Windows only. The class is private
// to core/src/win32/crypto.cpp: callers know it only as a Crypto.

#include "wud/crypto.hpp"

#include <memory>

namespace wud {

std::unique_ptr<Crypto> makeWin32Crypto();

}  // namespace wud
