import CYAML

/// Reads YAML (and JSON, which libyaml reads as YAML) into `SpecNode`s from libyaml's event stream.
/// Anchors and aliases are resolved; every node keeps its `file:line:column`.
enum YAMLParser {
    static func parse(_ text: String, file: String) throws(Diagnostic) -> SpecNode {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw .error("cannot initialise the YAML parser", at: SourceLocation(file: file, line: 1, column: 1))
        }
        defer { yaml_parser_delete(&parser) }

        var bytes = Array(text.utf8)
        return try bytes.withUnsafeMutableBufferPointer { (buffer) throws(Diagnostic) -> SpecNode in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var builder = TreeBuilder(file: file)
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    let mark = parser.problem_mark
                    let problem = parser.problem.map { String(cString: $0) } ?? "unknown error"
                    let context = parser.context.map { String(cString: $0) + ": " } ?? ""
                    throw .error(
                        "malformed YAML: \(context)\(problem)",
                        at: SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1))
                }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { break }
                try builder.consume(event)
            }
            guard let root = builder.root else {
                // An empty document is an empty mapping.
                return SpecNode(.mapping([]), location: SourceLocation(file: file, line: 1, column: 1))
            }
            return root
        }
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
            try add(node, at: location)
        case YAML_MAPPING_START_EVENT:
            let anchor = event.data.mapping_start.anchor.map { String(cString: $0) }
            stack.append(.mapping(location: location, anchor: anchor, pairs: [], pendingKey: nil))
        case YAML_SEQUENCE_START_EVENT:
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

    private mutating func add(_ node: SpecNode, at location: SourceLocation) throws(Diagnostic) {
        guard let top = stack.popLast() else {
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
