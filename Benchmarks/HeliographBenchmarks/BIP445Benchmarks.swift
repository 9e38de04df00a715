import CSecp256k1
import CSodium
import FROST
import Foundation

/// BIP 445 signing times next to one libsecp256k1 BIP 340 signature, measured in the same loop.
var bip445Benchmarks: [Benchmark] {
    [
        Benchmark(
            name: "bip445",
            summary: "BIP 445 0.12.1 rounds (NonceGen, Sign), PartialSigVerify, aggregation + BIP 340 verification, "
                + "full t-of-n signature vs one secp256k1_schnorrsig_sign32 (trusted-dealer keys; medians of thread "
                + "CPU time)",
            run: runBIP445Benchmarks)
    ]
}

private func runBIP445Benchmarks() {
    var rows: [BIP445BenchmarkRow] = []
    for (t, n) in [(2, 3), (3, 5), (11, 20)] {
        do {
            rows.append(try measureBIP445(threshold: t, participants: n))
        } catch {
            print("bip445 benchmark \(t)-of-\(n) failed: \(error)")
            return
        }
    }
    print("| t-of-n | NonceGen / signer | Sign / signer | PartialSigVerify / signer | NonceAgg + PartialSigAgg + "
        + "verify | full t-of-n signature | secp256k1_schnorrsig_sign32 | ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows {
        print("| \(row.threshold)-of-\(row.participants) | \(microseconds(row.nonceGen)) | \(microseconds(row.sign)) "
            + "| \(microseconds(row.verify)) | \(microseconds(row.aggregate)) | \(microseconds(row.full)) "
            + "| \(microseconds(row.bip340Sign)) | \(String(format: "%.0fx", row.ratio)) |")
    }
    print("")
    printPrimitiveCosts()
    print("")
    print("Thread CPU time, medians. Full = t NonceGen + NonceAgg + t Sign (each Sign checks its own partial "
        + "signature, as BIP 445 recommends) + PartialSigAgg + one BIP 340 verification; PartialSigVerify (blame) "
        + "is reported per signer but not counted in full. Ratio = median of (full / secp256k1_schnorrsig_sign32 "
        + "timed right after it in the same loop).")
}

/// The operations a BIP 445 step is made of, each averaged over a batch: where the time of a step goes.
private func printPrimitiveCosts() {
    typealias C = Secp256k1Sha256
    let a = Scalar<C>.random(), b = Scalar<C>.random()
    let point = a * Element<C>.generator
    func time(_ count: Int, _ body: () throws -> Void) rethrows -> Double {
        let start = cpuSeconds()
        for _ in 0..<count { try body() }
        return (cpuSeconds() - start) / Double(count)
    }
    var sink = 0
    let multiply = time(20000) { sink &+= Int((a * b).serialize()[0]) }
    let inverse = (try? time(500) { sink &+= Int(try a.inverse().serialize()[0]) }) ?? 0
    let pointMultiply = time(500) { sink &+= Int((b * point).serialize()[0]) }
    let secret = SecretScalar<C>.random()
    let baseMultiply = time(500) { sink &+= Int(secret.publicElement().serialize()[0]) }
    let pointAdd = time(2000) { sink &+= Int((point + point).serialize()[0]) }
    let ns = { (seconds: Double) in String(format: "%.0f ns", seconds * 1e9) }
    print("Primitives (secp256k1, each from and to its encoding): scalar multiply \(ns(multiply)), scalar inverse "
        + "\(microseconds(inverse)), point multiply (ec_pubkey_tweak_mul) \(microseconds(pointMultiply)), base "
        + "multiply (ec_pubkey_create) \(microseconds(baseMultiply)), point add (ec_pubkey_combine) "
        + "\(microseconds(pointAdd)) (\(sink & 1 == 0 ? "even" : "odd") checksum)")
}

private struct BIP445BenchmarkRow {
    let threshold: Int
    let participants: Int
    let nonceGen: Double
    let sign: Double
    let verify: Double
    let aggregate: Double
    let full: Double
    let bip340Sign: Double
    let ratio: Double
}

