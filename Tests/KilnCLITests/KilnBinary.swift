import Foundation
import KilnTestSupport

/// Finds the built `kiln` executable next to the test products, so tests run the real binary
/// exactly as users do. `KILN_BINARY` overrides the search.
enum KilnBinary {
    struct NotFound: Error, CustomStringConvertible {
        let name: String
        let searched: [String]
        var description: String {
            "the \(name) binary was not found (build it with `swift build --build-tests`); looked in:\n  " + searched.joined(separator: "\n  ")
        }
    }

    /// The built `name` executable (`kiln`, or the test-only `kiln-probe`).
    static func path(_ name: String = "kiln") throws -> String {
        if name == "kiln", let override = ProcessInfo.processInfo.environment["KILN_BINARY"], !override.isEmpty { return override }
        var directories: [URL] = []
        // The test runner lives in the build products directory (Linux: the .xctest executable;
        // macOS: inside the .xctest bundle), and `kiln` is built beside it.
        for bundle in [Bundle.main] + Bundle.allBundles {
            var url = bundle.bundleURL
            for _ in 0..<4 {
                directories.append(url)
                url = url.deletingLastPathComponent()
            }
        }
        directories.append(SharedReference.packageRoot.appendingPathComponent(".build/debug"))
        var searched: [String] = []
        for directory in directories {
            let candidate = directory.appendingPathComponent(name).path
            searched.append(candidate)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
               FileManager.default.isExecutableFile(atPath: candidate) {
                return candidate
            }
        }
        throw NotFound(name: name, searched: searched)
    }
}
