// repair-system's live channel from an elevated copy to the window (repair_channel.hpp): what the copy writes reads back
// as the same facts, in the window's own words; what else arrives is dropped, never shown or acted on. On Windows (Wine)
// also the pipe itself (repair_channel_pipe.hpp): made by the server under its own process id, with a DACL that grants
// no one but SYSTEM, Administrators and its user, read back by a client that checks whose pipe it is.
#include <catch2/catch.hpp>

#include "wud/repair_channel.hpp"

#include <optional>
#include <string>
#include <vector>

#ifdef _WIN32
#include "wud/win32/repair_channel_pipe.hpp"
#include "wud/win32/security.hpp"

#include <aclapi.h>

#include <chrono>
#include <thread>
#endif

using namespace wud;
using Catch::Matchers::Contains;

namespace {

SystemRepairResult sampleResult() {
    SystemRepairResult r;
    r.verdict = SystemRepairVerdict::NotRepaired;
    r.dism.outcome = DismOutcome::Repaired;
    r.dism.health = ImageHealth::Repairable;
    r.dism.sources = {"wim:X:\\sources\\install.wim:6"};
    r.dism.limitAccess = true;
    r.dism.duration = Millis{4200};
    r.sfc.outcome = SfcOutcome::NotRepaired;
    r.sfc.exitCode = 1;
    r.sfc.said = "Windows Resource Protection found corrupt files but was unable to fix some of them.";
    r.sfc.files = {{"wuaueng.dll", "C:\\Windows\\System32\\wuaueng.dll", "", SfcFileResult::Repaired},
                   {"usosvc.dll", "", "Microsoft-Windows-UpdateOrchestrator", SfcFileResult::NotRepaired}};
    r.text = {"words of the copy", "its advice"};
    return r;
}

}  // namespace

TEST_CASE("Repair channel: progress reads back with the window's own words for the step", "[repair-channel]") {
    RepairProgress p;
    p.phase = RepairPhase::Sfc;
    p.step = RepairStep::CheckingFiles;
    p.percent = 47;
    p.text = "anything the copy says";
    RepairChannelReader reader;
    const auto events = reader.feed(encodeRepairProgress(p));
    REQUIRE(events.size() == 1);
    REQUIRE(events[0].progress);
    CHECK(events[0].progress->phase == RepairPhase::Sfc);
    CHECK(events[0].progress->percent == 47);
    CHECK(events[0].progress->text == std::string(stepText(RepairStep::CheckingFiles)));
}

TEST_CASE("Repair channel: the result reads back as the same facts, worded by describe(), the files named",
          "[repair-channel]") {
    const SystemRepairResult sent = sampleResult();
    RepairChannelReader reader;
    const auto events = reader.feed(encodeRepairResult(sent));
    REQUIRE(events.size() == 1);
    REQUIRE(events[0].result);
    const SystemRepairResult& r = *events[0].result;
    CHECK(r.verdict == sent.verdict);
    CHECK(r.dism.outcome == DismOutcome::Repaired);
    CHECK(r.dism.health == ImageHealth::Repairable);
    CHECK(r.dism.sources == sent.dism.sources);
    CHECK(r.dism.limitAccess);
    CHECK(r.dism.duration == Millis{4200});
    CHECK(r.sfc.files == sent.sfc.files);
    CHECK(r.sfc.exitCode == 1u);
    CHECK(r.sfc.said == sent.sfc.said);
    CHECK(r.text.message == describe(r).message);  // the window's words, never the copy's sentences
    CHECK_THAT(r.sfc.text.message, Contains("usosvc.dll"));
}

TEST_CASE("Repair channel: lines cut anywhere still read back whole, in order", "[repair-channel]") {
    RepairProgress p;
    p.step = RepairStep::Restoring;
    std::string stream;
    for (int percent = 0; percent <= 100; percent += 10) {
        p.percent = percent;
        stream += encodeRepairProgress(p);
    }
    stream += encodeRepairResult(sampleResult());
    for (std::size_t piece : {1u, 7u, 64u, 4096u}) {
        RepairChannelReader reader;
        std::vector<RepairChannelEvent> events;
        for (std::size_t at = 0; at < stream.size(); at += piece)
            for (auto& e : reader.feed(std::string_view(stream).substr(at, piece))) events.push_back(std::move(e));
        REQUIRE(events.size() == 12);
        CHECK(events[5].progress->percent == 50);
        CHECK(events.back().result.has_value());
        CHECK(reader.dropped() == 0);
    }
}

