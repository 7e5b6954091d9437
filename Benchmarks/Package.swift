// swift-tools-version:6.1
// Decode and encode benchmarks of large sync responses, with ordo-one/benchmark (percentiles, allocations,
// peak memory). A package of its own so that the main package's build and CI do not build the harness.
//
//     Scripts/benchmark-sync.sh        (makes the 1, 10 and 50 MB inputs, then runs `swift package benchmark` here)
import Foundation
import PackageDescription

// matrix-codegen, by path: this package lives in its repository. A path dependency's identity is its directory's
// name, whatever the checkout is called.
let codegen = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().standardizedFileURL.lastPathComponent

let package = Package(
    name: "MatrixCodegenBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "SyncDecoding",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "MatrixAPIRuntime", package: codegen),
                .product(name: "MatrixClientServerAPI", package: codegen),
                .product(name: "MatrixEvents", package: codegen),
            ],
            path: "Benchmarks/SyncDecoding",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
