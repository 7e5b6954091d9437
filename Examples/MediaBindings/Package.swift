// swift-tools-version:6.0
import Foundation
import PackageDescription

// matrix-codegen itself, by path: this example lives in its repository. A package elsewhere writes
// `.package(url: "https://github.com/…/matrix-codegen", from: "…")` instead.
let codegenPath = "../.."
// A path dependency's identity is its directory's name, whatever the checkout is called.
let codegen = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent(codegenPath).standardizedFileURL.lastPathComponent

let package = Package(
    name: "MediaBindings",
    platforms: [.macOS(.v13)],
    dependencies: [.package(path: codegenPath)],
    targets: [
        // Only the authenticated media endpoints of the client-server API and the types they need, generated
        // at build time from Sources/MediaBindings/matrix-codegen.yaml.
        .target(
            name: "MediaBindings",
            dependencies: [.product(name: "MatrixAPIRuntime", package: codegen)],
            exclude: ["matrix-codegen.yaml"],
            plugins: [.plugin(name: "MatrixCodegenPlugin", package: codegen)]
        ),
        .testTarget(name: "MediaBindingsTests", dependencies: ["MediaBindings"]),
    ]
)
