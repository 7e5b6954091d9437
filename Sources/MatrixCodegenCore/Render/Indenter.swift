/// Lays out rendered Swift in one pass over its UTF-8 bytes, so templates need not track the depth at which a
/// partial is included nor the blank lines a skipped section leaves:
/// - every line is re-indented by its brackets, four spaces a level; brackets inside string literals and
///   after `//` do not count; `case` and `default` of a `switch` line up with the `switch`;
/// - trailing spaces are dropped, runs of blank lines fold to one, no blank line follows an opening brace or
///   precedes a closing one, and the text ends with exactly one newline.
enum Indenter {
    private struct Line {
        var depth: Int
        var start: Int
        var end: Int  // exclusive, trailing spaces already trimmed
        var isEmpty: Bool { start == end }
    }

    static func format(_ text: String) -> String {
        var text = text
        return text.withUTF8 { format(bytes: $0) }
    }

    private static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), newline = UInt8(ascii: "\n")
    private static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\"), slash = UInt8(ascii: "/")

    private static func format(bytes: UnsafeBufferPointer<UInt8>) -> String {
        var lines: [Line] = []
        lines.reserveCapacity(bytes.count / 32)
        var stack: [Bool] = []  // one entry per open bracket: whether it opened a switch body
        var blank = 0
        var lineStart = 0
        let count = bytes.count
        while lineStart <= count {
            var lineEnd = lineStart
            while lineEnd < count && bytes[lineEnd] != newline { lineEnd += 1 }
            var start = lineStart
            while start < lineEnd && (bytes[start] == space || bytes[start] == tab) { start += 1 }
            var end = lineEnd
            while end > start && bytes[end - 1] == space { end -= 1 }
            var line = Line(depth: 0, start: start, end: end)
            if !line.isEmpty {
                line.depth = layOut(bytes, start, end, &stack)
            }
            // Blank-line rules.
            if line.isEmpty {
                blank += 1
                if blank > 1 || lines.isEmpty { lineStart = lineEnd + 1; continue }
            } else {
                if blank > 0, bytes[start] == UInt8(ascii: "}"), !lines.isEmpty { lines.removeLast() }
                blank = 0
                if lines.count >= 2, lines[lines.count - 1].isEmpty {
                    let previous = lines[lines.count - 2]
                    if !previous.isEmpty, bytes[previous.end - 1] == UInt8(ascii: "{") { lines.removeLast() }
                }
            }
            lines.append(line)
            lineStart = lineEnd + 1
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        var size = 1
        for line in lines { size += line.depth * 4 + (line.end - line.start) + 1 }
        return String(unsafeUninitializedCapacity: size) { output in
            var at = 0
            for (index, line) in lines.enumerated() {
                if index > 0 { output[at] = newline; at += 1 }
                if !line.isEmpty {
                    for _ in 0..<(line.depth * 4) { output[at] = space; at += 1 }
                    for offset in line.start..<line.end { output[at] = bytes[offset]; at += 1 }
                }
            }
            output[at] = newline
            return at + 1
        }
    }

    /// The depth of a non-empty line, applying its brackets to `stack`.
    private static func layOut(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ stack: inout [Bool]) -> Int {
        let isSwitch = hasPrefix(bytes, start, end, "switch ") || contains(bytes, start, end, " switch ")
        let isCase = hasPrefix(bytes, start, end, "case ") || hasPrefix(bytes, start, end, "default:")
        let depthBefore = stack.count
        let innermostIsSwitch = stack.last == true
        var leadingCloses = 0
        var sawOther = false
        var inString = false
        var escaped = false
        var previous: UInt8 = 0
        var index = start
        while index < end {
            let byte = bytes[index]
            index += 1
            if inString {
                if escaped {
                    escaped = false
                } else if byte == backslash {
                    escaped = true
                } else if byte == quote {
                    inString = false
                }
                previous = byte
                continue
            }
            if byte == slash && previous == slash { break }
            switch byte {
            case quote:
                inString = true
                sawOther = true
            case UInt8(ascii: "{"), UInt8(ascii: "("), UInt8(ascii: "["):
                stack.append(byte == UInt8(ascii: "{") && isSwitch)
                sawOther = true
            case UInt8(ascii: "}"), UInt8(ascii: ")"), UInt8(ascii: "]"):
                if !stack.isEmpty { stack.removeLast() }
                if !sawOther { leadingCloses += 1 }
            case space:
                break
            default:
                sawOther = true
            }
            previous = byte
        }
        // A leading close dedents the line itself; `case` in a switch body sits at the switch's depth.
        var depth = depthBefore - leadingCloses
        if isCase && innermostIsSwitch && leadingCloses == 0 { depth -= 1 }
        return max(0, depth)
    }

    private static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ prefix: StaticString) -> Bool {
        let length = prefix.utf8CodeUnitCount
        guard end - start >= length else { return false }
        let pointer = prefix.utf8Start
        for offset in 0..<length where bytes[start + offset] != pointer[offset] { return false }
        return true
    }

    private static func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ needle: StaticString) -> Bool {
        let length = needle.utf8CodeUnitCount
        guard end - start >= length else { return false }
        let pointer = needle.utf8Start
        var at = start
        outer: while at + length <= end {
            for offset in 0..<length where bytes[at + offset] != pointer[offset] { at += 1; continue outer }
            return true
        }
        return false
    }
}
