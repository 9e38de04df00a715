import Foundation

/// Sheets described in JSON, for printing from the command line: plain fields, bytes as hex strings.
///
/// The input is hostile: its size and every list and string are bounded before use, and every problem is a
/// `SheetError.invalidInput` naming the field.
public enum SheetInput {
    /// The kinds of sheet a JSON description can make.
    public enum Kind: String, CaseIterable, Sendable {
        /// The invitation to a key generation: roster, threshold, parameters hash and its words.
        case invitation
        /// The result of a key generation: group key, verifying shares, certificate and recovery data.
        case result
        /// A signing: the request's summary and digest, the group key, the signers and the signature.
        case signing
    }

    /// Largest JSON accepted, in bytes.
    public static let maxInputBytes = 4 * 1024 * 1024
    /// Longest string accepted in any field.
    public static let maxStringLength = 16 * 1024
    /// Longest list accepted (roster, parts, shares, devices, signers, instructions).
    public static let maxListLength = 1024

    /// Decodes a sheet of the given kind from JSON.
    /// - Throws: `SheetError.invalidInput` for oversized, malformed or out-of-range input.
    public static func decode(_ kind: Kind, from json: [UInt8]) throws -> any PrintableSheet {
        guard json.count <= maxInputBytes else {
            throw SheetError.invalidInput("the JSON is \(json.count) bytes, more than \(maxInputBytes)")
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(json))
        } catch {
            throw SheetError.invalidInput("the JSON does not parse")
        }
        let root = try Fields(object, path: kind.rawValue)
        switch kind {
        case .invitation:
            return InvitationSheet(
                sessionID: try root.string("sessionID"), suite: try root.string("suite"),
                threshold: try root.count("threshold"), participantCount: try root.count("participantCount"),
                roster: try root.list("roster").map {
                    InvitationSheet.Member(name: try $0.string("name"), fingerprint: try $0.string("fingerprint"))
                },
                parametersHash: try root.hex("parametersHash"),
                parametersBytewords: try root.string("parametersBytewords"),
                invitationParts: try root.strings("invitationParts"),
                coordinatorInstructions: try root.strings(
                    "coordinatorInstructions", default: InvitationSheet.defaultCoordinatorInstructions),
                participantInstructions: try root.strings(
                    "participantInstructions", default: InvitationSheet.defaultParticipantInstructions),
                groupLabel: try root.optionalString("groupLabel"), expiry: try root.optionalString("expiry"))
        case .result:
            return ResultSheet(
                sessionID: try root.string("sessionID"), suite: try root.string("suite"),
                threshold: try root.count("threshold"), participantCount: try root.count("participantCount"),
                groupPublicKey: try root.hex("groupPublicKey"),
                groupKeyFingerprint: try root.string("groupKeyFingerprint"),
                groupKeyQR: try root.optionalString("groupKeyQR"),
                verifyingShares: try root.list("verifyingShares").map {
                    ResultSheet.VerifyingShare(participant: try $0.string("participant"), share: try $0.string("share"))
                },
                certificateFingerprint: try root.string("certificateFingerprint"),
                devices: try root.list("devices").map {
                    ResultSheet.DeviceRecovery(device: try $0.string("device"), parts: try $0.strings("parts"))
                }, groupLabel: try root.optionalString("groupLabel"))
        case .signing:
            return SigningSheet(
                sessionID: try root.string("sessionID"), summary: try root.string("summary"),
                messageDigest: try root.hex("messageDigest"),
                groupKeyFingerprint: try root.string("groupKeyFingerprint"), signers: try root.strings("signers"),
                signature: try root.hex("signature"), signatureParts: try root.strings("signatureParts", default: []),
                messageText: try root.optionalString("messageText"))
        }
    }

    /// A JSON object read field by field, each failure naming the field's path.
    struct Fields {
        let values: [String: Any]
        let path: String

        init(_ object: Any, path: String) throws {
            guard let values = object as? [String: Any] else {
                throw SheetError.invalidInput("\(path) is not an object")
            }
            self.values = values
            self.path = path
        }

        func string(_ key: String) throws -> String {
            guard let value = try optionalString(key) else {
                throw SheetError.invalidInput("\(path).\(key) is missing")
            }
            return value
        }

        func optionalString(_ key: String) throws -> String? {
            guard let raw = values[key], !(raw is NSNull) else { return nil }
            guard let value = raw as? String else { throw SheetError.invalidInput("\(path).\(key) is not a string") }
            guard value.utf8.count <= SheetInput.maxStringLength else {
                throw SheetError.invalidInput("\(path).\(key) is longer than \(SheetInput.maxStringLength) bytes")
            }
            return value
        }

        /// A whole number from 1 to 1024 (thresholds and participant counts).
        func count(_ key: String) throws -> Int {
            guard let number = values[key] as? NSNumber, let value = Int(exactly: number.doubleValue),
                (1...SheetInput.maxListLength).contains(value)
            else { throw SheetError.invalidInput("\(path).\(key) must be a whole number from 1 to 1024") }
            return value
        }

        func hex(_ key: String) throws -> [UInt8] {
            let text = try string(key)
            let digits = Array(text.utf8)
            guard digits.count % 2 == 0 else {
                throw SheetError.invalidInput("\(path).\(key) has an odd number of hex digits")
            }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(digits.count / 2)
            for index in stride(from: 0, to: digits.count, by: 2) {
                guard let high = Self.nibble(digits[index]), let low = Self.nibble(digits[index + 1]) else {
                    throw SheetError.invalidInput("\(path).\(key) is not hex")
                }
                bytes.append(high << 4 | low)
            }
            return bytes
        }

        func list(_ key: String) throws -> [Fields] {
            guard let raw = values[key] as? [Any] else { throw SheetError.invalidInput("\(path).\(key) is not a list") }
            guard raw.count <= SheetInput.maxListLength else {
                throw SheetError.invalidInput("\(path).\(key) has more than \(SheetInput.maxListLength) entries")
            }
            return try raw.enumerated().map { try Fields($1, path: "\(path).\(key)[\($0)]") }
        }

        func strings(_ key: String, default fallback: [String]? = nil) throws -> [String] {
            guard let raw = values[key] else {
                if let fallback { return fallback }
                throw SheetError.invalidInput("\(path).\(key) is missing")
            }
            guard let list = raw as? [Any], list.count <= SheetInput.maxListLength else {
                throw SheetError.invalidInput(
                    "\(path).\(key) must be a list of at most \(SheetInput.maxListLength) strings")
            }
            return try list.enumerated().map { index, item in
                guard let text = item as? String, text.utf8.count <= SheetInput.maxStringLength else {
                    throw SheetError.invalidInput("\(path).\(key)[\(index)] must be a string of at most 16 KiB")
                }
                return text
            }
        }

        private static func nibble(_ digit: UInt8) -> UInt8? {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return digit - UInt8(ascii: "A") + 10
            default: return nil
            }
        }
    }
}
