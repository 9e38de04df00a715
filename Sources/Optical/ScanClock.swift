import Foundation

/// The two clocks of one frame: wall time and the scanning thread's CPU time since the frame began.
struct FrameClock {
    private let wallStart = DispatchTime.now().uptimeNanoseconds
    private let cpuStart = FrameClock.threadCPUSeconds()

    /// Wall seconds since the frame began.
    func wall() -> Double { Double(DispatchTime.now().uptimeNanoseconds - wallStart) / 1e9 }

    /// CPU seconds of this thread since the frame began.
    func cpu() -> Double { FrameClock.threadCPUSeconds() - cpuStart }

    /// How many wall seconds a CPU second has taken on this frame so far (at least 1): the share of a core the
    /// thread is getting on a loaded machine.
    func slowdown() -> Double {
        let cpu = cpu()
        return cpu > 0.000_5 ? max(1, wall() / cpu) : 1
    }

    private static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
