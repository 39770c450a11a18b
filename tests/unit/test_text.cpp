// The shared text helpers (core/src/text.cpp): what every message, button label and service lookup is built on.
#include <catch2/catch.hpp>

#include "wud/text.hpp"

using namespace wud;

TEST_CASE("Text: capitalised puts the first letter in capitals and nothing else", "[text]") {
    CHECK(capitalised("disabled") == "Disabled");
    CHECK(capitalised("automatic (delayed start)") == "Automatic (delayed start)");
    CHECK(capitalised("Manual") == "Manual");
    CHECK(capitalised("") == "");
    CHECK(capitalised("1 second") == "1 second");
    CHECK(capitalised("\xC3\xA9t\xC3\xA9") == "\xC3\xA9t\xC3\xA9");  // non-ASCII: left as it is, not mangled
}

TEST_CASE("Text: service names compare without ASCII case, as Windows compares them", "[text]") {
    STATIC_REQUIRE(equalsIgnoreCase("wuauserv", "WUAUSERV"));
    CHECK(equalsIgnoreCase("UsoSvc", "usosvc"));
    CHECK_FALSE(equalsIgnoreCase("UsoSvc", "UsoSvc2"));
    CHECK_FALSE(equalsIgnoreCase("bits", "bitz"));
    CHECK(equalsIgnoreCase("", ""));
    CHECK_FALSE(equalsIgnoreCase("\xC3\xA9", "\xC3\x89"));  // é / É: only ASCII folds
}

TEST_CASE("Text: decodeUtf8 reads one code point and says how long it was", "[text]") {
    const auto at = [](std::string_view text, std::size_t i = 0) { return decodeUtf8(text, i); };
    CHECK(at("A").codePoint == U'A');
    CHECK(at("A").length == 1);
    CHECK(at("\xC3\xA9").codePoint == U'\u00E9');  // é
    CHECK(at("\xC3\xA9").length == 2);
    CHECK(at("\xE2\x80\xA6").codePoint == U'\u2026');  // …
    CHECK(at("\xF0\x9F\x98\x80").codePoint == U'\U0001F600');
    CHECK(at("\xF0\x9F\x98\x80").length == 4);
    CHECK(at("x\xC3\xA9", 1).codePoint == U'\u00E9');
}

TEST_CASE("Text: invalid UTF-8 is one invalid byte, never a read past the end", "[text]") {
    for (std::string_view bad : {std::string_view("\x80"), std::string_view("\xFF"), std::string_view("\xC3"),
                                 std::string_view("\xE2\x80"), std::string_view("\xC3(")}) {
        const Utf8Char c = decodeUtf8(bad, 0);
        CHECK_FALSE(c.valid);
        CHECK(c.length == 1);
        CHECK(c.codePoint == static_cast<unsigned char>(bad[0]));
    }
}
