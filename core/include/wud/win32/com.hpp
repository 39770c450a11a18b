#pragma once
// COM for the few places that use it (the Windows Update Agent's history, Task Scheduler): an owner for one
// interface pointer, one for a BSTR, and COM initialised on this thread for a scope. Windows only.

#include "wud/text.hpp"  // narrow

#include <windows.h>
#include <objbase.h>
#include <oleauto.h>  // BSTRs: oleaut32, a KnownDLL (tests/security/check_imports.sh)

#include <string>
#include <string_view>
#include <utility>

namespace wud {

/// Owns one COM interface pointer. Movable (ownership passes), not copyable (no hidden AddRef).
template <typename T>
class ComPtr {
public:
    ComPtr() = default;
    ComPtr(const ComPtr&) = delete;
    ComPtr& operator=(const ComPtr&) = delete;
    ComPtr(ComPtr&& other) noexcept : p_(std::exchange(other.p_, nullptr)) {}
    ComPtr& operator=(ComPtr&& other) noexcept {
        if (this != &other) {
            reset();
            p_ = std::exchange(other.p_, nullptr);
        }
        return *this;
    }
    ~ComPtr() { reset(); }
    [[nodiscard]] T* get() const noexcept { return p_; }
    /// For an out parameter: releases what it held first.
    T** put() noexcept {
        reset();
        return &p_;
    }
    T* operator->() const noexcept { return p_; }
    explicit operator bool() const noexcept { return p_ != nullptr; }
    void reset() noexcept {
        if (p_ != nullptr) p_->Release();
        p_ = nullptr;
    }

private:
    T* p_ = nullptr;
};

/// Owns a BSTR. Movable, not copyable.
class Bstr {
public:
    Bstr() = default;
    explicit Bstr(std::wstring_view text) : b_(::SysAllocStringLen(text.data(), static_cast<UINT>(text.size()))) {}
    Bstr(const Bstr&) = delete;
    Bstr& operator=(const Bstr&) = delete;
    Bstr(Bstr&& other) noexcept : b_(std::exchange(other.b_, nullptr)) {}
    Bstr& operator=(Bstr&& other) noexcept {
        if (this != &other) {
            ::SysFreeString(b_);
            b_ = std::exchange(other.b_, nullptr);
        }
        return *this;
    }
    ~Bstr() { ::SysFreeString(b_); }
    [[nodiscard]] BSTR get() const noexcept { return b_; }
    /// For an out parameter: frees what it held first.
    BSTR* put() noexcept {
        ::SysFreeString(b_);
        b_ = nullptr;
        return &b_;
    }
    [[nodiscard]] std::string utf8() const {
        return b_ == nullptr ? std::string() : narrow(std::wstring_view(b_, ::SysStringLen(b_)));
    }

private:
    BSTR b_ = nullptr;
};

/// COM on this thread for the scope (CoInitializeEx with `model`). A thread already in another apartment keeps
/// it: RPC_E_CHANGED_MODE still leaves COM usable, and then it must not be uninitialised.
class ComScope {
public:
    explicit ComScope(DWORD model) : hr_(::CoInitializeEx(nullptr, model)) {}
    ComScope(const ComScope&) = delete;
    ComScope& operator=(const ComScope&) = delete;
    ~ComScope() {
        if (SUCCEEDED(hr_)) ::CoUninitialize();
    }
    [[nodiscard]] bool usable() const noexcept { return SUCCEEDED(hr_) || hr_ == RPC_E_CHANGED_MODE; }
    [[nodiscard]] HRESULT result() const noexcept { return hr_; }

private:
    HRESULT hr_;
};

}  // namespace wud
