import Testing
import UniformResources
@testable import Optical

@Suite struct AnimatedReceiverTests {
    /// One photo of a printed signing sheet holding all six parts of an 850-byte message is enough.
    @Test func onePhotoOfASheetPageCompletesTheMessage() throws {
        let photo = try ImageDecoder.load(path: fixturePath("sheet-photo.jpg"))
        var receiver = AnimatedReceiver(scanner: QRScannerTests.unlimitedCamera)
        let events = receiver.receive(frame: photo)
        let ur = try #require(receiver.result)
        #expect(ur.type == "bytes")
        // The CBOR byte string header of 850 bytes, then the payload.
        #expect(Array(ur.cbor.prefix(3)) == [0x59, 0x03, 0x52])
        #expect(ur.cbor.count == 853)
        #expect(events.last == .completed(ur))
        #expect(receiver.progress.frames == 1)
    }

    /// A frame with a code that could not be read says so, before the parts it did read.
    @Test func unreadCodesAreAnEvent() throws {
        let fixture = try AnimationFixture(messageLength: 300, fragmentLength: 60)
        let frame = try #require(QRScannerTests.pair(left: fixture.parts[0], right: fixture.parts[1],
            damageRight: true))
        // The still-image scanner: the camera one looks for unread codes only once it has read two.
        var receiver = AnimatedReceiver(scanner: QRScanner(budget: .infinity))
        let events = receiver.receive(frame: frame)
        #expect(events.first == .codesUnread(found: 2, read: 1))
        #expect(events.dropFirst().first == .accepted(fixture.parts[0]))
    }

    /// A filmed animation with 20% of frames lost and 25% caught mid-refresh still completes.
    @Test func filmedAnimationWithDropsAndBlendsCompletes() throws {
        let fixture = try AnimationFixture(messageLength: 300, fragmentLength: 60)
        let film = FilmedAnimation(codes: fixture.codes, tier: .easy, seed: 1_000_123, dropRate: 0.2,
            blendRate: 0.25, canvasWidth: 480, canvasHeight: 360)
        var receiver = AnimatedReceiver(scanner: QRScanner(ladder: QRScanner.cameraLadder, budget: 10))
        var events: [AnimatedReceiver.Event] = []
        var dropped = 0
        // The animation loops, as a sender's screen does until the receiver has it all.
        for index in 0..<(2 * fixture.codes.count) where !receiver.isComplete {
            guard let frame = film.frame(index) else {
                dropped += 1
                continue
            }
            events += receiver.receive(frame: frame, time: Double(index) / 8)
        }
        #expect(receiver.result == fixture.ur)
        #expect(events.last == .completed(fixture.ur))
        #expect(receiver.progress.rank == receiver.progress.seqLen)
        #expect(receiver.progress.frames + dropped <= 2 * fixture.codes.count)
        #expect(dropped > 0)
    }

    @Test func duplicatesAndForeignTextsAreReportedAndIgnored() throws {
        let fixture = try AnimationFixture(messageLength: 200, fragmentLength: 50)
        let other = try AnimationFixture(messageLength: 200, fragmentLength: 50, seed: 99)
        var receiver = AnimatedReceiver()
        #expect(receiver.receive(text: fixture.parts[0].uppercased()) == [.accepted(fixture.parts[0].uppercased())])
        #expect(receiver.receive(text: fixture.parts[0]) == [.duplicate(fixture.parts[0])])
        let events = receiver.receive(text: other.parts[1]) + receiver.receive(text: "HELLO")
            + receiver.receive(text: "ur:bytes/1-4/nonsense")
        #expect(events.count == 3)
        guard case .otherMessage = events[0] else {
            Issue.record("a part of another message should be named as such, got \(events[0])")
            return
        }
        for event in events.dropFirst() {
            guard case .foreign = event else {
                Issue.record("expected a foreign-part event, got \(event)")
                continue
            }
        }
        #expect(receiver.progress.rank == 1)
        var completed = false
        for part in fixture.parts.dropFirst() where !receiver.isComplete {
            completed = receiver.receive(text: part).contains(.completed(fixture.ur)) || completed
        }
        #expect(completed)
        #expect(receiver.receive(text: fixture.parts[1]).isEmpty)
    }

    @Test func singlePartURCompletesAtOnce() throws {
        let ur = try UR(type: "bytes", cbor: [0x43, 1, 2, 3])
        var receiver = AnimatedReceiver()
        #expect(receiver.receive(text: ur.qrString) == [.accepted(ur.qrString), .completed(ur)])
        #expect(receiver.progress.percent == 100)
    }

    @Test func framesPerSecondFollowsTheTimestamps() throws {
        var receiver = AnimatedReceiver()
        let blank = GrayImage(width: 32, height: 32)
        for index in 0..<9 { _ = receiver.receive(frame: blank, time: 10 + Double(index) * 0.125) }
        #expect(receiver.progress.frames == 9)
        #expect(receiver.progress.framesWithCode == 0)
        #expect(abs(receiver.progress.framesPerSecond - 8) < 1e-9)
    }
}
