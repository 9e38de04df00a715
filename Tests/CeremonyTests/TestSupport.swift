import FROST
import Foundation

@testable import Ceremony

/// A fresh empty directory under the system's temporary directory.
func temporaryDirectory(_ name: String = #function) -> String {
    let safe = name.filter { $0.isLetter || $0.isNumber }
    let path = NSTemporaryDirectory() + "heliograph-ceremony-" + safe + "-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// A seed filled with one byte value, for deterministic host keys.
func fixedSeed(_ byte: UInt8) -> SecretBytes { SecretBytes([UInt8](repeating: byte, count: 32)) }
