//
// matrix-codegen: not part of swift-mustache 2.1.1 (see Sources/VendoredMustache/README.md).
//
// See LICENSE.txt for license information
// SPDX-License-Identifier: Apache-2.0
//

import Testing

@testable import VendoredMustache

final class DifferentialObject {}

@Suite struct MustacheTypeTraitsTests {
    struct Plain<T> { var value: T }
    struct Parent<T>: MustacheParent {
        var value: T
        func child(named name: String) -> Any? { name == "value" ? value : nil }
    }

    /// `count` values of as many distinct types, alternately parents and not.
    static func values(_ count: Int) -> [Any] {
        func nest<T>(_ value: T, _ left: Int, into values: inout [Any]) {
            values.append(value)
            guard left > 0 else { return }
            if left % 2 == 0 { nest(Parent(value: value), left - 1, into: &values) } else { nest(Plain(value: value), left - 1, into: &values) }
        }
        var values: [Any] = []
        nest(1, count - 1, into: &values)
        return values
    }

    @Test func answersAsTheCastsDoForManyTypes() {
        let traits = MustacheTypeTraits()
        let values = Self.values(300)  // the table starts with 64 slots: it grows three times
        for _ in 0..<2 {
            for value in values {
                #expect(traits.may(value, .parent) == (value is MustacheParent))
                #expect((traits.parent(of: value) != nil) == (value is MustacheParent))
                #expect(traits.may(value, .sequence) == (value is any MustacheSequence))
                #expect(!traits.may(value, .customRenderable))
            }
        }
        let parent = values.first { $0 is MustacheParent }!
        let child = traits.parent(of: parent)!.child(named: "value", of: parent)
        #expect(child != nil)
    }

    @Test func valueDependentTypesAlwaysCast() {
        let traits = MustacheTypeTraits()
        // The same optional type holds a sequence or nothing: its answer cannot be kept by type.
        for trait: MustacheTypeTraits.Traits in [.customRepresentation, .parent, .customRenderable, .sequence, .optional] {
            #expect(traits.may([String]?.some(["a"]) as Any, trait))
            #expect(traits.may([String]?.none as Any, trait))
            #expect(traits.may(AnyHashable(["x"]), trait))
            #expect(traits.may(DifferentialObject(), trait))
            #expect(!traits.may("text", trait))
            #expect(traits.may(["text"], trait) == (trait == .sequence))
        }
        #expect(traits.parent(of: AnyHashable("x")) == nil)
        #expect(traits.parent(of: [String]?.none as Any) == nil)
    }
}
