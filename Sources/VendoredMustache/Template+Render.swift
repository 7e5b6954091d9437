//
// This source file is part of the Hummingbird server framework project
// Copyright (c) the Hummingbird authors
//
// See LICENSE.txt for license information
// SPDX-License-Identifier: Apache-2.0
//

import Foundation

extension MustacheTemplate {
    /// Render template using object
    /// - Parameters:
    ///   - stack: Object
    ///   - context: Context that render is occurring in. Contains information about position in sequence
    ///   - indentation: indentation of partial
    /// - Returns: Rendered text
    func render(context: MustacheContext) -> String {
        var string = ""
        self.render(context: context, into: &string)
        return string
    }

    // matrix-codegen: renders into the caller's string. Returning a string from every section, partial and
    // template, which the caller then appended to its own, copied each byte of the output once per level of
    // nesting. An indented partial renders as before, into a string of its own, since its indentation depends
    // on what it has written itself.
    func render(context: MustacheContext, into output: inout String) {
        var context = context

        if let indentation = context.indentation, indentation != "" {
            var string = ""
            for token in tokens {
                let renderedString = self.renderToken(token, context: &context)
                // if rendered string is not empty and we are on a new line
                if renderedString.count > 0, string.last == "\n" {
                    string += indentation
                }
                string += renderedString
            }
            output += string
        } else {
            for token in tokens {
                self.renderToken(token, context: &context, into: &output)
            }
        }
    }

    // matrix-codegen: `renderToken(_:context:)` into the caller's string, for the tokens that render templates.
    func renderToken(_ token: Token, context: inout MustacheContext, into output: inout String) {
        switch token {
        case .text(let text):
            output += text

        case .section(let variable, let transforms, let template):
            let child = self.getChild(named: variable, transforms: transforms, context: context)
            if let lambda = child as? MustacheLambda {
                output += self.renderUnescapedLambda(lambda, parameter: template.text, context: context)
                return
            }
            self.renderSection(child, with: template, context: context, into: &output)

        case .invertedSection(let variable, let transforms, let template):
            let child = self.getChild(named: variable, transforms: transforms, context: context)
            self.renderInvertedSection(child, with: template, context: context, into: &output)

        case .partial(let name, let indentation, let overrides) where !context.reloadPartials:
            if let template = context.library?.getTemplate(named: name) {
                template.render(context: context.withPartial(indented: indentation, inheriting: overrides), into: &output)
            }

        default:
            output += self.renderToken(token, context: &context)
        }
    }

    func renderToken(_ token: Token, context: inout MustacheContext) -> String {
        switch token {
        case .text(let text):
            return text

        case .variable(let variable, let transforms):
            if let child = getChild(named: variable, transforms: transforms, context: context) {
                // matrix-codegen: a `String` first (it is what most variables hold; comparing the type is cheap,
                // and a cast would also unwrap an optional), and protocol casts only for types that conform.
                if type(of: child) == String.self, let string = child as? String {
                    return context.contentType.escapeText(string)
                } else if let template = child as? MustacheTemplate {
                    return template.render(context: context)
                } else if context.traits.may(child, .customRenderable), let renderable = child as? MustacheCustomRenderable {
                    return context.contentType.escapeText(renderable.renderText)
                } else if let lambda = child as? MustacheLambda {
                    return self.renderLambda(lambda, parameter: "", context: context)
                } else {
                    return context.contentType.escapeText(String(describing: unwrapIfAnyContainsOptional(child, context: context)))
                }
            }

        case .unescapedVariable(let variable, let transforms):
            if let child = getChild(named: variable, transforms: transforms, context: context) {
                // matrix-codegen: as for `.variable`.
                if type(of: child) == String.self, let string = child as? String {
                    return string
                } else if context.traits.may(child, .customRenderable), let renderable = child as? MustacheCustomRenderable {
                    return renderable.renderText
                } else if let lambda = child as? MustacheLambda {
                    return self.renderUnescapedLambda(lambda, parameter: "", context: context)
                } else {
                    return String(describing: unwrapIfAnyContainsOptional(child, context: context))
                }
            }

        case .section(let variable, let transforms, let template):
            let child = self.getChild(named: variable, transforms: transforms, context: context)
            if let lambda = child as? MustacheLambda {
                return self.renderUnescapedLambda(lambda, parameter: template.text, context: context)
            }
            return self.renderSection(child, with: template, context: context)

        case .invertedSection(let variable, let transforms, let template):
            let child = self.getChild(named: variable, transforms: transforms, context: context)
            return self.renderInvertedSection(child, with: template, context: context)

        case .blockExpansion(let name, let defaultTemplate, let indented):
            if let override = context.inherited?[name] {
                return override.render(context: context.withBlockExpansion(indented: indented))
            } else {
                return defaultTemplate.render(context: context.withBlockExpansion(indented: indented))
            }

        case .partial(let name, let indentation, let overrides):
            if var template = context.library?.getTemplate(named: name) {
                #if DEBUG
                if context.reloadPartials {
                    guard let filename = template.filename else {
                        preconditionFailure("Can only use reload if template was generated from a file")
                    }
                    do {
                        guard let partialTemplate = try MustacheTemplate(filename: filename) else { return "Cannot find template at \(filename)" }
                        template = partialTemplate
                    } catch {
                        return "\(error)"
                    }
                }
                #endif
                return template.render(context: context.withPartial(indented: indentation, inheriting: overrides))
            }

        case .dynamicNamePartial(let name, let indentation, let overrides):
            let child = self.getChild(named: name, transforms: [], context: context)
            guard let childName = child as? String else {
                return ""
            }
            if var template = context.library?.getTemplate(named: childName) {
                #if DEBUG
                if context.reloadPartials {
                    guard let filename = template.filename else {
                        preconditionFailure("Can only use reload if template was generated from a file")
                    }
                    do {
                        guard let partialTemplate = try MustacheTemplate(filename: filename) else { return "Cannot find template at \(filename)" }
                        template = partialTemplate
                    } catch {
                        return "\(error)"
                    }
                }
                #endif
                return template.render(context: context.withPartial(indented: indentation, inheriting: overrides))
            }

        case .contentType(let contentType):
            context = context.withContentType(contentType)

        case .blockDefinition:
            fatalError("Should not be rendering block definitions")
        }
        return ""
    }

