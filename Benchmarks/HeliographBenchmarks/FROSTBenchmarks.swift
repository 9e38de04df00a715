import CSodium
import FROST
import Foundation

/// FROST signing and key generation times for both suites, next to one libsodium Ed25519 signature.
var frostBenchmarks: [Benchmark] {
    [
        Benchmark(
            name: "frost",
            summary: "FROST rounds 1 and 2, aggregation + verification, full t-of-n signature vs one libsodium "
                + "Ed25519 signature, and DKG time per participant (trusted-dealer keys for signing; medians of "
                + "thread CPU time)",
            run: runFROSTBenchmarks)
    ]
}

/// The group sizes measured, as (t, n).
private let frostSizes = [(2, 3), (3, 5), (11, 20)]

private func runFROSTBenchmarks() {
    var rows: [FROSTBenchmarkRow] = []
    for (t, n) in frostSizes {
        do {
            rows.append(try FROSTBenchmark<Ed25519Sha512>.measure(minSigners: t, maxSigners: n))
            rows.append(try FROSTBenchmark<Ristretto255Sha512>.measure(minSigners: t, maxSigners: n))
        } catch {
            print("frost benchmark \(t)-of-\(n) failed: \(error)")
            return
        }
    }
    print("| suite | t-of-n | round 1 / signer | round 2 / signer | aggregate + verify | full t-of-n signature "
        + "| libsodium Ed25519 sign | ratio | DKG / participant |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows {
        print("| \(row.suite) | \(row.minSigners)-of-\(row.maxSigners) | \(microseconds(row.round1)) "
            + "| \(microseconds(row.round2)) | \(microseconds(row.aggregate)) | \(microseconds(row.full)) "
            + "| \(microseconds(row.sodiumSign)) | \(String(format: "%.0fx", row.ratio)) "
            + "| \(microseconds(row.dkgPerParticipant)) |")
    }
    print("")
    print("Thread CPU time, medians. Round 1 = commit (two hedged nonces, two base multiplications); round 2 = one "
        + "signature share; aggregate + verify = Aggregator.aggregate followed by VerifyingKey.verify; full = all t "
        + "commits, the signing package, all t shares, aggregate + verify; ratio = median of (full / "
        + "crypto_sign_detached timed right after it in the same loop). DKG / participant = (part1 + part2 + part3 "
        + "of all n participants) / n.")
}

/// This thread's CPU time in seconds (CLOCK_THREAD_CPUTIME_ID). The benchmark machine is shared, so wall-clock time
/// of a long computation includes other processes' time slices; CPU time of this single-threaded code does not.
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

private struct FROSTBenchmarkRow {
    let suite: String
    let minSigners: Int
    let maxSigners: Int
    let round1: Double
    let round2: Double
    let aggregate: Double
    let full: Double
    let sodiumSign: Double
    /// The median over iterations of (full t-of-n signature) / (one libsodium signature timed right after it).
    let ratio: Double
    let dkgPerParticipant: Double
}

