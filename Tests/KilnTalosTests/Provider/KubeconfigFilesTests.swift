import Foundation
@testable import KilnTalos
import Testing
import Yams

/// What kiln does to the kubeconfig a node hands out, and how it merges one into the user's.
@Suite struct KubeconfigFilesTests {
    static let fromNode = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: lab
          cluster:
            server: https://127.0.10.11:6443
            certificate-authority-data: Q0E=
        users:
        - name: admin@lab
          user: {client-certificate-data: Q0VSVA==, client-key-data: S0VZ}
        contexts:
        - name: admin@lab
          context: {cluster: lab, user: admin@lab, namespace: default}
        current-context: admin@lab
        """

    @Test func theServerBecomesThePlansEndpointAndTheRestIsKept() throws {
        let text = try TalosProvider.pointing(kubeconfig: Data(Self.fromNode.utf8), at: "https://127.0.10.100:6443")
        let root = try #require(try Yams.load(yaml: text) as? [String: Any])
        let cluster = try #require((root["clusters"] as? [[String: Any]])?.first?["cluster"] as? [String: Any])
        #expect(cluster["server"] as? String == "https://127.0.10.100:6443")
        #expect(cluster["certificate-authority-data"] as? String == "Q0E=")
        #expect(root["current-context"] as? String == "admin@lab")
    }

    @Test func aKubeconfigWithoutClustersIsRefused() {
        #expect(throws: (any Error).self) {
            try TalosProvider.pointing(kubeconfig: Data("apiVersion: v1\nkind: Config\n".utf8), at: "https://x:6443")
        }
    }

    @Test func mergingReplacesTheClustersEntriesKeepsOthersAndSwitchesContext() throws {
        let existing = """
            apiVersion: v1
            kind: Config
            clusters:
            - {name: lab, cluster: {server: https://old:6443}}
            - {name: prod, cluster: {server: https://prod:6443}}
            users:
            - {name: admin@lab, user: {token: old}}
            - {name: prod-admin, user: {token: keep}}
            contexts:
            - {name: admin@lab, context: {cluster: lab, user: admin@lab}}
            - {name: prod, context: {cluster: prod, user: prod-admin}}
            current-context: prod
            """
        let merged = try KubeconfigMerge.merge(Self.fromNode, into: existing, existingPath: "/home/u/.kube/config")
        let root = try #require(try Yams.load(yaml: merged) as? [String: Any])
        let clusters = try #require(root["clusters"] as? [[String: Any]])
        #expect(clusters.compactMap { $0["name"] as? String }.sorted() == ["lab", "prod"])
        let lab = clusters.first { $0["name"] as? String == "lab" }?["cluster"] as? [String: Any]
        #expect(lab?["server"] as? String == "https://127.0.10.11:6443")
        let users = try #require(root["users"] as? [[String: Any]])
        #expect(users.count == 2)
        #expect(root["current-context"] as? String == "admin@lab")
    }

    @Test func mergingIntoNothingMakesAWholeKubeconfig() throws {
        let merged = try KubeconfigMerge.merge(Self.fromNode, into: nil, existingPath: "/home/u/.kube/config")
        let root = try #require(try Yams.load(yaml: merged) as? [String: Any])
        #expect(root["kind"] as? String == "Config")
        #expect((root["contexts"] as? [[String: Any]])?.count == 1)
    }

    @Test func anUnreadableUserKubeconfigIsNotOverwritten() {
        #expect(throws: KubeconfigMerge.Failure.self) {
            try KubeconfigMerge.merge(Self.fromNode, into: "- just\n- a list\n", existingPath: "/home/u/.kube/config")
        }
    }

    @Test func kubectlsOwnSearchOrderPicksTheFile() {
        #expect(KubeconfigMerge.userKubeconfigPath(environment: ["KUBECONFIG": "/a:/b", "HOME": "/h"]) == "/a")
        #expect(KubeconfigMerge.userKubeconfigPath(environment: ["HOME": "/h"]) == "/h/.kube/config")
    }
}
