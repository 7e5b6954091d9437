import Foundation

/// Turns the spec's descriptions (Markdown with Hugo shortcodes) into plain Markdown for doc comments.
enum Documentation {
    /// `{{% boxes/note %}}` … `{{% /boxes/note %}}` become a `> **Note:**` quote; other shortcodes are dropped
    /// with their delimiters; site-relative links get the spec's address.
    static func markdown(_ text: String) -> String {
        guard !text.isEmpty else { return "" }
        var lines: [String] = []
        var boxDepth = 0
        for rawLine in Documentation.lines(of: text) {
            let trimmed = trimSpaces(rawLine)
            if trimmed.hasPrefix("{{%") || trimmed.hasPrefix("{{<") {
                let inner = trim(trimmed.dropFirst(3)) { $0 == " " || $0 == "%" || $0 == ">" || $0 == "}" }
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
            var line = String(rawLine)
            if contains(UInt8(ascii: "{"), in: line) { line = replaceInlineShortcodes(line) }
            if contains(UInt8(ascii: "]"), in: line) { line = replacing("](/", with: "](https://spec.matrix.org/latest/", in: line) }
            if boxDepth > 0 {
                line = String(repeating: "> ", count: boxDepth) + line
            }
            lines.append(line)
        }
        while let last = lines.last, trimSpaces(last[...]).isEmpty { lines.removeLast() }
        return lines.map { line in
            var line = contains(UInt8(ascii: "\t"), in: line) ? replacing("\t", with: "    ", in: line) : line
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }

    /// Whether `text`'s UTF-8 holds `byte`, read from its contiguous storage (iterating a `String.UTF8View`
    /// costs several times more).
    static func contains(_ byte: UInt8, in text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { $0.contains(byte) } ?? text.utf8.contains(byte)
    }

    /// The lines of `text`, split at `\n` and `\r\n`, found by scanning its UTF-8 (splitting a `String` by
    /// `Character` took most of this function's time).
    static func lines(of text: String) -> [Substring] {
        var lines: [Substring] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            if utf8[index] == UInt8(ascii: "\n") {
                var end = index
                if end != start, utf8[utf8.index(before: end)] == UInt8(ascii: "\r") { end = utf8.index(before: end) }
                lines.append(text[start..<end])
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        lines.append(text[start..<utf8.endIndex])
        return lines
    }

    /// `text` without the spaces and tabs that begin and end it, as `Character`s: a space that a combining mark
    /// follows is one `Character` with it and stays. Scanned as bytes; a blank followed by a non-ASCII byte is
    /// checked as a `Character`.
    static func trimSpaces(_ text: Substring) -> Substring {
        let utf8 = text.utf8
        func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        var start = utf8.startIndex
        while start != utf8.endIndex, isBlank(utf8[start]) {
            let next = utf8.index(after: start)
            if next != utf8.endIndex, utf8[next] >= 0x80, let character = text[start...].first, character != " " && character != "\t" { break }
            start = next
        }
        var end = utf8.endIndex
        while end != start, isBlank(utf8[utf8.index(before: end)]) { end = utf8.index(before: end) }
        return text[start..<end]
    }

    static func trim(_ text: Substring, where predicate: (Character) -> Bool) -> Substring {
        var result = text
        while let first = result.first, predicate(first) { result = result.dropFirst() }
        while let last = result.last, predicate(last) { result = result.dropLast() }
        return result
    }

    /// `text` with every occurrence of `target` replaced, scanning once (no Foundation).
    static func replacing(_ target: String, with replacement: String, in text: String) -> String {
        var result = ""
        var rest = text[...]
        var replaced = false
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
            replaced = true
        }
        if !replaced { return text }
        result += rest
        return result
    }

    /// Removes `{{% ... %}}` / `{{< ... >}}` appearing inside a line.
    static func replaceInlineShortcodes(_ line: String) -> String {
        var result = line
        for (open, close) in [("{{%", "%}}"), ("{{<", ">}}")] {
            while let start = result.firstRange(of: open), let end = result[start.upperBound...].firstRange(of: close) {
                result.removeSubrange(start.lowerBound..<end.upperBound)
            }
        }
        return result
    }
}

/// Renders a spec example (YAML or JSON, possibly built from `$ref`s) as JSON text. As in the spec's own
/// tooling, an object holding `$ref` is the referenced object with the object's other keys laid over it.
enum ExampleJSON {
    indirect enum Value {
        case literal(String)
        case array([Value])
        case object([(String, Value)])
    }

    static func render(_ node: SpecNode, file: String, store: SpecStore) throws(Diagnostic) -> String {
        var output = ""
        write(try value(node, file: file, store: store, depth: 0), into: &output)
        return output
    }

    static func value(_ node: SpecNode, file: String, store: SpecStore, depth: Int) throws(Diagnostic) -> Value {
        if depth > 64 { throw .error("example nests $refs too deeply (cycle?)", at: node.location) }
        switch node.kind {
        case .scalar(let text, let plain):
            return .literal(plain ? plainScalar(text) : quote(text))
        case .sequence(let items):
            var values: [Value] = []
            for item in items { values.append(try value(item, file: file, store: store, depth: depth)) }
            return .array(values)
        case .mapping(let pairs):
            var entries: [(String, Value)] = []
            if let refNode = node["$ref"], let ref = refNode.string {
                let resolved = try store.resolve(ref, in: file, at: refNode.location, followingChains: false)
                guard case .object(let base) = try value(resolved.node, file: resolved.file, store: store, depth: depth + 1) else {
                    if pairs.count == 1 { return try value(resolved.node, file: resolved.file, store: store, depth: depth + 1) }
                    throw .error("$ref with sibling keys must reference an object", at: refNode.location)
                }
                entries = base
            }
            for pair in pairs where pair.key != "$ref" {
                let item = try value(pair.value, file: file, store: store, depth: depth)
                if let index = entries.firstIndex(where: { $0.0 == pair.key }) {
                    entries[index].1 = item
                } else {
                    entries.append((pair.key, item))
                }
            }
            return .object(entries)
        }
    }

    static func write(_ value: Value, into output: inout String) {
        switch value {
        case .literal(let text): output += text
        case .array(let items):
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += "," }
                write(item, into: &output)
            }
            output += "]"
        case .object(let entries):
            output += "{"
            for (index, entry) in entries.enumerated() {
                if index > 0 { output += "," }
                output += quote(entry.0) + ":"
                write(entry.1, into: &output)
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
        if Double(text) != nil, text.first != ".", text.last != ".", !text.lowercased().contains("inf"), !text.lowercased().contains("nan") { return text }
        return quote(text)
    }

    static func quote(_ text: String) -> String {
        StringEscaping.quoted(text) { String(format: "\\u%04x", $0) }
    }
}

/// Double-quoted literals as JSON and Swift both write them; they differ only in how other control
/// characters are escaped.
enum StringEscaping {
    static func quoted(_ text: String, control: (UInt32) -> String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 { result += control(scalar.value) } else { result.unicodeScalars.append(scalar) }
            }
        }
        return result + "\""
    }
}
