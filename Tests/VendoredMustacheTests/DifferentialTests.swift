//
// matrix-codegen: not part of swift-mustache 2.1.1 (see Sources/VendoredMustache/README.md).
//
// See LICENSE.txt for license information
// SPDX-License-Identifier: Apache-2.0
//

import Foundation
import Mustache
import Testing
import VendoredMustache

/// The patched copy renders exactly what the released swift-mustache renders: the same templates over the same
/// values, through both, including the values whose casts depend on the value rather than its type (optionals,
/// `AnyHashable`, class instances, `NSNull`) and the same type met with different values in one render.
@Suite struct VendoredMustacheDifferentialTests {
    /// A value type that gives its children by name, as the generator's view models do.
    struct Parent: Mustache.MustacheParent, VendoredMustache.MustacheParent {
        var values: [String: Any]
        func child(named name: String) -> Any? { values[name] }
    }

    /// A class that gives its children by name.
    final class ParentObject: Mustache.MustacheParent, VendoredMustache.MustacheParent {
        let values: [String: Any]
        init(_ values: [String: Any]) { self.values = values }
        func child(named name: String) -> Any? { values[name] }
    }

    /// A value type read by reflection.
    struct Reflected {
        var name = "reflected"
        var flag = true
        var items = ["r1", "r2"]
        var none: String? = nil
        var some: String? = "some"
    }

    /// Renders itself, and is null when `null`.
    struct Renderable: Mustache.MustacheCustomRenderable, VendoredMustache.MustacheCustomRenderable {
        var text: String
        var null: Bool
        var renderText: String { text }
        var isNull: Bool { null }
    }

    /// Stands for another value.
    struct Represented: Mustache.MustacheCustomRepresentation, VendoredMustache.MustacheCustomRepresentation {
        var value: Any?
        var representation: Any? { value }
    }

    static let names = [
        "string", "empty", "html", "int", "double", "true", "false", "strings", "none", "emptyStrings", "someString", "noString",
        "someTrue", "someFalse", "someStrings", "noStrings", "nestedOptional", "null", "hashable", "hashableStrings", "parent",
        "object", "reflected", "renderable", "nullRenderable", "represented", "representedNil", "parents", "dictionary", "set",
        "missing", "mixed", "ints",
    ]

    static func data() -> Parent {
        let inner = Parent(values: ["string": "inner", "flag": false, "strings": ["i1"], "int": 7])
        let values: [String: Any] = [
            "string": "text", "empty": "", "html": "<a href=\"x\">&'</a>", "int": 42, "double": 2.5, "true": true, "false": false,
            "strings": ["a", "b", "c"], "emptyStrings": [String](), "ints": [1, 2, 3],
            "someString": Optional("optional") as Any, "noString": String?.none as Any,
            "someTrue": Optional(true) as Any, "someFalse": Optional(false) as Any,
            "someStrings": Optional(["x", "y"]) as Any, "noStrings": [String]?.none as Any,
            "nestedOptional": Optional(Optional("deep")) as Any,
            "null": NSNull(),
            "hashable": AnyHashable("hashed"), "hashableStrings": AnyHashable(["h1", "h2"]),
            "parent": inner, "object": ParentObject(["string": "object", "flag": true, "strings": ["o1", "o2"]]),
            "reflected": Reflected(),
            "renderable": Renderable(text: "<rendered>", null: false), "nullRenderable": Renderable(text: "x", null: true),
            "represented": Represented(value: "represented"), "representedNil": Represented(value: nil),
            "parents": [inner, Parent(values: ["string": "second", "flag": true, "int": 8])],
            "dictionary": ["string": "in a dictionary", "strings": ["d1"]] as [String: Any],
            "set": Set(["only"]),
            "mixed": ["m", 1, true, Optional("o") as Any, String?.none as Any, inner] as [Any],
        ]
        return Parent(values: values)
    }

    /// Both renders of `template` over `data`, with `partials`: `nil` where the template does not parse.
    static func render(_ template: String, partials: [String: String] = [:]) -> (released: String?, vendored: String?) {
        let data = Self.data()
        var released = Mustache.MustacheLibrary()
        var vendored = VendoredMustache.MustacheLibrary()
        for (name, text) in partials {
            try? released.register(text, named: name)
            try? vendored.register(text, named: name)
        }
        let releasedTemplate = try? Mustache.MustacheTemplate(string: template)
        let vendoredTemplate = try? VendoredMustache.MustacheTemplate(string: template)
        return (releasedTemplate?.render(data, library: released), vendoredTemplate?.render(data, library: vendored))
    }

