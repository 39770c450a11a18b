#pragma once
// The real Crypto: Windows' CNG (bcrypt.dll, loaded from System32 at run time). Windows only.

#include "wud/crypto.hpp"

namespace wud {

class Win32Crypto final : public Crypto {
public:
    std::optional<std::string> hmacSha256(std::string_view key, std::string_view data) override;
    std::optional<std::string> randomBytes(std::size_t count) override;
};

}  // namespace wud
