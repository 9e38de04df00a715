import ArgumentParser
import FROST
import Foundation

/// Where a device's state passphrase comes from: `--passphrase-file`, else `HELIOGRAPH_PASSPHRASE`, else a prompt
/// on the terminal without echo. The passphrase is never printed or logged, and its bytes are wiped after use.
struct PassphraseOptions: ParsableArguments {
    @Option(name: .customLong("passphrase-file"), help: "File whose first line is the state passphrase.")
    var passphraseFile: String?

    static let environmentName = "HELIOGRAPH_PASSPHRASE"
    static let maximumBytes = 1024

    /// The passphrase bytes; the caller wipes them. `confirm` asks twice when prompting (a new state).
    func read(confirm: Bool = false) throws -> [UInt8] {
        if let passphraseFile {
            guard let handle = FileHandle(forReadingAtPath: passphraseFile) else {
                throw CLIError("Cannot read the passphrase file \(passphraseFile).")
            }
            defer { try? handle.close() }
            var data = handle.readData(ofLength: Self.maximumBytes + 1)
            var bytes = [UInt8](data)
            defer {
                // Foundation's buffer held the passphrase too.
                data.resetBytes(in: 0..<data.count)
                wipe(&bytes)
            }
            guard bytes.count <= Self.maximumBytes else { throw CLIError("The passphrase file is too long.") }
            return try Self.checked(Array(bytes.prefix { $0 != 0x0A && $0 != 0x0D }))
        }
        if let value = ProcessInfo.processInfo.environment[Self.environmentName] {
            return try Self.checked(Array(value.utf8))
        }
        guard isatty(STDIN_FILENO) == 1 else {
            throw CLIError(
                "No passphrase: give --passphrase-file, set \(Self.environmentName), or run on a terminal.")
        }
        var first = try Self.prompt("State passphrase: ")
        guard confirm else { return try Self.checked(first) }
        var second = try Self.prompt("Repeat the passphrase: ")
        defer { wipe(&second) }
        guard SecretBytes(first).constantTimeEquals(SecretBytes(second)) else {
            wipe(&first)
            throw CLIError("The passphrases differ.")
        }
        return try Self.checked(first)
    }

    private static func checked(_ bytes: [UInt8]) throws -> [UInt8] {
        guard !bytes.isEmpty else { throw CLIError("The passphrase is empty.") }
        return bytes
    }

    /// Reads one line from the terminal with echo off, restoring the terminal afterwards.
    private static func prompt(_ text: String) throws -> [UInt8] {
        FileHandle.standardError.write(Data(text.utf8))
        var saved = termios()
        let hasTerminal = tcgetattr(STDIN_FILENO, &saved) == 0
        if hasTerminal {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
        }
        defer {
            if hasTerminal { tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved) }
            FileHandle.standardError.write(Data("\n".utf8))
        }
        // Reserved up front so that growing never reallocates and leaves an unwiped partial copy behind.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(maximumBytes)
        var byte: UInt8 = 0
        while Glibc.read(STDIN_FILENO, &byte, 1) == 1, byte != 0x0A, byte != 0x0D {
            guard bytes.count < maximumBytes else {
                wipe(&bytes)
                throw CLIError("The passphrase is too long.")
            }
            bytes.append(byte)
        }
        byte = 0
        return bytes
    }
}
