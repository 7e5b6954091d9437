import Foundation

/// Renders a `SpecDiff` as terminal text, Markdown or JSON.
public struct DiffReport {
    public let diff: SpecDiff
    /// List documentation-only changes and every added Swift symbol too.
    public var verbose: Bool
    /// ANSI colours (terminal text only).
    public var colour: Bool
    /// An operation-level change shared by more operations than this is printed once, with the operations.
    static let collapseThreshold = 4

    public init(diff: SpecDiff, verbose: Bool = false, colour: Bool = false) {
        self.diff = diff
        self.verbose = verbose
        self.colour = colour
    }

    // MARK: JSON

    /// The JSON document; its schema is described in the README ("JSON output") and versioned by `schemaVersion`.
    public struct Document: Codable {
        public struct Summary: Codable {
            public var breaking: Int
            public var deprecation: Int
            public var additive: Int
            public var documentation: Int
            public var breakingForClients: Int
            public var breakingForServers: Int
            public var swiftSymbolsAdded: Int
            public var swiftSymbolsRemoved: Int
            public var swiftSymbolsChanged: Int
        }

        public var schemaVersion: Int
        public var from: String
        public var to: String
        public var summary: Summary
        public var changes: [SpecChange]
        public var swiftAPI: SwiftAPIDiff
    }

