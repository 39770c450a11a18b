// Win32Dism: the DISM API (dismapi.dll, System32, loaded at run time). The function types come from MinGW's
// dismapi.h, so a signature that drifts from the header fails to compile; the functions are never imported.
//
// Microsoft Learn, DISM API Reference: DismInitialize(LogLevel, LogFilePath = NULL: %windir%\Logs\DISM\dism.log,
// ScratchDirectory = NULL); DismOpenSession(DISM_ONLINE_IMAGE, NULL, NULL, &session) for the running Windows;
// DismCheckImageHealth / DismRestoreImageHealth take a CancelEvent and a DISM_PROGRESS_CALLBACK(Current, Total,
// UserData); DismGetLastErrorMessage and DismGetImageInfo return structures freed with DismDelete; DismShutdown
// fails while a session is open. dismapi.dll ships in System32 from Windows 8; Wine 8 has none (LoadLibraryEx ->
// 126), and its dism.exe is a stub that exits 0 — which is why the API, not dism.exe, decides.
#include "wud/win32/dism.hpp"

#include "wud/error_text.hpp"
#include "wud/text.hpp"
#include "wud/win32/handle.hpp"

#include <dismapi.h>

namespace wud {
namespace {

/// The function pointers, typed from dismapi.h.
struct DismFunctions {
    decltype(&::DismInitialize) initialize = nullptr;
    decltype(&::DismShutdown) shutdown = nullptr;
    decltype(&::DismOpenSession) openSession = nullptr;
    decltype(&::DismCloseSession) closeSession = nullptr;
    decltype(&::DismCheckImageHealth) checkImageHealth = nullptr;
    decltype(&::DismRestoreImageHealth) restoreImageHealth = nullptr;
    decltype(&::DismGetLastErrorMessage) getLastErrorMessage = nullptr;
    decltype(&::DismGetImageInfo) getImageInfo = nullptr;
    decltype(&::DismDelete) dismDelete = nullptr;
};

/// The progress callback DISM calls (maybe on a thread of its own): forwards to the engine's std::function.
void CALLBACK onProgress(UINT current, UINT total, PVOID user) {
    const auto* progress = static_cast<const DismApi::Progress*>(user);
    try {
        if (progress != nullptr && *progress) (*progress)(current, total);
    } catch (...) {
        // Never let an exception unwind through DISM's frames.
    }
}

PVOID userData(const DismApi::Progress& progress) {
    return const_cast<void*>(static_cast<const void*>(&progress));
}

constexpr std::uint32_t kNotLoaded = 0x8007007E;  // HRESULT_FROM_WIN32(ERROR_MOD_NOT_FOUND)

class Win32Dism final : public DismApi {
public:
    Win32Dism() : cancel_(::CreateEventW(nullptr, TRUE, FALSE, nullptr)) {}
    Win32Dism(const Win32Dism&) = delete;
    Win32Dism& operator=(const Win32Dism&) = delete;
    ~Win32Dism() override {
        closeSession();
        shutdown();
    }

    bool load(std::string& why) override {
        if (library_) return true;
        library_.reset(::LoadLibraryExW(L"dismapi.dll", nullptr, LOAD_LIBRARY_SEARCH_SYSTEM32));
        if (!library_) {
            const Win32Error error = lastError();
            why = "dismapi.dll is not in System32 (error " + std::to_string(error) + ")";
            return false;
        }
        const auto find = [&](auto& slot, const char* name) {
            slot = reinterpret_cast<std::remove_reference_t<decltype(slot)>>(
                reinterpret_cast<void*>(::GetProcAddress(library_.get(), name)));
            if (slot == nullptr && why.empty()) why = std::string("dismapi.dll has no ") + name;
            return slot != nullptr;
        };
        bool all = find(api_.initialize, "DismInitialize");
        all = find(api_.shutdown, "DismShutdown") && all;
        all = find(api_.openSession, "DismOpenSession") && all;
        all = find(api_.closeSession, "DismCloseSession") && all;
        all = find(api_.checkImageHealth, "DismCheckImageHealth") && all;
        all = find(api_.restoreImageHealth, "DismRestoreImageHealth") && all;
        all = find(api_.getLastErrorMessage, "DismGetLastErrorMessage") && all;
        all = find(api_.getImageInfo, "DismGetImageInfo") && all;
        all = find(api_.dismDelete, "DismDelete") && all;
        if (!all || !cancel_) {
            if (why.empty()) why = "no event for Cancel: " + systemMessage(lastError());
            api_ = DismFunctions{};
            library_.reset();
            return false;
        }
        return true;
    }

