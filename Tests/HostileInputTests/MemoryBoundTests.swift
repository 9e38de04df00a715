import Ceremony
import DeterministicCBOR
import Foundation
import Optical
import Testing
import UniformResources

/// The worst inputs of each parser, with the bound on the memory they may make the parser use. Each case runs in
/// a child process (this test binary, filtered to `memoryProbeChild`) that resets its peak RSS (/proc/self/clear_refs),
/// runs the parser once and reports `VmHWM` growth, so other tests running in parallel cannot disturb the figure.
enum MemoryCase: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case cborLength2e63, cborDepth10000, cborNestedArraysClaimingEveryByte
    case partSeqLen2e32, fountainLargestGeometry
    case png100000Square, jpeg65535Square, pgm100000Square, pngAtLimitWithoutData, jpegFatalErrors50Times
    case jpegFatalErrorsOf2MiBFiles
    case ceremonyDepth10000, stateFileMemlimit4GiB

    var testDescription: String { rawValue }

    static let mebibyte = 1 << 20

    /// The bound stated in docs/SECURITY.md, in bytes of peak RSS growth.
    var bound: Int {
        switch self {
        // 16 MiB of input decoded into at most 2^20 items: the items, not a reservation per nesting level.
        case .cborNestedArraysClaimingEveryByte: return 64 * MemoryCase.mebibyte
        // seqLen × (seqLen/8 + fragment) bytes of GF(2) rows, plus the message: 8192 × 1152 B + 1 MiB < 12 MiB.
        case .fountainLargestGeometry: return 16 * MemoryCase.mebibyte
        // The pixel buffer of the largest accepted header (here 8192 × 8192 = 64 MiB) plus libpng's rows.
        case .pngAtLimitWithoutData: return 72 * MemoryCase.mebibyte
        // Regression: each libjpeg fatal error used to leak the job and its 1 MiB pixel buffer (50 MiB here).
        case .jpegFatalErrors50Times: return 8 * MemoryCase.mebibyte
        // Regression: a libjpeg fatal error used to end a helper thread, which kept the file's bytes (2 MiB here, a
        // fresh copy for each of the 50 decodes: 100 MiB). The setjmp in the C shim frees everything.
        case .jpegFatalErrorsOf2MiBFiles: return 8 * MemoryCase.mebibyte
        // Refused from the header alone; what remains is the child's own warm-up (error descriptions, libpng state).
        default: return 4 * MemoryCase.mebibyte
        }
    }

    /// Runs the parser on the case's input (built before the measurement starts); returns a description of the error
    /// it threw, or nil if it did not throw.
    func prepare() -> () -> String? {
        switch self {
        case .cborLength2e63:
            let input = [0x5b] + bigEndian(1 << 63, 8)
            return { refusal { try CBOR.decode(input) } }
        case .cborDepth10000:
            let input = repeated([0x81], 10_000) + [0]
            return { refusal { try CBOR.decode(input) } }
        case .cborNestedArraysClaimingEveryByte:
            let total = 16 << 20
            var input = repeated([0x9a] + bigEndian(UInt64(total - 5 * 60 - 16), 4), 60)
            input += [UInt8](repeating: 0, count: total - input.count)
            return { refusal { try CBOR.decode(input) } }
        case .partSeqLen2e32:
            let part = FountainPart(seqNum: 1, seqLen: 0xffff_ffff, messageLen: 0xffff_ffff, checksum: 0, fragment: [1])
            return {
                var decoder = FountainDecoder()
                return refusal { try decoder.receive(part) }
            }
        case .fountainLargestGeometry:
            // 1 MiB in 128-byte fragments: seqLen 8192, the largest the default limits accept. 600 mixed parts
            // (seqNum > seqLen, so none is peeled) fill 600 rows of the GF(2) system.
            let message = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            let parts: [FountainPart]
            do {
                let encoder = try FountainEncoder(message: message, maxFragmentLength: 128, minFragmentLength: 128)
                parts = (0..<600).map { encoder.part(seqNum: UInt32(100_000 + $0)) }
            } catch {
                return { "encoder: \(error)" }
            }
            return {
                var decoder = FountainDecoder()
                for part in parts {
                    do { try decoder.receive(part) } catch { return "\(error)" }
                }
                return decoder.progress.seqLen == 8192 ? "incomplete at rank \(decoder.progress.rank)" : nil
            }
        case .png100000Square:
            let input = pngHeader(width: 100_000, height: 100_000)
            return { refusal { try ImageDecoder.decode(input) } }
        case .jpeg65535Square:
            let input = jpegHeader(width: 65_535, height: 65_535)
            return { refusal { try ImageDecoder.decode(input) } }
        case .pgm100000Square:
            let input = Array("P5 100000 100000 255\n".utf8)
            return { refusal { try ImageDecoder.decode(input) } }
        case .pngAtLimitWithoutData:
            let input = pngHeader(width: 8192, height: 8192)
            return { refusal { try ImageDecoder.decode(input) } }
        case .jpegFatalErrors50Times:
            return {
                var last: String?
                for _ in 0..<50 { last = refusal { try ImageDecoder.decode(jpegFatalInsideLibjpeg) } }
                return last
            }
        case .jpegFatalErrorsOf2MiBFiles:
            // 32 comment segments of 65,535 bytes after SOI: the Swift marker check skips them, libjpeg too.
            let comment = [0xFF, 0xFE, 0xFF, 0xFF] + [UInt8](repeating: 0x20, count: 65_533)
            let input = Array(jpegFatalInsideLibjpeg[0..<2]) + repeated(comment, 32)
                + Array(jpegFatalInsideLibjpeg[2...])
            return {
                var last: String?
                for round in 0..<50 {
                    var copy = input  // a buffer of its own each time, as a file read from disk would be
                    copy[6] = UInt8(truncatingIfNeeded: round)  // inside the first comment
                    last = refusal { try ImageDecoder.decode(copy) }
                }
                return last
            }
        case .ceremonyDepth10000:
            let input = repeated([0x81], 10_000) + [0]
            return { refusal { try DKGInvite(encoded: input) } }
        case .stateFileMemlimit4GiB:
            let path = NSTemporaryDirectory() + "heliograph-memory-probe-" + UUID().uuidString
            _ = FileManager.default.createFile(atPath: path, contents: Data(header(opslimit: 1, memlimit: 1 << 32)))
            return {
                defer { try? FileManager.default.removeItem(atPath: path) }
                return refusal { try StateVault.open(file: path, passphrase: [1]) }
            }
        }
    }
}

