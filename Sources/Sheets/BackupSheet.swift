/// The sheet that backs a device up: one SSKR share of its host seed a page (BCR-2020-011), each as a `ur:sskr`
/// QR code and as Bytewords to copy by hand, with the device, the date and what to do with the page.
///
/// Plain values only; the Ceremony layer makes the shares. The printed file holds secrets: whoever gathers enough
/// pages can rebuild the device.
public struct BackupSheet: PrintableSheet, Equatable {
    /// One share, one page.
    public struct Share: Sendable, Equatable {
        /// Where it sits, e.g. "Group 1 of 1 (any 2 of its 3 shares), share 2".
        public var position: String
        /// The share as `ur:sskr/…`, printed as one QR code.
        public var ur: String
        /// The share in standard Bytewords (`tuna next keep …`), to copy or type back.
        public var bytewords: String

        /// A share's page content.
        public init(position: String, ur: String, bytewords: String) {
            self.position = position
            self.ur = ur
            self.bytewords = bytewords
        }
    }

    /// The device's label.
    public var device: String
    /// The device identity's fingerprint, which a restored device must show again.
    public var fingerprint: String
    /// When the backup was made (a date people read).
    public var date: String
    /// What recovers the seed, e.g. "any 2 of the 3 shares".
    public var rule: String
    /// The shares, in order.
    public var shares: [Share]

    /// A backup sheet.
    public init(device: String, fingerprint: String, date: String, rule: String, shares: [Share]) {
        self.device = device
        self.fingerprint = fingerprint
        self.date = date
        self.rule = rule
        self.shares = shares
    }

    /// What the keeper of a page does with it.
    public static let instructions = [
        "Keep this page somewhere safe and separate from the other shares: anyone holding enough shares can rebuild "
            + "the device's keys.",
        "Do not photograph, copy or scan this page except to restore the device.",
        "To restore: gather enough shares, then run `heliograph identity restore` on a new offline device and scan the "
            + "codes (or type the words), together with the recovery codes of each group from its result sheet.",
        "A restored device must show the fingerprint printed here. It starts with no signing state and never needs "
            + "the old device's.",
    ]

    /// One page per share: the device, its fingerprint, the date and the recovery rule, the share's QR code and
    /// Bytewords, and the instructions.
    public var document: SheetDocument {
        var blocks: [SheetBlock] = []
        for (index, share) in shares.enumerated() {
            if index > 0 {
                blocks.append(.pageBreak)
                blocks.append(.heading("Seed backup share \(index + 1) of \(shares.count)"))
            }
            blocks += [
                .fields([
                    SheetField("Device", device),
                    SheetField("Fingerprint", fingerprint, monospace: true),
                    SheetField("Made", date),
                    SheetField("Recovers with", rule),
                    SheetField("This share", share.position),
                ]),
                .qrCodes([share.ur], caption: "This share as ur:sskr: scan it when restoring."),
                .heading("The same share in Bytewords"),
                .fields([SheetField("Words", share.bytewords, monospace: true)]),
                .heading("What to do with this page"),
                .steps(Self.instructions),
            ]
        }
        return SheetDocument(
            title: "Seed backup of \(device)", subtitle: "SSKR share pages · fingerprint \(fingerprint)", blocks: blocks)
    }
}
