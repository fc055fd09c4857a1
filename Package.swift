// swift-tools-version:6.0
import PackageDescription

/// Targets form one direction of dependency (docs/ARCHITECTURE.md):
/// CElfutils → ElfDwarf → LayoutLoader → Livepatch → Frontend → klp-layout, and
/// CLibbpf → BTF → LayoutLoader, with the pure LayoutModel, WhatIf, Safety, Verify and
/// ReportSchema beside them and Reports (renderers) on documents only. Only ElfDwarf sees
/// elfutils; only BTF sees libbpf.
let package = Package(
  name: "klp-layout",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "klp-layout", targets: ["klp-layout"]),
    .library(name: "LayoutModel", targets: ["LayoutModel"]),
    .library(name: "LayoutLoader", targets: ["LayoutLoader"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.6.0")
  ],
  targets: [
    .systemLibrary(
      name: "CElfutils",
      pkgConfig: "libdw",
      providers: [.apt(["libdw-dev", "libelf-dev", "libzstd-dev"])]
    ),
    // main's argv as bytes (System's `CommandArguments`): a C `.init_array` entry.
    .target(name: "CProcessArguments"),
    .target(name: "CFileSystem"),
    // Where worker threads start (System's `WorkerThreads`): CPU affinity.
    .target(name: "CThreadPlacement"),
    .target(
      name: "System", dependencies: ["CProcessArguments", "CFileSystem", "CThreadPlacement"]),
    .target(name: "ElfDwarf", dependencies: ["CElfutils", "System"]),
    .systemLibrary(name: "CLibbpf", pkgConfig: "libbpf", providers: [.apt(["libbpf-dev"])]),
    .target(name: "BTF", dependencies: ["CLibbpf", "System"]),
    .target(name: "LayoutModel"),
    .target(name: "LayoutLoader", dependencies: ["ElfDwarf", "BTF", "LayoutModel", "System"]),
    // The what-if engine and the audit's move search lay a struct out thousands of times
    // (task_struct: 1.2 million members placed); unoptimized, one audit of a module
    // took 4 s, and the unit tests audit and price modules in the debug build (as does
    // `swift test` alone, which runs the debug binary). Optimized in debug builds too
    // (not a library product's target: no package depending on this one sees the flag).
    .target(
      name: "WhatIf", dependencies: ["LayoutModel"],
      swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
    .target(name: "Safety", dependencies: ["LayoutModel"]),
    .target(name: "Verify", dependencies: ["LayoutModel", "Safety"]),
    .target(name: "ReportSchema", dependencies: ["LayoutModel", "WhatIf", "Safety", "Verify"]),
    .target(
      name: "Livepatch",
      dependencies: [
        "ElfDwarf", "LayoutModel", "LayoutLoader", "WhatIf", "ReportSchema", "System",
      ]),
    .target(
      name: "Frontend",
      dependencies: [
        "BTF", "ElfDwarf", "LayoutModel", "LayoutLoader", "Livepatch", "Safety", "Verify",
        "WhatIf", "ReportSchema", "System",
      ]
    ),
    .target(
      name: "Reports",
      dependencies: ["LayoutModel", "Safety", "Verify", "WhatIf", "ReportSchema", "System"]),
    .executableTarget(
      name: "klp-layout",
      dependencies: [
        "ElfDwarf", "Frontend", "LayoutModel", "ReportSchema", "Reports", "System",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .executableTarget(
      name: "klp-layout-fuzz",
      dependencies: [
        "ElfDwarf", "Frontend", "LayoutLoader", "LayoutModel", "Livepatch", "Reports",
        "ReportSchema", "Safety", "System",
      ]),
    .target(name: "TestSupport", path: "Tests/TestSupport"),
    .testTarget(name: "LayoutModelTests", dependencies: ["LayoutModel"]),
    .testTarget(name: "SystemTests", dependencies: ["System", "TestSupport"]),
    .testTarget(name: "BTFTests", dependencies: ["BTF", "System", "TestSupport"]),
    .testTarget(
      name: "FrontendTests",
      dependencies: ["Frontend", "LayoutModel", "ReportSchema", "System", "TestSupport"]),
    .testTarget(name: "ElfDwarfTests", dependencies: ["ElfDwarf", "System", "TestSupport"]),
    .testTarget(
      name: "LayoutLoaderTests",
      dependencies: [
        "BTF", "LayoutLoader", "LayoutModel", "ReportSchema", "Reports", "System", "TestSupport",
      ]
    ),
    .testTarget(name: "SafetyTests", dependencies: ["Safety", "LayoutModel", "ReportSchema"]),
    .testTarget(name: "VerifyTests", dependencies: ["Verify", "Safety", "LayoutModel"]),
    .testTarget(
      name: "WhatIfTests", dependencies: ["WhatIf", "LayoutModel", "LayoutLoader", "TestSupport"]),
    .testTarget(
      name: "LivepatchTests",
      dependencies: [
        "Livepatch", "ElfDwarf", "LayoutModel", "ReportSchema", "WhatIf", "TestSupport",
      ]),
    .testTarget(
      name: "ReportsTests",
      dependencies: [
        "Frontend", "Reports", "ReportSchema", "LayoutModel", "LayoutLoader", "System", "WhatIf",
        "TestSupport",
      ]),
    .testTarget(name: "CLITests", dependencies: ["TestSupport", "klp-layout"]),
  ],
  swiftLanguageModes: [.v6]
)
