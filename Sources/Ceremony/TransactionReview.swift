import Foundation
import Bitcoin
import UniformResources

/// What a signer of a Bitcoin transaction sees (issue 13, part 3): the network, how many inputs the group signs and
/// which are left to others, every output's address and amount with change marked only when it derives from the
/// group's own wallet, the fee and the fee rate. Every value comes from the PSBT as parsed and checked by
/// `PSBTSigningPlan`; the addresses are re-encoded from the scripts, never copied from another party's text, and the
/// caller escapes the lines again when it prints them.
extension TransactionSummary {
    /// Satoshis as bitcoin with eight decimals and the satoshis beside: "0.00120000 BTC (120000 sat)".
    public static func bitcoin(_ amount: UInt64) -> String {
        let whole = amount / 100_000_000
        let fraction = String(amount % 100_000_000)
        return "\(whole).\(String(repeating: "0", count: 8 - fraction.count))\(fraction) BTC (\(amount) sat)"
    }

    /// The lines, in the order a person checks them.
    public var displayLines: [String] {
        var lines = [
            "Bitcoin \(network.rawValue) transaction: \(inputCount) input\(inputCount == 1 ? "" : "s"), "
                + "\(outputs.count) output\(outputs.count == 1 ? "" : "s")",
            "This group signs \(signingInputs.count) input\(signingInputs.count == 1 ? "" : "s")"
                + " (" + signingInputs.map { "#\($0)" }.joined(separator: ", ") + ")"
                + (foreignInputs.isEmpty
                    ? "" : "; left to others: " + foreignInputs.map { "#\($0)" }.joined(separator: ", ")),
        ]
        for output in outputs {
            let destination = output.address ?? "script \(Base16.encode(output.scriptPubKey))"
            let mark: String
            switch output.walletPath {
            case .some(let path) where output.isChange: mark = "  [change, this wallet's …/\(path[0])/\(path[1])]"
            case .some(let path): mark = "  [back to this wallet's receive …/\(path[0])/\(path[1])]"
            case .none: mark = ""
            }
            lines.append("  Output #\(output.index): \(Self.bitcoin(output.amount)) to \(destination)\(mark)")
        }
        lines.append("Sent out of the wallet: \(Self.bitcoin(amountSent))")
        lines.append(
            "Fee: \(Self.bitcoin(fee)), " + String(format: "%.1f", feeRate) + " sat/vB (about "
                + "\(estimatedVirtualSize) vB signed)")
        return lines
    }
}
