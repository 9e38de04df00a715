// swift-tools-version:6.0
// Heliograph: threshold key generation and signing for airgapped devices, over animated QR codes.
// Layers (each imports only those below it):
//   C shims -> DeterministicCBOR -> UniformResources -> FROST -> SSKR, Bitcoin -> Ceremony -> Optical -> Sheets
//   -> heliograph
// DeterministicCBOR, UniformResources, FROST, SSKR, Bitcoin and Ceremony need only libsodium, libsecp256k1 and zlib,
// never the optical C libraries.
import PackageDescription

let package = Package(
    name: "Heliograph",
    products: [
        .library(name: "DeterministicCBOR", targets: ["DeterministicCBOR"]),
        .library(name: "UniformResources", targets: ["UniformResources"]),
        .library(name: "FROST", targets: ["FROST"]),
        .library(name: "SSKR", targets: ["SSKR"]),
        .library(name: "Bitcoin", targets: ["Bitcoin"]),
        .library(name: "Ceremony", targets: ["Ceremony"]),
        .library(name: "Optical", targets: ["Optical"]),
        .library(name: "Sheets", targets: ["Sheets"]),
        .library(name: "CeremonyDemo", targets: ["CeremonyDemo"]),
        .executable(name: "heliograph", targets: ["heliograph"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
    ],
    targets: [
        // Layer 1: the system's C libraries.
        .systemLibrary(name: "CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CQRencode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        .systemLibrary(name: "CZBar", pkgConfig: "zbar", providers: [.apt(["libzbar-dev"])]),
        .systemLibrary(name: "CZXing", pkgConfig: "zxing", providers: [.apt(["libzxing-dev"])]),
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CJPEG", pkgConfig: "libjpeg", providers: [.apt(["libjpeg-dev"])]),
        .systemLibrary(name: "CSecp256k1", pkgConfig: "libsecp256k1", providers: [.apt(["libsecp256k1-dev"])]),

        // zxing-cpp has a C++ API only: one extern "C" function over it.
        .target(name: "ZXingShim", dependencies: ["CZXing"]),

        // Layers 2-7: the libraries.
        .target(name: "DeterministicCBOR"),
        .target(name: "UniformResources", dependencies: ["DeterministicCBOR", "CSodium", "CZlib"]),
        .target(name: "FROST", dependencies: ["CSodium", "CSecp256k1"]),
        // Watch-only Taproot wallets of a FROST group key, descriptors, PSBTs and BIP 341 sighashes.
        .target(name: "Bitcoin", dependencies: ["DeterministicCBOR", "UniformResources", "FROST", "CSodium"]),
        // Seed backups as SSKR shares (BCR-2020-011); FROST only for its wiping secret type.
        .target(name: "SSKR", dependencies: ["DeterministicCBOR", "UniformResources", "FROST", "CSodium"]),
        .target(
            name: "Ceremony",
            dependencies: ["DeterministicCBOR", "UniformResources", "FROST", "SSKR", "Bitcoin", "CSodium"]),
        .target(name: "Optical", dependencies: ["UniformResources", "CQRencode", "CZBar", "ZXingShim", "CCairo", "CPNG", "CJPEG", "CZlib"]),
        .target(name: "Sheets", dependencies: ["Bitcoin", "Ceremony", "Optical", "UniformResources"]),
        // A whole simulated ceremony through real QR images (what `heliograph demo` runs), for the CLI and tests.
        .target(
            name: "CeremonyDemo", dependencies: ["Bitcoin", "Ceremony", "FROST", "Optical", "Sheets", "UniformResources"]),

        // Checkers for the files under Vectors/, shared by `heliograph vectors verify` and the tests.
        .target(
            name: "VectorSuites",
            dependencies: ["DeterministicCBOR", "UniformResources", "FROST", "SSKR", "Bitcoin", "Ceremony", "Sheets"]
        ),

        // Layer 8: the command-line tool, and the benchmarks.
        .executableTarget(
            name: "heliograph",
            dependencies: [
                "DeterministicCBOR", "UniformResources", "FROST", "SSKR", "Bitcoin", "Ceremony", "Optical", "Sheets",
                "CeremonyDemo", "VectorSuites", "CSodium", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "HeliographBenchmarks",
            dependencies: [
                "DeterministicCBOR", "UniformResources", "FROST", "Bitcoin", "Ceremony", "CeremonyDemo", "Optical",
                "Sheets", "CSodium", "CSecp256k1",
            ],
            path: "Benchmarks/HeliographBenchmarks"
        ),

        .testTarget(name: "DeterministicCBORTests", dependencies: ["DeterministicCBOR"]),
        .testTarget(name: "UniformResourcesTests", dependencies: ["UniformResources", "DeterministicCBOR", "VectorSuites"]),
        .testTarget(name: "FROSTTests", dependencies: ["FROST", "CSodium", "CSecp256k1", "VectorSuites"]),
        .testTarget(
            name: "SSKRTests", dependencies: ["SSKR", "FROST", "UniformResources", "DeterministicCBOR", "VectorSuites"]
        ),
        .testTarget(
            name: "CeremonyTests",
            dependencies: [
                "Ceremony", "Bitcoin", "FROST", "SSKR", "UniformResources", "CSodium", "VectorSuites", "DeterministicCBOR",
            ]
        ),
        .testTarget(
            name: "BitcoinTests",
            dependencies: ["Bitcoin", "FROST", "DeterministicCBOR", "UniformResources", "CSecp256k1", "VectorSuites"]
        ),
        .testTarget(name: "OpticalTests", dependencies: ["Optical", "UniformResources"], exclude: ["Fixtures"]),
        .testTarget(
            name: "SheetsTests", dependencies: ["Sheets", "Bitcoin", "Optical", "UniformResources", "VectorSuites"]),
        .testTarget(
            name: "HeliographCLITests",
            dependencies: [
                "heliograph", "Bitcoin", "CSodium", "CSecp256k1", "Ceremony", "CeremonyDemo", "DeterministicCBOR",
                "FROST", "Optical", "Sheets", "UniformResources",
            ]
        ),
        .testTarget(
            name: "HostileInputTests",
            dependencies: ["DeterministicCBOR", "UniformResources", "FROST", "Ceremony", "Optical", "CSodium"]
        ),
    ],
    swiftLanguageModes: [.v6],
    cxxLanguageStandard: .cxx17
)

