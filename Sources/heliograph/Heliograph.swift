import ArgumentParser
import Foundation

@main
struct Heliograph: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "heliograph",
        abstract: "Threshold key generation and signing for airgapped devices, over animated QR codes.",
        subcommands: [
            DemoCommand.self, IdentityCommand.self, DKGCommand.self, GroupCommand.self, SignCommand.self, CoordinatorCommand.self,
            SendCommand.self, ScanCommand.self, QRCommand.self, URCommand.self, SheetCommand.self,
            LifeHashCommand.self, VectorsCommand.self, WalletCommand.self,
        ]
    )

    /// Parses and runs a command like ArgumentParser's own `main`, except that a failure's message goes through
    /// `Console.escapedLines`: an error may quote what another party sent, and no control of theirs reaches stderr.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            // Help, versions and bare exit codes print nothing of another party's: ArgumentParser does them.
            guard code != .success, !(error is ExitCode) else { exit(withError: error) }
            let message = fullMessage(for: error)
            if !message.isEmpty { FileHandle.standardError.write(Data((Console.escapedLines(message) + "\n").utf8)) }
            Foundation.exit(code.rawValue)
        }
    }
}
