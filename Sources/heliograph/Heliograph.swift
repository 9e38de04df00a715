import ArgumentParser

@main
struct Heliograph: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "heliograph",
        abstract: "Threshold key generation and signing for airgapped devices, over animated QR codes.",
        subcommands: [URCommand.self, VectorsCommand.self, QRCommand.self, SendCommand.self, ScanCommand.self]
    )
}
