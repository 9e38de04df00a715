/// The sheet printed when key generation ends: the group public key in several forms, each participant's
/// verifying share, the certificate fingerprint, and each device's recovery data as QR codes.
///
/// Plain values only; the Ceremony layer fills them in.
public struct ResultSheet: PrintableSheet, Equatable {
    /// A participant's public verifying share (RFC 9591 §5, `PK_i`).
    public struct VerifyingShare: Sendable, Equatable {
        /// Whose share it is.
        public var participant: String
        /// The encoded share, in hex.
        public var share: String

        /// A participant's verifying share.
        public init(participant: String, share: String) {
            self.participant = participant
            self.share = share
        }
    }

    /// One device's recovery data, as the parts of a UR.
    public struct DeviceRecovery: Sendable, Equatable {
        /// The device the data belongs to.
        public var device: String
        /// The UR parts, one QR code each.
        public var parts: [String]

        /// A device's recovery data.
        public init(device: String, parts: [String]) {
            self.device = device
            self.parts = parts
        }
    }

    /// A secp256k1 group's watch-only Taproot wallet (docs/BITCOIN.md).
    public struct Wallet: Sendable, Equatable {
        /// The Bitcoin network.
        public var network: String
        /// The BIP 389 multipath descriptor with checksum.
        public var descriptor: String
        /// The `ur:crypto-output` parts, one QR code each.
        public var parts: [String]

        /// A wallet section.
        public init(network: String, descriptor: String, parts: [String]) {
            self.network = network
            self.descriptor = descriptor
            self.parts = parts
        }
    }

    /// The ceremony's session id.
    public var sessionID: String
    /// The FROST ciphersuite (RFC 9591 §6).
    public var suite: String
    /// Signers needed (t).
    public var threshold: Int
    /// Participants (n).
    public var participantCount: Int
    /// The group public key's encoding; its LifeHash is drawn from its SHA-256.
    public var groupPublicKey: [UInt8]
    /// The group public key's fingerprint in Bytewords.
    public var groupKeyFingerprint: String
    /// What the group key's QR code holds (a UR, say); its hex when nil.
    public var groupKeyQR: String?
    /// Every participant's verifying share.
    public var verifyingShares: [VerifyingShare]
    /// The ceremony certificate's fingerprint (Bytewords or hex).
    public var certificateFingerprint: String
    /// Each device's recovery data; none leaves the section out.
    public var devices: [DeviceRecovery]
    /// The group's name, when it has one.
    public var groupLabel: String?
    /// The group's Bitcoin wallet, when it has one.
    public var wallet: Wallet?
    /// The number of refreshes and enrollments since the key generation (issue 15).
    public var epoch: Int
    /// One line per refresh or enrollment, oldest first.
    public var history: [String]

    /// A result sheet.
    public init(
        sessionID: String, suite: String, threshold: Int, participantCount: Int, groupPublicKey: [UInt8],
        groupKeyFingerprint: String, groupKeyQR: String? = nil, verifyingShares: [VerifyingShare],
        certificateFingerprint: String, devices: [DeviceRecovery], groupLabel: String? = nil, wallet: Wallet? = nil,
        epoch: Int = 0, history: [String] = []
    ) {
        self.epoch = epoch
        self.history = history
        self.sessionID = sessionID
        self.suite = suite
        self.threshold = threshold
        self.participantCount = participantCount
        self.groupPublicKey = groupPublicKey
        self.groupKeyFingerprint = groupKeyFingerprint
        self.groupKeyQR = groupKeyQR
        self.verifyingShares = verifyingShares
        self.certificateFingerprint = certificateFingerprint
        self.devices = devices
        self.groupLabel = groupLabel
        self.wallet = wallet
    }

    /// The result laid out: parameters, the group key (LifeHash, fingerprint, hex, QR), verifying shares,
    /// certificate fingerprint, each device's recovery codes and signature lines.
    public var document: SheetDocument {
        let keyHex = SheetText.hex(groupPublicKey)
        var blocks: [SheetBlock] = [
            .fields(
                (groupLabel.map { [SheetField("Group", $0)] } ?? []) + [
                    SheetField("Session", sessionID, monospace: true),
                    SheetField("Ciphersuite", suite, monospace: true),
                    SheetField("Threshold", "\(threshold) of \(participantCount) participants must sign"),
                ]),
            .heading("Group public key"),
            .picture(
                CeremonySheets.lifeHash(groupKey: groupPublicKey), caption: "LifeHash of the group public key",
                fields: [
                    SheetField("Fingerprint", groupKeyFingerprint, monospace: true),
                    SheetField("Key", SheetText.grouped(keyHex), monospace: true),
                ]),
            .qrCodes([groupKeyQR ?? keyHex], caption: "The group public key"),
            .heading("Verifying shares"),
            .fields(verifyingShares.map { SheetField($0.participant, SheetText.grouped($0.share), monospace: true) }),
            .heading("Certificate"),
            .fields([SheetField("Certificate fingerprint", certificateFingerprint, monospace: true)]),
        ]
        if epoch > 0 {
            blocks.append(.heading("Since the key generation (epoch \(epoch))"))
            for line in history { blocks.append(.paragraph(line)) }
            blocks.append(
                .paragraph(
                    "This sheet replaces every earlier result sheet of the group: the recovery data below includes "
                        + "each refresh and enrollment. After a refresh or an enrollment each device keeps its "
                        + "previous share until it is shown a test signature made with the new shares, then destroys "
                        + "it. After a repair, refresh the shares: the lost device still holds the share it had."))
        }
        if let wallet {
            blocks.append(.heading("Bitcoin wallet (\(wallet.network))"))
            blocks.append(
                .paragraph(
                    "The group's watch-only Taproot wallet: import the descriptor, or scan the codes "
                        + "(ur:crypto-output), into wallet software. Only \(threshold) of the devices together "
                        + "can spend."))
            blocks.append(.fields([SheetField("Descriptor", wallet.descriptor, monospace: true)]))
            blocks.append(
                .qrCodes(
                    wallet.parts,
                    caption: wallet.parts.count == 1
                        ? "The wallet (ur:crypto-output)"
                        : "The wallet (ur:crypto-output), \(wallet.parts.count) codes (scan all, any order)"))
        }
        if !devices.isEmpty {
            blocks.append(.heading("Recovery data"))
            blocks.append(
                .paragraph(
                    "Each device's recovery data follows: the public transcript and certificate of this key "
                        + "generation. It holds nothing secret. A device that kept only its host seed scans its own "
                        + "codes and re-derives its key share, which is checked against the certificate."))
            for device in devices {
                blocks.append(
                    .qrCodes(
                        device.parts,
                        caption: device.parts.count == 1
                            ? "\(device.device): recovery data"
                            : "\(device.device): recovery data, \(device.parts.count) codes (scan all, any order)"))
            }
        }
        blocks.append(.heading("Signatures"))
        blocks.append(.signatureLines(["Coordinator", "Witness"]))
        return SheetDocument(
            title: epoch > 0 ? "Group record, epoch \(epoch)" : "Key generation result", subtitle: "Session \(sessionID)",
            blocks: blocks)
    }
}
