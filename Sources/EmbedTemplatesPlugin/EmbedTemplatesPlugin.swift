import Foundation
import PackagePlugin

/// Compiles `Templates/*.mustache` into MatrixCodegenCore as `embeddedTemplates`, so that a built matrix-codegen
/// carries its default templates wherever it is copied, and `Templates/` stays their only source. The command is
/// `/bin/sh` (no tool to build first); it reruns whenever a template changes.
@main
struct EmbedTemplatesPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let directory = context.package.directoryURL.appending(path: "Templates")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".mustache") }.sorted()
        let inputs = names.map { directory.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedTemplates.swift")
        return [.buildCommand(
            displayName: "Embedding \(names.count) templates from Templates/",
            executable: URL(fileURLWithPath: "/bin/sh"),
            arguments: ["-c", Self.script, "embed-templates", output.path] + inputs.map(\.path),
            inputFiles: inputs,
            outputFiles: [output])]
    }

    /// Writes one raw multi-line string literal per template (a template must not contain `"""#`).
    static let script = ##"""
        set -e
        out="$1"; shift
        {
          echo '// Written at build time from Templates/*.mustache by the EmbedTemplates plugin. Do not edit.'
          echo
          echo '/// The default templates, by name (file name without `.mustache`).'
          echo 'let embeddedTemplates: [String: String] = ['
          for file in "$@"; do
            if grep -q '"""#' "$file"; then echo "$file: a template must not contain \"\"\"#" >&2; exit 1; fi
            printf '    "%s": #"""\n' "$(basename "$file" .mustache)"
            cat "$file"
            printf '\n"""#,\n'
          done
          echo ']'
        } > "$out.tmp"
        mv "$out.tmp" "$out"
        """##
}
