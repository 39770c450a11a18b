#pragma once
// The two cryptographic primitives the undo journal's seal needs: HMAC-SHA256 and random bytes. An interface with
// the real Windows one (makeWin32Crypto(): CNG, bcrypt.dll loaded from System32 at run time) and a stand-in for
// the host tests (FakeCrypto in core/testing, which is not cryptography and never ships).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace wud {

class Crypto {
public:
    virtual ~Crypto() = default;
    /// HMAC-SHA256 of data under key (32 raw bytes); nullopt when the platform could not compute it.
    virtual std::optional<std::string> hmacSha256(std::string_view key, std::string_view data) = 0;
    /// `count` bytes from the system's cryptographic random number generator; nullopt when it failed.
    virtual std::optional<std::string> randomBytes(std::size_t count) = 0;

    Crypto() = default;
    Crypto(const Crypto&) = delete;
    Crypto& operator=(const Crypto&) = delete;
};

}  // namespace wud
