import Foundation
import UniformResources

/// The outcome of one vector case: which family and case it was, and why it failed if it did.
public struct VectorOutcome: Sendable, Equatable {
    /// The family the case belongs to, e.g. `ur/fountain_encoder`.
    public let family: String
    /// A name that finds the case in its file, e.g. `record 3 (seqNum 7)`.
    public let caseName: String
    /// `nil` when every checked value matched; otherwise what differed.
    public let failure: String?

    /// An outcome; `failure` is nil for a case that passed.
    public init(family: String, caseName: String, failure: String?) {
        self.family = family
        self.caseName = caseName
        self.failure = failure
    }

    /// Whether every checked value matched.
    public var passed: Bool { failure == nil }
}

/// A checker for one kind of vector file.
public struct VectorFamily: Sendable {
    /// The family's name, printed in reports.
    public let name: String
    /// The file's path relative to a `Vectors/` folder it is found under, e.g. `ur/crc32.json`.
    public let relativePaths: [String]
    /// Checks every case of the file at the URL, value by value.
    public let run: @Sendable (URL) throws -> [VectorOutcome]

    /// A family that checks files ending in one of `relativePaths` with `run`.
    public init(name: String, relativePaths: [String], run: @escaping @Sendable (URL) throws -> [VectorOutcome]) {
        self.name = name
        self.relativePaths = relativePaths
        self.run = run
    }

    func handles(_ path: String) -> Bool {
        relativePaths.contains { path == $0 || path.hasSuffix("/" + $0) }
    }
}

/// Every family this package can check; each layer contributes its own list.
public enum VectorRegistry {
    /// Every family, the UR, FROST, SSKR, Bitcoin, LifeHash and Ceremony ones in that order.
    public static var families: [VectorFamily] {
        uniformResourceFamilies + frostFamilies + sskrFamilies + bitcoinFamilies + lifeHashFamilies + ceremonyFamilies
    }

    /// Every family that checks a file (the BIP 341 wallet vectors have two: tweaks through BIP 445, and the
    /// wallet's addresses and sighashes).
    public static func families(for path: String) -> [VectorFamily] {
        families.filter { $0.handles(path) }
    }

    /// The family that checks a file, found by the end of its path.
    public static func family(for path: String) -> VectorFamily? {
        families.first { $0.handles(path) }
    }
}

/// What `heliograph vectors verify` prints: a line per family and a closing count.
public struct VectorReport: Sendable {
    /// One outcome per case checked, file by file.
    public var outcomes: [VectorOutcome] = []
    /// Files that were found but that no family checks (READMEs, indexes).
    public var unchecked: [String] = []
    /// Files a family should have checked but could not read.
    public var unreadable: [(path: String, reason: String)] = []

    /// Cases that passed.
    public var passed: Int { outcomes.filter(\.passed).count }
    /// Cases that failed, plus files that could not be read.
    public var failed: Int { outcomes.count - passed + unreadable.count }

    /// Checks every file below the given paths (files or folders).
    public static func verify(paths: [String]) -> VectorReport {
        var report = VectorReport()
        for file in jsonFiles(under: paths) {
            let families = VectorRegistry.families(for: file)
            guard !families.isEmpty else {
                report.unchecked.append(file)
                continue
            }
            for family in families {
                do {
                    report.outcomes += try family.run(URL(fileURLWithPath: file))
                } catch {
                    report.unreadable.append((file, "\(error)"))
                }
            }
        }
        return report
    }

    static func jsonFiles(under paths: [String]) -> [String] {
        var files: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                files.append(path)
                continue
            }
            if !isDirectory.boolValue {
                files.append(path)
                continue
            }
            let enumerator = manager.enumerator(atPath: path)
            while let relative = enumerator?.nextObject() as? String {
                if relative.hasSuffix(".json") { files.append(path + "/" + relative) }
            }
        }
        return files.sorted()
    }

    /// One line per family (`PASS ur/crc32: 3 cases`), failures named, then `N passed, M failed`.
    public func lines() -> [String] {
        var out: [String] = []
        var order: [String] = []
        var byFamily: [String: [VectorOutcome]] = [:]
        for outcome in outcomes {
            if byFamily[outcome.family] == nil { order.append(outcome.family) }
            byFamily[outcome.family, default: []].append(outcome)
        }
        for family in order {
            let cases = byFamily[family] ?? []
            let failures = cases.filter { !$0.passed }
            out.append("\(failures.isEmpty ? "PASS" : "FAIL") \(family): \(cases.count - failures.count)/\(cases.count) cases")
            for failure in failures { out.append("  \(failure.caseName): \(failure.failure ?? "")") }
        }
        for (path, reason) in unreadable { out.append("FAIL \(path): \(reason)") }
        out.append("\(passed) passed, \(failed) failed")
        return out
    }
}

/// Reading vector JSON: each family decodes its file into `Decodable` types that name every field it checks, so a
/// missing or mistyped field is a decoding error naming it, never a crash.
public enum VectorJSON {
    /// A value the vector file lacks or gives the wrong JSON type; `what` names it.
    public struct Missing: Error, CustomStringConvertible {
        /// The key, index or kind of value that is missing or mistyped.
        public let what: String
        /// One line naming what is missing, for a failed case.
        public var description: String { "vector file is missing or mistypes \(what)" }
    }

    /// Parses a vector file as JSON (Foundation objects), for tests that change a value in a copy of a file;
    /// throws if it cannot be read or is not JSON.
    public static func load(_ url: URL) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: url))
    }

    /// Decodes a vector file into `type`. The files spell keys in snake_case (`group_public_key`), which is read
    /// into camelCase properties (`groupPublicKey`) unless `snakeCaseKeys` is false (files whose keys are names to
    /// keep, such as case names). Throws if the file cannot be read or lacks or mistypes a field `type` needs.
    public static func decode<T: Decodable>(_ type: T.Type, from url: URL, snakeCaseKeys: Bool = true) throws -> T {
        let decoder = JSONDecoder()
        if snakeCaseKeys { decoder.keyDecodingStrategy = .convertFromSnakeCase }
        return try decoder.decode(type, from: Data(contentsOf: url))
    }

    /// The bytes of a hex string in a vector file (Base16); throws when it is not an even count of hex digits.
    public static func hex(_ text: String) throws -> [UInt8] {
        guard let bytes = Base16.decode(text) else { throw Missing(what: "hex digits of even count") }
        return bytes
    }

    /// Lowercase hex of the bytes, as the vector files write them.
    public static func hexString(_ bytes: [UInt8]) -> String { Base16.encode(bytes) }
}
