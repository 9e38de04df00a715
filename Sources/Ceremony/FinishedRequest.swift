import DeterministicCBOR

/// What a device keeps of a signing request once its share was made or it expired: enough to refuse it, or to show
/// the recorded share again for the same package, in about 170 bytes instead of the whole request (whose message
/// may be 64 KiB). Dropped once the request has expired, since an expired request is refused anyway.
///
/// CDDL: `finished-request = { 1: session: bstr .size 32, 2: group-key: bstr .size 32,
///                             3: request-hash: bstr .size 32, 4: message-digest: bstr .size 32, 5: expiry: uint,
///                             ? 6: package-hash: bstr .size 32 }` (6 present when the nonce was used)
public struct FinishedRequest: Sendable, Hashable {
    /// The signing session.
    public let session: [UInt8]
    /// The group key the request was for.
    public let groupKey: [UInt8]
    /// The request's parameters hash, which the share's envelope is bound to.
    public let parametersHash: [UInt8]
    /// The SHA-256 of the message that was (or would have been) signed.
    public let messageDigest: [UInt8]
    /// When the request expired or expires (Unix time).
    public let expiry: UInt64
    /// The hash of the package the nonce was used for; nil when the request expired before a share was made.
    public let packageHash: [UInt8]?

    /// The compact form of `request`, after a share for `packageHash` (or none, when it expired).
    init(_ request: SignRequest, packageHash: [UInt8]?) {
        session = request.session
        groupKey = request.groupKey
        parametersHash = request.parametersHash
        messageDigest = request.messageDigest
        expiry = request.expiry
        self.packageHash = packageHash
    }

    var cbor: CBOR {
        var map = CBORMap([
            (1, .bytes(session)), (2, .bytes(groupKey)), (3, .bytes(parametersHash)), (4, .bytes(messageDigest)),
            (5, .unsigned(expiry)),
        ])
        if let packageHash { map[6] = .bytes(packageHash) }
        return .map(map)
    }

    init(cbor: CBOR) throws {
        let fields = try MessageFields(cbor, message: "finished request", allowed: [1, 2, 3, 4, 5, 6])
        session = try fields.bytes(1, "session", count: 32)
        groupKey = try fields.bytes(2, "group key", count: 32)
        parametersHash = try fields.bytes(3, "request hash", count: 32)
        messageDigest = try fields.bytes(4, "message digest", count: 32)
        expiry = try fields.unsigned(5, "expiry")
        packageHash = fields.has(6) ? try fields.bytes(6, "package hash", count: 32) : nil
    }
}
