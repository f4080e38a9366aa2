import Foundation
import KilnResources
import KilnTalos

/// `kiln apply --merge-kubeconfig`: the cluster's kubeconfig (written 0600 by
/// `talos_kubeconfig.cluster`) merged into the user's, which kiln otherwise never touches.
enum KubeconfigMerging {
    static func mergeClusterKubeconfig(of session: ClusterSession) throws {
        let files = ResourceCatalog.ClusterFiles(directory: session.access.paths.clusterDirectory)
        guard let incoming = FileManager.default.contents(atPath: files.kubeconfig) else {
            Console.current.err("kiln: no kubeconfig to merge yet: \(files.kubeconfig) is written once etcd is bootstrapped")
            return
        }
        let target = KubeconfigMerge.userKubeconfigPath()
        let existing = FileManager.default.contents(atPath: target).map { String(decoding: $0, as: UTF8.self) }
        let merged: String
        do {
            merged = try KubeconfigMerge.merge(String(decoding: incoming, as: UTF8.self), into: existing, existingPath: target)
        } catch {
            throw CLIError.cannotWrite(path: target, detail: "\(error)")
        }
        let directory = (target as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        try SecretFile.write(merged, to: target)
        Console.current.out("Merged the kubeconfig of \(session.plan.name) into \(target); its context is now current.")
    }
}
