/// The sheet a coordinator prints to start a key-generation ceremony: who takes part, under which parameters, the
/// invitation itself as scannable QR codes, what each person does, and where they tick and sign.
///
/// Plain values only; the Ceremony layer fills them in.
public struct InvitationSheet: PrintableSheet, Equatable {
    /// A participant on the roster.
    public struct Member: Sendable, Equatable {
        /// The name people know the participant (or device) by.
        public var name: String
        /// The participant's identity-key fingerprint in Bytewords, to be read aloud and compared.
        public var fingerprint: String

        /// A roster entry.
        public init(name: String, fingerprint: String) {
            self.name = name
            self.fingerprint = fingerprint
        }
    }

    /// The ceremony's session id.
    public var sessionID: String
    /// The FROST ciphersuite, e.g. `FROST-ED25519-SHA512-v1` (RFC 9591 §6).
    public var suite: String
    /// Signers needed (t).
    public var threshold: Int
    /// Participants (n).
    public var participantCount: Int
    /// Everyone taking part.
    public var roster: [Member]
    /// The hash of the ceremony parameters; its LifeHash is drawn (of it directly when it is 32 bytes, else of
    /// its SHA-256).
    public var parametersHash: [UInt8]
    /// The same hash as Bytewords.
    public var parametersBytewords: String
    /// The invitation as the parts of a (possibly multipart) UR, one QR code each.
    public var invitationParts: [String]
    /// What the coordinator does, step by step.
    public var coordinatorInstructions: [String]
    /// The group's name, when it has one.
    public var groupLabel: String?
    /// When the invitation expires (a date people read, e.g. ISO 8601 UTC), when it does.
    public var expiry: String?
    /// What each participant does, step by step.
    public var participantInstructions: [String]
    /// The Bitcoin network of a secp256k1 group's wallet, when it has one.
    public var network: String?
    /// The sheet's title.
    public var title = "Key generation invitation"
    /// What the ceremony does, a paragraph each, under the parameters (a refresh's or an enrollment's account).
    public var purpose: [String] = []

    /// An invitation sheet; the instructions default to the standard coordinator and participant steps.
    public init(
        sessionID: String, suite: String, threshold: Int, participantCount: Int, roster: [Member],
        parametersHash: [UInt8], parametersBytewords: String, invitationParts: [String],
        coordinatorInstructions: [String] = InvitationSheet.defaultCoordinatorInstructions,
        participantInstructions: [String] = InvitationSheet.defaultParticipantInstructions,
        groupLabel: String? = nil, expiry: String? = nil, network: String? = nil
    ) {
        self.sessionID = sessionID
        self.suite = suite
        self.threshold = threshold
        self.participantCount = participantCount
        self.roster = roster
        self.parametersHash = parametersHash
        self.parametersBytewords = parametersBytewords
        self.invitationParts = invitationParts
        self.coordinatorInstructions = coordinatorInstructions
        self.participantInstructions = participantInstructions
        self.groupLabel = groupLabel
        self.expiry = expiry
        self.network = network
    }

    /// The coordinator's standard steps.
    public static let defaultCoordinatorInstructions = [
        "Check that the session, suite, threshold and roster above are the ones agreed with every participant.",
        "Show the invitation codes to each participant's device (any order; every code is needed).",
        "Read each roster fingerprint aloud; each participant confirms their own from their device's screen.",
        "Compare the parameters LifeHash with every device's screen before anyone accepts the invitation.",
        "Tick the boxes, sign, and keep this sheet with the ceremony records.",
    ]

    /// Each participant's standard steps.
    public static let defaultParticipantInstructions = [
        "Keep your device offline (airgapped) for the whole ceremony.",
        "Scan every invitation code on this sheet with your device; it tells you when it has them all.",
        "Check that your device shows the same session, threshold, parameters LifeHash and Bytewords as this sheet.",
        "Confirm that your fingerprint on the roster matches the one your device shows for you.",
        "Accept on your device only if everything matches; then tick your boxes and sign.",
    ]

    /// The invitation laid out: parameters with their LifeHash (bc-lifehash), roster, UR parts (BCR-2020-005)
    /// as QR codes, instructions, check boxes and signature lines.
    public var document: SheetDocument {
        let picture = LifeHash.image(hash: parametersHash)
        var blocks: [SheetBlock] = [
            .fields(
                (groupLabel.map { [SheetField("Group", $0)] } ?? []) + [
                    SheetField("Session", sessionID, monospace: true),
                    SheetField("Ciphersuite", suite, monospace: true),
                    SheetField("Threshold", "\(threshold) of \(participantCount) participants must sign"),
                ] + (network.map { [SheetField("Bitcoin network", $0 + " (Taproot wallet of the group key)")] } ?? [])
                    + (expiry.map { [SheetField("Expires", $0)] } ?? [])),
        ]
        blocks += purpose.map(SheetBlock.paragraph)
        blocks += [
            .picture(
                picture, caption: "LifeHash of the parameters hash",
                fields: [
                    SheetField("Parameters hash", parametersBytewords, monospace: true),
                    SheetField("Check", "Every device must show this same picture and these same words."),
                ]),
            .heading("Roster"),
            .fields(roster.map { SheetField($0.name, $0.fingerprint, monospace: true) }),
            .heading("Invitation"),
            .qrCodes(
                invitationParts,
                caption: invitationParts.count == 1
                    ? "Scan this code with each participant's device."
                    : "Scan all \(invitationParts.count) codes with each participant's device, in any order."),
            .heading("Coordinator"),
            .steps(coordinatorInstructions),
            .heading("Each participant"),
            .steps(participantInstructions),
            .heading("Checks"),
            .checkBoxes([
                "The session, ciphersuite and threshold above are the ones agreed.",
                "Every device shows the parameters LifeHash and Bytewords printed here.",
                "Every roster fingerprint was read aloud and matched on its owner's device.",
                "Every device stayed offline (airgapped) throughout.",
            ]),
            .heading("Signatures"),
        ]
        blocks.append(.signatureLines(["Coordinator"] + roster.map { "Participant: \($0.name)" }))
        return SheetDocument(title: title, subtitle: "Session \(sessionID)", blocks: blocks)
    }
}
