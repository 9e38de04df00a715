import ArgumentParser
import Foundation
import Optical
import UniformResources

/// `heliograph scan`: receives one UR from an animated QR code, through the same input options as every ceremony
/// step, and writes its payload as `heliograph ur decode` does.
struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Assemble one UR from QR codes in images, frames on stdin, a video or a camera; write its payload.",
        discussion: """
            The input is one of: PATHs (image files; a directory stands for its images sorted by name), --video, \
            raw 8-bit gray frames on stdin (--raw-frames WIDTHxHEIGHT), --camera, or UR text (--ur-file). Reading \
            stops as soon as the parts received determine the message. QR codes of other messages or that are not \
            URs are reported on stderr and skipped. If the input ends first, the command says how far it got and \
            exits non-zero. Video and camera input need ffmpeg (camera: a V4L2 device such as /dev/video0).
            """
    )

    @OptionGroup var output: PayloadOutputOptions

    @OptionGroup var input: ScanInputOptions

    func run() throws {
        let received = try input.receiveScans()
        guard received.count == 1, let scanned = received.first else {
            throw CLIError("The input holds \(received.count) messages; scan writes one. Give one animation at a time.")
        }
        let state = scanned.progress
        try output.write(
            scanned.ur,
            counts: [
                "seqLen": state?.seqLen ?? 0, "partsReceived": state?.partsReceived ?? 0,
                "messageLength": scanned.ur.cbor.count, "frames": state?.frames ?? 0,
            ])
    }
}
