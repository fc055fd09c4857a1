import Foundation
import Testing
import TestSupport

/// docs/ci.md, executed: its plain shell step and the `run:` commands of its GitHub
/// Actions job, on a fixture pair, with `klp-layout` on PATH and stand-ins for `make`
/// (copies the chosen build to `patch/my-patch.ko`) and `gh` (keeps the comment).
@Suite struct CIDocTests {
  static let doc: String =
    (try? String(
      contentsOf: Fixtures.packageRoot.appendingPathComponent("docs/ci.md"), encoding: .utf8)) ?? ""

  /// The first fenced block of `language` after `heading`.
  static func block(after heading: String, language: String) throws -> String {
    let section = try #require(doc.range(of: heading), "docs/ci.md has no \(heading)")
    let rest = doc[section.upperBound...]
    let open = try #require(rest.range(of: "```\(language)\n"))
    let close = try #require(rest[open.upperBound...].range(of: "\n```"))
    return String(rest[open.upperBound..<close.lowerBound]) + "\n"
  }

  static let baselineBuild = "diff/x86_64/member_added.v1.o"
  static let cases: [(build: String, status: Int32)] = [
    ("diff/x86_64/member_added.v2.o", 1),  // struct conn grew by 8
    ("diff/x86_64/member_added.v1.o", 0),  // an identical build
  ]

