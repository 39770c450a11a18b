#pragma once
// The real MachineAccess: the registry (64-bit view), the file system, free space and the domain join state
// of this computer, and its scheduled tasks (Task Scheduler 2.0 COM API). Windows only.

#include "wud/machine_access.hpp"

namespace wud {

class Win32MachineAccess final : public MachineAccess {
public:
    std::optional<RegValue> readValue(std::string_view key, std::string_view name) override;
    bool keyExists(std::string_view key) override;
    Win32Error writeValue(std::string_view key, std::string_view name, const RegValue& value) override;
    Win32Error deleteValue(std::string_view key, std::string_view name) override;
    std::optional<std::string> keySecurity(std::string_view key) override;
    Win32Error setKeySecurity(std::string_view key, std::string_view sddl) override;
    Win32Error createKey(std::string_view key, std::string_view sddl) override;
    bool fileExists(std::string_view path) override;
    std::optional<std::string> readFile(std::string_view path) override;
    Win32Error replaceFile(std::string_view path, std::string_view bytes) override;
    Win32Error moveFile(std::string_view from, std::string_view to) override;
    std::optional<std::uint64_t> freeBytes(std::string_view path) override;
    bool pathExists(std::string_view path) override;
    std::optional<std::vector<DirEntry>> listFolder(std::string_view folder) override;
    Win32Error movePath(std::string_view from, std::string_view to) override;
    Win32Error deleteTree(std::string_view path) override;
    Win32Error createFolderLike(std::string_view path, std::string_view like) override;
    Win32Error removeEmptyFolder(std::string_view path) override;
    std::string programData() override;
    std::string systemRoot() override;
    std::optional<bool> domainJoined() override;
    std::string computerName() override;
    std::vector<TaskFolderRead> scheduledTasks(const std::vector<std::string>& folders) override;  // win32_tasks.cpp
};

}  // namespace wud
