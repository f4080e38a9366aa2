// swift-tools-version:6.0
// kiln: Talos Kubernetes clusters on Proxmox VE from a declarative plan.
//
// Layers (DESIGN.md): C libraries (CCurl, COpenSSL, CSSH2) → transport and crypto in Swift terms
// (KilnHTTP, KilnCrypto, KilnSSH) → plan model (KilnPlan) → … → CLI (KilnCLI, the `kiln` executable).
// Server-side packages (NIO, gRPC, Hummingbird) belong to the lab only, never to `kiln`.
import PackageDescription

let package = Package(
    name: "kiln",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kiln", targets: ["kiln"]),
        .executable(name: "kiln-lab", targets: ["kiln-lab"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // Talos machine API messages (generated code is committed; `make proto` regenerates it).
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        // The lab only: server-side packages never reach the `kiln` binary's targets.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        // The lab's Talos nodes serve the machine API with grpc-swift over NIO; `kiln` speaks
        // gRPC through libcurl (KilnTalosAPI) and never links these.
        .package(url: "https://github.com/grpc/grpc-swift-2", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport", from: "2.9.2"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf", from: "2.4.1"),
    ],
    targets: [
        // Layer 1: the C libraries, each behind a system-library module with a small shim header
        // for the macros and variadic functions Swift cannot call.
        .systemLibrary(
            name: "CCurl", pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"]), .brew(["curl"])]),
        .systemLibrary(
            name: "COpenSSL", pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]),
        .systemLibrary(
            name: "CSSH2", pkgConfig: "libssh2",
            providers: [.apt(["libssh2-1-dev"]), .brew(["libssh2"])]),
        .systemLibrary(
            name: "CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),

        // Layer 2: transport and crypto in Swift terms.
        .target(name: "KilnCrypto", dependencies: ["COpenSSL"]),
        .target(name: "KilnHTTP", dependencies: ["CCurl", "COpenSSL", "KilnCrypto"]),
        .target(name: "KilnSSH", dependencies: ["CSSH2", "KilnCrypto"]),
        // tar and gzip: the Talos kubeconfig arrives as a tar.gz.
        .target(name: "KilnArchive", dependencies: ["CZlib"]),

        // Layer 3: the plan model. Pure: no I/O besides reading plan and patch files.
        .target(name: "KilnPlan", dependencies: [.product(name: "Yams", package: "Yams")]),

        // Layer 5: the engine. Resources, graph, executor, state, locks: nothing about Proxmox
        // or Talos; providers plug in through `ResourceProvider`.
        .target(name: "KilnEngine", dependencies: ["KilnCrypto"]),

        // Layer 4: the Proxmox provider. Its API client (over KilnHTTP: credentials, typed calls,
        // tasks, retries) and its resources (VMs), plugged into the engine as a `ResourceProvider`.
        // KilnSSH: what the API cannot do (disk import on PVE < 8.4) goes over SSH to the node.
        .target(name: "KilnProxmox", dependencies: ["KilnHTTP", "KilnSSH", "KilnCrypto", "KilnPlan", "KilnEngine"]),

        // The Talos provider's pieces that need no network: the secrets bundle (generate, import,
        // export as talosctl writes it) and the talosconfig with its admin client certificate.
        .target(name: "KilnTalos", dependencies: ["KilnCrypto", "KilnPlan", "KilnEngine", "KilnTalosAPI", .product(name: "Yams", package: "Yams")]),
        // The Talos machine API: protobuf messages generated from our own .proto files, and the
        // gRPC wire codec (framing, headers, status). Pure: the transport is KilnHTTP.
        .target(
            name: "KilnTalosAPI",
            dependencies: ["KilnHTTP", "KilnArchive", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            exclude: ["Proto"]),

        // Between the plan and the engine: which resources a plan asks for, and their providers.
        .target(name: "KilnResources", dependencies: ["KilnPlan", "KilnEngine", "KilnProxmox", "KilnTalos"]),

        // Layer 6: the command line.
        .target(
            name: "KilnCLI",
            dependencies: [
                "KilnPlan", "KilnEngine", "KilnResources", "KilnTalos",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(name: "kiln", dependencies: ["KilnCLI"]),

        // `make bench`: the building blocks measured against real peers, printed as a table.
        .executableTarget(name: "kiln-bench", dependencies: ["KilnHTTP", "KilnCrypto", "KilnPlan", "KilnEngine", "KilnTalos"]),

        // Layer 7: the lab. A Proxmox VE look-alike on loopback (HTTPS, PVE shapes), in its own
        // executable so Hummingbird/NIO stay out of `kiln`.
        .target(
            name: "KilnLab",
            dependencies: [
                "KilnCrypto",
                // The Talos nodes: the machine API's messages (not its client) and a YAML reader
                // for the configs they are sent.
                "KilnTalosAPI", "KilnArchive",
                .product(name: "Yams", package: "Yams"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(
            name: "kiln-lab",
            dependencies: ["KilnLab", .product(name: "ArgumentParser", package: "swift-argument-parser")]),

        // Tests: one target per module, plus shared helpers that start real peers
        // (openssl s_server, nghttpd, sshd) on loopback.
        .target(name: "KilnTestSupport", path: "Tests/Support"),
        .testTarget(name: "KilnCryptoTests", dependencies: ["KilnCrypto", "KilnTestSupport"]),
        .testTarget(name: "KilnHTTPTests", dependencies: ["KilnHTTP", "KilnCrypto", "KilnTestSupport"]),
        .testTarget(name: "KilnArchiveTests", dependencies: ["KilnArchive", "KilnTestSupport"]),
        .testTarget(name: "KilnSSHTests", dependencies: ["KilnSSH", "KilnCrypto", "KilnTestSupport"]),
        .testTarget(name: "KilnProxmoxTests", dependencies: ["KilnProxmox", "KilnHTTP", "KilnSSH", "KilnEngine", "KilnPlan", "KilnTestSupport"]),
        .testTarget(
            name: "KilnLabTests",
            dependencies: ["KilnLab", "KilnHTTP", "KilnCrypto", "KilnProxmox", "KilnTestSupport", "kiln-lab",
                           // The Talos client against the lab's Talos nodes.
                           "KilnTalosAPI", "KilnTalos", .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                           // The kubeconfig tarball a lab node hands out, opened and read.
                           "KilnArchive", .product(name: "Yams", package: "Yams"),
                           // The Proxmox provider against the lab, through the real CLI and engine.
                           "KilnCLI", "KilnResources", "KilnEngine", "KilnPlan", "kiln"]),
        .testTarget(name: "KilnTalosTests", dependencies: ["KilnTalos", "KilnCrypto", "KilnEngine", "KilnPlan", "KilnTestSupport"]),
        .testTarget(
            name: "KilnTalosAPITests",
            dependencies: ["KilnTalosAPI", "KilnHTTP", .product(name: "SwiftProtobuf", package: "swift-protobuf")]),
        .testTarget(name: "KilnPlanTests", dependencies: ["KilnPlan", "KilnTestSupport"]),
        .testTarget(
            name: "KilnEngineTests", dependencies: ["KilnEngine", "KilnCrypto", "KilnTestSupport", "kiln-state-probe"]),
        // A second process for the state lock tests: holds a cluster's lock with the real StateLock.
        .executableTarget(name: "kiln-state-probe", dependencies: ["KilnEngine"], path: "Tests/StateProbe"),
        // The real CLI over a file-backed test provider that can kill itself at any step: the
        // plan/apply tests and the crash test drive it. Never part of the `kiln` product.
        .executableTarget(
            name: "kiln-probe", dependencies: ["KilnCLI", "KilnEngine", "KilnPlan", "KilnResources"],
            path: "Tests/CrashProbe"),
        .testTarget(
            name: "KilnCLITests",
            dependencies: ["KilnCLI", "kiln", "kiln-probe", "KilnTestSupport", "KilnEngine", "KilnPlan", "KilnResources", "KilnCrypto",
                           "KilnTalos",
                           .product(name: "Logging", package: "swift-log")],
            exclude: []),
    ]
)
