#pragma once
// The documented JSON schema (the README's JSON section), as checks shared by the unit and the black-box tests.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <sstream>
#include <string>
#include <string_view>

namespace wud::test {

inline void requireKey(const nlohmann::json& j, const char* key, bool (nlohmann::json::*is)() const noexcept,
                       bool nullable = false) {
    INFO("key " << key << " in " << j.dump());
    REQUIRE(j.contains(key));
    if (nullable && j.at(key).is_null()) return;
    REQUIRE((j.at(key).*is)());
}

/// The documented keys of an object, as the README's tables give them: "name:type" separated by spaces, type one of
/// string, bool, int, uint, array, with "?" when it may be null.
inline void requireKeys(const nlohmann::json& j, std::string_view spec) {
    using J = nlohmann::json;
    static const std::map<std::string, bool (J::*)() const noexcept, std::less<>> kTypes{
        {"string", &J::is_string}, {"bool", &J::is_boolean}, {"int", &J::is_number_integer},
        {"uint", &J::is_number_unsigned}, {"array", &J::is_array}};
    std::istringstream words{std::string(spec)};
    for (std::string word; words >> word;) {
        const std::size_t colon = word.find(':');
        const bool nullable = word.ends_with('?');
        const std::string type = word.substr(colon + 1, word.size() - colon - 1 - (nullable ? 1 : 0));
        REQUIRE(kTypes.contains(type));
        requireKey(j, word.substr(0, colon).c_str(), kTypes.at(type), nullable);
    }
}

/// The fields every document has.
inline void requireEnvelope(const nlohmann::json& doc, const std::string& command) {
    REQUIRE(doc.is_object());
    requireKeys(doc,
                "schema_version:int version:string computer:string remote:bool os:string? os_build:uint? "
                "elevated:bool exit_code:int verdict:string log:string?");
    CHECK(doc["schema_version"] == 1);
    CHECK(doc["tool"] == "wudoctor");
    CHECK(doc["command"] == command);
}

inline void requireServiceSchema(const nlohmann::json& s) {
    requireKeys(s,
                "name:string display_name:string? friendly_name:string role:string? installed:bool? "
                "state:string? start_type:string? default_start_type:string? pid:uint win32_exit_code:uint "
                "service_exit_code:uint protected:bool error_code:uint message:string");
}

inline void requireStatusSchema(const nlohmann::json& doc, const std::string& command = "status") {
    requireEnvelope(doc, command);
    REQUIRE(doc.contains("services"));
    REQUIRE(doc["services"].is_array());
    for (const auto& s : doc["services"]) requireServiceSchema(s);
}

inline void requireResultSchema(const nlohmann::json& r) {
    requireKeys(r,
                "name:string action:string ok:bool exit_code:int error_code:uint message:string advice:string "
                "duration_ms:int state_before:string? state_after:string? pid_before:uint? pid_after:uint? "
                "start_type_before:string? start_type_after:string? notes:array");
}

inline void requireActionsSchema(const nlohmann::json& doc, const std::string& command) {
    requireEnvelope(doc, command);
    REQUIRE(doc.contains("results"));
    REQUIRE(doc["results"].is_array());
    for (const auto& r : doc["results"]) requireResultSchema(r);
}

}  // namespace wud::test
