import ArgumentParser

@main
struct Heliograph: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "heliograph",
        abstract: "Threshold key generation and signing for airgapped devices, over animated QR codes.",
        subcommands: [
            DemoCommand.self, IdentityCommand.self, DKGCommand.self, SignCommand.self, CoordinatorCommand.self,
            SendCommand.self, ScanCommand.self, QRCommand.self, URCommand.self, SheetCommand.self,
            LifeHashCommand.self, VectorsCommand.self,
        ]
    )
}
