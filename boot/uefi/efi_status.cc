#include "boot/uefi/efi_status.h"

namespace raeen::boot {

const char* EfiStatusName(efi::StatusCode status) {
  switch (status) {
    case efi::kSuccess: return "EFI_SUCCESS";
    case efi::kLoadError: return "EFI_LOAD_ERROR";
    case efi::kInvalidParameter: return "EFI_INVALID_PARAMETER";
    case efi::kUnsupported: return "EFI_UNSUPPORTED";
    case efi::kBadBufferSize: return "EFI_BAD_BUFFER_SIZE";
    case efi::kBufferTooSmall: return "EFI_BUFFER_TOO_SMALL";
    case efi::kNotReady: return "EFI_NOT_READY";
    case efi::kDeviceError: return "EFI_DEVICE_ERROR";
    case efi::kWriteProtected: return "EFI_WRITE_PROTECTED";
    case efi::kOutOfResources: return "EFI_OUT_OF_RESOURCES";
    case efi::kVolumeCorrupted: return "EFI_VOLUME_CORRUPTED";
    case efi::kVolumeFull: return "EFI_VOLUME_FULL";
    case efi::kNoMedia: return "EFI_NO_MEDIA";
    case efi::kMediaChanged: return "EFI_MEDIA_CHANGED";
    case efi::kNotFound: return "EFI_NOT_FOUND";
    case efi::kAccessDenied: return "EFI_ACCESS_DENIED";
    case efi::kNoResponse: return "EFI_NO_RESPONSE";
    case efi::kNoMapping: return "EFI_NO_MAPPING";
    case efi::kTimeout: return "EFI_TIMEOUT";
    case efi::kNotStarted: return "EFI_NOT_STARTED";
    case efi::kAlreadyStarted: return "EFI_ALREADY_STARTED";
    case efi::kAborted: return "EFI_ABORTED";
    case efi::kIcmpError: return "EFI_ICMP_ERROR";
    case efi::kTftpError: return "EFI_TFTP_ERROR";
    case efi::kProtocolError: return "EFI_PROTOCOL_ERROR";
    case efi::kIncompatibleVersion: return "EFI_INCOMPATIBLE_VERSION";
    case efi::kSecurityViolation: return "EFI_SECURITY_VIOLATION";
    case efi::kCrcError: return "EFI_CRC_ERROR";
    case efi::kEndOfMedia: return "EFI_END_OF_MEDIA";
    case efi::kEndOfFile: return "EFI_END_OF_FILE";
    case efi::kInvalidLanguage: return "EFI_INVALID_LANGUAGE";
    case efi::kCompromisedData: return "EFI_COMPROMISED_DATA";
    case efi::kIpAddressConflict: return "EFI_IP_ADDRESS_CONFLICT";
    case efi::kHttpError: return "EFI_HTTP_ERROR";
    case efi::kWarnUnknownGlyph: return "EFI_WARN_UNKNOWN_GLYPH";
    case efi::kWarnDeleteFailure: return "EFI_WARN_DELETE_FAILURE";
    case efi::kWarnWriteFailure: return "EFI_WARN_WRITE_FAILURE";
    case efi::kWarnBufferTooSmall: return "EFI_WARN_BUFFER_TOO_SMALL";
    case efi::kWarnStaleData: return "EFI_WARN_STALE_DATA";
    case efi::kWarnFileSystem: return "EFI_WARN_FILE_SYSTEM";
    case efi::kWarnResetRequired: return "EFI_WARN_RESET_REQUIRED";
    default: break;
  }
  return efi::IsError(status) ? "EFI_UNKNOWN_ERROR" : "EFI_UNKNOWN_WARNING";
}

Status StatusFromEfi(efi::StatusCode status) {
  if (!efi::IsError(status)) return Status::kOk;
  switch (status) {
    case efi::kInvalidParameter: return Status::kInvalidArgument;
    case efi::kUnsupported: return Status::kUnsupported;
    case efi::kBadBufferSize:
    case efi::kBufferTooSmall: return Status::kBufferTooSmall;
    case efi::kNotReady: return Status::kBadState;
    case efi::kOutOfResources: return Status::kNoMemory;
    case efi::kNotFound: return Status::kNotFound;
    case efi::kAccessDenied:
    case efi::kSecurityViolation: return Status::kAccessDenied;
    case efi::kTimeout: return Status::kTimedOut;
    case efi::kAlreadyStarted: return Status::kAlreadyExists;
    case efi::kLoadError:
    case efi::kVolumeCorrupted:
    case efi::kCrcError:
    case efi::kCompromisedData:
    case efi::kIncompatibleVersion: return Status::kCorrupt;
    default: return Status::kIoError;
  }
}

efi::StatusCode EfiStatusFor(Status status) {
  switch (status) {
    case Status::kOk: return efi::kSuccess;
    case Status::kInvalidArgument: return efi::kInvalidParameter;
    case Status::kNotFound: return efi::kNotFound;
    case Status::kNoMemory: return efi::kOutOfResources;
    case Status::kOutOfRange: return efi::kBadBufferSize;
    case Status::kCorrupt: return efi::kLoadError;
    case Status::kUnsupported: return efi::kUnsupported;
    case Status::kAccessDenied: return efi::kSecurityViolation;
    case Status::kBadState: return efi::kNotReady;
    case Status::kTimedOut: return efi::kTimeout;
    case Status::kIoError: return efi::kDeviceError;
    case Status::kAlreadyExists: return efi::kAlreadyStarted;
    case Status::kBufferTooSmall: return efi::kBufferTooSmall;
    // Kernel object statuses: the loader never produces them.
    case Status::kBadHandle: return efi::kInvalidParameter;
    case Status::kWrongType: return efi::kInvalidParameter;
    case Status::kQuotaExceeded: return efi::kOutOfResources;
    case Status::kShouldWait: return efi::kNotReady;
    case Status::kPeerClosed: return efi::kAborted;
  }
  return efi::kAborted;
}

}  // namespace raeen::boot
