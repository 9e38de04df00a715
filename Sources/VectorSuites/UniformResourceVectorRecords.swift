import Foundation
import UniformResources

/// A vector file's list of cases: `records` in the files of this package's UR set, `cases` in the bc-ur reference
/// set; `label` names one entry in reports ("record 3", "case 3").
struct URVectorList<Entry: Decodable>: Decodable {
    let entries: [Entry]
    let label: String

    private enum CodingKeys: String, CodingKey {
        case records, cases
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let records = try container.decodeIfPresent([Entry].self, forKey: .records) {
            (entries, label) = (records, "record")
        } else {
            (entries, label) = (try container.decode([Entry].self, forKey: .cases), "case")
        }
    }
}

/// A value decoded when it has the expected type, nil otherwise: for a key that one kind of record spells
/// differently from the others (xoshiro256's `expected` is a list, or a table for `unit_interval_excludes_one`).
struct Lenient<Value: Decodable>: Decodable {
    let value: Value?

    init(from decoder: any Decoder) throws { value = try? Value(from: decoder) }
}

/// A record whose input bytes are given as `input_utf8` or `input_hex`.
protocol URVectorInput {
    var inputUtf8: String? { get }
    var inputHex: String? { get }
}

/// The records of the UR vector files (`Vectors/ur/`), one type per file, fields in the files' words. Fields that
/// only some kinds of record carry are optional; a check that needs one asks for it with `URVectors.required`.
enum URVectorRecords {
    /// `{"generator": "make_message", "seed": ..., "len": ...}`: a message the bc-ur tests generate.
    struct Generated: Decodable {
        let generator: String
        let seed: String
        let len: Int
    }

    /// `crc32.json`.
    struct CRC: Decodable, URVectorInput {
        let inputUtf8: String?
        let inputHex: String?
        let inputNote: String?
        let crc32Hex: String
        let crc32Int: Int
    }

    /// `bc-ur-reference/crc.json` and the `crc32` list of `test-cpp-cases.json`.
    struct ReferenceCRC: Decodable, URVectorInput {
        let inputUtf8: String?
        let inputHex: String?
        let crc32: String

