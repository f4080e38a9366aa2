import Testing
import KilnTestSupport

@Test(.enabled(if: SharedReference.isAvailable, SharedReference.skipReason))
func sharedReferenceIsFound() {
    #expect(FileManager.default.fileExists(atPath: SharedReference.ref("talos-golden/secrets.yaml").path))
}
import Foundation
