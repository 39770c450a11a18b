#pragma once
// A stand-in for Windows' CNG in host tests: deterministic, keyed, and NOT cryptography (a test double in
// wud::core_testing that never ships). It stands for what the seal logic needs from Windows: a MAC that changes
// with the key and the data, and random bytes. The real HMAC-SHA256 is checked under Wine (tests/integration).

#include "wud/crypto.hpp"

#include <cstdint>

namespace wud {

class FakeCrypto final : public Crypto {
public:
    std::optional<std::string> hmacSha256(std::string_view key, std::string_view data) override;
    std::optional<std::string> randomBytes(std::size_t count) override;
    bool broken = false;  ///< stands for bcrypt.dll missing or failing: every call gives nullopt
    int macs = 0;         ///< how many MACs were asked for
private:
    std::uint64_t counter_ = 0x5eed;
};

}  // namespace wud