private func measureBIP445(threshold t: Int, participants n: Int) throws -> BIP445BenchmarkRow {
    let dealt = try TrustedDealer<Secp256k1Sha256>.generateKeys(maxSigners: n, minSigners: t)
    let info = try BIP445ThresholdInfo(publicKeyPackage: dealt.publicKeyPackage, threshold: t)
    var shares: [Int: SecretScalar<Secp256k1Sha256>] = [:]
    for (identifier, share) in dealt.secretShares {
        shares[try BIP445.signerID(for: identifier)] = share.signingShare.secret
    }
    let signers = Array(0..<t)
    let publicShares = signers.compactMap { info.publicShares[$0] }
    let xOnlyKey = Array(info.thresholdPublicKey[1...])
    let message = Array("Heliograph BIP 445 benchmark message".utf8)
    let reference = Secp256k1Signer()

    var nonceGen: [Double] = [], sign: [Double] = [], verify: [Double] = [], aggregate: [Double] = []
    var full: [Double] = [], bip340Sign: [Double] = [], ratio: [Double] = []
    let iterations = max(10, 300 / t)
    for _ in 0..<iterations {
        var total = 0.0
        var secretNonces: [BIP445SecretNonce] = []
        var publicNonces: [[UInt8]] = []
        for signer in signers {
            guard let share = shares[signer] else { continue }
            let start = cpuSeconds()
            let (secret, public_) = try BIP445.nonceGen(
                secretShare: share, signerID: signer, publicShare: info.publicShares[signer],
                thresholdPublicKeyXOnly: xOnlyKey, message: message, extraInput: nil)
            let elapsed = cpuSeconds() - start
            nonceGen.append(elapsed)
            total += elapsed
            secretNonces.append(secret)
            publicNonces.append(public_)
        }
        let aggregateStart = cpuSeconds()
        let session = BIP445SessionContext(
            participantCount: n, threshold: t, ids: signers, publicShares: publicShares,
            thresholdPublicKey: info.thresholdPublicKey, aggregateNonce: try BIP445.nonceAgg(publicNonces),
            message: message)
        var aggregateTime = cpuSeconds() - aggregateStart
        var partialSignatures: [[UInt8]] = []
        for (index, signer) in signers.enumerated() {
            guard let share = shares[signer] else { continue }
            let start = cpuSeconds()
            partialSignatures.append(try BIP445.sign(secretNonce: secretNonces[index], secretShare: share,
                                                     signerID: signer, session: session))
            let elapsed = cpuSeconds() - start
            sign.append(elapsed)
            total += elapsed
        }
        let verifyStart = cpuSeconds()
        let valid = try BIP445.partialSigVerify(
            partialSignature: partialSignatures[0], publicNonces: publicNonces, participantCount: n, threshold: t,
            ids: signers, publicShares: publicShares, thresholdPublicKey: info.thresholdPublicKey, tweaks: [],
            isXOnly: [], message: message, signerIndex: 0)
        verify.append(cpuSeconds() - verifyStart)
        let finishStart = cpuSeconds()
        let signature = try BIP445.partialSigAgg(partialSignatures, session: session)
        let verifies = BIP445.verifyBIP340(signature: signature, message: message, xOnlyPublicKey: xOnlyKey)
        aggregateTime += cpuSeconds() - finishStart
        guard valid, verifies else { throw BIP445Error.ownPartialSignatureInvalid }
        aggregate.append(aggregateTime)
        total += aggregateTime
        full.append(total)
        let referenceTime = reference.timeOneSignature(message: message)
        bip340Sign.append(referenceTime)
        ratio.append(total / referenceTime)
    }
    return BIP445BenchmarkRow(
        threshold: t, participants: n, nonceGen: median(nonceGen), sign: median(sign), verify: median(verify),
        aggregate: median(aggregate), full: median(full), bip340Sign: median(bip340Sign), ratio: median(ratio))
}

/// A single-signer BIP 340 key pair in libsecp256k1, the baseline a threshold signature is compared with.
private final class Secp256k1Signer {
    private let context: OpaquePointer
    private var keypair = secp256k1_keypair()
    private var signature = [UInt8](repeating: 0, count: 64)

    init() {
        guard let context = secp256k1_context_create(heliograph_secp256k1_context_none) else {
            preconditionFailure("secp256k1_context_create failed")
        }
        self.context = context
        ensureSodium()
        var secret = [UInt8](repeating: 0, count: 32)
        repeat { randombytes_buf(&secret, 32) } while secp256k1_keypair_create(context, &keypair, secret) != 1
        sodium_memzero(&secret, 32)
    }

    deinit { secp256k1_context_destroy(context) }

    /// The time of one secp256k1_schnorrsig_sign32 of the message's SHA-256 (BIP 340 signs 32-byte messages with
    /// sign32), averaged over a short batch so the clock's resolution does not matter.
    func timeOneSignature(message: [UInt8]) -> Double {
        var digest = [UInt8](repeating: 0, count: 32)
        crypto_hash_sha256(&digest, message, UInt64(message.count))
        var auxRand = [UInt8](repeating: 0, count: 32)
        randombytes_buf(&auxRand, 32)
        let batch = 20
        let start = cpuSeconds()
        for _ in 0..<batch {
            _ = secp256k1_schnorrsig_sign32(context, &signature, digest, &keypair, auxRand)
        }
        return (cpuSeconds() - start) / Double(batch)
    }
}

/// This thread's CPU time in seconds (the machine is shared; see FROSTBenchmarks.swift).
private func cpuSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

private func microseconds(_ seconds: Double) -> String {
    seconds >= 1e-2 ? String(format: "%.1f ms", seconds * 1e3) : String(format: "%.0f µs", seconds * 1e6)
}

private func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
}
