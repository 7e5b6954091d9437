// swift-tools-version:6.1
import PackageDescription

/// The API groups of the Matrix specification, each generated into its own module under `Generated/`, and the
/// events.
/// `MatrixCommonTypes` holds the schemas that several groups share (events, errors, keys); every group
/// module re-exports it.
let groupModules: [(name: String, dependencies: [String])] = [
    ("MatrixCommonTypes", []),
    ("MatrixClientServerAPI", ["MatrixCommonTypes"]),
    ("MatrixServerServerAPI", ["MatrixCommonTypes"]),
    ("MatrixApplicationServiceAPI", ["MatrixCommonTypes"]),
    ("MatrixIdentityAPI", ["MatrixCommonTypes"]),
    ("MatrixPushGatewayAPI", ["MatrixCommonTypes"]),
    // The content types of the event schemas (data/event-schemas), with their event types and kinds.
    ("MatrixEvents", ["MatrixCommonTypes"]),
]

let package = Package(
    name: "matrix-codegen",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "matrix-codegen", targets: ["matrix-codegen"]),
        .library(name: "MatrixCodegenCore", targets: ["MatrixCodegenCore"]),
        .library(name: "MatrixAPIRuntime", targets: ["MatrixAPIRuntime"]),
        // A typed client-server client over any swift-openapi-runtime ClientTransport.
        .library(name: "MatrixClient", targets: ["MatrixClient"]),
        // Serves the generated handler protocols on any swift-openapi-runtime ServerTransport.
        .library(name: "MatrixServer", targets: ["MatrixServer"]),
        // Generates bindings at build time into the target that uses it (configured by its matrix-codegen.yaml).
        .plugin(name: "MatrixCodegenPlugin", targets: ["MatrixCodegenPlugin"]),
        // `swift package --allow-writing-to-package-directory generate-matrix-bindings`: regenerates checked-in bindings.
        .plugin(name: "GenerateMatrixBindings", targets: ["GenerateMatrixBindings"]),
    ] + groupModules.map { .library(name: $0.name, targets: [$0.name]) },
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // Tests only: the released engine that VendoredMustacheTests compares the patched copy with.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.3.0"),
        // The client sends through its ClientTransport, so any OpenAPI transport works.
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.8.0"),
        // Tests only: the transport the integration tests use against Synapse.
        .package(url: "https://github.com/swift-server/swift-openapi-async-http-client", from: "1.1.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.23.0"),
        // ed25519 for federation request signatures.
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        // Tests only: a real HTTP server for the generated routes.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird", from: "2.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        .target(
            name: "MatrixCodegenCore",
            dependencies: [
                "CYAML", "VendoredMustache",
            ],
            // The default templates and event kind table (Templates/ and specs/event-kinds.yaml link here), copied
            // next to the binary as its resource bundle.
            resources: [.copy("Resources/Templates"), .copy("Resources/event-kinds.yaml")]
        ),
        // hummingbird-project/swift-mustache 2.1.1 with a patch that makes its variable lookup cheaper
        // (Sources/VendoredMustache/README.md says what changed and why, and how to go back to the package).
        .target(
            name: "VendoredMustache",
            exclude: ["LICENSE.txt", "README.md"]
        ),
        .testTarget(
            name: "VendoredMustacheTests",
            dependencies: ["VendoredMustache", .product(name: "Mustache", package: "swift-mustache")]
        ),
        .executableTarget(
            name: "matrix-codegen",
            dependencies: [
                "MatrixCodegenCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .plugin(
            name: "MatrixCodegenPlugin",
            capability: .buildTool(),
            dependencies: ["matrix-codegen"],
            path: "Sources/MatrixCodegenPlugin"
        ),
        .plugin(
            name: "GenerateMatrixBindings",
            capability: .command(
                intent: .custom(verb: "generate-matrix-bindings", description: "Regenerate checked-in Matrix bindings from the spec"),
                permissions: [.writeToPackageDirectory(reason: "It rewrites the generated Swift files in place.")]
            ),
            dependencies: ["matrix-codegen"],
            path: "Sources/GenerateMatrixBindings"
        ),
        .target(
            name: "MatrixAPIRuntime",
            dependencies: [.product(name: "HTTPTypes", package: "swift-http-types")]
        ),
        .testTarget(
            name: "MatrixCodegenCoreTests",
            // The executable, so that the CLI tests can run it.
            dependencies: ["MatrixCodegenCore", "MatrixAPIRuntime", "matrix-codegen"]
        ),
        .target(
            name: "MatrixClient",
            dependencies: [
                "MatrixAPIRuntime", "MatrixClientServerAPI", "MatrixIdentityAPI", "MatrixPushGatewayAPI",
                "MatrixApplicationServiceAPI",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
            ]
        ),
        // `swift run -c release MatrixDecodeBenchmark`: generated types vs JSONSerialization on the spec's examples.
        .executableTarget(
            name: "MatrixDecodeBenchmark",
            dependencies: ["MatrixCodegenCore", "MatrixAPIRuntime"] + groupModules.map { .target(name: $0.name) }
        ),
        // `Scripts/fuzz.sh`: libFuzzer targets for spec files, JSON, canonical JSON, X-Matrix and multipart
        // (built with -sanitize=fuzzer -DFUZZING there; otherwise it replays inputs).
        .executableTarget(
            name: "MatrixFuzz",
            dependencies: ["MatrixCodegenCore", "MatrixAPIRuntime", "MatrixServer", "MatrixClientServerAPI", "MatrixServerServerAPI", "MatrixEvents"]
        ),
        // `swift run -c release MatrixServerAttackBenchmark`: CPU per hostile request and memory under concurrent uploads.
        .executableTarget(
            name: "MatrixServerAttackBenchmark",
            dependencies: ["MatrixServer", "MatrixClientServerAPI"]
        ),
        .target(
            name: "MatrixServer",
            dependencies: [
                "MatrixAPIRuntime",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "MatrixServerTests",
            dependencies: [
                "MatrixServer", "MatrixClient", "MatrixCodegenCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "OpenAPIAsyncHTTPClient", package: "swift-openapi-async-http-client"),
            ] + groupModules.map { .target(name: $0.name) }
        ),
        .testTarget(
            name: "MatrixClientTests",
            dependencies: ["MatrixClient", "MatrixPushGatewayAPI"]
        ),
        .testTarget(
            name: "MatrixClientIntegrationTests",
            dependencies: [
                "MatrixClient", "MatrixEvents",
                .product(name: "OpenAPIAsyncHTTPClient", package: "swift-openapi-async-http-client"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(
            name: "MatrixAPIRuntimeTests",
            dependencies: ["MatrixAPIRuntime"]
        ),
        .testTarget(
            name: "GeneratedAPITests",
            dependencies: ["MatrixCodegenCore", "MatrixAPIRuntime"] + groupModules.map { .target(name: $0.name) }
        ),
    ] + groupModules.map { module in
        .target(
            name: module.name,
            dependencies: ["MatrixAPIRuntime"] + module.dependencies.map { .target(name: $0) },
            path: "Generated/\(module.name)"
        )
    }
)
