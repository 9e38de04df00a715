import Foundation
import Testing
@testable import Bitcoin
@testable import VectorSuites
import FROST

/// A PSBT built by another wallet library (embit, `scripts/embit-psbt.py`) for the exported descriptor is signed by
/// the group and every group input verifies; the foreign input is left alone.
struct EmbitInteropTests {
    @Test func signsEmbitsPSBT() throws {
        let file = try VectorJSON.decode(BitcoinVectors.EmbitFile.self, from: vectorURL("embit/embit-psbt.json"),
                                         snakeCaseKeys: false)
        let group = try TestGroup(participants: 3, threshold: 2, secret: [UInt8](repeating: 0x11, count: 32),
                                  coefficients: [[UInt8](repeating: 0x22, count: 32)])
        #expect(VectorJSON.hexString(group.info.thresholdPublicKey) == file.groupKey)
        let wallet = try TaprootWallet(thresholdInfo: group.info, network: .testnet)
        let plan = try PSBTSigningPlan(psbt: PSBT(base64: file.psbt), wallet: wallet)
        var signatures: [Int: [UInt8]] = [:]
        for input in plan.groupInputs {
            #expect(VectorJSON.hexString(input.sighash) == file.sighashes[input.index])
            signatures[input.index] = try group.sign(message: input.sighash, tweaks: input.tweaks, signers: [1, 2])
        }
        let signed = try plan.applying(signatures: signatures)
        for input in plan.groupInputs {
            let witness = try #require(signed.inputs[input.index].value(0x08))
            let signature = Array(witness.dropFirst(2))
            let sighash = try VectorJSON.hex(file.sighashes[input.index])
            #expect(Secp256k1Keys.verifySchnorr(signature: signature, message: sighash,
                                                xOnlyPublicKey: Array(plan.spentOutputs[input.index].scriptPubKey.dropFirst(2))))
        }
        #expect(!signed.isFinalized(input: 2))
    }

    /// Re-runs `scripts/embit-psbt.py` with embit itself and checks it still writes the committed file byte for
    /// byte. Skipped, saying so, where no Python with embit is installed (install line in docs/BITCOIN.md).
    @Test(.enabled(if: EmbitPython.path != nil,
                   "embit not installed: python3 -m venv .build/embit && .build/embit/bin/pip install embit==0.8.0"))
    func embitStillWritesTheCommittedFile() throws {
        let python = try #require(EmbitPython.path)
        let output = try EmbitPython.run(python, [packageRoot().appendingPathComponent("scripts/embit-psbt.py").path])
        let committed = try Data(contentsOf: vectorURL("embit/embit-psbt.json"))
        #expect(output.status == 0)
        #expect(String(decoding: output.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                == String(decoding: committed, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

/// A Python that can import embit: the package's `.build/embit` virtual environment, else `python3` on PATH.
enum EmbitPython {
    static let path: String? = {
        let candidates = [packageRoot().appendingPathComponent(".build/embit/bin/python3").path, "/usr/bin/python3"]
        return candidates.first { candidate in
            FileManager.default.isExecutableFile(atPath: candidate)
                && (try? run(candidate, ["-c", "import embit"]).status) == 0
        }
    }()

    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, stdout: Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let stdout = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, stdout)
    }
}
