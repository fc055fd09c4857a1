import Foundation

/// Golden files: `Fixtures/expected/<subcommand>/<case>.<ext>` (pictures, safety reports).
/// `UPDATE_GOLDENS=1` rewrites them and fails the test, so an update is always a
/// deliberate, reviewed commit.
public enum GoldenFile {
  public static func path(_ subcommand: String, _ name: String) -> URL {
    Fixtures.root.appendingPathComponent("expected").appendingPathComponent(subcommand)
      .appendingPathComponent(name)
  }

  /// nil when `actual` matches the golden file; otherwise what is wrong.
  public static func compare(_ actual: String, subcommand: String, name: String) -> String? {
    let url = path(subcommand, name)
    if ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] == "1" {
      try? FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      do { try actual.write(to: url, atomically: true, encoding: .utf8) } catch {
        return "cannot write \(url.path): \(error)"
      }
      return
        "updated \(url.path) (UPDATE_GOLDENS=1): review it and run the tests again without UPDATE_GOLDENS"
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
      return "missing golden \(url.path) (run with UPDATE_GOLDENS=1 to write it)"
    }
    guard expected != actual else { return nil }
    let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let line =
      zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, e.count)
    return
      "\(url.path) differs at line \(line + 1):\n  expected: \(line < e.count ? String(e[line].prefix(300)) : "<end>")\n  actual:   \(line < a.count ? String(a[line].prefix(300)) : "<end>")"
  }

  /// Runs `klp-layout` from the package root, so paths in the output are the relative
  /// ones given and the goldens are the same on every machine.
  public static func run(_ arguments: [String]) throws -> CLIResult {
    try CLI.run(arguments, workingDirectory: Fixtures.packageRoot)
  }
}

/// Headless Chromium (Debian `chromium`, installed by `scripts/install-deps`), run once
/// per page: the DOM after scripts ran, a screenshot, and the network log.
public enum HeadlessBrowser {
  public static var executable: String? {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
      FileManager.default.isExecutableFile(atPath: $0)
    }
  }

  public struct Visit: Sendable {
    public var dom: String
    public var screenshot: URL
    /// Every http(s) URL in the network log, Chromium's own service hosts excepted.
    public var requests: [String]
    public var stderr: String
  }

  /// Hosts Chromium itself calls (updates, time, accounts) whatever the page: not the
  /// page's requests.
  static let browserHosts = ["google.com", "googleapis.com", "gvt1.com", "gstatic.com"]

  /// Opens `page` (an HTML file) with every host name unresolvable, within 90 seconds.
  public static func visit(_ page: URL, width: Int = 1400, height: Int = 1000) throws -> Visit {
    guard let chromium = executable else {
      throw BrowserError(message: "chromium is not installed")
    }
    let dir = page.deletingLastPathComponent()
    let stem = page.deletingPathExtension().lastPathComponent
    let screenshot = dir.appendingPathComponent(stem + ".png")
    let netlog = dir.appendingPathComponent(stem + ".netlog.json")
    let profile = dir.appendingPathComponent(stem + ".profile")
    var process = Subprocess(
      chromium,
      [
        "--headless", "--no-sandbox", "--disable-gpu",
        "--hide-scrollbars",
        "--host-resolver-rules=MAP * ~NOTFOUND", "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-default-apps", "--disable-extensions",
        "--user-data-dir=" + profile.path, "--log-net-log=" + netlog.path, "--dump-dom",
        "--screenshot=" + screenshot.path, "--window-size=\(width),\(height)", page.absoluteString,
      ])
    process.limits = (90, nil)
    let result = try process.run()
    try? FileManager.default.removeItem(at: profile)
    let log = (try? String(contentsOf: netlog, encoding: .utf8)) ?? ""
    var requests = Set<String>()
    var rest = Substring(log)
    while let r = rest.range(of: "\"url\":\"") {
      let url = rest[r.upperBound...].prefix { $0 != "\"" }
      rest = rest[r.upperBound...]
      guard
        url.hasPrefix("http:") || url.hasPrefix("https:") || url.hasPrefix("ws")
          || url.hasPrefix("ftp:")
      else { continue }
      let host = url.split(separator: "/").dropFirst().first.map(String.init) ?? ""
      if browserHosts.contains(where: { host == $0 || host.hasSuffix("." + $0) }) { continue }
      requests.insert(String(url))
    }
    return Visit(
      dom: result.output, screenshot: screenshot,
      requests: requests.sorted(),
      stderr: result.errors)
  }

  /// The number of distinct colours in a PNG (up to `cap`), decoded by Debian's python
  /// with zlib: a blank screenshot has one.
  public static func colours(inPNG url: URL, cap: Int = 64) throws -> Int {
    let script = """
      import struct, sys, zlib
      data = open(sys.argv[1], 'rb').read()
      assert data[:8] == b'\\x89PNG\\r\\n\\x1a\\n', 'not a PNG'
      pos, idat, width, height, ctype = 8, b'', 0, 0, 0
      while pos < len(data):
          n, kind = struct.unpack('>I4s', data[pos:pos + 8]); body = data[pos + 8:pos + 8 + n]; pos += 12 + n
          if kind == b'IHDR': width, height, depth, ctype = struct.unpack('>IIBB', body[:10])
          elif kind == b'IDAT': idat += body
      bpp = {2: 3, 6: 4, 0: 1, 4: 2}[ctype]
      raw = zlib.decompress(idat); stride = width * bpp; prev = bytearray(stride); seen = set(); i = 0
      for y in range(height):
          f = raw[i]; line = bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
          for x in range(stride):
              a = line[x - bpp] if x >= bpp else 0; b = prev[x]; c = prev[x - bpp] if x >= bpp else 0
              if f == 1: line[x] = (line[x] + a) & 255
              elif f == 2: line[x] = (line[x] + b) & 255
              elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
              elif f == 4:
                  p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                  line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
          prev = line
          if y % 4 == 0:
              for x in range(0, stride, bpp * 3): seen.add(bytes(line[x:x + bpp]))
          if len(seen) >= \(cap): break
      print(len(seen))
      """
    let result = try Subprocess("/usr/bin/python3", ["-c", script, url.path]).succeed()
    guard let n = Int(result.output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
      throw BrowserError(message: "cannot decode \(url.path)")
    }
    return n
  }

  public struct BrowserError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
    public init(message: String) { self.message = message }
  }
}