    /// Render a section
    /// - Parameters:
    ///   - child: Object to render section for
    ///   - parent: Current object being rendered
    ///   - template: Template to render with
    /// - Returns: Rendered text
    func renderSection(_ child: Any?, with template: MustacheTemplate, context: MustacheContext) -> String {
        var string = ""
        self.renderSection(child, with: template, context: context, into: &string)
        return string
    }

    // matrix-codegen: into the caller's string; the same cases in the same order, with a protocol cast only for
    // types that conform.
    func renderSection(_ child: Any?, with template: MustacheTemplate, context: MustacheContext, into output: inout String) {
        guard let child else { return }
        if context.traits.may(child, .sequence), let array = child as? any MustacheSequence {
            array.renderSection(with: template, context: context, into: &output)
            return
        }
        if let bool = child as? Bool {
            if bool { template.render(context: context, into: &output) }
            return
        }
        if context.traits.may(child, .customRenderable), let null = child as? MustacheCustomRenderable, null.isNull {
            return
        }
        template.render(context: context.withObject(child), into: &output)
    }

    /// Render an inverted section
    /// - Parameters:
    ///   - child: Object to render section for
    ///   - parent: Current object being rendered
    ///   - template: Template to render with
    /// - Returns: Rendered text
    func renderInvertedSection(_ child: Any?, with template: MustacheTemplate, context: MustacheContext) -> String {
        var string = ""
        self.renderInvertedSection(child, with: template, context: context, into: &string)
        return string
    }

    // matrix-codegen: as `renderSection(_:with:context:into:)`.
    func renderInvertedSection(_ child: Any?, with template: MustacheTemplate, context: MustacheContext, into output: inout String) {
        guard let child else {
            template.render(context: context, into: &output)
            return
        }
        if context.traits.may(child, .sequence), let array = child as? any MustacheSequence {
            output += array.renderInvertedSection(with: template, context: context)
            return
        }
        if let bool = child as? Bool {
            if !bool { template.render(context: context, into: &output) }
            return
        }
        if context.traits.may(child, .customRenderable), let null = child as? MustacheCustomRenderable, null.isNull {
            template.render(context: context, into: &output)
        }
    }

    func renderLambda(_ lambda: MustacheLambda, parameter: String, context: MustacheContext) -> String {
        var lambda = lambda
        while true {
            guard let result = lambda(parameter) else { return "" }
            if let string = result as? String {
                do {
                    let newTemplate = try MustacheTemplate(string: context.contentType.escapeText(string))
                    return self.renderSection(context.stack.last, with: newTemplate, context: context)
                } catch {
                    return ""
                }
            } else if let lambda2 = result as? MustacheLambda {
                lambda = lambda2
                continue
            } else {
                return context.contentType.escapeText(String(describing: unwrapIfAnyContainsOptional(result, context: context)))
            }
        }
    }

    func renderUnescapedLambda(_ lambda: MustacheLambda, parameter: String, context: MustacheContext) -> String {
        var lambda = lambda
        while true {
            guard let result = lambda(parameter) else { return "" }
            if let string = result as? String {
                do {
                    let newTemplate = try MustacheTemplate(string: string)
                    return self.renderSection(context.stack.last, with: newTemplate, context: context)
                } catch {
                    return ""
                }
            } else if let lambda2 = result as? MustacheLambda {
                lambda = lambda2
                continue
            } else {
                return String(describing: unwrapIfAnyContainsOptional(result, context: context))
            }
        }
    }

