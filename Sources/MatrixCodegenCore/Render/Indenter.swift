/// Re-indents rendered Swift by its brackets, four spaces a level, so templates need not track the depth
/// at which a partial is included. Brackets inside string literals and comments do not count; `case` and
/// `default` of a `switch` line up with the `switch`.
enum Indenter {
    static func reindent(_ text: String) -> String {
        var output: [String] = []
        var stack: [Bool] = []  // one entry per open bracket: whether it opened a switch body
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.drop { $0 == " " || $0 == "\t" }
            if line.isEmpty {
                output.append("")
                continue
            }
            let (opens, leadingCloses) = scan(line)
            var depth = stack.count - leadingCloses
            if (line.hasPrefix("case ") || line.hasPrefix("default:")) && stack.last == true && leadingCloses == 0 {
                depth -= 1
            }
            output.append(String(repeating: "    ", count: max(0, depth)) + line)
            // Apply the line's brackets in order.
            for event in opens {
                switch event {
                case .open(let isSwitch): stack.append(isSwitch)
                case .close: if !stack.isEmpty { stack.removeLast() }
                }
            }
        }
        return output.joined(separator: "\n")
    }

    enum Event {
        case open(isSwitch: Bool)
        case close
    }

    /// The bracket events of a line and how many closing brackets it starts with.
    static func scan(_ line: Substring) -> ([Event], Int) {
        var events: [Event] = []
        var leadingCloses = 0
        var sawOther = false
        var inString = false
        var escaped = false
        var previous: Character?
        let isSwitch = line.hasPrefix("switch ") || line.contains(" switch ")
        for character in line {
            if inString {
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    inString = false
                }
                previous = character
                continue
            }
            if character == "/" && previous == "/" { break }
            switch character {
            case "\"":
                inString = true
                sawOther = true
            case "{", "(", "[":
                events.append(.open(isSwitch: character == "{" && isSwitch))
                sawOther = true
            case "}", ")", "]":
                events.append(.close)
                if !sawOther { leadingCloses += 1 }
            case " ":
                break
            default:
                sawOther = true
            }
            previous = character
        }
        return (events, leadingCloses)
    }
}
