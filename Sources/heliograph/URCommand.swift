import ArgumentParser

struct URCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ur",
        abstract: "Encode and decode Uniform Resources (BCR-2020-005) and their multipart fountain parts.",
        subcommands: [UREncode.self, URDecode.self]
    )
}
