// Direct3D 11 through imgui_impl_dx11, on a hardware device (feature level 11_0 or 10_0) or on WARP, Windows'
// software rasteriser, which is there when no GPU driver is (Basic Display Adapter, VMs, Remote Desktop).
// d3d11.dll, dxgi.dll and d3dcompiler_47.dll come from System32 at run time; imgui_impl_dx11 calls D3DCompile
// by name, so this file defines D3DCompile itself and forwards to the one in d3dcompiler_47.dll.

#include "window/renderer.hpp"

#include "wud/explain.hpp"  // hexCode
#include "wud/error_text.hpp"

#include <GLFW/glfw3.h>
#define GLFW_EXPOSE_NATIVE_WIN32
#include <GLFW/glfw3native.h>
#include <imgui.h>
#include <imgui_impl_dx11.h>
#include <imgui_impl_glfw.h>

#include <d3d11.h>
#include <d3dcompiler.h>
#include <windows.h>
#include <wrl/client.h>

#include <cstdio>
#include <future>

using Microsoft::WRL::ComPtr;

namespace {
pD3DCompile gD3DCompile = nullptr;  // set while a Direct3D renderer holds d3dcompiler_47.dll
}  // namespace

// Satisfies imgui_impl_dx11's call without an import of d3dcompiler_47.dll (which a planted copy could answer).
extern "C" HRESULT WINAPI D3DCompile(const void* data, SIZE_T size, const char* filename, const D3D_SHADER_MACRO* defines,
                                     ID3DInclude* include, const char* entry, const char* target, UINT flags1,
                                     UINT flags2, ID3DBlob** code, ID3DBlob** errors) {
    if (gD3DCompile == nullptr) return E_NOTIMPL;
    return gD3DCompile(data, size, filename, defines, include, entry, target, flags1, flags2, code, errors);
}

namespace wud::app {
namespace {

std::string hresultText(HRESULT hr) {
    const std::string hex = hexCode(static_cast<std::uint32_t>(hr));
    std::string text = systemMessage(static_cast<Win32Error>(hr));
    return text.empty() ? hex : text + " (" + hex + ")";
}

class Direct3D11Renderer final : public Renderer {
public:
    explicit Direct3D11Renderer(bool warp) : warp_(warp) {}
    ~Direct3D11Renderer() override { shutdown(); }

    RendererKind kind() const noexcept override { return warp_ ? RendererKind::Warp : RendererKind::Direct3D11; }

    void windowHints() const override { glfwWindowHint(GLFW_CLIENT_API, GLFW_NO_API); }

    // The DLLs and the device need no window: they are made on a thread of their own from the moment the
    // program starts, while GLFW starts and the window is created (under Wine this is most of the time to the
    // first frame). The swap chain, which needs the window, is made in init().
    void prepare() override {
        if (!pendingDevice_.valid()) pendingDevice_ = std::async(std::launch::async, [this] { return createDevice(); });
    }

    std::optional<std::string> init(GLFWwindow* window) override {
        prepare();
        if (std::optional<std::string> failure = pendingDevice_.get()) return failure;
        if (std::optional<std::string> failure = createSwapChain(glfwGetWin32Window(window))) return failure;

        glfwInited_ = ImGui_ImplGlfw_InitForOther(window, /*install_callbacks=*/true);
        if (!glfwInited_) return std::string("ImGui's GLFW backend did not start");
        dx11Inited_ = ImGui_ImplDX11_Init(device_.Get(), context_.Get());
        if (!dx11Inited_) return std::string("ImGui's Direct3D 11 backend did not start");
        // Shaders (compiled through D3DCompile) and the font texture, now rather than at the first frame.
        if (!ImGui_ImplDX11_CreateDeviceObjects()) return std::string("the shaders could not be compiled");
        if (ImGui::GetIO().Fonts->TexID == nullptr) return std::string("the font texture could not be created");
        if (const auto error = createTarget()) return error;
        return std::nullopt;
    }

    void newFrame() override { ImGui_ImplDX11_NewFrame(); }

    void render(const float clearColour[4]) override {
        ID3D11RenderTargetView* target = target_.Get();
        context_->OMSetRenderTargets(1, &target, nullptr);
        context_->ClearRenderTargetView(target, clearColour);
        ImGui_ImplDX11_RenderDrawData(ImGui::GetDrawData());
        swapChain_->Present(0, 0);  // frames are drawn on demand; the loop paces animations
    }

    void resize(int width, int height) override {
        if (width <= 0 || height <= 0 || (width == width_ && height == height_)) return;
        target_.Reset();
        swapChain_->ResizeBuffers(0, static_cast<UINT>(width), static_cast<UINT>(height), DXGI_FORMAT_UNKNOWN, 0);
        createTarget();
    }

    void reloadFonts() override {
        ImGui_ImplDX11_InvalidateDeviceObjects();
        ImGui_ImplDX11_CreateDeviceObjects();
    }

