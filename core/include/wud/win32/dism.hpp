#pragma once
// The real DismApi: dismapi.dll, loaded at run time from System32 only (LoadLibraryExW with
// LOAD_LIBRARY_SEARCH_SYSTEM32, as winget's WindowsFeature.cpp does), never through the import table — so the exe
// starts where there is none (Wine, Windows 7) and a dismapi.dll beside the exe is never loaded. Windows only.

#include "wud/system_repair.hpp"
#include "wud/win32/handle.hpp"

#include <memory>

namespace wud {

class Win32Dism final : public DismApi {
public:
    Win32Dism();
    ~Win32Dism() override;

    bool load(std::string& why) override;
    std::uint32_t initialize() override;
    std::uint32_t openOnlineSession() override;
    std::uint32_t checkHealth(bool scan, const Progress& progress, ImageHealth& health) override;
    std::uint32_t restoreHealth(const std::vector<std::string>& sources, bool limitAccess, const Progress& progress) override;
    std::optional<std::vector<ImageEdition>> imagesIn(const std::string& file) override;
    std::string lastErrorMessage() override;
    void closeSession() override;
    void shutdown() override;
    void requestCancel() override;

private:
    struct Api;  // the function pointers, typed from dismapi.h
    UniqueHmodule library_;
    std::unique_ptr<Api> api_;
    /// Manual-reset event handed to every long call; once set it stays set (the engine starts nothing after a Cancel).
    UniqueHandle cancel_;
    unsigned session_ = 0;
    bool open_ = false;
    bool initialized_ = false;
};

}  // namespace wud
