// wud_e2e_click — presses a button of another program's native window, as a hand would, for the tests of
// the last-resort dialog (a task dialog: real child controls, unlike the ImGui window).
//
//   wud_e2e_click.exe TITLE PREFIX     BM_CLICK the first button whose text starts with PREFIX, inside a
//                                      visible top-level window titled TITLE. Exit 0 pressed, 1 not found.
//   wud_e2e_click.exe --list TITLE     print each child control: class, id, enabled, text
//   wud_e2e_click.exe --resize TITLE W H   size that top-level window as dragging its border would (SetWindowPos:
//                                      Windows keeps it within the window's minimum size). Exit 0 sized, 1 not found.
#include <windows.h>

#include <cstdio>
#include <cstdlib>
#include <cwchar>
#include <string>

namespace {

struct Search {
    const wchar_t* title;
    const wchar_t* prefix;  // null: list
    HWND found = nullptr;
};

std::wstring textOf(HWND hwnd) {
    wchar_t buffer[1024] = {};
    GetWindowTextW(hwnd, buffer, static_cast<int>(std::size(buffer)));
    return buffer;
}

BOOL CALLBACK onChild(HWND child, LPARAM data) {
    auto& search = *reinterpret_cast<Search*>(data);
    wchar_t cls[64] = {};
    GetClassNameW(child, cls, static_cast<int>(std::size(cls)));
    const std::wstring text = textOf(child);
    if (search.prefix == nullptr) {
        std::printf("%ls %d %d %ls\n", cls, GetDlgCtrlID(child), IsWindowEnabled(child) ? 1 : 0, text.c_str());
        return TRUE;
    }
    if (_wcsicmp(cls, L"Button") == 0 && IsWindowEnabled(child) && text.rfind(search.prefix, 0) == 0) {
        search.found = child;
        return FALSE;
    }
    return TRUE;
}

BOOL CALLBACK onTopLevel(HWND hwnd, LPARAM data) {
    auto& search = *reinterpret_cast<Search*>(data);
    if (!IsWindowVisible(hwnd) || textOf(hwnd) != search.title) return TRUE;
    EnumChildWindows(hwnd, onChild, data);
    return search.found == nullptr;
}

BOOL CALLBACK onTopLevelItself(HWND hwnd, LPARAM data) {
    auto& search = *reinterpret_cast<Search*>(data);
    if (!IsWindowVisible(hwnd) || textOf(hwnd) != search.title) return TRUE;
    search.found = hwnd;
    return FALSE;
}

}  // namespace

int wmain(int argc, wchar_t** argv) {
    if (argc == 3 && std::wcscmp(argv[1], L"--list") == 0) {
        Search search{argv[2], nullptr};
        EnumWindows(onTopLevel, reinterpret_cast<LPARAM>(&search));
        return 0;
    }
    if (argc == 5 && std::wcscmp(argv[1], L"--resize") == 0) {
        Search search{argv[2], nullptr};
        EnumWindows(onTopLevelItself, reinterpret_cast<LPARAM>(&search));
        if (search.found == nullptr) return 1;
        const int width = static_cast<int>(std::wcstol(argv[3], nullptr, 10));
        const int height = static_cast<int>(std::wcstol(argv[4], nullptr, 10));
        // The window handles WM_WINDOWPOSCHANGING / WM_GETMINMAXINFO itself, as when a hand drags the border.
        if (!SetWindowPos(search.found, nullptr, 0, 0, width, height, SWP_NOMOVE | SWP_NOZORDER | SWP_NOACTIVATE))
            return 1;
        RECT r{};
        GetWindowRect(search.found, &r);
        std::printf("sized: %ldx%ld\n", r.right - r.left, r.bottom - r.top);
        return 0;
    }
    if (argc != 3) {
        std::fprintf(stderr, "usage: wud_e2e_click TITLE PREFIX | --list TITLE | --resize TITLE W H\n");
        return 2;
    }
    Search search{argv[1], argv[2]};
    EnumWindows(onTopLevel, reinterpret_cast<LPARAM>(&search));
    if (search.found == nullptr) return 1;
    // Posted, as a click would be: the dialog handles it on its own thread, and this helper never waits on it.
    PostMessageW(search.found, BM_CLICK, 0, 0);
    std::printf("pressed: %ls\n", textOf(search.found).c_str());
    return 0;
}
