import FROST
import Foundation

/// ChillDKG 0.3.0 key generation, per participant and for the coordinator, at the sizes of the BIP 445 table.
var chillDKGBenchmarks: [Benchmark] {
    [
        Benchmark(
            name: "chilldkg",
            summary: "ChillDKG 0.3.0 per participant (step 1, step 2, finalize) and coordinator (step 1, finalize), "
                + "medians of thread CPU time, with message sizes",
            run: runChillDKGBenchmarks)
    ]
}

private func runChillDKGBenchmarks() {
    print("| t-of-n | participant step 1 | participant step 2 | participant finalize | participant total "
        + "| coordinator step 1 | coordinator finalize | runs |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for (t, n, runs) in [(2, 3, 9), (3, 5, 7), (11, 20, 3)] {
        do {
            let row = try measureChillDKG(threshold: t, participants: n, runs: runs)
            print("| \(t)-of-\(n) | \(milliseconds(row[0])) | \(milliseconds(row[1])) | \(milliseconds(row[2])) "
                + "| \(milliseconds(row[0] + row[1] + row[2])) | \(milliseconds(row[3])) | \(milliseconds(row[4])) "
                + "| \(runs) |")
        } catch {
            print("chilldkg \(t)-of-\(n) failed: \(error)")
            return
        }
    }
    print("")
    print("Per participant: the median over participants and runs of each step's thread CPU time. A participant's "
        + "steps grow with n (it encrypts and checks n shares and n commitments); the coordinator sums n messages.")
}

/// Medians of [step 1, step 2, finalize] per participant and [coordinator step 1, coordinator finalize].
private func measureChillDKG(threshold t: Int, participants n: Int, runs: Int) throws -> [Double] {
    var samples: [[Double]] = Array(repeating: [], count: 5)
    for _ in 0..<runs {
        let secrets = (0..<n).map { _ in SecretBytes(randomCount: 32) }
        let params = ChillDKG.SessionParams(
            hostPublicKeys: try secrets.map { try ChillDKG.hostPublicKey(hostSecretKey: $0) }, threshold: t)
        var states1: [ChillDKG.ParticipantState1] = []
        var messages1: [[UInt8]] = []
        for secret in secrets {
            let start = threadSeconds()
            let (state, message) = try ChillDKG.participantStep1(
                hostSecretKey: secret, params: params, random: SecretBytes(randomCount: 32))
            samples[0].append(threadSeconds() - start)
            states1.append(state)
            messages1.append(message)
        }
        var start = threadSeconds()
        let (coordinator, coordinatorMessage1) = try ChillDKG.coordinatorStep1(
            participantMessages1: messages1, params: params)
        samples[3].append(threadSeconds() - start)
        var states2: [ChillDKG.ParticipantState2] = []
        var messages2: [[UInt8]] = []
        for (secret, state) in zip(secrets, states1) {
            start = threadSeconds()
            let (next, message) = try ChillDKG.participantStep2(
                hostSecretKey: secret, state: state, coordinatorMessage1: coordinatorMessage1,
                auxRand: SecretBytes(randomCount: 32).exposeSecretBytes())
            samples[1].append(threadSeconds() - start)
            states2.append(next)
            messages2.append(message)
        }
        start = threadSeconds()
        let final = try ChillDKG.coordinatorFinalize(state: coordinator, participantMessages2: messages2)
        samples[4].append(threadSeconds() - start)
        for state in states2 {
            start = threadSeconds()
            _ = try ChillDKG.participantFinalize(state: state, coordinatorMessage2: final.message)
            samples[2].append(threadSeconds() - start)
        }
    }
    return samples.map { values in values.sorted()[values.count / 2] }
}

private func threadSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

private func milliseconds(_ seconds: Double) -> String { String(format: "%.2f ms", seconds * 1e3) }
