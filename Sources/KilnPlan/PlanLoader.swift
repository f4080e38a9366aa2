import Foundation
import Yams

/// Entry point of the plan module: read plan files, decode them with locations, validate each,
/// then validate plans given together (meshes, shared addresses).
///
///     let report = PlanLoader.load("plans/lab.yaml")
///     guard let plan = report.plan else { print(report.diagnostics); return }
public enum PlanLoader {
    /// Loads and validates one plan file.
    public static func load(_ path: String) -> PlanReport {
        loadAll([path])[0]
    }

    /// Loads and validates several plan files, each alone and then together. Reports come back
    /// in the order of `paths`.
    public static func loadAll(_ paths: [String]) -> [PlanReport] {
        let staged = paths.map(stage)
        MeshRules.check(staged.compactMap(\.validation))
        return staged.map(\.report)
    }

    /// Decodes and validates plan text that is not read from disk (tests, editors).
    /// `file` is the name diagnostics print; `baseDirectory` resolves relative paths.
    public static func parse(_ text: String, file: String, baseDirectory: String) -> PlanReport {
        stage(text: text, file: file, baseDirectory: baseDirectory).report
    }

    /// One plan between decoding and the cross-plan checks.
    struct Staged {
        let decode: DecodeContext
        let validation: ValidationContext?

        var report: PlanReport {
            var diagnostics = decode.diagnostics
            if let validation { diagnostics += validation.diagnostics }
            let sorted = diagnostics.sortedForDisplay(primaryFile: decode.file)
            let plan = sorted.errorCount == 0 ? validation?.plan : nil
            return PlanReport(file: decode.file, plan: plan, diagnostics: sorted, sourceMap: decode.sourceMap)
        }
    }

    static func stage(_ path: String) -> Staged {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return unreadable(path, directory, "cannot read plan file `\(path)`: no such file",
                              fix: "check the path; example plans are in `plans/`")
        }
        if isDirectory.boolValue {
            return unreadable(path, directory, "`\(path)` is a directory, not a plan file", fix: "give the path of a `.yaml` plan")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return unreadable(path, directory, "cannot read plan file `\(path)`: permission denied", fix: "check the file's permissions")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return unreadable(path, directory, "plan file `\(path)` is not UTF-8 text", fix: "save it as UTF-8")
        }
        return stage(text: text, file: path, baseDirectory: directory)
    }

    private static func unreadable(_ path: String, _ directory: String, _ message: String, fix: String) -> Staged {
        let context = DecodeContext(file: path, baseDirectory: directory)
        context.diagnostics.append(Diagnostic(.error, at: .wholeFile(path), message, fix: fix))
        return Staged(decode: context, validation: nil)
    }

    static func stage(text: String, file: String, baseDirectory: String) -> Staged {
        let context = DecodeContext(file: file, baseDirectory: baseDirectory)
        guard let root = YAMLLoader.load(text, file: file, context: context),
              let plan = PlanDecoder(context: context).decode(root) else {
            return Staged(decode: context, validation: nil)
        }
        let validation = ValidationContext(plan: plan, sourceMap: context.sourceMap, usable: context.isUsable)
        PlanValidator.validate(validation)
        return Staged(decode: context, validation: validation)
    }
}
