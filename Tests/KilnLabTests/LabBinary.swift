import Foundation
import KilnTestSupport

/// Finds the built `kiln-lab` executable next to the test products, so tests run the real binary
/// exactly as users do. `KILN_LAB_BINARY` overrides the search.
enum LabBinary {
    struct NotFound: Error, CustomStringConvertible {
        let name: String
        let searched: [String]
        var description: String {
            "the \(name) binary was not found (build it with `swift build --build-tests`); looked in:\n  " + searched.joined(separator: "\n  ")
        }
    }

    /// The built `name` executable (`kiln-lab`).
    static func path(_ name: String = "kiln-lab") throws -> String {
        if let override = ProcessInfo.processInfo.environment["KILN_LAB_BINARY"], !override.isEmpty { return override }
        var directories: [URL] = []
        // The test runner lives in the build products directory (Linux: the .xctest executable;
        // macOS: inside the .xctest bundle), and `kiln-lab` is built beside it.
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