    public var document: Document {
        Document(
            schemaVersion: 1, from: diff.from, to: diff.to,
            summary: .init(
                breaking: diff.count(.breaking), deprecation: diff.count(.deprecation), additive: diff.count(.additive),
                documentation: diff.count(.documentation),
                breakingForClients: diff.changes.count { $0.breaks.contains(.clients) },
                breakingForServers: diff.changes.count { $0.breaks.contains(.servers) },
                swiftSymbolsAdded: diff.swiftAPI.added.count, swiftSymbolsRemoved: diff.swiftAPI.removed.count,
                swiftSymbolsChanged: diff.swiftAPI.changed.count),
            changes: diff.changes, swiftAPI: diff.swiftAPI)
    }

    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(document)) ?? Data(), as: UTF8.self) + "\n"
    }

    // MARK: Text and Markdown

    enum Style { case text, markdown }

    public func text() -> String { render(.text) }
    public func markdown() -> String { render(.markdown) }

    func paint(_ text: String, _ classification: SpecChange.Classification) -> String {
        guard colour else { return text }
        let code: String
        switch classification {
        case .breaking: code = "31"
        case .deprecation: code = "33"
        case .additive: code = "32"
        case .documentation: code = "2"
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    func tag(_ change: SpecChange, _ style: Style) -> String {
        var label = change.classification.rawValue
        if !change.breaks.isEmpty { label += " (" + change.breaks.map(\.rawValue).joined(separator: ", ") + ")" }
        return style == .markdown ? "**\(label)**" : paint("[\(label)]", change.classification)
    }

    func code(_ text: String, _ style: Style) -> String { style == .markdown ? "`\(text)`" : text }

    func render(_ style: Style) -> String {
        var out = ""
        let summary = document.summary
        let heading = "Matrix \(diff.from) → \(diff.to)"
        let counts = "\(summary.breaking) breaking (\(summary.breakingForClients) for clients, \(summary.breakingForServers) for servers), "
            + "\(summary.deprecation) deprecations, \(summary.additive) additive, \(summary.documentation) documentation-only changes"
        let swiftCounts = "Swift API: \(summary.swiftSymbolsAdded) symbols added, \(summary.swiftSymbolsRemoved) removed, \(summary.swiftSymbolsChanged) changed"
        if style == .markdown {
            out += "# \(heading)\n\n\(counts).\n\n\(swiftCounts).\n"
        } else {
            out += "\(heading): \(counts)\n\(swiftCounts)\n"
        }
        let shown = diff.changes.filter { verbose || $0.classification != .documentation }
        for group in Array(Set(shown.map(\.group))).sorted() {
            let changes = shown.filter { $0.group == group }
            out += style == .markdown ? "\n## \(group)\n" : "\n\(group)\n"
            out += operationSection(changes.filter { $0.subjectKind == .operation }, style)
            out += eventSection(changes.filter { $0.subjectKind == .event }, style)
            out += typeSection(changes.filter { $0.subjectKind == .type }, style)
        }
        out += swiftSection(style)
        if !verbose && summary.documentation > 0 {
            out += "\n\(summary.documentation) documentation-only changes (descriptions, version metadata) not listed; --verbose lists them.\n"
        }
        return out
    }

    func operationSection(_ changes: [SpecChange], _ style: Style) -> String {
        guard !changes.isEmpty else { return "" }
        var out = ""
        // Changes shared by many operations (a security scheme added everywhere) are printed once.
        func sharedKey(_ change: SpecChange) -> String {
            [change.kind.rawValue, change.location ?? "", change.old ?? "", change.new ?? "", change.classification.rawValue].joined(separator: "\u{1}")
        }
        var byKey: [String: [SpecChange]] = [:]
        for change in changes where ![.operationAdded, .operationRemoved, .operationDeprecated].contains(change.kind) {
            byKey[sharedKey(change), default: []].append(change)
        }
        let collapsed = byKey.filter { $0.value.count > Self.collapseThreshold }
        let collapsedKeys = Set(collapsed.keys)

        for (kind, title) in [(SpecChange.Kind.operationAdded, "Operations added"), (.operationDeprecated, "Operations deprecated"), (.operationRemoved, "Operations removed")] {
            let list = changes.filter { $0.kind == kind }
            guard !list.isEmpty else { continue }
            out += style == .markdown ? "\n### \(title)\n\n" : "  \(title.lowercased()):\n"
            for change in list {
                let line = "\(code(change.endpoint ?? "", style)) (\(code(change.subject, style))) \(tag(change, style))"
                out += style == .markdown ? "- \(line)\n" : "    \(line)\n"
            }
        }
        let rest = changes.filter { ![.operationAdded, .operationRemoved, .operationDeprecated].contains($0.kind) && !collapsedKeys.contains(sharedKey($0)) }
        if !rest.isEmpty {
            out += style == .markdown ? "\n### Operations changed\n" : "  operations changed:\n"
            var subjects: [String] = []
            for change in rest where !subjects.contains(change.subject) { subjects.append(change.subject) }
            for subject in subjects {
                let list = rest.filter { $0.subject == subject }
                let title = "\(code(subject, style)) (\(code(list[0].endpoint ?? "", style)))"
                out += style == .markdown ? "\n- \(title)\n" : "    \(title)\n"
                for change in list {
                    out += style == .markdown ? "  - \(tag(change, style)) \(change.message)\n" : "      \(tag(change, style)) \(change.message)\n"
                }
            }
        }
        for key in collapsed.keys.sorted() {
            let list = collapsed[key]!
            let subjects = list.map(\.subject).sorted()
            let title = "In \(subjects.count) operations: \(tag(list[0], style)) \(list[0].message)"
            out += style == .markdown ? "\n### \(title)\n\n" : "  \(title)\n"
            let names = subjects.map { code($0, style) }.joined(separator: ", ")
            out += style == .markdown ? names + "\n" : "      " + names + "\n"
        }
        return out
    }

    func eventSection(_ changes: [SpecChange], _ style: Style) -> String {
        guard !changes.isEmpty else { return "" }
        var out = style == .markdown ? "\n### Event types changed\n" : "  event types changed:\n"
        for change in changes {
            let line = "\(code(change.subject, style)) \(tag(change, style)) \(change.message)"
            out += style == .markdown ? "- \(line)\n" : "    \(line)\n"
        }
        return out
    }

    func typeSection(_ changes: [SpecChange], _ style: Style) -> String {
        guard !changes.isEmpty else { return "" }
        var out = style == .markdown ? "\n### Types changed\n" : "  types changed:\n"
        var subjects: [String] = []
        for change in changes where !subjects.contains(change.subject) { subjects.append(change.subject) }
        for subject in subjects {
            let list = changes.filter { $0.subject == subject }
            let users = Array(Set(list.flatMap(\.usedBy))).sorted()
            let shownUsers = users.prefix(6).map { code($0, style) }.joined(separator: ", ") + (users.count > 6 ? ", … (\(users.count) operations)" : "")
            let title = users.isEmpty ? code(subject, style) : "\(code(subject, style)) (used by \(shownUsers))"
            out += style == .markdown ? "\n- \(title)\n" : "    \(title)\n"
            for change in list {
                out += style == .markdown ? "  - \(tag(change, style)) \(change.message)\n" : "      \(tag(change, style)) \(change.message)\n"
            }
        }
        return out
    }

    func swiftSection(_ style: Style) -> String {
        let api = diff.swiftAPI
        guard !(api.added.isEmpty && api.removed.isEmpty && api.changed.isEmpty) else { return "" }
        var out = style == .markdown ? "\n## Generated Swift API\n" : "\nGenerated Swift API\n"
        // Without --verbose, added members of added types are folded into their type.
        let addedSet = Set(api.added)
        let added = verbose ? api.added : api.added.filter { symbol in
            guard let cut = symbol.lastIndex(of: ".") else { return true }
            var parent = String(symbol[..<cut])
            while true {
                if addedSet.contains(parent) { return false }
                guard let next = parent.lastIndex(of: ".") else { return true }
                parent = String(parent[..<next])
            }
        }
        func list(_ title: String, _ lines: [String]) {
            guard !lines.isEmpty else { return }
            out += style == .markdown ? "\n### \(title)\n\n" : "  \(title.lowercased()):\n"
            for line in lines { out += style == .markdown ? "- \(line)\n" : "    \(line)\n" }
        }
        list("Removed", api.removed.map { code($0, style) })
        list("Changed", api.changed.map { "\(code($0.symbol, style)): \(code($0.old, style)) → \(code($0.new, style))" })
        list(verbose ? "Added" : "Added (members of new types folded)", added.map { code($0, style) })
        return out
    }
}
