import KilnEngine

/// The words progress lines use for each action, Terraform's where it has them.
struct ActionWords {
    /// "Creating"
    let doing: String
    /// "Creation complete"
    let done: String
    /// "Creation failed"
    let failed: String
    /// "creating", inside a sentence.
    let lowercased: String

    init(_ action: ResourceChange.Action, isGate: Bool = false) {
        if isGate {
            (doing, done, failed, lowercased) = ("Waiting", "Ready", "Wait failed", "waiting")
            return
        }
        switch action {
        case .create: (doing, done, failed, lowercased) = ("Creating", "Creation complete", "Creation failed", "creating")
        case .update: (doing, done, failed, lowercased) = ("Modifying", "Modifications complete", "Modification failed", "modifying")
        case .replace: (doing, done, failed, lowercased) = ("Replacing", "Replacement complete", "Replacement failed", "replacing")
        case .delete: (doing, done, failed, lowercased) = ("Destroying", "Destruction complete", "Destruction failed", "destroying")
        case .read: (doing, done, failed, lowercased) = ("Reading", "Read complete", "Read failed", "reading")
        case .adopt: (doing, done, failed, lowercased) = ("Adopting", "Adoption complete", "Adoption failed", "adopting")
        case .noOp: (doing, done, failed, lowercased) = ("Checking", "Check complete", "Check failed", "checking")
        }
    }
}
