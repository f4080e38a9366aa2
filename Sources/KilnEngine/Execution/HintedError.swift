/// An error that can say what the user should do about it. Providers adopt it for errors
/// they understand ("the storage is full: free space on local-lvm"); the executor puts the
/// hint beside the error in its report, and falls back to a general one otherwise.
public protocol HintedError: Error {
    var hint: String { get }
}

enum DefaultHint {
    static func forFailure(of action: ResourceChange.Action, _ error: any Error) -> String {
        if let hinted = error as? any HintedError { return hinted.hint }
        return switch action {
        case .create, .update, .replace, .adopt:
            "fix the cause above, then run `kiln apply` again: what finished is recorded, and the next plan adopts what this step left behind"
        case .delete:
            "fix the cause above, then run `kiln apply` again; the record is kept until the delete succeeds"
        case .noOp, .read:
            "fix the cause above, then run `kiln apply` again"
        }
    }
}
