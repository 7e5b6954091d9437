import Foundation

/// String enumerations, open: values the spec does not list survive.
extension Translator {
    func buildEnum(_ values: [SpecNode]) -> TypeKind {
        var taken: Set<String> = []
        return .openEnum(values.compactMap { value in
            guard let text = value.string else { return nil }
            return EnumValue(value: text, swiftName: Naming.unique(Naming.memberName(text), in: &taken), documentation: "")
        })
    }
}
