import Foundation
@testable import KilnLab
import Testing

/// What a user sees when Proxmox refuses, or kiln cannot even ask.
@Suite("Proxmox errors through kiln")
struct ProviderErrorsThroughKilnTests {
    @Test func aTokenWithoutVMCloneGetsPVEsMessageAndTheFix() async throws {
        let privileges = ["VM.Audit", "VM.Allocate", "VM.Config.*", "VM.PowerMgmt", "Datastore.AllocateSpace", "Sys.Audit"]
        try await withProviderLab(ProviderLab.config(tokenPrivileges: privileges)) { lab in
            try lab.writePlan()
            let applied = await lab.apply()
            #expect(applied.status != 0)
            #expect(applied.combined.contains("Permission check failed"), "\(applied.combined)")
            #expect(applied.combined.contains("grant VM.Clone on /vms/9000"))
            #expect(await lab.vms().isEmpty)
        }
    }

    @Test func missingCredentialsAreNamedBeforeAnyRequest() async throws {
        try await withProviderLab { lab in
            try lab.writePlan()
            let planned = await lab.kiln("plan", lab.planPath, overriding: ["PROXMOX_VE_API_TOKEN": .none])
            #expect(planned.status == 1)
            #expect(planned.stderr.contains("error: PROXMOX_VE_API_TOKEN: no credentials"), "\(planned.stderr)")
            #expect(planned.stderr.contains("fix: set PROXMOX_VE_API_TOKEN=USER@REALM!TOKENID=SECRET"))
            #expect(await lab.requests().isEmpty)
            #expect(!FileManager.default.fileExists(atPath: lab.stateDirectory + "/t.json"))
        }
    }

    @Test func aMalformedTokenIsRefusedWithoutEchoingTheSecret() async throws {
        try await withProviderLab { lab in
            try lab.writePlan()
            let planned = await lab.kiln("plan", lab.planPath, overriding: ["PROXMOX_VE_API_TOKEN": "root@pam=s3cr3t-value"])
            #expect(planned.status == 1)
            #expect(planned.stderr.contains("PROXMOX_VE_API_TOKEN: is not of the form USER@REALM!TOKENID=SECRET"))
            #expect(!planned.combined.contains("s3cr3t-value"))
        }
    }

    @Test func aWrongPinIsACertificateErrorWithTheFix() async throws {
        try await withProviderLab { lab in
            try lab.writePlan()
            #expect(await lab.apply().status == 0)
            await lab.cluster.clearRequests()
            let wrong = String(repeating: "AB:", count: 31) + "AB"
            let planned = await lab.kiln("plan", lab.planPath, overriding: ["PROXMOX_VE_FINGERPRINT": wrong])
            #expect(planned.status == 1)
            #expect(planned.combined.contains("the certificate changed since it was pinned"), "\(planned.combined)")
            #expect(await lab.requests().isEmpty)
        }
    }
}
