import Foundation
import Testing

@testable import Sheets

@Suite struct SheetInputTests {
    static func json(_ object: [String: Any]) throws -> [UInt8] {
        [UInt8](try JSONSerialization.data(withJSONObject: object))
    }

    static var signing: [String: Any] { [
        "sessionID": "s-1", "summary": "Release 1.4.2", "messageDigest": String(repeating: "ab", count: 32),
        "groupKeyFingerprint": "able acid also apex", "signers": ["Alice", "Carol"],
        "signature": String(repeating: "0F", count: 64), "signatureParts": ["ur:bytes/aeadaolazmjendeoti"],
    ] }

    @Test func signingSheetFromJSON() throws {
        let sheet = try #require(try SheetInput.decode(.signing, from: Self.json(Self.signing)) as? SigningSheet)
        #expect(sheet.sessionID == "s-1")
        #expect(sheet.messageDigest == [UInt8](repeating: 0xab, count: 32))
        #expect(sheet.signature == [UInt8](repeating: 0x0f, count: 64))
        #expect(sheet.signers == ["Alice", "Carol"])
        #expect(sheet.signatureParts == ["ur:bytes/aeadaolazmjendeoti"])
    }

    @Test func invitationSheetFromJSON() throws {
        let sample = try SheetSamples.invitation()
        let object: [String: Any] = [
            "sessionID": sample.sessionID, "suite": sample.suite, "threshold": 2, "participantCount": 3,
            "roster": sample.roster.map { ["name": $0.name, "fingerprint": $0.fingerprint] },
            "parametersHash": SheetText.hex(sample.parametersHash),
            "parametersBytewords": sample.parametersBytewords, "invitationParts": sample.invitationParts,
        ]
        let sheet = try #require(try SheetInput.decode(.invitation, from: Self.json(object)) as? InvitationSheet)
        #expect(sheet == sample)
        var labelled = object
        labelled["groupLabel"] = "Treasury"
        labelled["expiry"] = "2026-12-01T00:00:00Z"
        let full = try #require(try SheetInput.decode(.invitation, from: Self.json(labelled)) as? InvitationSheet)
        #expect(full.groupLabel == "Treasury" && full.expiry == "2026-12-01T00:00:00Z")
    }

    @Test func signingMessageTextIsOptional() throws {
        var object = Self.signing
        object["messageText"] = "Release 1.4.2 of the firmware"
        let sheet = try #require(try SheetInput.decode(.signing, from: Self.json(object)) as? SigningSheet)
        #expect(sheet.messageText == "Release 1.4.2 of the firmware")
        object["messageText"] = 5
        #expect(throws: SheetError.self) { try SheetInput.decode(.signing, from: Self.json(object)) }
    }

    @Test func resultSheetFromJSON() throws {
        let sample = try SheetSamples.result()
        let object: [String: Any] = [
            "sessionID": sample.sessionID, "suite": sample.suite, "threshold": 2, "participantCount": 3,
            "groupPublicKey": SheetText.hex(sample.groupPublicKey), "groupKeyFingerprint": sample.groupKeyFingerprint,
            "verifyingShares": sample.verifyingShares.map { ["participant": $0.participant, "share": $0.share] },
            "certificateFingerprint": sample.certificateFingerprint,
            "devices": sample.devices.map { ["device": $0.device, "parts": $0.parts] },
        ]
        let sheet = try #require(try SheetInput.decode(.result, from: Self.json(object)) as? ResultSheet)
        #expect(sheet == sample)
    }

    /// Hostile or broken descriptions: each is refused with the field named, never a crash.
    @Test(
        arguments: [
            ("signature", "odd", "signing.signature has an odd number of hex digits"),
            ("signature", "zz", "signing.signature is not hex"),
            ("sessionID", 7, "signing.sessionID is not a string"),
            ("signers", "Alice", "signing.signers must be a list of at most 1024 strings"),
            (
                "signers", [String](repeating: "x", count: 1025),
                "signing.signers must be a list of at most 1024 strings"
            ),
            ("summary", String(repeating: "x", count: 16 * 1024 + 1), "signing.summary is longer than 16384 bytes"),
            ("signers", [1], "signing.signers[0] must be a string of at most 16 KiB"),
        ] as [(String, any Sendable, String)])
    func brokenFieldIsNamed(key: String, value: any Sendable, problem: String) throws {
        var object = Self.signing
        object[key] = value
        #expect(throws: SheetError.invalidInput(problem)) {
            try SheetInput.decode(.signing, from: Self.json(object))
        }
    }

    @Test func missingFieldIsNamed() throws {
        var object = Self.signing
        object["summary"] = nil
        #expect(throws: SheetError.invalidInput("signing.summary is missing")) {
            try SheetInput.decode(.signing, from: Self.json(object))
        }
    }

    @Test(arguments: [0, -1, 1025])
    func countsOutOfRangeAreRefused(threshold: Int) throws {
        let object: [String: Any] = ["sessionID": "s", "suite": "x", "threshold": threshold, "participantCount": 3]
        #expect(throws: SheetError.invalidInput("invitation.threshold must be a whole number from 1 to 1024")) {
            try SheetInput.decode(.invitation, from: Self.json(object))
        }
    }

    @Test func notJSONOrNotAnObjectOrTooLarge() {
        #expect(throws: SheetError.invalidInput("the JSON does not parse")) {
            try SheetInput.decode(.result, from: Array("{".utf8))
        }
        #expect(throws: SheetError.invalidInput("result is not an object")) {
            try SheetInput.decode(.result, from: Array("[1, 2]".utf8))
        }
        let huge = [UInt8](repeating: 0x20, count: SheetInput.maxInputBytes + 1)
        #expect(throws: SheetError.self) { try SheetInput.decode(.result, from: huge) }
    }
}
