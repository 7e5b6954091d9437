//
// matrix-codegen: not part of swift-mustache 2.1.1 (see README.md).
//
// See LICENSE.txt for license information
// SPDX-License-Identifier: Apache-2.0
//

import Foundation

/// Which of the renderer's protocols a dynamic type conforms to, learnt once per type and thread.
///
/// The renderer asks each value it meets whether it is a `MustacheCustomRepresentation`, a `MustacheParent`, a
/// `MustacheCustomRenderable`, a `MustacheSequence` or an `Optional`. Each `as?` to a protocol is a lookup in the
/// runtime's conformance cache (about 120 ns), and most of them fail: a `String` is asked four times per
/// variable. A conformance cannot change while a template renders, so the answers are kept by type here, and
/// only a cast that will succeed is made. An instance is not thread-safe: each thread has its own
/// (`forCurrentThread`), which its renders share, since learning a type costs several casts.
final class MustacheTypeTraits {
    private static let threadKey = "VendoredMustache.MustacheTypeTraits"

    /// The current thread's table: looked up once per top-level render, not per value.
    static func forCurrentThread() -> MustacheTypeTraits {
        let dictionary = Thread.current.threadDictionary
        if let traits = dictionary[threadKey] as? MustacheTypeTraits { return traits }
        let traits = MustacheTypeTraits()
        dictionary[threadKey] = traits
        return traits
    }

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
        /// The protocols whose answer is known.
        var known: Traits
        var traits: Traits
        /// The type as a `MustacheParent`, for a value type that is one: `child(named:)` is then called through
        /// the type, without a cast to the protocol (which would also box a large struct).
        var parent: (any MustacheParent.Type)?
    }

    // An open-addressing table keyed by the type's metadata address, in storage of its own: hashing an
    // `ObjectIdentifier` through `Hasher`, or reaching arrays through `self`, cost more than the casts it saves.
    private var keys: UnsafeMutablePointer<UInt>
    private var entries: UnsafeMutablePointer<Entry>
    private var capacity: Int
    private var count = 0
    private var shift: UInt

    init() {
        capacity = 64
        shift = UInt(UInt.bitWidth - 6)
        keys = .allocate(capacity: capacity)
        keys.initialize(repeating: 0, count: capacity)
        entries = .allocate(capacity: capacity)
    }

    deinit {
        for slot in 0..<capacity where keys[slot] != 0 { (entries + slot).deinitialize(count: 1) }
        entries.deallocate()
        keys.deallocate()
    }

    /// Whether a cast of `value` to the protocol of `trait` can succeed: `false` only where its type is known not
    /// to conform. Each protocol is asked of a type the first time it matters (the runtime's first answer for a
    /// type and protocol scans every conformance record, about 200,000 instructions).
    func may(_ value: Any, _ trait: Traits) -> Bool {
        let slot = self.slot(value)
        if !entries[slot].known.contains(trait) { learn(trait, of: value, at: slot) }
        return entries[slot].traits.contains(trait)
    }

    /// `value`'s type as a `MustacheParent`, if it is a value type that is one.
    func parent(of value: Any) -> (any MustacheParent.Type)? {
        let slot = self.slot(value)
        if !entries[slot].known.contains(.parent) { learn(.parent, of: value, at: slot) }
        return entries[slot].parent
    }

    private func learn(_ trait: Traits, of value: Any, at slot: Int) {
        entries[slot].known.insert(trait)
        if trait == .parent {
            // Through the metatype, which is kept to read children through the type.
            guard let parent = Swift.type(of: value) as? any MustacheParent.Type else { return }
            entries[slot].parent = parent
            entries[slot].traits.insert(.parent)
        } else if Self.conforms(value, trait) {
            entries[slot].traits.insert(trait)
        }
    }

    /// The slot of `value`'s dynamic type, made on its first use. A type whose casts depend on the value rather
    /// than the type (an `Optional` is unwrapped, an `AnyHashable` or a class instance may be bridged) is entered
    /// as knowing every protocol, with none answered through its type: the renderer casts it as swift-mustache
    /// does.
    private func slot(_ value: Any) -> Int {
        let type = Swift.type(of: value)
        let key = UInt(bitPattern: ObjectIdentifier(type))
        let mask = capacity - 1
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while keys[slot] != 0 {
            if keys[slot] == key { return slot }
            slot = (slot + 1) & mask
        }
        let entry =
            type is AnyClass || type == AnyHashable.self || value is AnyOptional
            ? Entry(known: .all, traits: .all, parent: nil) : Entry(known: [], traits: [], parent: nil)
        keys[slot] = key
        (entries + slot).initialize(to: entry)
        count += 1
        if count * 2 > capacity {
            grow()
            return self.slot(value)
        }
        return slot
    }

    private static func conforms(_ value: Any, _ trait: Traits) -> Bool {
        switch trait {
        case .customRepresentation: return value is MustacheCustomRepresentation
        case .customRenderable: return value is MustacheCustomRenderable
        case .sequence: return value is any MustacheSequence
        case .optional: return value is AnyOptional
        default: return true
        }
    }

    private func grow() {
        let oldKeys = keys, oldEntries = entries, oldCapacity = capacity
        capacity *= 2
        shift -= 1
        keys = .allocate(capacity: capacity)
        keys.initialize(repeating: 0, count: capacity)
        entries = .allocate(capacity: capacity)
        let mask = capacity - 1
        for old in 0..<oldCapacity where oldKeys[old] != 0 {
            let key = oldKeys[old]
            var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
            while keys[slot] != 0 { slot = (slot + 1) & mask }
            keys[slot] = key
            (entries + slot).moveInitialize(from: oldEntries + old, count: 1)
        }
        oldEntries.deallocate()
        oldKeys.deallocate()
    }
}

extension MustacheParent {
    /// `object`'s child, where `object` is known to hold a `Self`: a cast to the concrete type, which compares
    /// metadata, instead of one to the protocol.
    static func child(named name: String, of object: Any) -> Any? {
        (object as! Self).child(named: name)
    }
}