/// "refused: <error>" when `body` throws, nil otherwise.
func refusal(_ body: () throws -> Any) -> String? {
    do {
        _ = try body()
        return nil
    } catch {
        return "refused: \(error)"
    }
}

/// Peak-RSS measurement in a child process.
enum MemoryProbe {
    static let caseVariable = "HELIOGRAPH_MEMORY_PROBE_CASE"
    static let outputVariable = "HELIOGRAPH_MEMORY_PROBE_OUTPUT"

    /// A `/proc/self/status` field in bytes.
    static func status(_ key: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(key + ":") {
            return line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first
                .flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }.map { $0 * 1024 }
        }
        return nil
    }

    /// Runs `memoryCase` in a child; returns its outcome line and the peak RSS growth in bytes.
    static func measure(_ memoryCase: MemoryCase) throws -> (outcome: String, growth: Int) {
        let output = NSTemporaryDirectory() + "heliograph-memory-probe-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: output) }
        let child = Process()
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        child.executableURL = URL(fileURLWithPath: executable)
        child.arguments = ["--testing-library", "swift-testing", "--filter", "memoryProbeChild"]
        var environment = ProcessInfo.processInfo.environment
        environment[caseVariable] = memoryCase.rawValue
        environment[outputVariable] = output
        child.environment = environment
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()
        child.waitUntilExit()
        let lines = (try String(contentsOfFile: output, encoding: .utf8)).split(separator: "\n").map(String.init)
        guard lines.count == 2, let growth = Int(lines[0]) else { throw ProbeError.noResult(lines.joined()) }
        return (lines[1], growth)
    }

    enum ProbeError: Error { case noResult(String) }

    /// True when the AddressSanitizer runtime is loaded (its shadow memory and quarantine make RSS meaningless).
    static var underAddressSanitizer: Bool { dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__asan_init") != nil }
}

@Test(.enabled(if: !MemoryProbe.underAddressSanitizer
                  && FileManager.default.isWritableFile(atPath: "/proc/self/clear_refs")),
      arguments: MemoryCase.allCases)
func worstInputsStayUnderTheirMemoryBound(_ memoryCase: MemoryCase) throws {
    let (outcome, growth) = try MemoryProbe.measure(memoryCase)
    print("memory bound: \(memoryCase) peak RSS growth \(growth) bytes (bound \(memoryCase.bound)): \(outcome)")
    if memoryCase == .fountainLargestGeometry {
        #expect(outcome.hasPrefix("incomplete at rank"), "\(outcome)")
    } else {
        #expect(outcome.hasPrefix("refused: "), "\(outcome)")
    }
    #expect(growth <= memoryCase.bound, "\(memoryCase): peak RSS grew by \(growth) bytes, over \(memoryCase.bound)")
}

/// The child side of `worstInputsStayUnderTheirMemoryBound`; runs only in the child process it starts.
@Test(.enabled(if: ProcessInfo.processInfo.environment[MemoryProbe.caseVariable] != nil))
func memoryProbeChild() throws {
    let environment = ProcessInfo.processInfo.environment
    let memoryCase = try #require(environment[MemoryProbe.caseVariable].flatMap(MemoryCase.init(rawValue:)))
    let output = try #require(environment[MemoryProbe.outputVariable])
    let run = memoryCase.prepare()
    let before = try #require(MemoryProbe.status("VmRSS"))
    try "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    let outcome = run() ?? "accepted"
    let peak = try #require(MemoryProbe.status("VmHWM"))
    try "\(max(0, peak - before))\n\(outcome)".write(toFile: output, atomically: true, encoding: .utf8)
}
