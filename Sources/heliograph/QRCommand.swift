import ArgumentParser

/// `heliograph qr`: QR codes of URs, out (render) and in (read).
struct QRCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qr",
        abstract: "Render URs as QR codes (png, svg, pdf, gif, html, terminal) and read them back.",
        // Subcommands, one file each: QRRender (QRRenderCommand.swift, optical-a); optical-b adds QRRead.
        subcommands: [QRRender.self, QRRead.self]
    )
}
