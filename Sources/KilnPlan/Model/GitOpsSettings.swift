/// Flux handoff: where the cluster's GitOps repository lives and which keys to give Flux.
/// Key files are references only: validation checks their form, never reads them.
public struct GitOpsSettings: Sendable, Equatable {
    /// Flux version, normalised with a leading `v` (`v2.7.3`).
    public var flux: SemanticVersion
    public var repository: String
    public var branch: String
    public var path: String
    /// Path of the SSH deploy key (tilde not expanded); nil for public HTTPS repositories.
    public var deployKeyFile: String?
    public var sopsAgeKeyFile: String?
    /// Cluster variables for Flux `postBuild.substituteFrom`.
    public var variables: [String: String]
}
