/// What a player says about the animation it plays: the UR type and payload size.
public struct PlayerCaption: Sendable, Equatable {
    /// The UR type, e.g. `crypto-psbt`.
    public var type: String
    /// Bytes of the UR's CBOR payload.
    public var bytes: Int

    /// The caption of a `type` UR of `bytes` bytes.
    public init(type: String, bytes: Int) {
        self.type = type
        self.bytes = bytes
    }

    /// One sentence a person reads beside the animation: what it is and when to stop showing it. No frame
    /// counter: receivers complete from enough frames, whichever they catch, never from every frame.
    public var text: String {
        "\(type), \(bytes) bytes. " + TerminalLayout.keepShowing
    }
}

/// A self-contained, offline HTML page that plays QR frames: every frame is embedded as SVG path data in the page,
/// drawn into one inline `<svg>`, with play/pause, a frame-rate control and a line saying what is shown and that it
/// plays until the other device is complete (no "n / N" counter, which suggests every frame is needed). It loads
/// nothing: no network, no external script, style or font (the inline SVG needs no namespace URL either).
public enum HTMLPlayer {
    /// The page for `frames` (all the same size, as a frame profile guarantees; a smaller one is centred), starting
    /// at `fps` frames a second, under `caption` (or a general line when nil). Throws `OpticalError.noFrames` for an empty list and `invalidRenderParameter` for
    /// a frame rate outside 0.1...60.
    public static func page(
        frames: [QRCode], fps: Double = 8, margin: Int = QRCode.quietZone, title: String = "Heliograph",
        caption: PlayerCaption? = nil
    ) throws -> String {
        let about = caption?.text ?? "A looping animation. " + TerminalLayout.keepShowing
        guard let largest = frames.map(\.size).max() else { throw OpticalError.noFrames }
        try RenderOptions.checkFPS(fps)
        let margin = max(0, min(margin, 100))
        let span = largest + 2 * margin
        let paths = frames.map { code in
            "\"" + SVGRenderer.pathData(code, margin: margin + (largest - code.size) / 2) + "\""
        }
        let fpsText = fps == fps.rounded() ? String(Int(fps)) : String(fps)
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escapeHTML(title))</title>
            <style>
            body { margin: 0; background: #fff; color: #000; font: 16px sans-serif; text-align: center; }
            svg { width: min(96vw, 86vh); height: min(96vw, 86vh); display: block; margin: 1vh auto; }
            .controls { display: flex; gap: 1em; justify-content: center; align-items: center; }
            </style>
            </head>
            <body>
            <svg id="frame" viewBox="0 0 \(span) \(span)" shape-rendering="crispEdges" role="img" \
            aria-label="QR frame">
            <rect width="\(span)" height="\(span)" fill="#fff"/>
            <path id="modules" fill="#000" d=""/>
            </svg>
            <div class="controls">
            <button id="toggle" type="button">Pause</button>
            <label>fps <input id="fps" type="range" min="0.5" max="60" step="0.5" value="\(fpsText)"></label>
            <output id="fpsValue">\(fpsText)</output>
            </div>
            <p id="about">\(escapeHTML(about))</p>
            <script>
            "use strict";
            const frames = [
            \(paths.joined(separator: ",\n"))
            ];
            const modules = document.getElementById("modules");
            const toggle = document.getElementById("toggle");
            const fpsInput = document.getElementById("fps");
            const fpsValue = document.getElementById("fpsValue");
            let index = 0;
            let fps = \(fpsText);
            let timer = null;
            function show(i) {
              index = (i + frames.length) % frames.length;
              modules.setAttribute("d", frames[index]);
            }
            function play() {
              stop();
              timer = setInterval(function () { show(index + 1); }, 1000 / fps);
              toggle.textContent = "Pause";
            }
            function stop() {
              if (timer !== null) { clearInterval(timer); timer = null; }
              toggle.textContent = "Play";
            }
            toggle.addEventListener("click", function () { if (timer === null) { play(); } else { stop(); } });
            fpsInput.addEventListener("input", function () {
              fps = Number(fpsInput.value);
              fpsValue.textContent = String(fps);
              if (timer !== null) { play(); }
            });
            show(0);
            if (frames.length > 1) { play(); } else { stop(); }
            </script>
            </body>
            </html>

            """
    }

    private static func escapeHTML(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
