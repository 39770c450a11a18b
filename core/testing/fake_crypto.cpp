// FakeCrypto: FNV-1a over key and data, stretched to 32 bytes. Deterministic and keyed; not a MAC anyone should trust.
#include "wud/fake_crypto.hpp"

namespace wud {
namespace {

std::uint64_t fnv(std::uint64_t hash, std::string_view bytes) {
    for (const char c : bytes) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    return hash;
}

}  // namespace

std::optional<std::string> FakeCrypto::hmacSha256(std::string_view key, std::string_view data) {
    ++macs;
    if (broken) return std::nullopt;
    std::string out;
    std::uint64_t hash = fnv(fnv(14695981039346656037ull, key), data);
    for (int block = 0; block < 4; ++block) {
        hash = fnv(hash, key);
        for (int i = 0; i < 8; ++i) out += static_cast<char>((hash >> (8 * i)) & 0xFF);
    }
    return out;
}

std::optional<std::string> FakeCrypto::randomBytes(std::size_t count) {
    if (broken) return std::nullopt;
    std::string out;
    for (std::size_t i = 0; i < count; ++i) {
        counter_ = counter_ * 6364136223846793005ull + 1442695040888963407ull;
        out += static_cast<char>(counter_ >> 56);
    }
    return out;
}

}  // namespace wud
