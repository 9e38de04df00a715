import Testing
@testable import Bitcoin

struct ExtendedPublicKeyTests {
    static let master = "xpub661MyMwAqRbcFW31YEwpkMuc5THy2PSt5bDMsktWQcFF8syAmRUapSCGu8ED9W6oDMSgv6Zz8idoc4a6mr8BDzTJY47LJhkJ8UB7WEGuduB"

    /// BIP 32 test vector 2's master xpub: parsed fields, the fingerprint (HASH160 with our RIPEMD-160), round trip.
    @Test func parsesAndSerializes() throws {
        let key = try ExtendedPublicKey(parsing: Self.master)
        #expect(key.depth == 0 && key.childNumber == 0 && key.network == .mainnet)
        #expect(key.base58 == Self.master)
        // m/0's parent fingerprint, from the child xpub of the same vector.
        let child = try ExtendedPublicKey(parsing:
            "xpub69H7F5d8KSRgmmdJg2KhpAK8SR3DjMwAdkxj3ZuxV27CprR9LgpeyGmXUbC6wb7ERfvrnKZjXoUmmDznezpbZb7ap6r1D3tgFxHmwMkQTPH")
        #expect(child.parentFingerprint == key.fingerprint)
        #expect(key.onNetwork(.testnet).base58.hasPrefix("tpub"))
        #expect(try ExtendedPublicKey(parsing: key.onNetwork(.testnet).base58).publicKey == key.publicKey)
    }

    /// Hardened steps cannot be derived from a public key.
    @Test func refusesHardenedChild() throws {
        let key = try ExtendedPublicKey(parsing: Self.master)
        #expect(throws: BitcoinError.self) { try key.child(ExtendedPublicKey.hardenedOffset) }
    }

    /// Private keys, changed characters, and wrong lengths are refused with typed errors.
    @Test(arguments: [
        "xprv9s21ZrQH143K31xYSDQpPDxsXRTUcvj2iNHm5NUtrGiGG5e2DtALGdso3pGz6ssrdK4PFmM8NSpSBHNqPqm55Qn3LqFtT2emdEXVYsCzC2U",
        String(master.dropLast()) + "C", String(master.dropLast(5)), "xpub0OIl", "", String(repeating: "z", count: 200),
    ])
    func refuses(text: String) {
        #expect(throws: BitcoinError.self) { try ExtendedPublicKey(parsing: text) }
    }

    /// A master key with a nonzero parent fingerprint (the BIP 32 vector 5 case) is refused.
    @Test func refusesMasterWithParent() throws {
        let key = try ExtendedPublicKey(parsing: Self.master)
        var bytes = key.serialized
        bytes[5] = 1
        #expect(throws: BitcoinError.self) { try ExtendedPublicKey(parsing: Base58Check.encode(bytes)) }
    }
}
