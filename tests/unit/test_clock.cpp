#include "wud/clock.hpp"

#include <catch2/catch.hpp>

#include <thread>

using namespace wud;
using namespace std::chrono_literals;

TEST_CASE("Clock: Cancel wakes a real sleep at once instead of at the end of the poll", "[clock]") {
    SteadyClock clock;
    CancelToken token;
    std::thread canceller([&] {
        std::this_thread::sleep_for(30ms);
        token.cancel();
    });
    const Millis before = clock.now();
    clock.sleepFor(10s, &token);
    const Millis slept = clock.now() - before;
    canceller.join();
    CHECK(token.cancelled());
    CHECK(slept < 5s);  // generous for a loaded machine; without the wake-up it would be 10 s
}

TEST_CASE("Clock: an already cancelled token does not sleep", "[clock]") {
    SteadyClock clock;
    CancelToken token;
    token.cancel();
    const Millis before = clock.now();
    clock.sleepFor(10s, &token);
    CHECK(clock.now() - before < 5s);
}

TEST_CASE("Clock: a real sleep without a token lasts at least as asked", "[clock]") {
    SteadyClock clock;
    const Millis before = clock.now();
    clock.sleepFor(20ms, nullptr);
    CHECK(clock.now() - before >= 20ms);
}

TEST_CASE("Clock: virtual time moves only when someone sleeps or advances it", "[clock]") {
    VirtualClock clock;
    CHECK(clock.now() == 0ms);
    clock.sleepFor(60s, nullptr);
    CHECK(clock.now() == 60s);
    clock.advance(5ms);
    CHECK(clock.now() == 60'005ms);
}
