import Foundation

/// Turns the spec's descriptions (Markdown with Hugo shortcodes) into plain Markdown for doc comments.
enum Documentation {
    /// `{{% boxes/note %}}` … `{{% /boxes/note %}}` become a `> **Note:**` quote; other shortcodes are dropped
    /// with their delimiters; site-relative links get the spec's address.
    static func markdown(_ text: String) -> String {
        guard !text.isEmpty else { return "" }
        var lines: [String] = []
        var boxDepth = 0
        for rawLine in text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false) {
            var line = String(rawLine)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("{{%") || trimmed.hasPrefix("{{<") {
                let inner = trimmed.dropFirst(3).trimmingCharacters(in: CharacterSet(charactersIn: " %>}"))
                if inner.hasPrefix("/") {
                    boxDepth = max(0, boxDepth - 1)
                    continue
                }
                if inner.hasPrefix("boxes/") {
                    let kind = inner.dropFirst(6).split(separator: " ").first.map(String.init) ?? "note"
                    let label: String
                    switch kind {
                    case "warning": label = "Warning"
                    case "rationale": label = "Rationale"
                    case "added-in", "changed-in": label = "Changed"
                    default: label = "Note"
                    }
                    lines.append(String(repeating: "> ", count: boxDepth) + "> **\(label):**")
                    boxDepth += 1
                    continue
                }
                if trimmed.hasSuffix("%}}") || trimmed.hasSuffix(">}}") {
                    // An inline shortcode on its own line (`{{% changed-in v="1.3" %}}`): keep nothing.
                    continue
                }
            }
            line = replaceInlineShortcodes(line)
            line = line.replacingOccurrences(of: "](/", with: "](https://spec.matrix.org/latest/")
            if boxDepth > 0 {
                line = String(repeating: "> ", count: boxDepth) + line
                line = line.trimmingCharacters(in: .whitespaces).isEmpty ? String(repeating: ">", count: boxDepth) : line
            }
            lines.append(line)
        }
        while lines.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeLast() }
        return lines.map { $0.replacingOccurrences(of: "\t", with: "    ") }
            .map { $0.hasSuffix(" ") ? String($0.reversed().drop { $0 == " " }.reversed()) : $0 }
            .joined(separator: "\n")
    }

    /// Removes `{{% ... %}}` / `{{< ... >}}` appearing inside a line.
    static func replaceInlineShortcodes(_ line: String) -> String {
        var result = line
        for (open, close) in [("{{%", "%}}"), ("{{<", ">}}")] {
            while let start = result.range(of: open), let end = result.range(of: close, range: start.upperBound..<result.endIndex) {
                result.removeSubrange(start.lowerBound..<end.upperBound)
            }
        }
        return result
    }
}

/// Renders a spec example (YAML or JSON, possibly built from `$ref`s) as JSON text.
enum ExampleJSON {
    static func render(_ node: SpecNode, file: String, store: SpecStore, depth: Int = 0) throws(Diagnostic) -> String {
        var output = ""
        try write(node, file: file, store: store, depth: depth, into: &output)
        return output
    }

    private static func write(_ node: SpecNode, file: String, store: SpecStore, depth: Int, into output: inout String) throws(Diagnostic) {
        if depth > 64 { throw .error("example nests $refs too deeply (cycle?)", at: node.location) }
        switch node.kind {
        case .scalar(let text, let plain):
            output += plain ? plainScalar(text) : quote(text)
        case .sequence(let items):
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += "," }
                try write(item, file: file, store: store, depth: depth, into: &output)
            }
            output += "]"
        case .mapping(let pairs):
            if pairs.count == 1, pairs[0].key == "$ref", let ref = pairs[0].value.string {
                let resolved = try store.resolve(ref, in: file, at: pairs[0].value.location)
                try write(resolved.node, file: resolved.file, store: store, depth: depth + 1, into: &output)
                return
            }
            output += "{"
            for (index, pair) in pairs.enumerated() {
                if index > 0 { output += "," }
                output += quote(pair.key) + ":"
                try write(pair.value, file: file, store: store, depth: depth, into: &output)
            }
            output += "}"
        }
    }

    static func plainScalar(_ text: String) -> String {
        switch text {
        case "null", "~", "", "Null", "NULL": return "null"
        case "true", "True", "TRUE": return "true"
        case "false", "False", "FALSE": return "false"
        default: break
        }
        if Int64(text) != nil { return text }
        if Double(text) != nil, text.first != ".", text.last != ".", !text.contains("inf"), !text.contains("nan") { return text }
        return quote(text)
    }

    static func quote(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 {
                    result += String(format: "\\u%04x", scalar.value)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
