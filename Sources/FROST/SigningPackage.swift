/// What the coordinator sends every signer in round two: the message and the commitment list, sorted by
/// identifier with no duplicates (RFC 9591 §5.2).
public struct SigningPackage<C: Ciphersuite>: Sendable {
    /// One signer's entry in the commitment list.
    public typealias Entry = (identifier: Identifier<C>, commitments: SigningCommitments<C>)

    /// The commitment list, sorted by identifier, strictly ascending.
    public let commitmentList: [Entry]
    /// The message to sign.
    public let message: [UInt8]

    /// A package from a commitment list as received: throws `commitmentsNotSorted` unless it is strictly ascending
    /// by identifier (which also rules out duplicates), or `wrongCount` if it is empty.
    public init(commitmentList: [Entry], message: [UInt8]) throws {
        guard !commitmentList.isEmpty else { throw FROSTError.wrongCount(what: "commitments", expected: 1, actual: 0) }
        for index in commitmentList.indices.dropFirst() {
            let previous = commitmentList[index - 1].identifier, current = commitmentList[index].identifier
            if previous == current { throw FROSTError.duplicateIdentifier(current.description) }
            guard previous < current else { throw FROSTError.commitmentsNotSorted }
        }
        self.commitmentList = commitmentList
        self.message = message
    }

    /// A package from the coordinator's collected commitments, sorted here.
    public init(commitments: [Identifier<C>: SigningCommitments<C>], message: [UInt8]) throws {
        try self.init(commitmentList: commitments.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
                      message: message)
    }

    /// The signers, in ascending order.
    public var signers: [Identifier<C>] { commitmentList.map(\.identifier) }

    /// The commitments listed under an identifier.
    public func commitments(of identifier: Identifier<C>) -> SigningCommitments<C>? {
        commitmentList.first { $0.identifier == identifier }?.commitments
    }

    /// RFC 9591 §4.3 encode_group_commitment_list: identifier || D_i || E_i for each signer, in order.
    public func encodeGroupCommitmentList() -> [UInt8] {
        var encoded: [UInt8] = []
        encoded.reserveCapacity(commitmentList.count * (C.scalarLength + 2 * C.elementLength))
        for entry in commitmentList {
            encoded += entry.identifier.serialize() + entry.commitments.hiding.serialize()
                + entry.commitments.binding.serialize()
        }
        return encoded
    }

    /// RFC 9591 §4.4 compute_binding_factors: rho_i = H1(PK || H4(msg) || H5(commitment list) || i), in list order.
    public func bindingFactors(verifyingKey: VerifyingKey<C>) -> [Identifier<C>: Scalar<C>] {
        let prefix = bindingFactorInputPrefix(verifyingKey: verifyingKey)
        var factors: [Identifier<C>: Scalar<C>] = [:]
        for entry in commitmentList {
            factors[entry.identifier] = C.H1(prefix + entry.identifier.serialize())
        }
        return factors
    }

    /// The rho_input of one signer (RFC 9591 §4.4), exposed for test vectors.
    public func bindingFactorInput(for identifier: Identifier<C>, verifyingKey: VerifyingKey<C>) -> [UInt8] {
        bindingFactorInputPrefix(verifyingKey: verifyingKey) + identifier.serialize()
    }

    private func bindingFactorInputPrefix(verifyingKey: VerifyingKey<C>) -> [UInt8] {
        verifyingKey.serialize() + C.H4(message) + C.H5(encodeGroupCommitmentList())
    }

    /// RFC 9591 §4.5 compute_group_commitment: sum of D_i + [rho_i]E_i. Throws `identityGroupCommitment`.
    public func groupCommitment(bindingFactors: [Identifier<C>: Scalar<C>]) throws -> Element<C> {
        var commitment = C.identity
        for entry in commitmentList {
            guard let factor = bindingFactors[entry.identifier] else {
                throw FROSTError.unknownParticipant(identifier: entry.identifier.description)
            }
            commitment = commitment + entry.commitments.hiding + factor * entry.commitments.binding
        }
        guard !commitment.isIdentity else { throw FROSTError.identityGroupCommitment }
        return commitment
    }

    /// RFC 9591 §4.6 compute_challenge: H2(R || PK || msg).
    public func challenge(groupCommitment: Element<C>, verifyingKey: VerifyingKey<C>) -> Scalar<C> {
        C.H2(groupCommitment.serialize() + verifyingKey.serialize() + message)
    }
}

extension SigningPackage: Equatable {
    /// Two packages are equal when they list the same signers with the same commitments and carry the same message.
    public static func == (a: SigningPackage<C>, b: SigningPackage<C>) -> Bool {
        a.message == b.message && a.commitmentList.count == b.commitmentList.count
            && zip(a.commitmentList, b.commitmentList).allSatisfy { $0.identifier == $1.identifier
                && $0.commitments == $1.commitments }
    }
}
