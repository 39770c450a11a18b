#pragma once
// The real SfcHost: %windir%\System32\sfc.exe (by full path: never looked up on PATH or beside the exe) with its
// output through a pipe, and %windir%\Logs\CBS\CBS.log. Windows only.

#include "wud/system_repair.hpp"

namespace wud {

class Win32Sfc final : public SfcHost {
public:
    bool available() override;
    std::string cbsLogPath() override;
    std::optional<std::uint64_t> cbsLogSize() override;
    std::optional<std::string> readCbsLog(std::uint64_t offset) override;
    SfcExit run(bool verifyOnly, const std::function<void(std::string_view bytes)>& output) override;
};

}  // namespace wud
