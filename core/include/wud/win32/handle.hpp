#pragma once
// One tiny RAII owner per Win32 handle kind (after microsoft/wil's unique_any): movable, not copyable,
// get / reset / release / put, explicit operator bool. Windows only.

#include <windows.h>
#include <objbase.h>  // CoTaskMemFree

#include <utility>

namespace wud {

/// Owns one handle described by Traits: `using type`, `static type invalid() noexcept`,
/// `static void close(type) noexcept`. Traits (not a template constant) so kinds whose "no handle" value is
/// not a constant expression (INVALID_HANDLE_VALUE) fit too.
template <typename Traits>
class UniqueAny {
public:
    using pointer = typename Traits::type;

    UniqueAny() noexcept = default;
    explicit UniqueAny(pointer value) noexcept : value_(value) {}
    UniqueAny(UniqueAny&& other) noexcept : value_(other.release()) {}
    UniqueAny& operator=(UniqueAny&& other) noexcept {
        if (this != &other) reset(other.release());
        return *this;
    }
    UniqueAny(const UniqueAny&) = delete;
    UniqueAny& operator=(const UniqueAny&) = delete;
    ~UniqueAny() { reset(); }

    [[nodiscard]] pointer get() const noexcept { return value_; }
    [[nodiscard]] explicit operator bool() const noexcept { return value_ != Traits::invalid(); }

    /// Closes the current handle (if any) and takes ownership of `value`.
    void reset(pointer value = Traits::invalid()) noexcept {
        const pointer old = std::exchange(value_, value);
        if (old != Traits::invalid()) Traits::close(old);
    }
    /// Gives up ownership without closing.
    [[nodiscard]] pointer release() noexcept { return std::exchange(value_, Traits::invalid()); }
    /// Closes the current handle and returns the address to receive a new one (for out-parameter APIs such as
    /// OpenProcessToken or RegOpenKeyExW).
    [[nodiscard]] pointer* put() noexcept {
        reset();
        return &value_;
    }

    friend void swap(UniqueAny& a, UniqueAny& b) noexcept { std::swap(a.value_, b.value_); }

private:
    pointer value_ = Traits::invalid();
};

namespace handle_traits {
struct ScHandle {  // OpenSCManagerW / OpenServiceW / CreateServiceW
    using type = SC_HANDLE;
    static type invalid() noexcept { return nullptr; }
    static void close(type h) noexcept { ::CloseServiceHandle(h); }
};
struct Kernel {  // processes, threads, tokens, events: "no handle" is null
    using type = HANDLE;
    static type invalid() noexcept { return nullptr; }
    static void close(type h) noexcept { ::CloseHandle(h); }
};
struct File {  // CreateFileW and friends: "no handle" is INVALID_HANDLE_VALUE
    using type = HANDLE;
    static type invalid() noexcept { return INVALID_HANDLE_VALUE; }
    static void close(type h) noexcept { ::CloseHandle(h); }
};
struct RegKey {  // RegOpenKeyExW / RegCreateKeyExW
    using type = HKEY;
    static type invalid() noexcept { return nullptr; }
    static void close(type h) noexcept { ::RegCloseKey(h); }
};
struct Module {  // LoadLibraryExW
    using type = HMODULE;
    static type invalid() noexcept { return nullptr; }
    static void close(type h) noexcept { ::FreeLibrary(h); }
};
template <typename T>
struct CoTaskMem {  // memory the callee allocates with CoTaskMemAlloc (SHGetKnownFolderPath, StringFromCLSID)
    using type = T*;
    static type invalid() noexcept { return nullptr; }
    static void close(type p) noexcept { ::CoTaskMemFree(p); }
};
template <typename T>
struct LocalMem {  // memory the callee allocates with LocalAlloc (FormatMessage, the SDDL conversions)
    using type = T*;
    static type invalid() noexcept { return nullptr; }
    static void close(type p) noexcept { ::LocalFree(p); }
};
}  // namespace handle_traits

using UniqueScHandle = UniqueAny<handle_traits::ScHandle>;  ///< SCM and service handles
using UniqueHandle = UniqueAny<handle_traits::Kernel>;      ///< process / thread / token / event handles
using UniqueFile = UniqueAny<handle_traits::File>;          ///< file handles (INVALID_HANDLE_VALUE = none)
using UniqueHkey = UniqueAny<handle_traits::RegKey>;        ///< registry keys
using UniqueHmodule = UniqueAny<handle_traits::Module>;     ///< loaded DLLs
/// CoTaskMem memory, typed: UniqueCoTaskMem<wchar_t> for a PWSTR a callee allocated (wil: unique_cotaskmem_string).
template <typename T = void>
using UniqueCoTaskMem = UniqueAny<handle_traits::CoTaskMem<T>>;
/// LocalAlloc memory, typed (wil: unique_hlocal).
template <typename T = void>
using UniqueLocalMem = UniqueAny<handle_traits::LocalMem<T>>;

}  // namespace wud