private enum FROSTBenchmark<C: Ciphersuite> {
    static func measure(minSigners: Int, maxSigners: Int) throws -> FROSTBenchmarkRow {
        let dealt = try TrustedDealer<C>.generateKeys(maxSigners: maxSigners, minSigners: minSigners)
        var keyPackages: [Identifier<C>: KeyPackage<C>] = [:]
        for (identifier, share) in dealt.secretShares { keyPackages[identifier] = try KeyPackage(secretShare: share) }
        let signers = Array(keyPackages.keys.sorted().prefix(minSigners))
        let message = Array("Heliograph FROST benchmark message".utf8)
        let sodium = SodiumEd25519Signer()

        var round1: [Double] = []
        var round2: [Double] = []
        var aggregate: [Double] = []
        var full: [Double] = []
        var sodiumSign: [Double] = []
        var ratio: [Double] = []
        // Enough iterations for stable medians, fewer for the large group.
        let iterations = max(20, 600 / minSigners)
        for _ in 0..<iterations {
            var nonces: [Identifier<C>: SigningNonces<C>] = [:]
            var commitments: [Identifier<C>: SigningCommitments<C>] = [:]
            var total = 0.0
            for signer in signers {
                guard let keyPackage = keyPackages[signer] else { continue }
                let start = cpuSeconds()
                let (signerNonces, signerCommitments) = Round1.commit(keyPackage: keyPackage)
                let elapsed = cpuSeconds() - start
                round1.append(elapsed)
                total += elapsed
                nonces[signer] = signerNonces
                commitments[signer] = signerCommitments
            }
            let packageStart = cpuSeconds()
            let signingPackage = try SigningPackage(commitments: commitments, message: message)
            total += cpuSeconds() - packageStart
            var shares: [Identifier<C>: SignatureShare<C>] = [:]
            for signer in signers {
                guard let keyPackage = keyPackages[signer], let signerNonces = nonces[signer] else { continue }
                let start = cpuSeconds()
                shares[signer] = try Round2.sign(
                    signingPackage: signingPackage, nonces: signerNonces, keyPackage: keyPackage)
                let elapsed = cpuSeconds() - start
                round2.append(elapsed)
                total += elapsed
            }
            let aggregateStart = cpuSeconds()
            let signature = try Aggregator.aggregate(
                signingPackage: signingPackage, signatureShares: shares, publicKeyPackage: dealt.publicKeyPackage)
            let valid = dealt.publicKeyPackage.verifyingKey.verify(signature, message: message)
            let aggregateTime = cpuSeconds() - aggregateStart
            guard valid else { throw FROSTError.invalidSignature }
            aggregate.append(aggregateTime)
            full.append(total + aggregateTime)
            let sodiumTime = sodium.timeOneSignature(message: message)
            sodiumSign.append(sodiumTime)
            ratio.append((total + aggregateTime) / sodiumTime)
        }

        var dkg: [Double] = []
        let dkgIterations = maxSigners >= 20 ? 3 : 10
        for _ in 0..<dkgIterations { dkg.append(try timeDKG(minSigners: minSigners, maxSigners: maxSigners)) }

        return FROSTBenchmarkRow(
            suite: C.name, minSigners: minSigners, maxSigners: maxSigners, round1: median(round1),
            round2: median(round2), aggregate: median(aggregate), full: median(full),
            sodiumSign: median(sodiumSign), ratio: median(ratio), dkgPerParticipant: median(dkg))
    }

    /// One whole DKG among n participants in memory; returns the time per participant.
    static func timeDKG(minSigners: Int, maxSigners: Int) throws -> Double {
        let ids = try (1...maxSigners).map { try Identifier<C>(UInt64($0)) }
        let start = cpuSeconds()
        var secrets1: [Identifier<C>: DKG<C>.Round1SecretPackage] = [:]
        var round1: [Identifier<C>: DKG<C>.Round1Package] = [:]
        for id in ids {
            (secrets1[id], round1[id]) = try DKG<C>.part1(
                identifier: id, maxSigners: maxSigners, minSigners: minSigners)
        }
        var secrets2: [Identifier<C>: DKG<C>.Round2SecretPackage] = [:]
        var inbox: [Identifier<C>: [Identifier<C>: DKG<C>.Round2Package]] = [:]
        for id in ids {
            guard let secret = secrets1[id] else { continue }
            let (next, outgoing) = try DKG<C>.part2(secret, round1Packages: round1.filter { $0.key != id })
            secrets2[id] = next
            for (recipient, package) in outgoing { inbox[recipient, default: [:]][id] = package }
        }
        for id in ids {
            guard let secret = secrets2[id] else { continue }
            _ = try DKG<C>.part3(
                secret, round1Packages: round1.filter { $0.key != id }, round2Packages: inbox[id] ?? [:])
        }
        return (cpuSeconds() - start) / Double(maxSigners)
    }
}

/// A single-signer Ed25519 key in libsodium, the baseline a threshold signature is compared with.
private final class SodiumEd25519Signer {
    private var publicKey = [UInt8](repeating: 0, count: Int(crypto_sign_PUBLICKEYBYTES))
    private var secretKey = [UInt8](repeating: 0, count: Int(crypto_sign_SECRETKEYBYTES))
    private var signature = [UInt8](repeating: 0, count: Int(crypto_sign_BYTES))

    init() {
        ensureSodium()
        crypto_sign_keypair(&publicKey, &secretKey)
    }

    deinit { sodium_memzero(&secretKey, secretKey.count) }

    /// The time of one crypto_sign_detached, averaged over a short batch so the clock's resolution does not matter.
    func timeOneSignature(message: [UInt8]) -> Double {
        let batch = 20
        let start = cpuSeconds()
        for _ in 0..<batch {
            crypto_sign_detached(&signature, nil, message, UInt64(message.count), secretKey)
        }
        return (cpuSeconds() - start) / Double(batch)
    }
}