TEST_CASE("Repair channel: anything but the engine's own facts is dropped, never shown", "[repair-channel]") {
    RepairChannelReader reader;
    const std::string bad[] = {
        "not json",
        "[1,2,3]",
        R"({"kind":"progress","phase":"dism","step":"restoring","percent":101})",
        R"({"kind":"progress","phase":"dism","step":"restoring","percent":-1})",
        R"({"kind":"progress","phase":"format c:","step":"restoring","percent":1})",
        R"({"kind":"progress","phase":"dism","percent":1})",
        R"({"kind":"run","command":"cmd /c del"})",
        R"({"kind":"result","verdict":"healthy"})",
    };
    for (const std::string& line : bad) CHECK(reader.feed(line + "\n").empty());
    CHECK(reader.dropped() == std::size(bad));
    // A line longer than the limit is dropped whole, and the next one still reads.
    RepairProgress p;
    p.percent = 5;
    const auto events = reader.feed(std::string(kRepairChannelMaxLine + 10, 'x') + "\n" + encodeRepairProgress(p));
    REQUIRE(events.size() == 1);
    CHECK(events[0].progress->percent == 5);
}

TEST_CASE("Repair channel: text fields are data — control characters blanked, length bounded", "[repair-channel]") {
    SystemRepairResult r = sampleResult();
    r.sfc.files[0].path = "C:\\a\x1b[31m\r\nb.dll";
    r.dism.dismMessage = std::string(10000, 'y');
    RepairChannelReader reader;
    const auto events = reader.feed(encodeRepairResult(r));
    REQUIRE(events.size() == 1);
    CHECK(events[0].result->sfc.files[0].path == "C:\\a [31m  b.dll");
    CHECK(events[0].result->dism.dismMessage.size() == kRepairChannelMaxText);
}

#ifdef _WIN32
TEST_CASE("Repair channel pipe: the server makes it under its own process id, for its user only; the client checks the "
          "server and reads every line, also after the server has gone; Cancel sets the server's event",
          "[repair-channel][wine]") {
    std::optional<RepairChannelServer> server(std::in_place);
    REQUIRE(server->ready());
    const std::uint32_t self = ::GetCurrentProcessId();

    std::string why;
    CHECK(RepairChannelClient::connect(self + 4, why) == nullptr);  // nobody's pipe there
    std::unique_ptr<RepairChannelClient> client;
    for (int i = 0; i < 100 && !client; ++i) {
        client = RepairChannelClient::connect(self, why);
        if (!client) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    REQUIRE(client);
    RepairProgress p;
    p.step = RepairStep::Scanning;
    p.percent = 12;
    server->send(encodeRepairProgress(p));
    server->send(encodeRepairResult(sampleResult()));
    CHECK(client->cancel());
    CHECK(::WaitForSingleObject(server->cancelEvent(), 0) == WAIT_OBJECT_0);
    server->finish(std::chrono::milliseconds(5000));
    server.reset();  // gone, as the copy exits

    RepairChannelReader reader;
    std::vector<RepairChannelEvent> events;
    bool closed = false;
    for (int i = 0; i < 200 && !closed; ++i) {
        for (auto& e : reader.feed(client->read(closed))) events.push_back(std::move(e));
        if (!closed) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    CHECK(closed);
    REQUIRE(events.size() == 2);
    CHECK(events[0].progress->percent == 12);
    CHECK(events[1].result->sfc.files.size() == 2);
    client.reset();

    // A new server (the old pipe is gone with its client): what it stores as permissions, and that nobody else can make
    // the name while it lives. Opening it to read its DACL takes its one instance, so this one serves no test client.
    server.emplace();
    REQUIRE(server->ready());
    // The DACL as stored (Wine keeps it, though it does not enforce it): no Everyone, no Users, no Anonymous.
    {
        UniqueFile probe(::CreateFileW(repairChannelPipeName(self).c_str(), READ_CONTROL, 0, nullptr, OPEN_EXISTING, 0, nullptr));
        REQUIRE(probe);
        UniqueLocalMem<void> sd;
        PACL dacl = nullptr;
        REQUIRE(::GetSecurityInfo(probe.get(), SE_KERNEL_OBJECT, DACL_SECURITY_INFORMATION, nullptr, nullptr, &dacl,
                                  nullptr, sd.put()) == ERROR_SUCCESS);
        const std::string sddl = sddlOf(sd.get(), DACL_SECURITY_INFORMATION);
        INFO(sddl);
        CHECK_THAT(sddl, Contains("D:P"));
        CHECK_THAT(sddl, !Contains(";WD)") && !Contains(";BU)") && !Contains(";AN)"));
    }
    // A second server under the same name is refused (FILE_FLAG_FIRST_PIPE_INSTANCE): someone who made it first
    // gets no elevated server in its place... and this one serves nothing.
    // (Checked through the name: the first instance exists, so CreateNamedPipe with the flag fails.)
    {
        const HANDLE second = ::CreateNamedPipeW(repairChannelPipeName(self).c_str(),
                                                 PIPE_ACCESS_OUTBOUND | FILE_FLAG_FIRST_PIPE_INSTANCE, PIPE_TYPE_BYTE, 1,
                                                 0, 0, 0, nullptr);
        CHECK(second == INVALID_HANDLE_VALUE);
        if (second != INVALID_HANDLE_VALUE) ::CloseHandle(second);
    }

}
#endif
