#pragma once
// Errors are data: every code a user can meet maps to a plain-language message and a next step.

#include "wud/service_manager.hpp"

#include <string>
#include <string_view>

namespace wud {

// The Win32 codes the logic branches on, by name: platform-neutral code does not include <windows.h>.
inline constexpr Win32Error kAccessDenied = 5;                ///< ERROR_ACCESS_DENIED
inline constexpr Win32Error kInvalidParameter = 87;           ///< ERROR_INVALID_PARAMETER
inline constexpr Win32Error kDependentServicesRunning = 1051; ///< ERROR_DEPENDENT_SERVICES_RUNNING
inline constexpr Win32Error kInvalidServiceControl = 1052;    ///< ERROR_INVALID_SERVICE_CONTROL
inline constexpr Win32Error kServiceRequestTimeout = 1053;    ///< ERROR_SERVICE_REQUEST_TIMEOUT
inline constexpr Win32Error kDatabaseLocked = 1055;           ///< ERROR_SERVICE_DATABASE_LOCKED
inline constexpr Win32Error kAlreadyRunning = 1056;           ///< ERROR_SERVICE_ALREADY_RUNNING
inline constexpr Win32Error kServiceDisabled = 1058;          ///< ERROR_SERVICE_DISABLED
inline constexpr Win32Error kServiceDoesNotExist = 1060;      ///< ERROR_SERVICE_DOES_NOT_EXIST
inline constexpr Win32Error kCannotAcceptControl = 1061;      ///< ERROR_SERVICE_CANNOT_ACCEPT_CTRL
inline constexpr Win32Error kNotActive = 1062;                ///< ERROR_SERVICE_NOT_ACTIVE
inline constexpr Win32Error kServiceSpecific = 1066;          ///< ERROR_SERVICE_SPECIFIC_ERROR
inline constexpr Win32Error kProcessAborted = 1067;           ///< ERROR_PROCESS_ABORTED
inline constexpr Win32Error kDependencyFailed = 1068;         ///< ERROR_SERVICE_DEPENDENCY_FAIL
inline constexpr Win32Error kLogonFailed = 1069;              ///< ERROR_SERVICE_LOGON_FAILED
inline constexpr Win32Error kMarkedForDelete = 1072;          ///< ERROR_SERVICE_MARKED_FOR_DELETE
inline constexpr Win32Error kDependencyDeleted = 1075;        ///< ERROR_SERVICE_DEPENDENCY_DELETED
inline constexpr Win32Error kNeverStarted = 1077;             ///< ERROR_SERVICE_NEVER_STARTED
inline constexpr Win32Error kCancelledByUser = 1223;          ///< ERROR_CANCELLED (e.g. UAC declined)
inline constexpr Win32Error kBadNetPath = 53;                 ///< ERROR_BAD_NETPATH (--computer: no such computer)
inline constexpr Win32Error kRpcServerUnavailable = 1722;     ///< RPC_S_SERVER_UNAVAILABLE (--computer: unreachable)
inline constexpr Win32Error kShutdownInProgress = 1115;       ///< ERROR_SHUTDOWN_IN_PROGRESS (--computer: shutting down)

// WU Doctor's own conditions, in the customer range of Win32 codes (bit 29), so one number type covers all.
inline constexpr Win32Error kErrTimeout = 0x20000001;      ///< our overall timeout passed
inline constexpr Win32Error kErrStuck = 0x20000002;        ///< no checkpoint progress within the wait hint
inline constexpr Win32Error kErrCancelled = 0x20000003;    ///< the user cancelled
inline constexpr Win32Error kErrNotInstalled = 0x20000004; ///< the service is not on this machine (cf. 1060)
inline constexpr Win32Error kErrUnexpectedStop = 0x20000005; ///< the service stopped by itself while starting
inline constexpr Win32Error kErrNotInCatalog = 0x20000006; ///< the name is not one WU Doctor manages
inline constexpr Win32Error kErrStartedAgain = 0x20000007; ///< something (usually UsoSvc) started it again as we stopped it

/// True for WU Doctor's own codes above (never passed to FormatMessage).
constexpr bool isOwnError(Win32Error code) noexcept { return (code & 0x20000000u) != 0; }

/// What we tell the user about an error.
struct ErrorText {
    std::string message;  ///< what happened, in plain words, naming the service when known
    std::string advice;   ///< the next step the user can take
};

/// Context that makes a message specific ("Windows Update is disabled").
struct ErrorContext {
    std::string_view service;      ///< key name, may be empty
    std::string_view friendlyName; ///< e.g. "Windows Update"; falls back to the key name
    ServiceState state = ServiceState::Unknown;  ///< for stuck / timeout: where it stuck
    std::uint32_t exitCode = 0;    ///< service-reported exit code, when relevant
    bool isProtected = false;      ///< a Windows-protected service (5 is normal then)
    std::uint32_t waitedSeconds = 0; ///< for timeout: how long we waited (0 = don't say)
};

/// The one table: code (+ context) -> message and advice. Unknown codes get the system's own message and the
/// number, so nothing is ever shown as a bare number.
ErrorText describeError(Win32Error code, const ErrorContext& context = {});

/// GetLastError() as a Win32Error, never 0: a call that said it failed is never reported as success (Windows only).
Win32Error lastError() noexcept;

/// The system's message for a Win32 code ("The service has not been started."), trimmed; empty if none.
std::string systemMessage(Win32Error code);

}  // namespace wud