    @Test(arguments: [
        // Every kind of value as a variable, unescaped, as a section and as an inverted section.
        names.map { "[{{\($0)}}|{{{\($0)}}}|{{&\($0)}}|{{#\($0)}}<{{.}}>{{/\($0)}}|{{^\($0)}}not{{/\($0)}}]" }.joined(separator: "\n"),
        // In a text content type.
        "{{%CONTENT_TYPE: TEXT}}" + names.map { "{{\($0)}}" }.joined(separator: ","),
        // Lookups that climb the stack, dotted names and the sequence transforms.
        "{{#parents}}{{string}}/{{int}}/{{html}}/{{flag}}{{#flag}}+{{/flag}}{{^last()}},{{/last()}}{{index()}}{{/parents}}",
        "{{#parent}}{{string}} {{parent.string}} {{.string}} {{.int}} {{#strings}}{{.}}{{string}}{{/strings}}{{/parent}}",
        "{{parent.string}} {{object.string}} {{reflected.name}} {{reflected.some}} {{reflected.none}} {{dictionary.string}} {{represented}}",
        "{{#reflected}}{{name}} {{#flag}}F{{/flag}} {{#items}}{{.}}{{first()}}{{/items}} {{none}} {{some}}{{/reflected}}",
        "{{#object}}{{string}} {{#strings}}{{.}}{{/strings}} {{#flag}}yes{{/flag}}{{/object}}",
        "{{#mixed}}[{{.}}|{{#.}}s{{/.}}|{{^.}}i{{/.}}|{{string}}]{{/mixed}}",
        "{{#ints}}{{.}}{{#first()}}F{{/first()}}{{#odd()}}o{{/odd()}}{{#even()}}e{{/even()}}{{/ints}}",
        "{{string.uppercased()}} {{strings.count()}} {{#strings.reversed()}}{{.}}{{/strings.reversed()}} {{empty.empty()}}",
        "{{#someString}}{{.}}{{/someString}}{{#noString}}{{.}}{{/noString}}{{#nestedOptional}}{{.}}{{/nestedOptional}}",
        "{{#hashableStrings}}{{.}}{{/hashableStrings}}{{^hashableStrings}}none{{/hashableStrings}}{{#hashable}}{{.}}{{/hashable}}",
        "{{#renderable}}in {{.}}{{/renderable}}{{#nullRenderable}}in null{{/nullRenderable}}{{^nullRenderable}}null{{/nullRenderable}}",
        "{{#representedNil}}x{{/representedNil}}{{^representedNil}}nil{{/representedNil}}{{#represented}}{{.}}{{/represented}}",
        "{{#parent}}{{#missing}}m{{/missing}}{{^missing}}climbed to {{string}} and {{int}} {{true}}{{/missing}}{{/parent}}",
    ])
    func rendersAsTheReleasedLibrary(template: String) {
        let (released, vendored) = Self.render(template)
        #expect(released != nil)
        #expect(vendored == released)
    }

    @Test func partialsAndBlocksRenderAsTheReleasedLibrary() {
        let partials = [
            "item": "- {{string}}{{#flag}} (flag){{/flag}}\n",
            "list": "{{#parents}}\n  {{>item}}\n{{/parents}}\n",
            "base": "<{{$title}}default {{string}}{{/title}}>{{$body}}{{/body}}",
        ]
        for template in [
            "{{>list}}", "Start\n  {{>list}}\nEnd\n", "{{<base}}{{$title}}title {{int}}{{/title}}{{/base}}", "{{<base}}{{/base}}",
            "{{#parent}}{{>item}}{{/parent}}", "{{>missing}}",
        ] {
            let (released, vendored) = Self.render(template, partials: partials)
            #expect(vendored == released, "\(template)")
        }
    }

    /// Random templates over the same names (seeded, so a failure repeats): sections nested in sections, dotted
    /// names, transforms, text with braces and newlines.
    @Test func randomTemplatesRenderAsTheReleasedLibrary() {
        var random = SplitMix64(seed: 0x6D61_7472_6978)
        let transforms = ["", "", "", ".first()", ".last()", ".index()", ".uppercased()", ".count()", ".empty()", ".reversed()"]
        func name() -> String {
            let base = Self.names[Int(random.next() % UInt64(Self.names.count))]
            switch random.next() % 6 {
            case 0: return "."
            case 1: return base + "." + ["string", "int", "flag", "name", "strings"][Int(random.next() % 5)]
            case 2: return base + transforms[Int(random.next() % UInt64(transforms.count))]
            default: return base
            }
        }
        func template(depth: Int) -> String {
            var text = ""
            for _ in 0..<(1 + random.next() % 4) {
                switch random.next() % 7 {
                case 0: text += ["x", " ", "\n", "{", "}", "<&>"][Int(random.next() % 6)]
                case 1: text += "{{\(name())}}"
                case 2: text += "{{{\(name())}}}"
                case 3 where depth < 4, 4 where depth < 4:
                    let section = name()
                    text += "{{#\(section)}}" + template(depth: depth + 1) + "{{/\(section)}}"
                case 5 where depth < 4:
                    let section = name()
                    text += "{{^\(section)}}" + template(depth: depth + 1) + "{{/\(section)}}"
                default: text += "{{\(name())}}"
                }
            }
            return text
        }
        var compared = 0
        for _ in 0..<3000 {
            let source = template(depth: 0)
            let (released, vendored) = Self.render(source)
            #expect(vendored == released, "\(source)")
            if released != nil { compared += 1 }
        }
        // Most of them parse, so that the comparison covers rendering and not only parse errors.
        #expect(compared > 2000)
    }
}

/// A small seeded generator (SplitMix64), so that the random templates are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
