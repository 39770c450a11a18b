// The yardstick for the window's start-up time: the least a GLFW + Dear ImGui + Direct3D 11 window can do —
// the renderer wudoctor.exe picks first, the same libraries and DLL policy, one text line, no fonts, no status.
// (Linked straight to d3d11 / d3dcompiler_47: a benchmark, not something that ships.) After presenting its first
// frame it writes the file named by WUD_BENCH_MARKER, shaped like WU Doctor's probe frame: where the window is
// and two pixels the frame paints (its background, a swatch), so the benchmark waits until the X screen shows
// them, as it does for WU Doctor. Then it idles until it is closed, drawing again only when Windows asks for a
// repaint: the floor an idle GLFW window costs, the yardstick for WU Doctor's idle. (Drawing on every event instead,
// it took 10.8 % of a core under Wine with nobody touching it: each frame's cursor update is itself an event.)
#include <GLFW/glfw3.h>
#define GLFW_EXPOSE_NATIVE_WIN32
#include <GLFW/glfw3native.h>
#include <imgui.h>
#include <imgui_impl_dx11.h>
#include <imgui_impl_glfw.h>

#include <d3d11.h>
#include <windows.h>

#include <cstdio>
#include <string>
#include <utility>

namespace {

// WU Doctor's dark background and its "running" green: the same fill, and a colour nothing else draws.
constexpr unsigned kBackground = 0x202020, kSwatch = 0x6CCB5F;
constexpr float kSwatchAt = 40.0f, kSwatchSize = 16.0f;

float channel(unsigned rgb, int shift) { return static_cast<float>((rgb >> shift) & 0xFF) / 255.0f; }

// The probe-shaped frame, written whole (a temporary file renamed into place): the reader never sees half.
void writeMarker(GLFWwindow* window) {
    wchar_t path[MAX_PATH * 2];
    const DWORD n = GetEnvironmentVariableW(L"WUD_BENCH_MARKER", path, MAX_PATH * 2);
    if (n == 0 || n >= MAX_PATH * 2) return;
    int x = 0, y = 0, width = 0, height = 0;
    glfwGetWindowPos(window, &x, &y);
    glfwGetFramebufferSize(window, &width, &height);
    const int swatch = static_cast<int>(kSwatchAt + kSwatchSize / 2);
    char body[512];
    const int size = std::snprintf(body, sizeof body,
                                   "{\"frame\": 1, \"window\": {\"x\": %d, \"y\": %d, \"width\": %d, \"height\": %d},\n"
                                   " \"marks\": [{\"id\": \"background\", \"x\": 4, \"y\": 4, \"rgb\": \"#%06x\"},\n"
                                   "  {\"id\": \"swatch\", \"x\": %d, \"y\": %d, \"rgb\": \"#%06x\"}]}\n",
                                   x, y, width, height, kBackground, swatch, swatch, kSwatch);
    const std::wstring target = path, temp = target + L".tmp";
    HANDLE file = CreateFileW(temp.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_ALWAYS, 0, nullptr);
    if (file == INVALID_HANDLE_VALUE) return;
    DWORD written = 0;
    const BOOL ok = WriteFile(file, body, static_cast<DWORD>(size), &written, nullptr);
    CloseHandle(file);
    if (ok) MoveFileExW(temp.c_str(), target.c_str(), MOVEFILE_REPLACE_EXISTING);
}

}  // namespace

int WINAPI wWinMain(HINSTANCE, HINSTANCE, PWSTR, int) {
    SetDefaultDllDirectories(LOAD_LIBRARY_SEARCH_SYSTEM32);
    if (!glfwInit()) return 1;
    glfwWindowHint(GLFW_CLIENT_API, GLFW_NO_API);
    GLFWwindow* window = glfwCreateWindow(780, 740, "Bare ImGui window", nullptr, nullptr);
    if (window == nullptr) return 1;

    DXGI_SWAP_CHAIN_DESC desc{};
    desc.BufferCount = 2;
    desc.BufferDesc.Format = DXGI_FORMAT_R8G8B8A8_UNORM;
    desc.BufferUsage = DXGI_USAGE_RENDER_TARGET_OUTPUT;
    desc.OutputWindow = glfwGetWin32Window(window);
    desc.SampleDesc.Count = 1;
    desc.Windowed = TRUE;
    desc.SwapEffect = DXGI_SWAP_EFFECT_DISCARD;
    const D3D_FEATURE_LEVEL levels[] = {D3D_FEATURE_LEVEL_11_0, D3D_FEATURE_LEVEL_10_0};
    ID3D11Device* device = nullptr;
    ID3D11DeviceContext* context = nullptr;
    IDXGISwapChain* swapChain = nullptr;
    if (FAILED(D3D11CreateDeviceAndSwapChain(nullptr, D3D_DRIVER_TYPE_HARDWARE, nullptr, 0, levels, 2,
                                             D3D11_SDK_VERSION, &desc, &swapChain, &device, nullptr, &context)))
        return 1;
    ID3D11Texture2D* back = nullptr;
    ID3D11RenderTargetView* target = nullptr;
    swapChain->GetBuffer(0, IID_PPV_ARGS(&back));
    device->CreateRenderTargetView(back, nullptr, &target);
    back->Release();

    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    ImGui_ImplGlfw_InitForOther(window, true);
    ImGui_ImplDX11_Init(device, context);

    bool marked = false;
    static bool repaint = true;  // the first frame, then only what Windows asks for
    glfwSetWindowRefreshCallback(window, [](GLFWwindow*) { repaint = true; });
    const float clear[4] = {channel(kBackground, 16), channel(kBackground, 8), channel(kBackground, 0), 1};
    while (!glfwWindowShouldClose(window)) {
        if (!std::exchange(repaint, false)) {
            glfwWaitEvents();
            continue;
        }
        ImGui_ImplDX11_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGui::NewFrame();
        ImGui::SetNextWindowPos({0, 0});
        ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
        ImGui::Begin("bare", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoBackground);
        ImGui::TextUnformatted("Hello");
        ImGui::GetWindowDrawList()->AddRectFilled(
            {kSwatchAt, kSwatchAt}, {kSwatchAt + kSwatchSize, kSwatchAt + kSwatchSize},
            IM_COL32((kSwatch >> 16) & 0xFF, (kSwatch >> 8) & 0xFF, kSwatch & 0xFF, 255));
        ImGui::End();
        ImGui::Render();
        context->OMSetRenderTargets(1, &target, nullptr);
        context->ClearRenderTargetView(target, clear);
        ImGui_ImplDX11_RenderDrawData(ImGui::GetDrawData());
        swapChain->Present(0, 0);
        if (!marked) {
            marked = true;
            writeMarker(window);
        }
    }
    ImGui_ImplDX11_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    target->Release();
    swapChain->Release();
    context->Release();
    device->Release();
    glfwTerminate();
    return 0;
}
