#include "wud/catalog.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <string>

using namespace wud;

TEST_CASE("Catalog: the two services of the standard advice come first, Update Orchestrator before Windows Update",
          "[catalog]") {
    const auto entries = catalog();
    REQUIRE(entries.size() == 8);
    CHECK(entries[0].name == "UsoSvc");
    CHECK(entries[0].friendlyName == "Update Orchestrator");
    CHECK(entries[0].primary);
    CHECK(entries[1].name == "wuauserv");
    CHECK(entries[1].friendlyName == "Windows Update");
    CHECK(entries[1].primary);
    for (std::size_t i = 2; i < entries.size(); ++i) CHECK_FALSE(entries[i].primary);
}

TEST_CASE("Catalog: every related service is there once, with a role a home user can read", "[catalog]") {
    std::set<std::string> names;
    for (const auto& entry : catalog()) {
        names.emplace(entry.name);
        CHECK_FALSE(entry.friendlyName.empty());
        CHECK(entry.role.size() > 20);
        CHECK(entry.role.back() == '.');
        CHECK(entry.defaultWin10 != StartType::Unknown);
        CHECK(entry.defaultWin11 != StartType::Unknown);
    }
    CHECK(names == std::set<std::string>{"UsoSvc", "wuauserv", "BITS", "CryptSvc", "TrustedInstaller", "DoSvc",
                                         "WaaSMedicSvc", "msiserver"});
}

TEST_CASE("Catalog: lookup ignores case, as Windows does for service names", "[catalog]") {
    REQUIRE(findInCatalog("WUAUSERV") != nullptr);
    CHECK(findInCatalog("WUAUSERV")->name == "wuauserv");
    CHECK(findInCatalog("usosvc") == &catalog()[0]);
    CHECK(findInCatalog("Spooler") == nullptr);
    CHECK(findInCatalog("") == nullptr);
    CHECK(friendlyNameOf("bits") == "Background Intelligent Transfer");
    CHECK(friendlyNameOf("Spooler") == "Spooler");
}

TEST_CASE("Catalog: Windows' default start types are those of a clean Windows 10 / 11", "[catalog]") {
    auto defaultOf = [](std::string_view name, std::uint32_t build) {
        return windowsDefault(*findInCatalog(name), build);
    };
    for (const std::uint32_t build : {19045u, 22631u}) {
        CHECK(defaultOf("UsoSvc", build) == StartType::AutomaticDelayed);
        CHECK(defaultOf("wuauserv", build) == StartType::ManualTrigger);  // not Automatic, as reset scripts set it
        CHECK(defaultOf("BITS", build) == StartType::Manual);
        CHECK(defaultOf("CryptSvc", build) == StartType::Automatic);
        CHECK(defaultOf("TrustedInstaller", build) == StartType::Manual);
        CHECK(defaultOf("DoSvc", build) == StartType::AutomaticDelayed);
        CHECK(defaultOf("WaaSMedicSvc", build) == StartType::Manual);
        CHECK(defaultOf("msiserver", build) == StartType::Manual);
    }
}

TEST_CASE("Catalog: the Windows 11 default applies from build 22000", "[catalog]") {
    const CatalogEntry entry{"X", "X", "x.", StartType::Manual, StartType::AutomaticDelayed, false, false};
    CHECK(windowsDefault(entry, 19045) == StartType::Manual);
    CHECK(windowsDefault(entry, 21999) == StartType::Manual);
    CHECK(windowsDefault(entry, 22000) == StartType::AutomaticDelayed);
    CHECK(windowsDefault(entry, 26100) == StartType::AutomaticDelayed);
}

TEST_CASE("Catalog: only the Windows Update Medic is marked protected", "[catalog]") {
    for (const auto& entry : catalog()) CHECK(entry.isProtected == (entry.name == "WaaSMedicSvc"));
}