    /// Get child object from variable name
    func getChild(named name: String, transforms: [String], context: MustacheContext) -> Any? {
        func _getImmediateChild(named name: String, from object: Any) -> Any? {
            // matrix-codegen: what the type conforms to is looked up once per type and render; a child is read
            // through the type where it is a value type (see MustacheTypeTraits), else as swift-mustache does.
            var object = object
            if context.traits.may(object, .customRepresentation), let custom = object as? MustacheCustomRepresentation {
                guard let representation = custom.representation else { return nil }
                object = representation
            }
            if let parent = context.traits.parent(of: object) {
                return parent.child(named: name, of: object)
            } else if context.traits.may(object, .parent), let customBox = object as? MustacheParent {
                return customBox.child(named: name)
            } else {
                let mirror = Mirror(reflecting: object)
                return mirror.getValue(forKey: name)
            }
        }

        func _getChild(named names: ArraySlice<String>, from object: Any) -> Any? {
            guard let name = names.first else { return object }
            var object = object
            if let lambda = object as? MustacheLambda {
                guard let result = lambda("") else { return nil }
                object = result
            }
            guard let childObject = _getImmediateChild(named: name, from: object) else { return nil }
            let names2 = names.dropFirst()
            return _getChild(named: names2, from: childObject)
        }

        func _getChildInStack(named names: ArraySlice<String>, from stack: [Any]) -> Any? {
            guard let name = names.first else { return stack.last }
            for object in stack.reversed() {
                if let childObject = _getImmediateChild(named: name, from: object) {
                    let names2 = names.dropFirst()
                    return _getChild(named: names2, from: childObject)
                }
            }
            return nil
        }

        // work out which object to access. "." means the current object, if the variable name is ""
        // and we have a transform to run on the variable then we need the context object, otherwise
        // the name is split by "." and we use mirror to get the correct child object. If we cannot find
        // the root object we look up the context stack until we can find one with a matching name. The
        // stack climbing can be disabled by prefixing the variable name with a "."
        var child: Any?
        // matrix-codegen: whether the name has a dot, and where, from its UTF-8 (as `Character`s when a dot is
        // followed by a non-ASCII byte, which could join it into another `Character`).
        let dots = Self.dots(in: name)
        if name == "." {
            child = context.stack.last!
        } else if name == "", !transforms.isEmpty {
            child = context.sequenceContext
        } else if dots.first {
            let nameSplit = name.split(separator: ".").map { String($0) }
            child = _getChild(named: nameSplit[...], from: context.stack.last!)
        } else if !dots.any, !name.isEmpty {
            // matrix-codegen: a name without a dot is looked up as it is, without splitting it into an array.
            child = nil
            for object in context.stack.reversed() {
                if let childObject = _getImmediateChild(named: name, from: object) {
                    child = childObject
                    break
                }
            }
        } else {
            let nameSplit = name.split(separator: ".").map { String($0) }
            child = _getChildInStack(named: nameSplit[...], from: context.stack)
        }

        // matrix-codegen: a protocol cast only for types that conform.
        if let value = child, context.traits.may(value, .customRepresentation), let custom = value as? MustacheCustomRepresentation {
            child = custom.representation
        }

        // skip transforms if child is already nil
        guard var child else {
            return nil
        }

        // if we want to run a transform and the current child can have transforms applied to it then
        // run transform on the current child
        for transform in transforms.reversed() {
            if let runnable = child as? MustacheTransformable,
                let transformed = runnable.transform(transform)
            {
                child = transformed
                continue
            }

            // return nil if transform is unsuccessful or has returned nil
            return nil
        }
        return child
    }

    // matrix-codegen: see `getChild`.
    private static func dots(in name: String) -> (first: Bool, any: Bool) {
        let dot = UInt8(ascii: ".")
        let scanned = name.utf8.withContiguousStorageIfAvailable { bytes -> (first: Bool, any: Bool)? in
            guard let index = bytes.firstIndex(of: dot) else { return (false, false) }
            if index + 1 < bytes.count, bytes[index + 1] >= 0x80 { return nil }
            return (index == 0, true)
        }
        if let scanned, let scanned { return scanned }
        return (name.first == ".", name.contains("."))
    }

    private func unwrapIfAnyContainsOptional(_ value: Any, context: MustacheContext) -> Any {
        // matrix-codegen: a protocol cast only for an `Optional`.
        guard context.traits.may(value, .optional), let opt = value as? AnyOptional else { return value }
        return opt.anyWrapped ?? value  // nil? keep the original Optional.none
    }
}
