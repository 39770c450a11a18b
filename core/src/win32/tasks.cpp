// The real MachineAccess::scheduledTasks: one Task Scheduler folder's tasks through the Task Scheduler 2.0 COM API.
//
// Sources:
// - Microsoft Learn, "Task Scheduler Reference" / "Enumerating Tasks" (C++ example): CoCreateInstance of
//   CLSID_TaskScheduler for ITaskService, Connect with empty VARIANTs (this computer, this user), GetFolder,
//   ITaskFolder::GetTasks(TASK_ENUM_HIDDEN), IRegisteredTaskCollection get_Count / get_Item (1-based),
//   IRegisteredTask::get_Path / get_Enabled. A folder that does not exist: HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND).
// - Wine 8 (dlls/taskschd/task.c, regtask_*): get_Name, get_Path and get_Enabled are implemented over schedsvc's
//   SchRpcGetTaskInfo; get_Item reads the index as a 4-byte integer. Wine has no \Microsoft\Windows\UpdateOrchestrator
//   folder, so there the check says it could not read it.
// Strings cross COM as BSTRs (oleaut32, a KnownDLL: tests/security/check_imports.sh).
#include "tasks.hpp"

#include "wud/explain.hpp"  // hexCode
#include "wud/text.hpp"  // widen / narrow
#include "wud/win32/com.hpp"

#include <windows.h>

#include <oleauto.h>
#include <taskschd.h>

#include <string>

namespace wud {
namespace {

std::string failed(std::string_view what, HRESULT hr) {
    return "Task Scheduler " + std::string(what) + " (error " + hexCode(static_cast<std::uint32_t>(hr)) + ")";
}

/// One folder's tasks over a connected ITaskService.
TaskFolderRead readFolder(ITaskService& service, const std::string& folder) {
    TaskFolderRead read;
    ComPtr<ITaskFolder> taskFolder;
    const Bstr path(widen(folder));
    HRESULT hr = service.GetFolder(path.get(), taskFolder.put());
    if (hr == HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND) || hr == HRESULT_FROM_WIN32(ERROR_PATH_NOT_FOUND)) {
        read.folderMissing = true;
        return read;
    }
    if (FAILED(hr)) {
        read.error = failed("could not open " + folder, hr);
        return read;
    }
    ComPtr<IRegisteredTaskCollection> tasks;
    hr = taskFolder->GetTasks(TASK_ENUM_HIDDEN, tasks.put());
    LONG count = 0;
    if (SUCCEEDED(hr)) hr = tasks->get_Count(&count);
    if (FAILED(hr)) {  // Wine 8: get_Count is E_NOTIMPL
        read.error = failed("could not list the tasks in " + folder, hr);
        return read;
    }
    for (LONG i = 1; i <= count; ++i) {
        VARIANT index;
        ::VariantInit(&index);
        index.vt = VT_I4;
        index.lVal = i;
        ComPtr<IRegisteredTask> task;
        hr = tasks->get_Item(index, task.put());
        Bstr taskPath;
        if (SUCCEEDED(hr)) hr = task->get_Path(taskPath.put());
        VARIANT_BOOL enabled = VARIANT_TRUE;
        if (SUCCEEDED(hr)) hr = task->get_Enabled(&enabled);
        if (FAILED(hr)) {
            read.tasks.clear();
            read.error = failed("could not read task " + std::to_string(i) + " in " + folder, hr);
            return read;
        }
        read.tasks.push_back(ScheduledTask{taskPath.utf8(), enabled != VARIANT_FALSE});
    }
    return read;
}

}  // namespace

std::vector<TaskFolderRead> readScheduledTasks(const std::vector<std::string>& folders) {
    const auto everyFolder = [&](std::string error) {
        return std::vector<TaskFolderRead>(folders.size(), TaskFolderRead{{}, false, std::move(error)});
    };
    const ComScope com(COINIT_MULTITHREADED);
    if (!com.usable()) return everyFolder(failed("could not be reached: COM did not start", com.result()));
    ComPtr<ITaskService> service;
    HRESULT hr = ::CoCreateInstance(__uuidof(TaskScheduler), nullptr, CLSCTX_INPROC_SERVER, __uuidof(ITaskService),
                                    reinterpret_cast<void**>(service.put()));
    if (FAILED(hr)) return everyFolder(failed("is not available on this system", hr));
    VARIANT empty;
    ::VariantInit(&empty);
    hr = service->Connect(empty, empty, empty, empty);
    if (FAILED(hr)) return everyFolder(failed("did not answer (is the Task Scheduler service running?)", hr));
    std::vector<TaskFolderRead> reads;
    for (const std::string& folder : folders) reads.push_back(readFolder(*service.get(), folder));
    return reads;
}

}  // namespace wud
