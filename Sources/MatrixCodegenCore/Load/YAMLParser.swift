import CYAML

/// Reads YAML (and JSON, which libyaml reads as YAML) into `SpecNode`s from libyaml's event stream.
/// Anchors and aliases are resolved; every node keeps its `file:line:column`. The bytes go to libyaml as they
/// are, so invalid UTF-8 is an error at its position rather than silently replaced; nesting deeper than
/// `maximumDepth` and aliases that would expand to more than `aliasExpansionBudget` nodes (a "billion laughs")
/// are errors as soon as they are reached.
enum YAMLParser {
    /// Deeper than any schema or example in the spec (about 20 levels) by far.
    static let maximumDepth = 256
    /// Nodes that aliases of one file may add, counted as if each alias were a copy of its anchor.
    static let aliasExpansionBudget = 1_000_000

    static func parse(_ text: String, file: String) throws(Diagnostic) -> SpecNode {
        try parse(bytes: Array(text.utf8), file: file)
    }

    static func parse(bytes: [UInt8], file: String) throws(Diagnostic) -> SpecNode {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw .error("cannot initialise the YAML parser", at: SourceLocation(file: file, line: 1, column: 1))
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)

        var bytes = bytes
        return try bytes.withUnsafeMutableBufferPointer { (buffer) throws(Diagnostic) -> SpecNode in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var builder = TreeBuilder(file: file)
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    throw failure(parser, bytes: UnsafeBufferPointer(buffer), file: file)
                }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { break }
                try builder.consume(event)
            }
            guard let root = builder.root else {
                throw .error("empty YAML file: expected a document", at: SourceLocation(file: file, line: 1, column: 1))
            }
            return root
        }
    }

    /// libyaml's error, where it happened. Reader errors (invalid UTF-8) give a byte offset, not a mark.
    private static func failure(_ parser: yaml_parser_t, bytes: UnsafeBufferPointer<UInt8>, file: String) -> Diagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown error"
        let context = parser.context.map { String(cString: $0) + ": " } ?? ""
        if parser.error == YAML_READER_ERROR {
            let offset = min(Int(parser.problem_offset), bytes.count)
            var line = 1
            var lineStart = 0
            for index in 0..<offset where bytes[index] == 0x0A {
                line += 1
                lineStart = index + 1
            }
            // The column in characters: count the bytes that start a UTF-8 sequence.
            let column = 1 + bytes[lineStart..<offset].filter { $0 & 0xC0 != 0x80 }.count
            return .error(
                "invalid UTF-8 (\(problem), byte 0x\(String(parser.problem_value, radix: 16, uppercase: true)) at offset \(offset))",
                at: SourceLocation(file: file, line: line, column: column))
        }
        let mark = parser.problem_mark
        return .error(
            "malformed YAML: \(context)\(problem)",
            at: SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1))
    }
}

private struct TreeBuilder {
    enum Frame {
        case mapping(location: SourceLocation, anchor: String?, pairs: [(key: String, value: SpecNode)], pendingKey: String?)
        case sequence(location: SourceLocation, anchor: String?, items: [SpecNode])
    }

    let file: String
    var stack: [Frame] = []
    var anchors: [String: SpecNode] = [:]
    var root: SpecNode?
    /// Nodes added through aliases so far.
    var aliasExpansion = 0

    init(file: String) { self.file = file }

    mutating func consume(_ event: yaml_event_t) throws(Diagnostic) {
        let location = SourceLocation(file: file, line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
        switch event.type {
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let text = scalar.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: scalar.length), as: UTF8.self) } ?? ""
            let node = SpecNode(.scalar(text, plain: scalar.style == YAML_PLAIN_SCALAR_STYLE), location: location)
            if let anchor = scalar.anchor { anchors[String(cString: anchor)] = node }
            try add(node, at: location)
        case YAML_ALIAS_EVENT:
            let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
            guard let node = anchors[name] else { throw .error("unknown YAML alias *\(name)", at: location) }
            aliasExpansion += node.size
            guard aliasExpansion <= YAMLParser.aliasExpansionBudget else {
                throw .error(
                    "YAML aliases expand to more than \(YAMLParser.aliasExpansionBudget) nodes (alias *\(name) adds \(node.size))",
                    at: location)
            }
            try add(node, at: location)
        case YAML_MAPPING_START_EVENT:
            try checkDepth(at: location)
            let anchor = event.data.mapping_start.anchor.map { String(cString: $0) }
            stack.append(.mapping(location: location, anchor: anchor, pairs: [], pendingKey: nil))
        case YAML_SEQUENCE_START_EVENT:
            try checkDepth(at: location)
            let anchor = event.data.sequence_start.anchor.map { String(cString: $0) }
            stack.append(.sequence(location: location, anchor: anchor, items: []))
        case YAML_MAPPING_END_EVENT, YAML_SEQUENCE_END_EVENT:
            let node: SpecNode
            let anchor: String?
            switch stack.removeLast() {
            case .mapping(let start, let name, let pairs, _):
                node = SpecNode(.mapping(pairs), location: start)
                anchor = name
            case .sequence(let start, let name, let items):
                node = SpecNode(.sequence(items), location: start)
                anchor = name
            }
            if let anchor { anchors[anchor] = node }
            try add(node, at: node.location)
        default:
            break  // stream and document boundaries
        }
    }

    private func checkDepth(at location: SourceLocation) throws(Diagnostic) {
        guard stack.count < YAMLParser.maximumDepth else {
            throw .error("nesting deeper than \(YAMLParser.maximumDepth) levels", at: location)
        }
    }

    private mutating func add(_ node: SpecNode, at location: SourceLocation) throws(Diagnostic) {
        guard let top = stack.popLast() else {
            guard root == nil else { throw .error("a second YAML document in one file", at: location) }
            root = node
            return
        }
        switch top {
        case .mapping(let start, let anchor, var pairs, let pendingKey):
            if let key = pendingKey {
                if key == "<<" {
                    guard let merged = node.mapping else { throw .error("a YAML merge key needs a mapping", at: location) }
                    for pair in merged where !pairs.contains(where: { $0.key == pair.key }) { pairs.append(pair) }
                } else {
                    if pairs.contains(where: { $0.key == key }) {
                        throw .error("duplicate key \"\(key)\"", at: location)
                    }
                    pairs.append((key, node))
                }
                stack.append(.mapping(location: start, anchor: anchor, pairs: pairs, pendingKey: nil))
            } else {
                guard let key = node.string else { throw .error("a mapping key must be a scalar", at: location) }
                stack.append(.mapping(location: start, anchor: anchor, pairs: pairs, pendingKey: key))
            }
        case .sequence(let start, let anchor, var items):
            items.append(node)
            stack.append(.sequence(location: start, anchor: anchor, items: items))
        }
    }
}
