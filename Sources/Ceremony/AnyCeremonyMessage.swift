import DeterministicCBOR
import UniformResources

extension DeviceEnvelope {
    /// The envelope as a UR of its round's type (e.g. `ur:heliograph-dkg-contribution/...`).
    public var ur: UR {
        get throws { try UR(type: round.urType, cbor: encoded) }
    }

    /// Reads an envelope from a UR, within the bounds of the round its UR type names; the UR type must be the
    /// round's type.
    public init(ur: UR) throws {
        let named = Round.allCases.first { $0.urType == ur.type }
        try self.init(cbor: CeremonyProtocol.decode(ur.cbor, message: named?.urType ?? CeremonyProtocol.envelopeName))
        guard ur.type == round.urType else { throw CeremonyError.wrongURType(expected: round.urType, got: ur.type) }
    }
}

/// Any ceremony message, recognised by its UR type: what the CLI gets after scanning a QR code.
public enum AnyCeremonyMessage: Sendable {
    /// `ur:heliograph-identity`.
    case identity(Identity)
    /// `ur:heliograph-dkg-invite`.
    case dkgInvite(DKGInvite)
    /// `ur:heliograph-dkg-bundle`.
    case dkgBundle(DKGBundle)
    /// `ur:heliograph-dkg-investigation`.
    case dkgInvestigation(DKGInvestigation)
    /// `ur:heliograph-dkg-certificate`.
    case dkgCertificate(DKGCertificate)
    /// `ur:heliograph-dkg-recovery`.
    case groupRecord(GroupRecord)
    /// `ur:heliograph-sign-request`.
    case signRequest(SignRequest)
    /// `ur:heliograph-sign-package`.
    case signPackage(SignPackage)
    /// `ur:heliograph-sign-result`.
    case signResult(SignResult)
    /// `ur:heliograph-sign-one-round`.
    case signOneRound(SignOneRound)
    /// `ur:heliograph-refresh-invite`.
    case refreshInvite(RefreshInvite)
    /// `ur:heliograph-refresh-bundle`.
    case refreshBundle(RefreshBundle)
    /// `ur:heliograph-refresh-certificate`.
    case refreshCertificate(RefreshCertificate)
    /// `ur:heliograph-enroll-invite`.
    case enrollInvite(EnrollmentInvite)
    /// `ur:heliograph-enroll-bundle`.
    case enrollBundle(EnrollmentBundle)
    /// `ur:heliograph-enroll-certificate`.
    case enrollCertificate(EnrollmentCertificate)
    /// A device's signed message of any round.
    case device(DeviceEnvelope)

    /// The UR type of the message.
    public var urType: String {
        switch self {
        case .identity: return Identity.urType
        case .dkgInvite: return DKGInvite.urType
        case .dkgBundle: return DKGBundle.urType
        case .dkgInvestigation: return DKGInvestigation.urType
        case .dkgCertificate: return DKGCertificate.urType
        case .groupRecord: return GroupRecord.urType
        case .signRequest: return SignRequest.urType
        case .signPackage: return SignPackage.urType
        case .signResult: return SignResult.urType
        case .signOneRound: return SignOneRound.urType
        case .refreshInvite: return RefreshInvite.urType
        case .refreshBundle: return RefreshBundle.urType
        case .refreshCertificate: return RefreshCertificate.urType
        case .enrollInvite: return EnrollmentInvite.urType
        case .enrollBundle: return EnrollmentBundle.urType
        case .enrollCertificate: return EnrollmentCertificate.urType
        case .device(let envelope): return envelope.round.urType
        }
    }

    /// Decodes a UR strictly by its type; throws `wrongURType` for a type that is not a ceremony message.
    public init(ur: UR) throws {
        switch ur.type {
        case Identity.urType: self = .identity(try Identity(ur: ur))
        case DKGInvite.urType: self = .dkgInvite(try DKGInvite(ur: ur))
        case DKGBundle.urType: self = .dkgBundle(try DKGBundle(ur: ur))
        case DKGInvestigation.urType: self = .dkgInvestigation(try DKGInvestigation(ur: ur))
        case DKGCertificate.urType: self = .dkgCertificate(try DKGCertificate(ur: ur))
        case GroupRecord.urType: self = .groupRecord(try GroupRecord(ur: ur))
        case SignRequest.urType: self = .signRequest(try SignRequest(ur: ur))
        case SignPackage.urType: self = .signPackage(try SignPackage(ur: ur))
        case SignResult.urType: self = .signResult(try SignResult(ur: ur))
        case SignOneRound.urType: self = .signOneRound(try SignOneRound(ur: ur))
        case RefreshInvite.urType: self = .refreshInvite(try RefreshInvite(ur: ur))
        case RefreshBundle.urType: self = .refreshBundle(try RefreshBundle(ur: ur))
        case RefreshCertificate.urType: self = .refreshCertificate(try RefreshCertificate(ur: ur))
        case EnrollmentInvite.urType: self = .enrollInvite(try EnrollmentInvite(ur: ur))
        case EnrollmentBundle.urType: self = .enrollBundle(try EnrollmentBundle(ur: ur))
        case EnrollmentCertificate.urType: self = .enrollCertificate(try EnrollmentCertificate(ur: ur))
        case let type where Round.allCases.contains(where: { $0.urType == type }):
            self = .device(try DeviceEnvelope(ur: ur))
        default:
            throw CeremonyError.wrongURType(expected: "a heliograph ceremony message", got: ur.type)
        }
    }
}

extension AnyCeremonyMessage {
    /// The message in a person's words, e.g. `the bundle` or `device 2's commitment`.
    public var spokenName: String {
        switch self {
        case .identity(let identity): return "the identity of \(identity.label)"
        case .dkgInvite: return "the invite"
        case .dkgBundle: return "the bundle"
        case .dkgInvestigation: return "an investigation"
        case .dkgCertificate: return "the certificate"
        case .groupRecord: return "a group's recovery record"
        case .signRequest: return "a signing request"
        case .signPackage: return "a signing package"
        case .signResult: return "a signature"
        case .signOneRound: return "a one-round signing package"
        case .refreshInvite: return "a share refresh invite"
        case .refreshBundle: return "a share refresh bundle"
        case .refreshCertificate: return "a share refresh certificate"
        case .enrollInvite: return "an enrollment invite"
        case .enrollBundle: return "an enrollment bundle"
        case .enrollCertificate: return "an enrollment certificate"
        case .device(let envelope): return "device \(envelope.sender)'s \(envelope.round.spokenName)"
        }
    }
}