  /// A project directory with `klp-sizes.json` (written by `klp-layout baseline`, as the
  /// doc's first step says), `bin/` with klp-layout, make and gh, and `patch/`.
  static func project(build: String) throws -> (dir: URL, env: [String: String]) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "klp-ci-\(UUID().uuidString)")
    let bin = dir.appendingPathComponent("bin")
    try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(
      at: dir.appendingPathComponent("patch"), withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(
      at: bin.appendingPathComponent("klp-layout"), withDestinationURL: CLI.executable)
    let make =
      "#!/bin/sh\n# Stand-in for the kernel build: the chosen fixture is the module.\ncp \"$KLP_FIXTURE\" patch/my-patch.ko\n"
    let gh =
      "#!/bin/sh\n# Stand-in for the GitHub CLI: keep what would be commented.\necho \"$@\" > gh-args\ncp \"$5\" gh-comment.md\n"
    for (name, body) in [("make", make), ("gh", gh)] {
      let url = bin.appendingPathComponent(name)
      try body.write(to: url, atomically: true, encoding: .utf8)
      try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
    }
    let baseline = try CLI.run([
      "baseline", Fixtures.path(baselineBuild), "-o",
      dir.appendingPathComponent("klp-sizes.json").path,
    ])
    #expect(baseline.status == 0, "\(baseline.stderr)")
    let path = bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    return (
      dir,
      [
        "PATH": path, "KLP_FIXTURE": Fixtures.path(build), "LANG": "C.UTF-8",
        "GITHUB_PATH": dir.appendingPathComponent("github-path").path,
      ]
    )
  }

  static func shell(
    _ script: String, in dir: URL, env: [String: String], shell: [String] = ["/bin/sh", "-c"]
  ) throws -> (status: Int32, stdout: String, stderr: String) {
    var process = Subprocess(shell[0], Array(shell.dropFirst()) + [script])
    process.workingDirectory = dir
    process.environment = env
    let r = try process.run()
    return (r.status, r.output, r.errors)
  }

  @Test(arguments: cases) func plainShellStep(build: String, status: Int32) throws {
    let script = try Self.block(after: "## A plain shell step", language: "sh")
    let (dir, env) = try Self.project(build: build)
    defer { try? FileManager.default.removeItem(at: dir) }
    let r = try Self.shell(script, in: dir, env: env)
    #expect(r.status == status, "\(build): \(r.stderr)")
    #expect(
      r.stdout.contains(status == 0 ? "✅" : "❌"), "\(build): the report is printed: \(r.stdout)")
    #expect(r.stderr.contains("grew beyond its budget") == (status == 1))
  }

  /// The job's steps as YAML: each step's name, `if`, and `run`.
  static func workflowSteps() throws -> [[String: String]] {
    let yaml = try block(after: "## GitHub Actions", language: "yaml")
    let parse = """
      import json, sys, yaml
      flow = yaml.safe_load(sys.stdin)
      (job,) = flow["jobs"].values()
      print(json.dumps([{k: str(v) for k, v in s.items() if k in ("name", "if", "run", "uses")} for s in job["steps"]]))
      """
    let r = try Python.run(["-c", parse], stdin: yaml)
    #expect(r.status == 0, "the workflow YAML does not parse: \(r.stderr)")
    return try JSONDecoder().decode([[String: String]].self, from: Data(r.stdout.utf8))
  }

  /// Runs the job as Actions would: each `run:` under `bash -eo pipefail`, stopping at
  /// the first failure; `if: failure()` steps only after one. The step that clones and
  /// builds klp-layout is the one not run: the test's binary is already on PATH.
  @Test(arguments: cases) func gitHubActionsJob(build: String, status: Int32) throws {
    let steps = try Self.workflowSteps()
    #expect(steps.contains { $0["uses"] == "actions/checkout@v4" })
    let (dir, env) = try Self.project(build: build)
    defer { try? FileManager.default.removeItem(at: dir) }
    var failed: Int32 = 0
    var ran: [String] = []
    for step in steps where step["run"] != nil {
      let name = step["name"] ?? ""
      if name == "Build klp-layout" { continue }
      let onFailure = step["if"] == "failure()"
      if onFailure != (failed != 0) { continue }
      let script = (step["run"] ?? "").replacingOccurrences(
        of: "${{ github.event.pull_request.number }}", with: "42")
      #expect(!script.contains("${{"), "\(name): an expression the test does not substitute")
      let r = try Self.shell(
        script, in: dir, env: env,
        shell: ["/bin/bash", "--noprofile", "--norc", "-eo", "pipefail", "-c"])
      ran.append(name)
      if r.status != 0 && failed == 0 {
        failed = r.status
        #expect(r.stdout.contains("::error"), "\(name): annotations: \(r.stdout)")
      }
      if onFailure { #expect(r.status == 0, "\(name): \(r.stderr)") }
    }
    #expect(failed == status, "\(build): steps run \(ran)")
    let comment = try? String(
      contentsOf: dir.appendingPathComponent("gh-comment.md"), encoding: .utf8)
    if status == 0 {
      #expect(comment == nil, "no comment on a passing build")
    } else {
      #expect(
        comment?.contains("❌") == true && comment?.contains("struct conn") == true,
        "\(comment ?? "no comment")")
      let args =
        (try? String(contentsOf: dir.appendingPathComponent("gh-args"), encoding: .utf8)) ?? ""
      #expect(args.hasPrefix("pr comment 42 --body-file klp-report.md"), "\(args)")
    }
  }

  /// The archive-sweep matrix: its shard values, the scan step and the join step.
  static func shardWorkflow() throws -> (shards: [Int], scan: String, join: String) {
    let yaml = try block(after: "## Archive sweeps: a matrix of shards", language: "yaml")
    let parse = """
      import json, sys, yaml
      flow = yaml.safe_load(sys.stdin)
      scan, join = flow["jobs"]["scan"], flow["jobs"]["join"]
      assert join["needs"] == "scan"
      step = lambda job, name: next(s["run"] for s in job["steps"] if s.get("name") == name)
      print(json.dumps({"shards": scan["strategy"]["matrix"]["shard"],
                        "scan": step(scan, "Scan one shard"), "join": step(join, "Join the shards")}))
      """
    let r = try Python.run(["-c", parse], stdin: yaml)
    #expect(r.status == 0, "the matrix YAML does not parse as expected: \(r.stderr)")
    struct Flow: Decodable {
      var shards: [Int]
      var scan: String
      var join: String
    }
    let flow = try JSONDecoder().decode(Flow.self, from: Data(r.stdout.utf8))
    return (flow.shards, flow.scan, flow.join)
  }

  /// A directory with klp-layout on PATH and `build/usr/lib/debug/lib/modules` standing in
  /// for the fetched build (the committed livepatch modules).
  static func sweepDirectory() throws -> (dir: URL, env: [String: String]) {
    let dir = try Scratch.directory("klp-sweep")
    let bin = dir.appendingPathComponent("bin")
    let lib = dir.appendingPathComponent("build/usr/lib/debug/lib")
    for d in [bin, lib] {
      try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
    }
    try FileManager.default.createSymbolicLink(
      at: bin.appendingPathComponent("klp-layout"), withDestinationURL: CLI.executable)
    try FileManager.default.createSymbolicLink(
      at: lib.appendingPathComponent("modules"),
      withDestinationURL: Fixtures.root.appendingPathComponent("modules"))
    let path = bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    return (dir, ["PATH": path, "LANG": "C.UTF-8"])
  }

  /// `jq -S .` of a file: the same JSON value prints the same.
  static func canonical(_ file: String, in dir: URL, env: [String: String]) throws -> String {
    let r = try shell("jq -S . \(file)", in: dir, env: env)
    #expect(r.status == 0, "\(file): \(r.stderr)")
    return r.stdout
  }

  @Test func shardedScanJoinsIntoTheWholeRun() throws {
    let (shards, scan, join) = try Self.shardWorkflow()
    #expect(shards.count > 1)
    let (dir, env) = try Self.sweepDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let bash = ["/bin/bash", "--noprofile", "--norc", "-eo", "pipefail", "-c"]
    for shard in shards {
      let script = scan.replacingOccurrences(of: "${{ matrix.shard }}", with: "\(shard)")
        .replacingOccurrences(of: "${{ strategy.job-total }}", with: "\(shards.count)")
      #expect(!script.contains("${{"), "an expression the test does not fill in")
      let r = try Self.shell(script, in: dir, env: env, shell: bash)
      #expect(r.status == 0, "shard \(shard): \(r.stderr)")
    }
    let joined = try Self.shell(join, in: dir, env: env, shell: bash)
    #expect(joined.status == 0, "\(joined.stderr)")
    let whole = try Self.shell(
      "klp-layout scan --format json build/usr/lib/debug/lib/modules > whole.json", in: dir,
      env: env)
    #expect(whole.status == 0)
    let expected = try Self.canonical("whole.json", in: dir, env: env)
    #expect(expected.contains("livepatch-sample.ko"))
    #expect(try Self.canonical("scan.json", in: dir, env: env) == expected)
  }

  @Test func shardedSafetyJoinsIntoTheWholeRun() throws {
    let join = try Self.block(after: "shards join so:", language: "sh")
    let (dir, env) = try Self.sweepDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let trees = Fixtures.path("safety/x86_64/dwarf5")
    let safety = "klp-layout safety --format json \(trees)/orig \(trees)/patched"
    for k in 1...3 {
      let r = try Self.shell("\(safety) --shard \(k)/3 > safety-\(k).json", in: dir, env: env)
      #expect(r.status == 0 || r.status == 1, "\(r.stderr)")
    }
    let joined = try Self.shell(join, in: dir, env: env)
    #expect(joined.status == 0, "\(joined.stderr)")
    _ = try Self.shell("\(safety) > whole.json", in: dir, env: env)
    let expected = try Self.canonical("whole.json", in: dir, env: env)
    #expect(expected.contains("member_added.o"))
    #expect(try Self.canonical("safety.json", in: dir, env: env) == expected)
  }
}
