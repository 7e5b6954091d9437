import Testing
@testable import MatrixCodegenCore

/// The layout pass that re-indents rendered templates and folds their blank lines.
@Suite struct LayoutTests {
    @Test func indentsByBracketsIgnoringStringsAndComments() {
        let input = """
              struct A {
        let s = "{ ( [" // }
          func f() {
        g(
        x: 1
                )
          }
        }
        """
        #expect(Indenter.format(input) == """
        struct A {
            let s = "{ ( [" // }
            func f() {
                g(
                    x: 1
                )
            }
        }

        """)
    }

    @Test func casesLineUpWithTheirSwitch() {
        let input = "switch x {\ncase .a(let y):\nreturn y\ndefault:\nbreak\n}\n"
        #expect(Indenter.format(input) == "switch x {\ncase .a(let y):\n    return y\ndefault:\n    break\n}\n")
    }

    @Test func escapedQuotesStayInsideTheString() {
        let input = "let a = \"\\\"{\"\nlet b = 1\n"
        #expect(Indenter.format(input) == "let a = \"\\\"{\"\nlet b = 1\n")
    }

    @Test func foldsBlankLinesAndTrailingSpaces() {
        let input = "\n\nstruct A {   \n\n\n  let a = 1\n\n\n  let b = 2  \n\n}\n\n\n"
        #expect(Indenter.format(input) == "struct A {\n    let a = 1\n\n    let b = 2\n}\n")
    }

    @Test func keepsMultibyteText() {
        let input = "/// Émoji 🎉 and ü\nlet ü = \"ß\"\n"
        #expect(Indenter.format(input) == input)
    }
}
