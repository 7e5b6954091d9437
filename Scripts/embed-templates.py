#!/usr/bin/env python3
"""Writes Sources/MatrixCodegenCore/Render/EmbeddedTemplates.swift from Templates/*.mustache, so that a built
matrix-codegen carries its default templates. A test fails when the two differ."""
import pathlib

root = pathlib.Path(__file__).resolve().parent.parent
templates = sorted((root / "Templates").glob("*.mustache"))
lines = [
    "// Written by Scripts/embed-templates.py from Templates/*.mustache. Do not edit.",
    "",
    "/// The default templates, by name (file name without `.mustache`).",
    "let embeddedTemplates: [String: String] = [",
]
for path in templates:
    text = path.read_text()
    assert '"""#' not in text
    lines.append(f'    "{path.stem}": #"""')
    lines.extend(text.split("\n"))
    lines.append('"""#,')
lines.append("]")
(root / "Sources/MatrixCodegenCore/Render/EmbeddedTemplates.swift").write_text("\n".join(lines) + "\n")
