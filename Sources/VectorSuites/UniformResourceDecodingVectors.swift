import Foundation
import UniformResources

/// The UR vector records that need the fountain decoder (branch ur-b): round trips, rejects, duplicates.
enum URVectorsDecoding {
    static let pending = "needs the fountain decoder, not merged yet"

    static func roundTrip(ur: UR, maxFragmentLength: Int, firstSeqNum: Int) throws -> String? { pending }
    static func fountainRoundTrip(message: [UInt8], maxFragmentLength: Int, firstSeqNum: Int) throws -> String? {
        pending
    }
    static func reject(_ record: URVectors.Record) throws -> String? { pending }
    static func duplicates(_ record: URVectors.Record) throws -> String? { pending }
    static func badChecksum(_ record: URVectors.Record) throws -> String? { pending }
}
