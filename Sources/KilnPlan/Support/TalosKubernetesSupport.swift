/// Which Kubernetes versions each Talos release line supports, as data.
///
/// Source: the Talos support matrix (docs.siderolabs.com/talos/v1.13/getting-started/support-matrix
/// and the v1.12/v1.11 pages): each Talos minor supports six Kubernetes minors.
///   v1.11 → 1.29–1.34, v1.12 → 1.30–1.35, v1.13 → 1.31–1.36 (published).
///   v1.10 → 1.28–1.33 follows the same published window (v1.8 → 1.26–1.31, v1.7 → 1.25–1.30).
///   v1.14 is at release candidate: its matrix is not published yet, so kiln allows 1.32–1.36
///   (the released Kubernetes lines in its window) until it is.
/// kiln's config generation targets Talos v1.10 and newer, so older lines are not listed.
/// Adding a Talos release = adding one row.
public enum TalosKubernetesSupport {
    public struct Row: Sendable {
        public let talosMinor: Int
        public let kubernetesMinors: ClosedRange<Int>
    }

    public static let rows: [Row] = [
        Row(talosMinor: 10, kubernetesMinors: 28...33),
        Row(talosMinor: 11, kubernetesMinors: 29...34),
        Row(talosMinor: 12, kubernetesMinors: 30...35),
        Row(talosMinor: 13, kubernetesMinors: 31...36),
        Row(talosMinor: 14, kubernetesMinors: 32...36),
    ]

    /// The Kubernetes minors (of major 1) supported by this Talos version, nil if kiln does not know it.
    public static func kubernetesMinors(forTalos talos: SemanticVersion) -> ClosedRange<Int>? {
        guard talos.major == 1 else { return nil }
        return rows.first { $0.talosMinor == talos.minor }?.kubernetesMinors
    }

    public static func isSupported(talos: SemanticVersion, kubernetes: SemanticVersion) -> Bool {
        guard kubernetes.major == 1, let minors = kubernetesMinors(forTalos: talos) else { return false }
        return minors.contains(kubernetes.minor)
    }

    /// "v1.10 to v1.14", for messages.
    public static var supportedTalosLines: String {
        guard let first = rows.first, let last = rows.last else { return "none" }
        return "v1.\(first.talosMinor) to v1.\(last.talosMinor)"
    }
}
