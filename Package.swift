// swift-tools-version:6.0
import PackageDescription

/// Targets form one direction of dependency (see ../shared/DESIGN.md, section 2):
/// CElfutils → ElfDwarf → LayoutLoader → … → klp-layout. Only ElfDwarf sees C.
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
    .target(name: "ElfDwarf", dependencies: ["CElfutils"]),
    .target(name: "LayoutModel"),
    .target(name: "LayoutLoader", dependencies: ["ElfDwarf", "LayoutModel"]),
    .target(name: "WhatIf", dependencies: ["LayoutModel"]),
    .target(name: "Livepatch", dependencies: ["ElfDwarf", "LayoutModel", "LayoutLoader", "WhatIf"]),
    .target(name: "Reports", dependencies: ["ElfDwarf", "LayoutModel", "LayoutLoader", "Livepatch", "WhatIf"]),
    .executableTarget(
      name: "klp-layout",
      dependencies: [
        "ElfDwarf", "LayoutModel", "LayoutLoader", "Livepatch", "Reports", "WhatIf",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .executableTarget(name: "klp-layout-fuzz", dependencies: ["ElfDwarf", "LayoutLoader", "Livepatch"]),
    .target(name: "TestSupport", path: "Tests/TestSupport"),
    .testTarget(name: "LayoutModelTests", dependencies: ["LayoutModel"]),
    .testTarget(name: "ElfDwarfTests", dependencies: ["ElfDwarf", "TestSupport"]),
    .testTarget(
      name: "LayoutLoaderTests",
      dependencies: ["LayoutLoader", "LayoutModel", "Reports", "TestSupport"]
    ),
    .testTarget(name: "WhatIfTests", dependencies: ["WhatIf", "LayoutModel", "LayoutLoader", "TestSupport"]),
    .testTarget(name: "LivepatchTests", dependencies: ["Livepatch", "ElfDwarf", "LayoutModel", "WhatIf", "TestSupport"]),
    .testTarget(name: "ReportsTests", dependencies: ["Reports", "LayoutModel", "LayoutLoader", "WhatIf", "TestSupport"]),
    .testTarget(name: "CLITests", dependencies: ["TestSupport", "klp-layout"]),
  ],
  swiftLanguageModes: [.v6]
)