    void shutdown() override {
        if (pendingDevice_.valid()) pendingDevice_.wait();  // a device still being made is finished, then released below
        if (std::exchange(dx11Inited_, false)) ImGui_ImplDX11_Shutdown();
        if (std::exchange(glfwInited_, false)) ImGui_ImplGlfw_Shutdown();
        target_.Reset();
        warmBuffer_.Reset();
        swapChain_.Reset();
        context_.Reset();
        device_.Reset();
        if (compiler_) gD3DCompile = nullptr;
        compiler_.reset();
        dxgi_.reset();
        d3d11_.reset();
    }

private:
    std::optional<std::string> createDevice() {
        std::string failure;
        if (!(d3d11_ = loadFromSystem32(L"d3d11.dll", failure))) return failure;
        if (!(dxgi_ = loadFromSystem32(L"dxgi.dll", failure))) return failure;  // d3d11 needs it: System32's, first
        if (!(compiler_ = loadFromSystem32(L"d3dcompiler_47.dll", failure))) return failure;
        const auto create = procAddress<PFN_D3D11_CREATE_DEVICE>(d3d11_, "D3D11CreateDevice");
        const auto compile = procAddress<pD3DCompile>(compiler_, "D3DCompile");
        if (create == nullptr) return std::string("d3d11.dll has no D3D11CreateDevice");
        if (compile == nullptr) return std::string("d3dcompiler_47.dll has no D3DCompile");
        gD3DCompile = compile;

        const D3D_FEATURE_LEVEL levels[] = {D3D_FEATURE_LEVEL_11_0, D3D_FEATURE_LEVEL_10_0};
        D3D_FEATURE_LEVEL level{};
        const HRESULT hr = create(nullptr, warp_ ? D3D_DRIVER_TYPE_WARP : D3D_DRIVER_TYPE_HARDWARE, nullptr, 0, levels,
                                  static_cast<UINT>(std::size(levels)), D3D11_SDK_VERSION, device_.GetAddressOf(),
                                  &level, context_.GetAddressOf());
        if (FAILED(hr)) return "no device at feature level 11_0 or 10_0: " + hresultText(hr);
        // The first frame maps ImGui's vertices into a dynamic buffer, and the first such Map is slow: under Wine,
        // wined3d allocates a 64 MB block for mapped buffers then (60-100 ms with llvmpipe). A small buffer mapped
        // here, kept for the renderer's life, moves that cost off the path to the first frame.
        D3D11_BUFFER_DESC bufferDesc{};
        bufferDesc.ByteWidth = 4096;
        bufferDesc.Usage = D3D11_USAGE_DYNAMIC;
        bufferDesc.BindFlags = D3D11_BIND_VERTEX_BUFFER;
        bufferDesc.CPUAccessFlags = D3D11_CPU_ACCESS_WRITE;
        if (SUCCEEDED(device_->CreateBuffer(&bufferDesc, nullptr, warmBuffer_.GetAddressOf()))) {
            D3D11_MAPPED_SUBRESOURCE mapped{};
            if (SUCCEEDED(context_->Map(warmBuffer_.Get(), 0, D3D11_MAP_WRITE_DISCARD, 0, &mapped)))
                context_->Unmap(warmBuffer_.Get(), 0);
        }
        return std::nullopt;
    }

    // What D3D11CreateDeviceAndSwapChain does after the device: the swap chain from the device's own factory.
    std::optional<std::string> createSwapChain(HWND window) {
        DXGI_SWAP_CHAIN_DESC desc{};
        desc.BufferCount = 2;
        desc.BufferDesc.Format = DXGI_FORMAT_R8G8B8A8_UNORM;
        desc.BufferUsage = DXGI_USAGE_RENDER_TARGET_OUTPUT;
        desc.OutputWindow = window;
        desc.SampleDesc.Count = 1;
        desc.Windowed = TRUE;
        desc.SwapEffect = DXGI_SWAP_EFFECT_DISCARD;
        ComPtr<IDXGIDevice> dxgiDevice;
        ComPtr<IDXGIAdapter> adapter;
        ComPtr<IDXGIFactory> factory;
        HRESULT hr = device_.As(&dxgiDevice);
        if (SUCCEEDED(hr)) hr = dxgiDevice->GetAdapter(adapter.GetAddressOf());
        if (SUCCEEDED(hr)) hr = adapter->GetParent(IID_PPV_ARGS(factory.GetAddressOf()));
        if (SUCCEEDED(hr)) hr = factory->CreateSwapChain(device_.Get(), &desc, swapChain_.GetAddressOf());
        if (FAILED(hr)) return "no swap chain for the window: " + hresultText(hr);
        return std::nullopt;
    }

    std::optional<std::string> createTarget() {
        ComPtr<ID3D11Texture2D> back;
        HRESULT hr = swapChain_->GetBuffer(0, IID_PPV_ARGS(&back));
        if (SUCCEEDED(hr)) hr = device_->CreateRenderTargetView(back.Get(), nullptr, target_.ReleaseAndGetAddressOf());
        if (FAILED(hr)) return "no render target: " + hresultText(hr);
        D3D11_TEXTURE2D_DESC desc{};
        back->GetDesc(&desc);
        width_ = static_cast<int>(desc.Width);
        height_ = static_cast<int>(desc.Height);
        return std::nullopt;
    }

    bool warp_;
    UniqueHmodule d3d11_, dxgi_, compiler_;
    std::future<std::optional<std::string>> pendingDevice_;  // createDevice(), running or done
    ComPtr<ID3D11Device> device_;
    ComPtr<ID3D11Buffer> warmBuffer_;
    ComPtr<ID3D11DeviceContext> context_;
    ComPtr<IDXGISwapChain> swapChain_;
    ComPtr<ID3D11RenderTargetView> target_;
    int width_ = 0, height_ = 0;
    bool glfwInited_ = false, dx11Inited_ = false;
};

}  // namespace

std::unique_ptr<Renderer> makeDirect3D11Renderer(bool warp) { return std::make_unique<Direct3D11Renderer>(warp); }

}  // namespace wud::app