    std::uint32_t initialize() override {
        if (!library_) return kNotLoaded;
        const HRESULT hr = api_.initialize(DismLogErrorsWarnings, nullptr, nullptr);
        initialized_ = SUCCEEDED(hr);
        return static_cast<std::uint32_t>(hr);
    }

    std::uint32_t openOnlineSession() override {
        if (!initialized_) return kNotLoaded;
        DismSession session = DISM_SESSION_DEFAULT;
        const HRESULT hr = api_.openSession(DISM_ONLINE_IMAGE, nullptr, nullptr, &session);
        if (SUCCEEDED(hr)) {
            session_ = session;
            open_ = true;
        }
        return static_cast<std::uint32_t>(hr);
    }

    std::uint32_t checkHealth(bool scan, const Progress& progress, ImageHealth& health) override {
        if (!open_) return kNotLoaded;
        DismImageHealthState state = DismImageHealthy;
        const HRESULT hr = api_.checkImageHealth(session_, scan ? TRUE : FALSE, cancel_.get(), onProgress,
                                                  userData(progress), &state);
        if (SUCCEEDED(hr)) {
            health = state == DismImageRepairable      ? ImageHealth::Repairable
                     : state == DismImageNonRepairable ? ImageHealth::NonRepairable
                                                       : ImageHealth::Healthy;
        }
        return static_cast<std::uint32_t>(hr);
    }

    std::uint32_t restoreHealth(const std::vector<std::string>& sources, bool limitAccess,
                                           const Progress& progress) override {
        if (!open_) return kNotLoaded;
        std::vector<std::wstring> wide;
        wide.reserve(sources.size());
        for (const std::string& s : sources) wide.push_back(widen(s));
        std::vector<PCWSTR> pointers;
        for (const std::wstring& w : wide) pointers.push_back(w.c_str());
        const HRESULT hr = api_.restoreImageHealth(session_, pointers.empty() ? nullptr : pointers.data(),
                                                    static_cast<UINT>(pointers.size()), limitAccess ? TRUE : FALSE,
                                                    cancel_.get(), onProgress, userData(progress));
        return static_cast<std::uint32_t>(hr);
    }

    std::optional<std::vector<ImageEdition>> imagesIn(const std::string& file) override {
        if (!initialized_) return std::nullopt;
        DismImageInfo* info = nullptr;
        UINT count = 0;
        if (FAILED(api_.getImageInfo(widen(file).c_str(), &info, &count)) || info == nullptr) return std::nullopt;
        std::vector<ImageEdition> images;
        for (UINT i = 0; i < count; ++i) {
            ImageEdition e;
            e.index = info[i].ImageIndex;
            if (info[i].EditionId != nullptr) e.edition = narrow(info[i].EditionId);
            if (info[i].ImageName != nullptr) e.name = narrow(info[i].ImageName);
            images.push_back(std::move(e));
        }
        api_.dismDelete(info);
        return images;
    }

    std::string lastErrorMessage() override {
        if (!library_) return {};
        DismString* message = nullptr;
        if (FAILED(api_.getLastErrorMessage(&message)) || message == nullptr) return {};
        std::string text = message->Value != nullptr ? narrow(message->Value) : std::string();
        api_.dismDelete(message);
        while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
        return text;
    }

    void closeSession() override {
        if (!open_) return;
        api_.closeSession(session_);
        open_ = false;
    }

    void shutdown() override {
        if (!initialized_) return;
        closeSession();
        api_.shutdown();
        initialized_ = false;
    }

    void requestCancel() override {
        if (cancel_) ::SetEvent(cancel_.get());
    }

private:
    UniqueHmodule library_;
    DismFunctions api_;
    /// Manual-reset event handed to every long call; once set it stays set (the engine starts nothing after a Cancel).
    UniqueHandle cancel_;
    unsigned session_ = 0;
    bool open_ = false;
    bool initialized_ = false;
};

}  // namespace

std::unique_ptr<DismApi> makeWin32Dism() { return std::make_unique<Win32Dism>(); }

}  // namespace wud