        /// Read under either key strategy: converted from snake_case, or as `test-cpp-cases.json` has it.
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: AnyKey.self)
            crc32 = try container.decode(String.self, forKey: AnyKey("crc32"))
            inputUtf8 = try container.decodeIfPresent(String.self, forKey: AnyKey("input_utf8"))
                ?? container.decodeIfPresent(String.self, forKey: AnyKey("inputUtf8"))
            inputHex = try container.decodeIfPresent(String.self, forKey: AnyKey("input_hex"))
                ?? container.decodeIfPresent(String.self, forKey: AnyKey("inputHex"))
        }
    }

    /// `bytewords.json`, `bc-ur-reference/bytewords.json` and `bytewords_1` of `test-cpp-cases.json`.
    struct Bytewords: Decodable {
        let kind: String?
        let inputHex: String?
        let standard: String?
        let uri: String?
        let minimal: String?
        let style: String?
        let input: String?
        let error: String?

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: AnyKey.self)
            func text(_ names: String...) throws -> String? {
                for name in names {
                    if let value = try container.decodeIfPresent(String.self, forKey: AnyKey(name)) { return value }
                }
                return nil
            }
            kind = try text("kind")
            inputHex = try text("inputHex", "input_hex")
            standard = try text("standard")
            uri = try text("uri")
            minimal = try text("minimal")
            style = try text("style")
            input = try text("input")
            error = try text("error")
        }

        /// The expected encoding in `style`, when the record gives one.
        func encoding(_ style: UniformResources.Bytewords.Style) -> String? {
            switch style {
            case .standard: return standard
            case .uri: return uri
            case .minimal: return minimal
            }
        }
    }

    /// `bytewords_table.json`.
    struct BytewordsTable: Decodable {
        let words: [String]
        let minimal: [String]
    }

    /// `xoshiro256.json`.
    struct Xoshiro: Decodable {
        struct Seed: Decodable {
            let utf8String: String?
            let crc32OfUtf8: String?
            let crc32Int: Int?
        }

        let test: String?
        let seed: Seed?
        let op: String?
        let expected: Lenient<[Int]>?
        let data1Hex: String?
        let data2Hex: String?
        let xorHex: String?
    }

    /// `bc-ur-reference/rng.json`, read with the file's own keys.
    struct ReferenceRNGFile: Decodable {
        struct Case: Decodable {
            let seed: String?
            let seedCRC32Of: String?
            let crc32: Int?
            let next: [String]
            let nextInt1To10: [Int]?
            let nextData32: String?

            enum CodingKeys: String, CodingKey {
                case seed, crc32, next
                case seedCRC32Of = "seed_crc32_of"
                case nextInt1To10 = "next_int_1_10"
                case nextData32 = "next_data_32"
            }
        }

        let cases: [Case]
    }

    /// `random_sampler.json`.
    struct Sampler: Decodable {
        let weights: [Double]
        let expectedError: String?
        let expected: [Int]?
        let expectedHistogram: [Int]?
        let count: Int?
    }

    /// `shuffle.json`.
    struct Shuffle: Decodable {
        let rngSeed: String
        let values: [Int]
        let expected: [[Int]]
    }

    /// `fragments.json`.
    struct Fragments: Decodable {
        let kind: String?
        let minFragmentLen: Int?
        let maxFragmentLen: Int
        let message: Generated?
        let fragmentLen: Int?
        let seqLen: Int?
        let fragmentsHex: [String]?
        let messageLen: Int?
        let expected: Int?
    }

    /// `choose_degree.json`.
    struct ChooseDegree: Decodable {
        let seqLen: Int
        let rng: String
        let expected: [Int]
        let expectedHistogram: [Int]?
    }

    /// `choose_fragments.json`.
    struct ChooseFragments: Decodable {
        let message: Generated
        /// Absent (null) when it is the message's CRC-32.
        let checksum: Int?
        let seqLen: Int
        let seqNums: String
        let expectedSortedIndexes: [[Int]]
    }

    /// `bc-ur-reference/degree.json`.
    struct ReferenceDegreeFile: Decodable {
        struct Case: Decodable {
            let seqLen: Int
            let checksum: Int
            let fragmentsBySeqNum: [[Int]]
        }

        let cases: [Case]
        let nominalFragmentLength: [NominalLength]
    }

    /// A nominal fragment length case (`degree.json`, `test-cpp-cases.json`).
    struct NominalLength: Decodable {
        let messageLength: Int
        let min: Int
        let max: Int
        let fragmentLength: Int

        /// Read under either key strategy, as `ReferenceCRC` is.
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: AnyKey.self)
            min = try container.decode(Int.self, forKey: AnyKey("min"))
            max = try container.decode(Int.self, forKey: AnyKey("max"))
            let length = try container.decodeIfPresent(Int.self, forKey: AnyKey("message_length"))
            messageLength = try length ?? container.decode(Int.self, forKey: AnyKey("messageLength"))
            let fragment = try container.decodeIfPresent(Int.self, forKey: AnyKey("fragment_length"))
            fragmentLength = try fragment ?? container.decode(Int.self, forKey: AnyKey("fragmentLength"))
        }
    }

    /// A fountain part's fields, as given (`fountain_encoder.json`) or expected (`bc-ur-reference/fountain.json`).
    struct Part: Decodable {
        let seqNum: Int
        let seqLen: Int?
        let messageLen: Int?
        let checksum: Int?
        let dataHex: String?
        let indexes: [Int]?
        let cborHex: String?
        let cbor: String?
    }

    /// `fountain_encoder.json`.
    struct FountainEncoder: Decodable {
        let kind: String?
        let message: Generated?
        let messageUtf8: String?
        let maxFragmentLen: Int?
        let minFragmentLen: Int?
        let firstSeqNum: Int?
        let seqLen: Int?
        let fragmentLen: Int?
        let checksum: Int?
        let parts: [Part]?
        let part: Part?
        let cborHex: String?
        let firstPartDataHex: String?
        let error: String?
    }

    /// `bc-ur-reference/fountain.json`.
    struct ReferenceFountain: Decodable {
        let messageSeed: String
        let messageLength: Int
        let maxFragmentLength: Int
        let minFragmentLength: Int
        let firstSeqNumOffset: Int
        let fragmentLength: Int
        let seqLen: Int
        let checksum: Int
        let parts: [Part]
    }

    /// `ur_single_part.json` and `ur_multipart.json`: URs and parts as text, by kind of record.
    struct URText: Decodable {
        let kind: String?
        let type: String?
        let payload: Generated?
        let payloadCborHex: String?
        let payloadHex: String?
        let payloadUtf8: String?
        /// A single-part UR; null in the records that build theirs from `payload_utf8`.
        let ur: String?
        let message: Generated?
        let messageUtf8: String?
        let maxFragmentLen: Int?
        let firstSeqNum: Int?
        let seqLen: Int?
        let parts: [String]?
        let firstPart: String?
        let note: String?
        let mutation: String?
        let error: String?
        let feedOrder: [Int]?
        let expectedProcessedCounts: [Int]?
        /// A part's UR text (`decode_part_ok`).
        let part: String?
    }

    /// `legacy_ur_v1.json`.
    struct Legacy: Decodable {
        let test: String
        let fragments: [String]
    }

    /// `message_generator.json`.
    struct MessageGenerator: Decodable {
        let name: String
    }

    /// `bc-ur-reference/ur.json`.
    struct ReferenceUR: Decodable {
        let messageSeed: String
        let messageLength: Int
        let type: String
        let maxFragmentLength: Int
        let firstSeqNumOffset: Int
        let seqLen: Int
        let payloadCborHex: String
        let parts: [String]
    }

    /// `bc-ur-reference/test-cpp-cases.json`, read with the file's own keys: each key names a case.
    struct ReferenceTestCases: Decodable {
        struct ChooseFragments: Decodable {
            let seqLen: Int
            let checksum: Int
            let indexes: [[Int]]

            enum CodingKeys: String, CodingKey {
                case checksum, indexes
                case seqLen = "seq_len"
            }
        }

        let crc32: [ReferenceCRC]
        let bytewords1: Bytewords
        let rng1NextMod100SeedWolf: [Int]
        let rng2NextMod100SeedCRC32OfWolf: [Int]
        let rng3NextInt1To10SeedWolf: [Int]
        let findNominalFragmentLength: [NominalLength]
        let randomSamplerProbs1248SeedWolf: [Int]
        let shuffle1To10TenTimesSeedWolf: [[Int]]
        let partition1024Min10Max100: [String]
        let chooseDegreeSeqLen11RNGWolfDashNonce1To200: [Int]
        let chooseFragmentsMessage1024Seq1To30: ChooseFragments
        let fountainEncoder256Max30Descriptions: [String]
        let fountainEncoder256Max30CBOR: [String]
        let singlePartUR50: String
        let urEncoder256Max30: [String]

        enum CodingKeys: String, CodingKey {
            case crc32
            case bytewords1 = "bytewords_1"
            case rng1NextMod100SeedWolf = "rng_1_next_mod_100_seed_Wolf"
            case rng2NextMod100SeedCRC32OfWolf = "rng_2_next_mod_100_seed_crc32_of_Wolf"
            case rng3NextInt1To10SeedWolf = "rng_3_next_int_1_10_seed_Wolf"
            case findNominalFragmentLength = "find_nominal_fragment_length"
            case randomSamplerProbs1248SeedWolf = "random_sampler_probs_1_2_4_8_seed_Wolf"
            case shuffle1To10TenTimesSeedWolf = "shuffle_1_to_10_ten_times_seed_Wolf"
            case partition1024Min10Max100 = "partition_1024_min10_max100"
            case chooseDegreeSeqLen11RNGWolfDashNonce1To200 = "choose_degree_seqlen_11_rng_Wolf_dash_nonce_1_to_200"
            case chooseFragmentsMessage1024Seq1To30 = "choose_fragments_message_1024_seq_1_to_30"
            case fountainEncoder256Max30Descriptions = "fountain_encoder_256_max30_descriptions"
            case fountainEncoder256Max30CBOR = "fountain_encoder_256_max30_cbor"
            case singlePartUR50 = "single_part_ur_50"
            case urEncoder256Max30 = "ur_encoder_256_max30"
        }
    }
}

/// A coding key made from any string: for records that other files share under another key strategy.
struct AnyKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }

    init(_ stringValue: String) { self.stringValue = stringValue }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
