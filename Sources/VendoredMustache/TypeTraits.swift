//
// matrix-codegen: not part of swift-mustache 2.1.1 (see README.md).
//
// See LICENSE.txt for license information
// SPDX-License-Identifier: Apache-2.0
//

/// Which of the renderer's protocols a dynamic type conforms to, learnt once per type and render.
///
/// The renderer asks each value it meets whether it is a `MustacheCustomRepresentation`, a `MustacheParent`, a
/// `MustacheCustomRenderable`, a `MustacheSequence` or an `Optional`. Each `as?` to a protocol is a lookup in the
/// runtime's conformance cache (about 120 ns), and most of them fail: a `String` is asked four times per
/// variable. A conformance cannot change while a template renders, so the answers are kept by type here, and
/// only a cast that will succeed is made. One instance serves one top-level render (it is not thread-safe).
final class MustacheTypeTraits {
    struct Traits: OptionSet {
        let rawValue: UInt8
        static let customRepresentation = Traits(rawValue: 1 << 0)
        static let parent = Traits(rawValue: 1 << 1)
        static let customRenderable = Traits(rawValue: 1 << 2)
        static let sequence = Traits(rawValue: 1 << 3)
        static let optional = Traits(rawValue: 1 << 4)
        static let all: Traits = [.customRepresentation, .parent, .customRenderable, .sequence, .optional]
    }

    struct Entry {
        var traits: Traits
        /// The type as a `MustacheParent`, for a value type that is one: `child(named:)` is then called through
        /// the type, without a cast to the protocol (which would also box a large struct).
        var parent: (any MustacheParent.Type)?
    }

    // An open-addressing table keyed by the type's metadata address: hashing an `ObjectIdentifier` through
    // `Hasher` cost more than the lookups it saves.
    private var keys: [UInt]
    private var entries: [Entry]
    private var count = 0
    private var shift: UInt

    init() {
        keys = Array(repeating: 0, count: 64)
        entries = Array(repeating: Entry(traits: [], parent: nil), count: 64)
        shift = UInt(UInt.bitWidth - 6)
    }

    /// The protocols `value`'s dynamic type conforms to.
    func of(_ value: Any) -> Traits { entry(value).traits }

    /// What is known of `value`'s dynamic type: all protocols where a cast's result depends on the value rather
    /// than its type (an `Optional` is unwrapped, an `AnyHashable` or a class instance may be bridged), so that
    /// the renderer makes the cast as swift-mustache does.
    func entry(_ value: Any) -> Entry {
        let type = Swift.type(of: value)
        let key = UInt(bitPattern: ObjectIdentifier(type))
        let mask = keys.count - 1
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while keys[slot] != 0 {
            if keys[slot] == key { return entries[slot] }
            slot = (slot + 1) & mask
        }
        let entry = Self.make(value, type)
        keys[slot] = key
        entries[slot] = entry
        count += 1
        if count * 2 > keys.count { grow() }
        return entry
    }

    private static func make(_ value: Any, _ type: Any.Type) -> Entry {
        if type is AnyClass || type == AnyHashable.self || value is AnyOptional {
            return Entry(traits: .all, parent: nil)
        }
        var traits: Traits = []
        if value is MustacheCustomRepresentation { traits.insert(.customRepresentation) }
        let parent = type as? any MustacheParent.Type
        if parent != nil { traits.insert(.parent) }
        if value is MustacheCustomRenderable { traits.insert(.customRenderable) }
        if value is any MustacheSequence { traits.insert(.sequence) }
        return Entry(traits: traits, parent: parent)
    }

    private func grow() {
        let oldKeys = keys, oldEntries = entries
        keys = Array(repeating: 0, count: oldKeys.count * 2)
        entries = Array(repeating: Entry(traits: [], parent: nil), count: oldKeys.count * 2)
        shift -= 1
        let mask = keys.count - 1
        for (key, entry) in zip(oldKeys, oldEntries) where key != 0 {
            var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
            while keys[slot] != 0 { slot = (slot + 1) & mask }
            keys[slot] = key
            entries[slot] = entry
        }
    }
}

extension MustacheParent {
    /// `object`'s child, where `object` is known to hold a `Self`: a cast to the concrete type, which compares
    /// metadata, instead of one to the protocol.
    static func child(named name: String, of object: Any) -> Any? {
        (object as! Self).child(named: name)
    }
}
