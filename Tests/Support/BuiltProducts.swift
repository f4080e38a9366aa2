import Foundation

/// Finds an executable this package builds (`kiln`, `kiln-lab`, the test probes) next to the
/// test products, so tests run the real binary exactly as users do.
public enum BuiltProducts {
    public struct NotFound: Error, CustomStringConvertible {
        public let name: String
        public let searched: [String]
        public var description: String {
            "the \(name) binary was not found (build it with `swift build --build-tests`); looked in:\n  "
                + searched.joined(separator: "\n  ")
        }
    }

    /// The built `name` executable; a non-empty `overrideVariable` in the environment wins.
    public static func path(_ name: String, overrideVariable: String? = nil) throws -> String {
        if let overrideVariable, let path = ProcessInfo.processInfo.environment[overrideVariable], !path.isEmpty {
            return path
        }
        var directories: [URL] = []
        // The test runner lives in the build products directory (Linux: the .xctest executable;
        // macOS: inside the .xctest bundle), and the executables are built beside it.
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
