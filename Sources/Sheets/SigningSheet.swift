import Ceremony

/// The sheet that records a threshold signature: what was signed, by whom, and the signature itself.
///
/// Plain values only; the Ceremony layer fills them in.
public struct SigningSheet: PrintableSheet, Equatable {
    /// The signing session's id.
    public var sessionID: String
    /// A person's description of what was signed.
    public var summary: String
    /// The digest of the signed message; its LifeHash is drawn (directly when 32 bytes, else of its SHA-256).
    public var messageDigest: [UInt8]
    /// The group key that verifies the signature, as a Bytewords fingerprint.
    public var groupKeyFingerprint: String
    /// The participants whose signature shares were aggregated.
    public var signers: [String]
    /// The aggregated signature (RFC 9591 §5.3, `(R, z)` encoded).
    public var signature: [UInt8]
    /// The signed message itself when a person can read it (printable UTF-8), else nil.
    public var messageText: String?
    /// What the signature's QR codes hold (the parts of a UR); its hex in one code when empty.
    public var signatureParts: [String]
    /// The optical round trips the signing took: 2 (request → commitments, package → shares), or 1 with
    /// preprocessed commitments (issue 16: the package holds the request; the signers answer with their shares).
    public var roundTrips: Int

    /// A signing sheet; with no signature parts the signature's hex goes in one QR code.
    public init(
        sessionID: String, summary: String, messageDigest: [UInt8], groupKeyFingerprint: String, signers: [String],
        signature: [UInt8], signatureParts: [String] = [], messageText: String? = nil, roundTrips: Int = 2
    ) {
        self.roundTrips = roundTrips
        self.sessionID = sessionID
        self.summary = summary
        self.messageDigest = messageDigest
        self.groupKeyFingerprint = groupKeyFingerprint
        self.signers = signers
        self.signature = signature
        self.signatureParts = signatureParts
        self.messageText = messageText
    }

    /// How the signing went, in words.
    var roundTripsText: String {
        roundTrips == 1
            ? "1 (preprocessed commitments: the signers scanned one package holding the request and showed their "
                + "shares)"
            : "\(roundTrips) (request → commitments, package → shares)"
    }

    /// The signature laid out: summary, message digest and its LifeHash, signers, the signature as hex and QR,
    /// check boxes and signature lines.
    public var document: SheetDocument {
        let picture = LifeHash.image(hash: messageDigest)
        let signatureHex = SheetText.hex(signature)
        return SheetDocument(
            title: "Threshold signature", subtitle: "Session \(sessionID)",
            blocks: [
                .heading("What was signed"),
                .paragraph(summary),
                .picture(
                    picture, caption: "LifeHash of the message digest",
                    // The message goes beside its LifeHash, where a short one costs no height.
                    fields: [
                        SheetField("Message digest", SheetText.grouped(SheetText.hex(messageDigest)), monospace: true),
                        SheetField("Digest words", DisplayText.digestWords(messageDigest)),
                    ] + (messageText.map { [SheetField("Message", $0)] } ?? [])),
                .heading("Signers"),
                .fields([
                    SheetField("Group key", groupKeyFingerprint, monospace: true),
                    SheetField("Signers", signers.joined(separator: ", ")),
                    SheetField("Round trips", roundTripsText),
                ]),
                .heading("Signature"),
                .fields([SheetField("Signature", SheetText.grouped(signatureHex), monospace: true)]),
                .qrCodes(
                    signatureParts.isEmpty ? [signatureHex] : signatureParts,
                    caption: signatureParts.count > 1
                        ? "The signature: scan all \(signatureParts.count) codes, in any order." : "The signature"),
                .heading("Checks"),
                .checkBoxes([
                    "The summary above describes what I meant to sign.",
                    "The message LifeHash matches the one my device showed before I approved.",
                ]),
                .heading("Signatures"),
                .signatureLines(signers.map { "Signer: \($0)" }),
            ])
    }
}
