// Win32Crypto through CNG (Microsoft Learn, "Creating a Hash with CNG": BCryptOpenAlgorithmProvider with
// BCRYPT_ALG_HANDLE_HMAC_FLAG, BCryptCreateHash with the secret, BCryptHashData, BCryptFinishHash; BCryptGenRandom
// with BCRYPT_USE_SYSTEM_PREFERRED_RNG). bcrypt.dll is not a KnownDLL: it is loaded from System32 only, when first
// needed, so the import table stays KnownDLL-only and a bcrypt.dll beside the exe is never loaded. Wine implements
// both (its HMAC-SHA256 gives RFC 4231's test vectors; tests/integration checks them).
#include "wud/win32/crypto.hpp"

#include <windows.h>
#include <bcrypt.h>

namespace wud {
namespace {

using OpenProvider = NTSTATUS(WINAPI*)(BCRYPT_ALG_HANDLE*, LPCWSTR, LPCWSTR, ULONG);
using CloseProvider = NTSTATUS(WINAPI*)(BCRYPT_ALG_HANDLE, ULONG);
using CreateHash = NTSTATUS(WINAPI*)(BCRYPT_ALG_HANDLE, BCRYPT_HASH_HANDLE*, PUCHAR, ULONG, PUCHAR, ULONG, ULONG);
using HashData = NTSTATUS(WINAPI*)(BCRYPT_HASH_HANDLE, PUCHAR, ULONG, ULONG);
using FinishHash = NTSTATUS(WINAPI*)(BCRYPT_HASH_HANDLE, PUCHAR, ULONG, ULONG);
using DestroyHash = NTSTATUS(WINAPI*)(BCRYPT_HASH_HANDLE);
using GenRandom = NTSTATUS(WINAPI*)(BCRYPT_ALG_HANDLE, PUCHAR, ULONG, ULONG);

constexpr ULONG kSha256Bytes = 32;

/// bcrypt.dll from System32, loaded once and kept for the life of the process (never unloaded at exit).
HMODULE bcrypt() {
    static const HMODULE library = ::LoadLibraryExW(L"bcrypt.dll", nullptr, LOAD_LIBRARY_SEARCH_SYSTEM32);
    return library;
}

template <typename F>
F proc(const char* name) {
    HMODULE library = bcrypt();
    return library == nullptr ? nullptr : reinterpret_cast<F>(reinterpret_cast<void*>(::GetProcAddress(library, name)));
}

bool ok(NTSTATUS status) { return status >= 0; }

class Win32Crypto final : public Crypto {
public:
    std::optional<std::string> hmacSha256(std::string_view key, std::string_view data) override {
        const auto open = proc<OpenProvider>("BCryptOpenAlgorithmProvider");
        const auto close = proc<CloseProvider>("BCryptCloseAlgorithmProvider");
        const auto create = proc<CreateHash>("BCryptCreateHash");
        const auto hash = proc<HashData>("BCryptHashData");
        const auto finish = proc<FinishHash>("BCryptFinishHash");
        const auto destroy = proc<DestroyHash>("BCryptDestroyHash");
        if (!open || !close || !create || !hash || !finish || !destroy) return std::nullopt;

        BCRYPT_ALG_HANDLE algorithm = nullptr;
        if (!ok(open(&algorithm, BCRYPT_SHA256_ALGORITHM, nullptr, BCRYPT_ALG_HANDLE_HMAC_FLAG))) return std::nullopt;
        struct Algorithm {
            CloseProvider close;
            BCRYPT_ALG_HANDLE handle;
            ~Algorithm() { close(handle, 0); }
        } algorithmGuard{close, algorithm};

        std::string secret(key);
        BCRYPT_HASH_HANDLE handle = nullptr;
        // No hash object buffer: CNG allocates it (Windows 7+).
        if (!ok(create(algorithm, &handle, nullptr, 0, reinterpret_cast<PUCHAR>(secret.data()), static_cast<ULONG>(secret.size()), 0)))
            return std::nullopt;
        struct Hash {
            DestroyHash destroy;
            BCRYPT_HASH_HANDLE handle;
            ~Hash() { destroy(handle); }
        } hashGuard{destroy, handle};

        std::string input(data);
        if (!ok(hash(handle, reinterpret_cast<PUCHAR>(input.data()), static_cast<ULONG>(input.size()), 0))) return std::nullopt;
        std::string mac(kSha256Bytes, '\0');
        if (!ok(finish(handle, reinterpret_cast<PUCHAR>(mac.data()), kSha256Bytes, 0))) return std::nullopt;
        return mac;
    }

    std::optional<std::string> randomBytes(std::size_t count) override {
        const auto generate = proc<GenRandom>("BCryptGenRandom");
        if (!generate) return std::nullopt;
        std::string bytes(count, '\0');
        if (!ok(generate(nullptr, reinterpret_cast<PUCHAR>(bytes.data()), static_cast<ULONG>(count),
                         BCRYPT_USE_SYSTEM_PREFERRED_RNG)))
            return std::nullopt;
        return bytes;
    }
};

}  // namespace

std::unique_ptr<Crypto> makeWin32Crypto() { return std::make_unique<Win32Crypto>(); }

}  // namespace wud
