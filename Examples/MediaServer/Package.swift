// swift-tools-version:6.1
import Foundation
import PackageDescription

// matrix-codegen by path (this example lives in its repository); a path dependency's identity is its
// directory's name, whatever the checkout is called.
let codegenPath = "../.."
let codegen = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent(codegenPath).standardizedFileURL.lastPathComponent

let package = Package(
    name: "MediaServer",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: codegenPath),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/swift-openapi-async-http-client", from: "1.1.0"),
    ],
    targets: [
        .target(
            name: "MediaServerCore",
            dependencies: [
                .product(name: "MatrixServer", package: codegen),
                .product(name: "MatrixClientServerAPI", package: codegen),
                .product(name: "MatrixServerServerAPI", package: codegen),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "MediaServer",
            dependencies: ["MediaServerCore", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(
            name: "MediaServerTests",
            dependencies: [
                "MediaServerCore",
                .product(name: "MatrixClient", package: codegen),
                .product(name: "OpenAPIAsyncHTTPClient", package: "swift-openapi-async-http-client"),
            ]
        ),
    ]
)
